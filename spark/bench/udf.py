"""The baseline most blog posts show: a Python UDF that matches one regex per line (or splits
on spaces) and converts the fields in Python. Used only to measure what our parsers save."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Any

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F
from pyspark.sql.types import (
    DoubleType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
    TimestampType,
)

from bench.convert import dash_null as _n
from bench.convert import epoch_time as _epoch
from bench.convert import iso_time as _iso
from bench.convert import to_int as _int

_U = r"([^ ]*)"
_Q = r'"([^"]*)"'


def _pattern(spec: str) -> re.Pattern[str]:
    """A regex of space-separated unquoted (u) and quoted (q) fields, extra fields allowed."""
    return re.compile(" ".join(_U if c == "u" else _Q for c in spec) + r"(?: .*)?$")


_ALB = _pattern("u" * 12 + "qq" + "uuu" + "qqq" + "uu" + "qqq" + "qqqq" + "u")
_S3 = re.compile(
    r"([^ ]*) ([^ ]*) \[([^\]]*)\] ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) "
    r'"([^"]*)" ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) ([^ ]*) "([^"]*)" "([^"]*)" ?(.*)$'
)


def _float(v: str) -> float | None:
    try:
        f = float(v)
    except ValueError:
        return None
    return None if f == -1 else f


_ALB_SCHEMA = StructType(
    [
        StructField("event_time", TimestampType()),
        StructField("client", StringType()),
        StructField("target", StringType()),
        StructField("request_processing_time", DoubleType()),
        StructField("target_processing_time", DoubleType()),
        StructField("response_processing_time", DoubleType()),
        StructField("elb_status_code", IntegerType()),
        StructField("target_status_code", IntegerType()),
        StructField("received_bytes", LongType()),
        StructField("sent_bytes", LongType()),
        StructField("request", StringType()),
        StructField("user_agent", StringType()),
        StructField("target_group_arn", StringType()),
        StructField("trace_id", StringType()),
        StructField("domain_name", StringType()),
        StructField("actions_executed", StringType()),
        StructField("classification", StringType()),
        StructField("conn_trace_id", StringType()),
    ]
)


def _alb(line: str) -> tuple[Any, ...] | None:
    m = _ALB.match(line)
    if not m:
        return None
    g = m.groups()
    return (
        _iso(g[1]), g[3], _n(g[4]), _float(g[5]), _float(g[6]), _float(g[7]), _int(g[8]),
        _int(g[9]), _int(g[10]), _int(g[11]), g[12], _n(g[13]), _n(g[16]), g[17], _n(g[18]),
        g[22], _n(g[27]), _n(g[29]),
    )  # fmt: skip


_VPC_SCHEMA = StructType(
    [StructField(n, t) for n, t in [
        ("version", IntegerType()), ("account_id", StringType()), ("interface_id", StringType()),
        ("srcaddr", StringType()), ("dstaddr", StringType()), ("srcport", IntegerType()),
        ("dstport", IntegerType()), ("protocol", IntegerType()), ("packets", LongType()),
        ("bytes", LongType()), ("start", TimestampType()), ("end", TimestampType()),
        ("action", StringType()), ("log_status", StringType()),
    ]]
)  # fmt: skip


def _vpc(line: str) -> tuple[Any, ...] | None:
    f = line.split(" ")
    if len(f) != 14 or f[0] == "version":
        return None
    return (
        _int(f[0]), f[1], f[2], _n(f[3]), _n(f[4]), _int(f[5]), _int(f[6]), _int(f[7]),
        _int(f[8]), _int(f[9]), _epoch(f[10]), _epoch(f[11]), _n(f[12]), f[13],
    )  # fmt: skip


_S3_SCHEMA = StructType(
    [StructField(n, t) for n, t in [
        ("bucket_owner", StringType()), ("bucket", StringType()), ("event_time", TimestampType()),
        ("remote_ip", StringType()), ("requester", StringType()), ("request_id", StringType()),
        ("operation", StringType()), ("key", StringType()), ("request_uri", StringType()),
        ("http_status", IntegerType()), ("error_code", StringType()), ("bytes_sent", LongType()),
        ("object_size", LongType()), ("total_time", LongType()), ("turnaround_time", LongType()),
        ("referrer", StringType()), ("user_agent", StringType()), ("rest", StringType()),
    ]]
)  # fmt: skip


def _s3(line: str) -> tuple[Any, ...] | None:
    m = _S3.match(line)
    if not m:
        return None
    g = m.groups()
    try:
        t = datetime.datetime.strptime(g[2], "%d/%b/%Y:%H:%M:%S %z")
    except ValueError:
        t = None
    return (
        g[0], g[1], t, _n(g[3]), _n(g[4]), g[5], g[6], _n(g[7]), g[8], _int(g[9]), _n(g[10]),
        _int(g[11]), _int(g[12]), _int(g[13]), _int(g[14]), _n(g[15]), _n(g[16]), g[17],
    )  # fmt: skip


UDFS: dict[str, tuple[Callable[[str], Any], StructType]] = {
    "alb": (_alb, _ALB_SCHEMA),
    "vpcflow": (_vpc, _VPC_SCHEMA),
    "s3access": (_s3, _S3_SCHEMA),
}


def _parsed(source: str, raw: DataFrame) -> DataFrame:
    fn, schema = UDFS[source]
    parsed: Column = F.udf(fn, schema)(F.col("value"))  # type: ignore[assignment]
    return raw.select(parsed.alias("r"), "source_file")


def parse_with_udf(source: str, raw: DataFrame) -> DataFrame:
    return _parsed(source, raw).select("r.*", "source_file")


def udf_rows_parsed(source: str, raw: DataFrame) -> int:
    """Lines the UDF returned a row for (its regex or split matched)."""
    return _parsed(source, raw).where(F.col("r").isNotNull()).count()
