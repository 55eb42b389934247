"""The local Parquet lake as DuckDB sees it: one view per dataset, named as its Glue table
(the dataset name of ``schemas/<dataset>.json``), with the schema's columns and types.

Partition keys come from the Hive-style directories (``dt=…/account_id=…``) and are typed
from the schema, not guessed (an account id must stay a string). A dataset the lake has no
files for is still a view, empty, so every query can run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import duckdb

from logparse.formats import declared_names, schema_doc_of
from logparse.schema import schemas_dir

_SCALARS = {
    "string": "VARCHAR",
    "int": "INTEGER",
    "integer": "INTEGER",
    "bigint": "BIGINT",
    "smallint": "SMALLINT",
    "tinyint": "TINYINT",
    "double": "DOUBLE",
    "float": "FLOAT",
    "boolean": "BOOLEAN",
    "timestamp": "TIMESTAMP",
    "date": "DATE",
}


class LakeError(ValueError):
    """A schema file or type the lake cannot map to DuckDB."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str


@dataclass(frozen=True)
class Table:
    """A dataset's Glue table as its schema file describes it (read without Spark, which
    :mod:`logparse.schema` needs for its type checks)."""

    dataset: str
    columns: tuple[Column, ...]
    partition_keys: tuple[Column, ...]

    @property
    def all_columns(self) -> tuple[Column, ...]:
        return self.columns + self.partition_keys


def table(dataset: str) -> Table:
    """The dataset's table, from ``schemas/<dataset>.json`` or a format declared in
    ``formats/``."""
    path = schemas_dir() / f"{dataset}.json"
    try:
        if path.is_file():
            doc = json.loads(path.read_text(encoding="utf-8"))
        else:
            declared = schema_doc_of(dataset)
            if declared is None:
                raise FileNotFoundError(f"{path} does not exist and formats/ declares no {dataset}")
            doc = declared
        return Table(
            doc["dataset"],
            tuple(Column(c["name"], c["type"]) for c in doc["columns"]),
            tuple(Column(c["name"], c["type"]) for c in doc["partition_keys"]),
        )
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise LakeError(
            f"{path}: not a dataset schema (dataset, columns and partition_keys with name and"
            f" type): {e!r}"
        ) from e


def _top_level(inner: str) -> list[str]:
    """``inner`` split at the commas not nested in ``<>``."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(inner):
        depth += {"<": 1, ">": -1}.get(ch, 0)
        if ch == "," and depth == 0:
            parts.append(inner[start:i])
            start = i + 1
    parts.append(inner[start:])
    return [p.strip() for p in parts]


def duck_type(hive: str) -> str:
    """The DuckDB type of a Hive/Glue DDL type: scalars, ``array<t>``, ``map<k,v>`` and
    ``struct<name:t,…>`` to any depth."""
    text = hive.strip()
    lower = text.lower()
    if lower.startswith("array<") and text.endswith(">"):
        return f"{duck_type(text[6:-1])}[]"
    if lower.startswith("map<") and text.endswith(">"):
        key, value = _top_level(text[4:-1])
        return f"MAP({duck_type(key)}, {duck_type(value)})"
    if lower.startswith("struct<") and text.endswith(">"):
        fields = []
        for part in _top_level(text[7:-1]):
            name, sep, type_ = part.partition(":")
            if not sep:
                raise LakeError(f"struct field {part!r} in type {hive!r} has no ':<type>'")
            fields.append(f'"{name.strip()}" {duck_type(type_)}')
        return f"STRUCT({', '.join(fields)})"
    if lower.startswith("decimal"):
        return lower.upper()
    if lower in _SCALARS:
        return _SCALARS[lower]
    raise LakeError(f"schema type {hive!r} has no DuckDB equivalent in the demo's lake views")


def datasets() -> list[str]:
    """Every dataset (Glue table): those with a schema file and the declared formats."""
    return sorted({p.stem for p in schemas_dir().glob("*.json")} | set(declared_names()))


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def view_sql(schema: Table, lake: Path) -> str:
    """``CREATE VIEW`` for one dataset over its Parquet files, or empty without files."""
    columns = ", ".join(f'"{c.name}"' for c in schema.all_columns)
    folder = lake / schema.dataset
    if not any(folder.glob("**/*.parquet")):
        typed = ", ".join(
            f'CAST(NULL AS {duck_type(c.type)}) AS "{c.name}"' for c in schema.all_columns
        )
        return f'CREATE OR REPLACE VIEW "{schema.dataset}" AS SELECT {typed} WHERE false'
    hive_types = ", ".join(
        f"{_literal(k.name)}: {_literal(duck_type(k.type))}" for k in schema.partition_keys
    )
    source = (
        f"read_parquet({_literal(str(folder / '**' / '*.parquet'))}, hive_partitioning = true,"
        f" hive_types = {{{hive_types}}}, union_by_name = true)"
    )
    return f'CREATE OR REPLACE VIEW "{schema.dataset}" AS SELECT {columns} FROM {source}'


def connect(lake: Path) -> tuple[duckdb.DuckDBPyConnection, dict[str, int]]:
    """An in-memory DuckDB with a view per dataset over ``lake``; also the number of Parquet
    files behind each view."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    files = {}
    for dataset in datasets():
        con.execute(view_sql(table(dataset), lake))
        files[dataset] = sum(1 for _ in (lake / dataset).glob("**/*.parquet"))
    return con, files
