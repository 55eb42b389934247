"""CloudWatch Logs subscription exports delivered by Firehose, one row per log event.

An object holds one or more payloads ``{"messageType", "owner", "logGroup", "logStream",
"subscriptionFilters", "logEvents"}``, keys in any order; several payloads are concatenated
with no separator (``}{``, or a line break). The file is split once where a ``}`` is followed
by ``{"<key>":`` — in valid JSON only a boundary between two objects can look like that: inside
a string the quote after the ``{`` would end the string, and a string is never followed by a
name and a quote — and each payload is parsed with an explicit schema.

Events can carry ``extractedFields``; with the subscription filter's ``emitSystemFields``,
``@aws.account`` and ``@aws.region`` are the account and Region the event was logged in
(centralized logs of other accounts arrive under the destination account's payload owner), so
they are the row's ``account_id`` and ``region`` when present.

Objects stored gzip without a ``.gz`` name (Firehose without record decompression, under its
default object names) are decompressed by the reader (``SNIFF_GZIP``, ``logparse/gunzip.py``).
A file whose bytes are not valid UTF-8 is split with its bad bytes marked
(``sources/_utf8.py``); an event holding a mark is rejected as ``cloudwatch.invalid_utf8``,
and so is a payload whose own fields (or whose text, when it is rejected whole) hold one.

Lambda messages are parsed into columns: the START/END/REPORT text lines with string
functions (their labels are fixed), JSON application and platform records with ``from_json``,
and the runtimes' tab-separated text lines (Node ``time\\treqid\\tLEVEL\\tmsg``, Python
``[LEVEL]\\ttime\\treqid\\tmsg``) with one split.
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
    status_reason,
)
from logparse.model import RAW, REASON, REJECT, SKIP, SOURCE_FILE, STATUS, VALUE
from logparse.sources._utf8 import escaped_marks, has_marks, with_marked_text

READ_MODE: Final[Literal["files"]] = "files"
DATASETS: Final = ("cloudwatch_logs",)
SNIFF_GZIP: Final = True
"""Objects without a compression extension whose bytes are gzip are decompressed on read."""

INVALID_UTF8: Final = "cloudwatch.invalid_utf8"
COMPRESSED_PAYLOAD: Final = "cloudwatch.compressed_payload"
ACCOUNT_FIELD: Final = "@aws.account"
REGION_FIELD: Final = "@aws.region"

_CORRUPT: Final = "_corrupt"
_VALID: Final = "file_valid"
_PAYLOAD_START: Final = r'(?<=\})\s*(?=\{\s*"[^"\\]*"\s*:)'
_PAYLOAD_SCHEMA: Final = (
    "messageType string, owner string, logGroup string, logStream string,"
    " subscriptionFilters array<string>,"
    " logEvents array<struct<id: string, timestamp: bigint, message: string,"
    " extractedFields: map<string, string>>>,"
    f" {_CORRUPT} string"
)
_HEADER_TEXT: Final = (
    "concat_ws(' ', p.messageType, p.owner, p.logGroup, p.logStream,"
    " array_join(p.subscriptionFilters, ' '))"
)
_LAMBDA_JSON_SCHEMA: Final = (
    "timestamp string, level string, message string, logger string, requestId string,"
    " time string, type string, record struct<requestId: string, version: string,"
    " metrics: struct<durationMs: double, billedDurationMs: bigint, memorySizeMB: int,"
    " maxMemoryUsedMB: int, initDurationMs: double>>"
)
_LEVELS: Final = ("TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL", "CRITICAL")


def input_globs(root: str, day: datetime.date | None) -> list[str]:
    """Firehose's ``YYYY/MM/DD/HH/`` prefix under ``cloudwatch/<region>/``, either at the
    archive root or under ``AWSLogs/<acct>/``."""
    base = root.rstrip("/")
    date = day.strftime("%Y/%m/%d") if day else "*/*/*"
    return [
        f"{base}/cloudwatch/*/{date}/*/*",
        f"{base}/AWSLogs/[0-9]*/cloudwatch/*/{date}/*/*",
    ]


def _token_after(text: Column, label: str) -> Column:
    """The value after ``label`` up to the next space, tab or newline; null without label."""
    after = F.substring_index(text, label, -1)
    token = F.substring_index(F.substring_index(F.substring_index(after, "\t", 1), " ", 1), "\n", 1)
    return F.when(F.locate(label, text) > 0, token)


def _invalid(text: str) -> Column:
    """SQL ``text`` (cut from the file) holds bytes of the file that are not valid UTF-8."""
    return ~F.col(_VALID) & F.expr(has_marks(text))


def _payloads(raw: DataFrame) -> DataFrame:
    text = F.col(VALUE)
    file_status, file_reason = status_reason(
        [
            (is_blank(VALUE), SKIP, "cloudwatch.empty_file"),
            (text.startswith("\u001f"), REJECT, COMPRESSED_PAYLOAD),
        ]
    )
    files = with_marked_text(raw, VALUE, _VALID).select(
        F.col(SOURCE_FILE),
        F.col(_VALID),
        key_segment_after(F.col(SOURCE_FILE), "cloudwatch").alias("key_region"),
        file_status.alias("file_status"),
        file_reason.alias("file_reason"),
        text.alias("file_text"),
    )
    exploded = files.select(
        "*",
        F.explode(
            F.when(
                F.col("file_reason").isNull(), F.split(F.col("file_text"), _PAYLOAD_START)
            ).otherwise(F.array(F.col("file_text")))
        ).alias("payload_text"),
    ).drop("file_text")
    doc = F.from_json(
        F.col("payload_text"), _PAYLOAD_SCHEMA, {"columnNameOfCorruptRecord": _CORRUPT}
    )
    return exploded.select("*", doc.alias("p"))


def parse(raw: DataFrame) -> dict[str, DataFrame]:
    payloads = _payloads(raw)
    p = F.col("p")
    message_type = F.col("p.messageType")
    invalid_json = p.isNull() | F.col(f"p.{_CORRUPT}").isNotNull()
    payload_status, payload_reason = status_reason(
        [
            (F.col("file_reason").isNotNull(), "file", "file"),
            (
                _invalid("payload_text") & (invalid_json | F.expr(has_marks(_HEADER_TEXT))),
                REJECT,
                INVALID_UTF8,
            ),
            (invalid_json, REJECT, "cloudwatch.invalid_json"),
            (message_type == "CONTROL_MESSAGE", SKIP, "cloudwatch.control_message"),
            (
                message_type.isNull() | (message_type != "DATA_MESSAGE"),
                REJECT,
                "cloudwatch.unknown_message_type",
            ),
            (
                F.coalesce(F.size(F.col("p.logEvents")), F.lit(0)) <= 0,
                SKIP,
                "cloudwatch.no_log_events",
            ),
        ]
    )
    status_of_payload = F.when(payload_status == "file", F.col("file_status")).otherwise(
        payload_status
    )
    reason_of_payload = F.when(payload_status == "file", F.col("file_reason")).otherwise(
        payload_reason
    )
    # The payload's text is kept (as payload_raw) only for a rejected payload, and computed
    # before the explode: carried past it, every event row would copy the whole payload.
    payloads = payloads.select(
        "*",
        status_of_payload.alias("payload_status"),
        reason_of_payload.alias("payload_reason"),
        F.when(
            status_of_payload == REJECT,
            F.when(
                reason_of_payload.isin(INVALID_UTF8, COMPRESSED_PAYLOAD),
                F.expr(escaped_marks("payload_text")),
            ).otherwise(F.col("payload_text")),
        ).alias("payload_raw"),
    )
    events = payloads.select(
        F.col(SOURCE_FILE),
        F.col(_VALID),
        F.col("key_region"),
        F.col("payload_status"),
        F.col("payload_reason"),
        F.col("payload_raw"),
        F.col("p.owner").alias("owner"),
        F.col("p.logGroup").alias("log_group"),
        F.col("p.logStream").alias("log_stream"),
        F.col("p.subscriptionFilters").alias("subscription_filters"),
        F.explode_outer(F.when(F.col("payload_reason").isNull(), F.col("p.logEvents"))).alias("e"),
    )
    msg = F.col("e.message")
    is_start = msg.startswith("START RequestId: ")
    is_end = msg.startswith("END RequestId: ")
    is_report = msg.startswith("REPORT RequestId: ")
    is_json = F.ltrim(msg).startswith("{")
    j = F.when(is_json, F.from_json(msg, _LAMBDA_JSON_SCHEMA))
    tabs = F.when(~is_json & msg.contains("\t"), F.split(msg, "\t", 4))
    node_style = (F.size(tabs) == 4) & F.upper(F.element_at(tabs, 3)).isin(*_LEVELS)
    python_style = (F.size(tabs) == 4) & F.element_at(tabs, 1).startswith("[")
    python_level = F.upper(F.translate(F.element_at(tabs, 1), "[]", ""))
    text_level = F.when(node_style, F.upper(F.element_at(tabs, 3))).when(python_style, python_level)
    text_request = F.when(node_style, F.element_at(tabs, 2)).when(
        python_style, F.element_at(tabs, 3)
    )
    lambda_line = is_start | is_end | is_report
    metrics = "j.record.metrics."
    extracted = F.col("e.extractedFields")
    parsed = events.select(
        "*",
        F.coalesce(extracted.getItem(ACCOUNT_FIELD), F.col("owner")).alias("account_id"),
        F.coalesce(extracted.getItem(REGION_FIELD), F.col("key_region")).alias("region"),
        F.timestamp_millis(F.col("e.timestamp")).alias("event_time"),
        F.col("e.id").alias("event_id"),
        msg.alias("message"),
        j.alias("j"),
    ).select(
        "*",
        F.when(is_start, "START")
        .when(is_end, "END")
        .when(is_report, "REPORT")
        .when(F.col("j").isNotNull() & F.col("j.type").isNotNull(), F.col("j.type"))
        .when(F.col("j").isNotNull(), "json")
        .otherwise("text")
        .alias("record_type"),
        F.when(lambda_line, _token_after(msg, "RequestId: "))
        .otherwise(F.coalesce(F.col("j.requestId"), F.col("j.record.requestId"), text_request))
        .alias("request_id"),
        F.coalesce(F.col("j.level"), text_level).alias("level"),
        F.col("j.logger").alias("logger"),
        F.col("j.message").alias("log_message"),
        F.when(is_start, _token_after(msg, "Version: "))
        .otherwise(F.col("j.record.version"))
        .alias("function_version"),
        F.when(is_report, _token_after(msg, "\tDuration: "))
        .otherwise(F.col(f"{metrics}durationMs"))
        .alias("duration_ms"),
        F.when(is_report, _token_after(msg, "\tBilled Duration: "))
        .otherwise(F.col(f"{metrics}billedDurationMs"))
        .alias("billed_duration_ms"),
        F.when(is_report, _token_after(msg, "\tMemory Size: "))
        .otherwise(F.col(f"{metrics}memorySizeMB"))
        .alias("memory_size_mb"),
        F.when(is_report, _token_after(msg, "\tMax Memory Used: "))
        .otherwise(F.col(f"{metrics}maxMemoryUsedMB"))
        .alias("max_memory_used_mb"),
        F.when(is_report, _token_after(msg, "\tInit Duration: "))
        .otherwise(F.col(f"{metrics}initDurationMs"))
        .alias("init_duration_ms"),
    )
    event_status, event_reason = status_reason(
        [
            (F.col("payload_reason").isNotNull(), "payload", "payload"),
            (_invalid("to_json(e)"), REJECT, INVALID_UTF8),
            (F.col("e.timestamp").isNull(), REJECT, "cloudwatch.missing_timestamp"),
            (msg.isNull(), REJECT, "cloudwatch.missing_message"),
        ]
    )
    from_payload = event_status == "payload"
    out = parsed.select(
        "*",
        date_partition(F.col("event_time")).alias("dt"),
        F.when(from_payload, F.col("payload_status")).otherwise(event_status).alias(STATUS),
        F.when(from_payload, F.col("payload_reason")).otherwise(event_reason).alias(REASON),
        F.when(from_payload, F.col("payload_raw"))
        .when(event_reason == INVALID_UTF8, F.expr(escaped_marks("to_json(e)")))
        .when(event_status == REJECT, F.to_json(F.col("e")))
        .alias(RAW),
    )
    return {
        "cloudwatch_logs": conform(
            out, "cloudwatch_logs", keep_on_reject=("log_group", "log_stream")
        )
    }
