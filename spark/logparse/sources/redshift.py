"""Redshift audit logging delivered to S3: three logs, one module.

The log type comes from the object key (``…_<cluster>_<connectionlog|userlog|useractivitylog>_…``).
Files are read whole because a useractivitylog record's SQL continues on the following lines
until the next line that starts a record; the file is split once at those record starts.
Connection and user logs are pipe-delimited, space-padded lines; fields are mapped by
position so older, shorter connection-log lines parse too (newer columns stay null).

A file whose bytes are not valid UTF-8 is split with its bad bytes marked
(``sources/_utf8.py``); a line or record holding a mark is rejected as
``redshift.invalid_utf8`` with its text escaped.
"""

from __future__ import annotations

import datetime
from typing import Final, Literal

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from logparse.conform import (
    conform,
    date_partition,
    is_blank,
    key_segment_after,
    parse_time,
    status_reason,
)
from logparse.model import RAW, REASON, REJECT, SKIP, SOURCE_FILE, STATUS, VALUE
from logparse.sources._utf8 import escaped_marks, has_marks, with_marked_text

READ_MODE: Final[Literal["files"]] = "files"
CONNECTIONLOG: Final = "redshift_connectionlog"
USERLOG: Final = "redshift_userlog"
USERACTIVITYLOG: Final = "redshift_useractivitylog"
DATASETS: Final = (CONNECTIONLOG, USERLOG, USERACTIVITYLOG)
INVALID_UTF8: Final = "redshift.invalid_utf8"
_VALID: Final = "file_valid"

_CONNECTION_FIELDS: Final = (
    "event",
    "recordtime",
    "remotehost",
    "remoteport",
    "pid",
    "dbname",
    "username",
    "authmethod",
    "duration",
    "sslversion",
    "sslcipher",
    "mtu",
    "sslcompression",
    "sslexpansion",
    "iamauthguid",
    "application_name",
    "os_version",
    "driver_version",
    "plugin_name",
    "protocol_version",
    "sessionid",
    "compression",
)
# The first connection-log format ended at sslexpansion; later columns were appended.
_CONNECTION_MIN_FIELDS: Final = 14
_USER_FIELDS: Final = (
    "userid",
    "username",
    "oldusername",
    "action",
    "usecreatedb",
    "usesuper",
    "usecatupd",
    "valuntil",
    "pid",
    "xid",
    "recordtime",
)
_RECORD_START: Final = r"\n(?='\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ UTC \[)"
_HEADER_END: Final = "]' LOG: "
_RECORD_TIME: Final = r"^\d{1,2} [A-Za-z]{3} \d{4} \d\d:\d\d:\d\d:\d{3}$"
_ACTIVITY_TIME: Final = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"


def input_globs(root: str, day: datetime.date | None) -> list[str]:
    date = day.strftime("%Y/%m/%d") if day else "*/*/*"
    return [f"{root.rstrip('/')}/AWSLogs/[0-9]*/redshift/*/{date}/*"]


def _log_type(name: Column) -> Column:
    return (
        F.when(name.contains("_useractivitylog_"), F.lit(USERACTIVITYLOG))
        .when(name.contains("_connectionlog_"), F.lit(CONNECTIONLOG))
        .when(name.contains("_userlog_"), F.lit(USERLOG))
    )


def _without_final_newline(text: Column) -> Column:
    return F.when(text.endswith("\n"), text.substr(F.lit(1), F.length(text) - 1)).otherwise(text)


def _record_time(text: Column) -> Column:
    """``Mon, 7 Dec 2020 20:01:55:177``: the weekday is dropped because Spark 3 cannot parse
    ``EEE``, and it is redundant with the date."""
    return parse_time(F.substring_index(text, ", ", -1), _RECORD_TIME, "d MMM yyyy HH:mm:ss:SSS")


def _key_columns(df: DataFrame) -> DataFrame:
    path = F.col(SOURCE_FILE)
    name = F.element_at(F.split(path, "/"), -1)
    return df.select(
        "*",
        _log_type(name).alias("log_type"),
        F.element_at(F.split(name, "_"), 4).alias("cluster_id"),
        key_segment_after(path, "AWSLogs").alias("account_id"),
        key_segment_after(path, "redshift").alias("region"),
    )


def _lines(files: DataFrame) -> DataFrame:
    return files.select(
        SOURCE_FILE,
        "cluster_id",
        "account_id",
        "region",
        "log_type",
        _VALID,
        F.explode(F.split(_without_final_newline(F.col(VALUE)), "\n")).alias("line"),
    )


