"""The Python-UDF baseline for file formats: one plain UDF call per file (the unit our reader
hands to ``parse``) that parses the whole text in Python and returns one struct per record,
as ``array<struct>``; Spark explodes it into rows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import (
    ArrayType,
    DataType,
    StringType,
    StructField,
    StructType,
    TimestampType,
)

from logparse.model import SOURCE_FILE, VALUE

Row = tuple[Any, ...]


def struct(*fields: str | tuple[str, DataType]) -> StructType:
    """A struct of ``fields``; a bare name is a string field."""
    return StructType(
        [StructField(f, StringType()) if isinstance(f, str) else StructField(*f) for f in fields]
    )


def record_schema(*fields: str | tuple[str, DataType]) -> StructType:
    """A baseline's record: ``event_time`` first, then ``fields`` (see :func:`struct`)."""
    return struct(("event_time", TimestampType()), *fields)


@dataclass(frozen=True)
class FileUdf:
    """One dataset's baseline: ``parse(text, key)`` returns the file's records as tuples of
    ``schema``, whose first field is ``event_time`` (``None`` when the record's time did
    not parse); ``selects`` keeps the files of that dataset by their key (all when ``None``)."""

    parse: Callable[[str, str], list[Row]]
    schema: StructType
    selects: Callable[[Column], Column] | None = None

    def frame(self, raw: DataFrame) -> DataFrame:
        files = raw if self.selects is None else raw.where(self.selects(F.col(SOURCE_FILE)))
        records: Column = F.udf(self.parse, ArrayType(self.schema))(  # type: ignore[assignment]
            F.col(VALUE), F.col(SOURCE_FILE)
        )
        return files.select(F.explode(records).alias("r"), SOURCE_FILE).select("r.*", SOURCE_FILE)


def parsed_records(frames: list[DataFrame]) -> int:
    """Records the UDFs parsed: rows with an ``event_time``."""
    return sum(df.where(F.col("event_time").isNotNull()).count() for df in frames)
