"""Redshift audit logs the way a blog post parses them, one UDF per log type over the files of
that type: connection and user logs split into lines and on ``|`` with each value stripped
and converted; the activity log split at record starts with a regex, each record's header
matched by another. The same columns as ours, typed the same."""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from typing import Final

from pyspark.sql import Column
from pyspark.sql.types import (
    BooleanType,
    DataType,
    IntegerType,
    LongType,
    StringType,
    StructType,
)

from bench.convert import key_segment, to_int
from bench.file_udf import FileUdf, Row, record_schema

_CONNECTION: Final[tuple[tuple[str, DataType], ...]] = (
    ("event", StringType()),
    ("recordtime", StringType()),
    ("remotehost", StringType()),
    ("remoteport", IntegerType()),
    ("pid", IntegerType()),
    ("dbname", StringType()),
    ("username", StringType()),
    ("authmethod", StringType()),
    ("duration", LongType()),
    ("sslversion", StringType()),
    ("sslcipher", StringType()),
    ("mtu", IntegerType()),
    ("sslcompression", StringType()),
    ("sslexpansion", StringType()),
    ("iamauthguid", StringType()),
    ("application_name", StringType()),
    ("os_version", StringType()),
    ("driver_version", StringType()),
    ("plugin_name", StringType()),
    ("protocol_version", StringType()),
    ("sessionid", StringType()),
    ("compression", StringType()),
)
_USER: Final[tuple[tuple[str, DataType], ...]] = (
    ("userid", IntegerType()),
    ("username", StringType()),
    ("oldusername", StringType()),
    ("action", StringType()),
    ("usecreatedb", BooleanType()),
    ("usesuper", BooleanType()),
    ("usecatupd", BooleanType()),
    ("valuntil", StringType()),
    ("pid", IntegerType()),
    ("xid", LongType()),
    ("recordtime", StringType()),
)
_ACTIVITY: Final[tuple[tuple[str, DataType], ...]] = (
    ("dbname", StringType()),
    ("username", StringType()),
    ("pid", IntegerType()),
    ("userid", IntegerType()),
    ("xid", LongType()),
    ("query", StringType()),
)
_KEY: Final = (("cluster_id", StringType()), ("account_id", StringType()), ("region", StringType()))

_RECORD_START: Final = re.compile(r"\n(?='\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ UTC \[)")
_ACTIVITY_HEADER: Final = re.compile(
    r"'(\S+) UTC \[ db=(\S*) user=(\S*) pid=(\d+) userid=(\d+) xid=(\d+) \]' LOG: (.*)", re.S
)


def _schema(fields: tuple[tuple[str, DataType], ...]) -> StructType:
    return record_schema(*fields, *_KEY)


def _key(key: str) -> tuple[str | None, str | None, str | None]:
    name = key.rsplit("/", 1)[-1].split("_")
    return (
        name[3] if len(name) > 3 else None,
        key_segment(key, "AWSLogs"),
        key_segment(key, "redshift"),
    )


def _record_time(v: str | None) -> datetime.datetime | None:
    if v is None:
        return None
    try:
        return datetime.datetime.strptime(v, "%a, %d %b %Y %H:%M:%S:%f")
    except ValueError:
        return None


def _typed(value: str | None, kind: DataType) -> object:
    if value is None or isinstance(kind, StringType):
        return value
    if isinstance(kind, BooleanType):
        return value in ("1", "t", "true")
    return to_int(value)


def _delimited(
    fields: tuple[tuple[str, DataType], ...], min_fields: int, header: str
) -> Callable[[str, str], list[Row]]:
    at_time = [n for n, _ in fields].index("recordtime")

    def parse(text: str, key: str) -> list[Row]:
        where = _key(key)
        rows = []
        for line in text.splitlines():
            if not line or line.startswith(header):
                continue
            values = [v.strip() or None for v in line.split("|")]
            if len(values) < min_fields:
                continue
            values += [None] * (len(fields) - len(values))
            typed = [_typed(v, t) for v, (_, t) in zip(values, fields, strict=False)]
            rows.append((_record_time(values[at_time]), *typed, *where))
        return rows

    return parse


def parse_activity(text: str, key: str) -> list[Row]:
    where = _key(key)
    rows = []
    for rec in _RECORD_START.split(text.rstrip("\n")):
        m = _ACTIVITY_HEADER.match(rec)
        if not m:
            continue
        t, db, user, pid, userid, xid, query = m.groups()
        try:
            time = datetime.datetime.strptime(t, "%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            time = None
        rows.append((time, db, user, to_int(pid), to_int(userid), to_int(xid), query, *where))
    return rows


def _of_type(log_type: str) -> Callable[[Column], Column]:
    def selects(key: Column) -> Column:
        return key.contains(f"_{log_type}_")

    return selects


parse_connections = _delimited(_CONNECTION, 14, "event|")
parse_users = _delimited(_USER, len(_USER), "userid|")

UDFS: Final = {
    "redshift_connectionlog": FileUdf(
        parse_connections, _schema(_CONNECTION), _of_type("connectionlog")
    ),
    "redshift_userlog": FileUdf(parse_users, _schema(_USER), _of_type("userlog")),
    "redshift_useractivitylog": FileUdf(
        parse_activity, _schema(_ACTIVITY), _of_type("useractivitylog")
    ),
}
