"""The named Athena queries (``queries/athena/*.sql``) run over the local lake: each file's
``-- name:`` and ``-- description:`` header, its Athena (Trino) SQL transpiled to DuckDB by
sqlglot, and its answer.

The queries bound ``dt`` with one ``BETWEEN`` and ask the reader to change the range; the
runner does that change for the day the lake holds, in the syntax tree, before transpiling.
Nothing else is rewritten: the queries use only SQL that means the same in both engines
(``spark/tests/test_athena_queries.py`` checks it), e.g. ``sum(CASE WHEN … THEN 1 ELSE 0 END)``
rather than ``count_if``, which DuckDB answers with NULL where Athena answers 0.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import duckdb
import sqlglot
from sqlglot import exp

ATHENA_KEYS: Final = ("name", "description")
"""The header keys of an Athena named query (``queries/athena/*.sql``)."""

_KEY_LINE: Final = re.compile(r"([a-z][a-z0-9-]*):(?:[ \t]+(.*))?")
_INDENTED: Final = re.compile(r"(?: {2,}|\t)")


class QueryFileError(ValueError):
    """A query file the runner cannot use: a bad header, not Athena SQL, or no dt range."""


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


@dataclass(frozen=True)
class Parsed:
    """A query file's header fields and the query after the header."""

    fields: dict[str, str]
    query: str


def parse(file: str, text: str, keys: tuple[str, ...] = ATHENA_KEYS) -> Parsed:
    """The header and query of a query file, by the rules of
    ``components/analytics/queryFiles.ts`` (both are tested against
    ``queries/header_cases.json``). The header is the run of lines at the top that start with
    ``--``; after the ``--``, nothing separates fields, one space then ``key: value`` starts a
    field (one of ``keys``, once), and any other text (two spaces or a tab first to continue
    with a line that starts with ``word:``) continues the field above. A field's value is its
    pieces, trimmed, joined by single spaces. ``name`` (at most 128 characters) and
    ``description`` (at most 1024) are required, and so is a query."""
    lines = text.replace("\r\n", "\n").split("\n")
    parts: dict[str, list[str]] = {}
    current: list[str] | None = None
    i = 0
    while i < len(lines) and lines[i].startswith("--"):
        where = f"{file}: line {i + 1}"
        line = lines[i]
        rest = line[2:]
        i += 1
        if rest.strip() == "":
            current = None
            continue
        if not rest.startswith((" ", "\t")):
            got = json.dumps(line, ensure_ascii=False)
            raise QueryFileError(f'{where}: a header line is "--" then a space, got {got}')
        kv = None if _INDENTED.match(rest) else _KEY_LINE.fullmatch(rest[1:])
        if kv:
            key = kv.group(1)
            if key not in keys:
                raise QueryFileError(
                    f'{where}: unknown header key "{key}"; expected one of {", ".join(keys)}'
                    ' (indent a continuation line that starts with "word:" by two spaces)'
                )
            if key in parts:
                raise QueryFileError(f'{where}: header key "{key}" appears twice')
            current = [(kv.group(2) or "").strip()]
            parts[key] = current
        elif current is None:
            raise QueryFileError(f"{where}: continuation line follows no header key")
        else:
            current.append(rest.strip())
    fields = {key: " ".join(v for v in values if v) for key, values in parts.items()}
    query = "\n".join(lines[i:]).strip()
    name, description = fields.get("name", ""), fields.get("description", "")
    if not name:
        raise QueryFileError(f'{file}: the header has no "-- name: …" line')
    if not description:
        raise QueryFileError(f'{file}: the header has no "-- description: …" line')
    if len(name) > 128:
        raise QueryFileError(f"{file}: name is {len(name)} characters; at most 128")
    if len(description) > 1024:
        raise QueryFileError(f"{file}: description is {len(description)} characters; at most 1024")
    if not query:
        raise QueryFileError(f"{file}: no query after the header")
    return Parsed(fields, query)


def read(path: Path) -> NamedQuery:
    """An Athena named query file: its ``-- name:`` and ``-- description:`` header (see
    :func:`parse`), then the SQL."""
    parsed = parse(str(path), path.read_text(encoding="utf-8"))
    return NamedQuery(path, parsed.fields["name"], parsed.fields["description"], parsed.query)


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