def _fields(line: Column) -> Column:
    return F.transform(F.split(line, r"\|"), lambda x: F.nullif(F.trim(x), F.lit("")))


def _invalid(text: str) -> Column:
    """Column ``text`` (a line or record) holds bytes of its file that are not valid UTF-8."""
    return ~F.col(_VALID) & F.expr(has_marks(text))


def _raw(text: str) -> Column:
    """``_raw`` of a reject row: column ``text``, escaped when it holds bytes that are not
    valid UTF-8."""
    return F.when(
        F.col(STATUS) == REJECT,
        F.when(F.col(REASON) == INVALID_UTF8, F.expr(escaped_marks(text))).otherwise(F.col(text)),
    )


def _delimited(
    lines: DataFrame, names: tuple[str, ...], min_fields: int, header: str, dataset: str
) -> DataFrame:
    parsed = lines.select("*", _fields(F.col("line")).alias("f"))
    named = parsed.select(
        "*",
        *(F.element_at(F.col("f"), i + 1).alias(n) for i, n in enumerate(names)),
    ).withColumn("event_time", _record_time(F.col("recordtime")))
    status, reason = status_reason(
        [
            (_invalid("line"), REJECT, INVALID_UTF8),
            (F.col("log_type").isNull(), REJECT, "redshift.unknown_log_type"),
            (is_blank("line"), SKIP, "redshift.blank_line"),
            (F.col("line").startswith(header), SKIP, "redshift.header"),
            (F.size(F.col("f")) < min_fields, REJECT, "redshift.too_few_fields"),
            (F.col("event_time").isNull(), REJECT, "redshift.bad_record_time"),
        ]
    )
    out = named.select(
        "*",
        date_partition(F.col("event_time")).alias("dt"),
        status.alias(STATUS),
        reason.alias(REASON),
    ).withColumn(RAW, _raw("line"))
    return conform(out, dataset, keep_on_reject=("cluster_id",))


def _activity(files: DataFrame) -> DataFrame:
    records = files.select(
        SOURCE_FILE,
        "cluster_id",
        "account_id",
        "region",
        _VALID,
        F.explode(F.split(_without_final_newline(F.col(VALUE)), _RECORD_START)).alias("rec"),
    )
    rec = F.col("rec")
    header = F.substring_index(rec, _HEADER_END, 1)

    def field(key: str) -> Column:
        marker = f" {key}="
        return F.when(
            F.locate(marker, header) > 0,
            F.substring_index(F.substring_index(header, marker, -1), " ", 1),
        )

    parsed = records.select(
        "*",
        parse_time(F.substring(rec, 2, 20), _ACTIVITY_TIME, "yyyy-MM-dd'T'HH:mm:ssX").alias(
            "event_time"
        ),
        field("db").alias("dbname"),
        field("user").alias("username"),
        field("pid").alias("pid"),
        field("userid").alias("userid"),
        field("xid").alias("xid"),
        rec.substr(F.locate(_HEADER_END, rec) + len(_HEADER_END), F.length(rec)).alias("query"),
    )
    status, reason = status_reason(
        [
            (_invalid("rec"), REJECT, INVALID_UTF8),
            (is_blank("rec"), SKIP, "redshift.blank_line"),
            (~rec.startswith("'"), REJECT, "redshift.orphan_continuation"),
            (F.locate(_HEADER_END, rec) == 0, REJECT, "redshift.malformed_header"),
            (F.col("event_time").isNull(), REJECT, "redshift.bad_record_time"),
        ]
    )
    out = parsed.select(
        "*",
        date_partition(F.col("event_time")).alias("dt"),
        status.alias(STATUS),
        reason.alias(REASON),
    ).withColumn(RAW, _raw("rec"))
    return conform(out, USERACTIVITYLOG, keep_on_reject=("cluster_id",))


def parse(raw: DataFrame) -> dict[str, DataFrame]:
    files = _key_columns(with_marked_text(raw, VALUE, _VALID))
    log_type = F.col("log_type")
    # Files whose key names no known log type are rejected through the connection-log frame
    # (one row per line), so they are counted and kept rather than dropped.
    connection = _lines(files.filter(log_type.isNull() | (log_type == CONNECTIONLOG)))
    user = _lines(files.filter(log_type == USERLOG))
    return {
        CONNECTIONLOG: _delimited(
            connection, _CONNECTION_FIELDS, _CONNECTION_MIN_FIELDS, "event|", CONNECTIONLOG
        ),
        USERLOG: _delimited(user, _USER_FIELDS, len(_USER_FIELDS), "userid|", USERLOG),
        USERACTIVITYLOG: _activity(files.filter(log_type == USERACTIVITYLOG)),
    }
