"""The named Athena queries (``queries/athena/*.sql``) run over the local lake: each file's
``-- name:`` and ``-- description:`` header, its Athena (Trino) SQL transpiled to DuckDB by
sqlglot, and its answer.

The queries bound ``dt`` with one ``BETWEEN`` and ask the reader to change the range; the
runner does that change for the day the lake holds, in the syntax tree, before transpiling.

One semantic gap of the transpilation is closed in the tree too: Trino's ``count_if`` counts
true values and is 0 when there are none, while DuckDB's returns NULL when every value of the
condition is NULL (e.g. ``count_if(target_status_code >= 500)`` over requests that never
reached a target). The condition is wrapped in ``coalesce(…, false)``, which means the same
in Trino.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import sqlglot
from sqlglot import exp

_HEADER = re.compile(r"^(name|description):\s*(.*)$")


class QueryFileError(ValueError):
    """A query file the runner cannot use: no header, not Athena SQL, or no dt range."""


@dataclass(frozen=True)
class NamedQuery:
    path: Path
    name: str
    description: str
    sql: str
    """The Athena SQL after the header."""


@dataclass(frozen=True)
class Answer:
    query: NamedQuery
    duckdb_sql: str
    columns: list[str]
    rows: list[tuple[Any, ...]]


def read(path: Path) -> NamedQuery:
    """A query file: ``-- name: …`` and ``-- description: …`` header lines (any other
    ``--`` line continues the value above it, even one that starts like ``key: …``), then
    the SQL."""
    fields: dict[str, str] = {}
    last = None
    lines = path.read_text(encoding="utf-8").splitlines()
    body_start = len(lines)
    for i, line in enumerate(lines):
        if not line.startswith("--"):
            body_start = i
            break
        text = line[2:].strip()
        match = _HEADER.match(text)
        if match:
            last = match.group(1)
            fields[last] = match.group(2)
        elif text and last:
            fields[last] += " " + text
    sql = "\n".join(lines[body_start:]).strip()
    missing = [k for k in ("name", "description") if not fields.get(k)]
    if missing or not sql:
        what = f"no {' or '.join(missing)} header line" if missing else "no SQL after the header"
        raise QueryFileError(
            f"{path}: {what}; expected '-- name: …', '-- description: …' and then the query"
        )
    return NamedQuery(path, fields["name"], fields["description"], sql)


def load(directory: Path) -> list[NamedQuery]:
    """Every ``*.sql`` of ``directory``, by file name."""
    paths = sorted(directory.glob("*.sql"))
    if not paths:
        raise QueryFileError(f"{directory}: no *.sql named queries found")
    return [read(p) for p in paths]


def _dt_ranges(tree: exp.Expression) -> list[exp.Between]:
    return [
        b
        for b in tree.find_all(exp.Between)
        if isinstance(b.this, exp.Column) and b.this.name == "dt" and not b.this.table
    ]


def to_duckdb(query: NamedQuery, days: tuple[str, str] | None = None) -> str:
    """The query as DuckDB SQL; with ``days`` (first, last ``YYYY-MM-DD``), its ``dt BETWEEN``
    range replaced by that range."""
    try:
        tree = sqlglot.parse_one(query.sql, read="athena")
    except sqlglot.errors.ParseError as e:
        raise QueryFileError(f"{query.path}: not Athena SQL: {e}") from e
    if days is not None:
        ranges = _dt_ranges(tree)
        if len(ranges) != 1:
            raise QueryFileError(
                f"{query.path}: bounds dt with {len(ranges)} BETWEEN ranges; the runner sets"
                " the day range through exactly one 'dt BETWEEN <first> AND <last>'"
            )
        ranges[0].set("low", exp.Literal.string(days[0]))
        ranges[0].set("high", exp.Literal.string(days[1]))
    for count_if in tree.find_all(exp.CountIf):
        condition = count_if.this
        count_if.set("this", exp.Coalesce(this=condition.copy(), expressions=[exp.false()]))
    return tree.sql(dialect="duckdb", pretty=True)


def run(
    con: duckdb.DuckDBPyConnection, query: NamedQuery, days: tuple[str, str] | None = None
) -> Answer:
    duck_sql = to_duckdb(query, days)
    try:
        cursor = con.execute(duck_sql)
    except duckdb.Error as e:
        raise QueryFileError(f"{query.path}: DuckDB refused the transpiled query: {e}") from e
    columns = [d[0] for d in cursor.description or []]
    return Answer(query, duck_sql, columns, cursor.fetchall())
