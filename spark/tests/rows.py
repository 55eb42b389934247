"""Helpers to build parser input and compare whole output rows."""

from __future__ import annotations

from typing import Any

from pyspark.sql import DataFrame, SparkSession

from logparse.model import RAW, REASON, SOURCE_FILE, STATUS, VALUE
from logparse.schema import load_schema


def raw_frame(spark: SparkSession, items: list[tuple[str, str]]) -> DataFrame:
    """Parser input: ``(source_file, value)`` pairs."""
    return spark.createDataFrame(items, f"{SOURCE_FILE} string, {VALUE} string").select(
        VALUE, SOURCE_FILE
    )


def bytes_frame(spark: SparkSession, items: list[tuple[str, bytes]]) -> DataFrame:
    """Parser input from ``(source_file, bytes)`` pairs: the bytes reach the parser as they
    are, as Spark's text reader passes them on, valid UTF-8 or not."""
    return spark.createDataFrame(
        [(f, bytearray(b)) for f, b in items], f"{SOURCE_FILE} string, b binary"
    ).selectExpr(f"CAST(b AS STRING) AS {VALUE}", SOURCE_FILE)


def row(
    dataset: str,
    status: str = "ok",
    reason: str | None = None,
    raw: str | None = None,
    **values: Any,
) -> dict[str, Any]:
    """A whole expected output row: every schema column (null unless given), ``source`` set
    to the dataset, then the bookkeeping columns."""
    names = [c.name for c in load_schema(dataset).all_columns]
    unknown = set(values) - set(names)
    if unknown:
        raise AssertionError(f"{dataset} has no columns {sorted(unknown)}")
    out: dict[str, Any] = {n: values.get(n) for n in names}
    out["source"] = dataset
    out[STATUS] = status
    out[REASON] = reason
    out[RAW] = raw
    return out


def collect(df: DataFrame, order_by: list[str] | None = None) -> list[dict[str, Any]]:
    rows = df.collect()
    dicts = [r.asDict(recursive=True) for r in rows]
    if order_by:
        dicts.sort(key=lambda d: tuple("" if d[k] is None else str(d[k]) for k in order_by))
    return dicts
