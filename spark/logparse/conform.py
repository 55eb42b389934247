"""Shape a parser's working DataFrame into the contract: the dataset's schema columns, in
order and with the schema's types, then the bookkeeping columns.

Parsers build their columns under the schema's names and call :func:`conform` last, so the
"reject and skip rows carry nulls in data columns" rule and the type casts live in one place.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from logparse.model import BOOKKEEPING, OK, RAW, REASON, SOURCE_FILE, STATUS
from logparse.schema import DatasetSchema, load_schema
from logparse.sources._text import sql_str


def conform(
    df: DataFrame,
    dataset: str,
    keep_on_reject: Iterable[str] = (),
    schema: DatasetSchema | None = None,
) -> DataFrame:
    """Select the dataset's columns (data, partition keys) then ``_status, _reason, _raw``.

    ``source`` is set to the dataset name here. On reject/skip rows every column is nulled
    except ``source``, ``source_file``, the partition keys and ``keep_on_reject`` (values
    that come from the object key and are therefore known even when the body is not).
    ``schema`` is the dataset's (default: ``load_schema(dataset)``).
    """
    schema = schema or load_schema(dataset)
    keep = {"source", SOURCE_FILE, *(k.name for k in schema.partition_keys), *keep_on_reject}
    missing = [
        c.name for c in schema.all_columns if c.name != "source" and c.name not in df.columns
    ]
    missing += [b for b in BOOKKEEPING if b not in df.columns]
    if missing:
        raise ValueError(f"parser output for {dataset!r} lacks columns {missing}")
    is_ok = f"`{STATUS}` = {sql_str(OK)}"
    cols: list[str] = []
    for c in schema.all_columns:
        # Guarded by a condition that always holds so the column is nullable like every
        # schema column (a bare literal would be NOT NULL and the schemas would differ).
        if c.name == "source":
            value = f"CASE WHEN `{STATUS}` IS NOT NULL THEN {sql_str(dataset)} END"
        elif c.name in keep:
            value = f"`{c.name}`"
        else:
            value = f"CASE WHEN {is_ok} THEN `{c.name}` END"
        cols.append(f"CAST({value} AS {c.type}) AS `{c.name}`")
    # One selectExpr: a Column per field would cost a Py4J lookup each (see sources/_text.py).
    return df.selectExpr(*cols, STATUS, REASON, RAW)


def key_segment_after(path: Column, marker: str, offset: int = 1) -> Column:
    """The path segment ``offset`` places after the first segment equal to ``marker``
    (negative offsets look before it); null when the marker is absent."""
    parts = F.split(path, "/")
    pos = F.array_position(parts, marker)
    return F.when(pos > 0, F.element_at(parts, (pos + F.lit(offset)).cast("int")))


def status_reason(cases: list[tuple[Column, str, str]]) -> tuple[Column, Column]:
    """``(status, reason)`` columns from ordered ``(condition, status, reason)`` cases; rows
    matching none are ``ok`` with a null reason. The first matching case wins."""
    status: Column | None = None
    reason: Column | None = None
    for cond, st, rs in cases:
        status = F.when(cond, F.lit(st)) if status is None else status.when(cond, F.lit(st))
        reason = F.when(cond, F.lit(rs)) if reason is None else reason.when(cond, F.lit(rs))
    if status is None or reason is None:
        return F.lit(OK), F.lit(None).cast("string")
    return status.otherwise(F.lit(OK)), reason.otherwise(F.lit(None).cast("string"))


def parse_time(text: Column, shape: str, pattern: str) -> Column:
    """``to_timestamp(text, pattern)`` where ``text`` matches the regex ``shape``, else null.

    Spark 3's datetime parser raises (``SparkUpgradeException``) instead of returning null
    when it fails on a text the pre-3.0 parser would have accepted, such as a valid time
    followed by garbage; that would fail the job on one bad record. A text of the pattern's
    exact shape is one both parsers accept or both refuse."""
    return F.when(text.rlike(shape), F.to_timestamp(text, pattern))


def date_partition(ts: Column) -> Column:
    """``dt`` as the UTC date of ``ts`` (the job and tests run with session time zone UTC)."""
    return F.date_format(ts, "yyyy-MM-dd")


def is_blank(column: str) -> Column:
    """``column`` is empty or only spaces, tabs and line breaks. ``TRIM(BOTH … FROM …)`` stops
    at the first other character, so a large non-blank text costs nothing."""
    return F.expr(f"trim(BOTH ' \\t\\r\\n' FROM `{column}`) = ''")
