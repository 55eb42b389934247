"""Dataset schemas from ``schemas/<dataset>.json``: the single source of truth shared with
the Glue tables Pulumi builds. Types are Hive/Glue DDL strings, which Spark parses too."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from pyspark.sql.types import (
    DataType,
    StructField,
    StructType,
    _parse_datatype_json_string,
    _parse_datatype_string,
)

_REPO_SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
_PACKAGED_SCHEMAS = Path(__file__).resolve().parent / "schemas"

PROJECTABLE_KEYS = ("dt", "account_id", "region")
"""The partition keys Athena's projection can enumerate (a date range, the organization's
accounts, the governed Regions); Pulumi's Glue tables refuse any other key."""


class SchemaError(ValueError):
    """A schema file that is missing or does not describe a dataset correctly."""


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class DatasetSchema:
    dataset: str
    description: str
    columns: tuple[Column, ...]
    partition_keys: tuple[Column, ...]

    @property
    def all_columns(self) -> tuple[Column, ...]:
        """Data columns followed by partition keys: the order of the DataFrame written."""
        return self.columns + self.partition_keys

    @property
    def struct(self) -> StructType:
        return StructType(
            [StructField(c.name, spark_type(c.type), nullable=True) for c in self.all_columns]
        )


def schemas_dir() -> Path:
    """``$LOGPARSE_SCHEMAS``, else the repository's ``schemas/``, else the packaged copy."""
    override = os.environ.get("LOGPARSE_SCHEMAS")
    if override:
        return Path(override)
    return _REPO_SCHEMAS if _REPO_SCHEMAS.is_dir() else _PACKAGED_SCHEMAS


def spark_type(ddl: str) -> DataType:
    """The Spark type of a DDL type string; a new object each call, parsed by the JVM once."""
    return _parse_datatype_json_string(_type_json(ddl))


@cache
def _type_json(ddl: str) -> str:
    # pyspark parses DDL in the JVM, trying it as a schema first: two py4j round trips and a
    # Java exception per column, about 0.2 s of driver CPU for a 40-column schema, on every
    # read. A schema's types are few and fixed, so each is parsed once per process.
    try:
        return _parse_datatype_string(ddl).json()
    except Exception as e:  # pyspark raises several exception types here
        raise SchemaError(f"type {ddl!r} is not a Hive/Spark DDL type: {e}") from e


def _column(dataset: str, raw: object, where: str) -> Column:
    if not isinstance(raw, dict) or not {"name", "type"} <= raw.keys():
        raise SchemaError(f"schemas/{dataset}.json: {where} entry {raw!r} needs name and type")
    return Column(str(raw["name"]), str(raw["type"]), str(raw.get("description", "")))


def schema_document(dataset: str) -> tuple[str, dict[str, Any]]:
    """Where the schema of ``dataset`` comes from and its document: ``schemas/<dataset>.json``,
    or, for a format declared in ``formats/`` (:mod:`logparse.formats`), the schema its
    declaration implies."""
    path = schemas_dir() / f"{dataset}.json"
    try:
        return str(path), json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as e:
        from logparse.formats import find, schema_doc

        declared = find(dataset)
        if declared is not None:
            return declared.file, schema_doc(declared)
        raise SchemaError(f"no schema for dataset {dataset!r}: {path} does not exist") from e
    except json.JSONDecodeError as e:
        raise SchemaError(f"{path} is not valid JSON: {e}") from e


@cache
def load_schema(dataset: str) -> DatasetSchema:
    path, doc = schema_document(dataset)
    return parse_schema(path, dataset, doc)


def parse_schema(path: str, dataset: str, doc: dict[str, Any]) -> DatasetSchema:
    """The schema in ``doc`` (read from ``path``, which errors name) of ``dataset``."""
    if doc.get("dataset") != dataset:
        raise SchemaError(f"{path}: 'dataset' is {doc.get('dataset')!r}, expected {dataset!r}")
    columns = tuple(_column(dataset, c, "columns") for c in doc.get("columns", []))
    keys = tuple(_column(dataset, c, "partition_keys") for c in doc.get("partition_keys", []))
    if not keys or keys[0].name != "dt":
        raise SchemaError(f"{path}: partition_keys must start with dt")
    other = [k.name for k in keys if k.name not in PROJECTABLE_KEYS]
    if other:
        raise SchemaError(
            f"{path}: partition key(s) {other} are not among {list(PROJECTABLE_KEYS)}; "
            "make them columns (Athena cannot project open-ended keys)"
        )
    names = [c.name for c in columns + keys]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise SchemaError(f"{path}: duplicate column names {dupes}")
    for c in columns + keys:
        spark_type(c.type)
    return DatasetSchema(dataset, str(doc.get("description", "")), columns, keys)
