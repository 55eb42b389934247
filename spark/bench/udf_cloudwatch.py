"""CloudWatch Logs exports the way a blog post parses them: the object's concatenated
payloads decoded one after another with ``json.JSONDecoder.raw_decode``, then each log
event's Lambda message by its kind: a regex for START/END/REPORT lines, ``json.loads`` for
JSON records, a tab split for the runtimes' text lines. The same columns as ours."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any, Final

from pyspark.sql.types import ArrayType, DoubleType, IntegerType, LongType, StringType

from bench.convert import key_segment
from bench.file_udf import FileUdf, Row, record_schema

_DECODER: Final = json.JSONDecoder()
_START: Final = re.compile(r"START RequestId: (\S+) Version: (\S+)")
_END: Final = re.compile(r"END RequestId: (\S+)")
_REPORT: Final = re.compile(
    r"REPORT RequestId: (\S+)\tDuration: ([\d.]+) ms\tBilled Duration: (\d+) ms\t"
    r"Memory Size: (\d+) MB\tMax Memory Used: (\d+) MB(?:\tInit Duration: ([\d.]+) ms)?"
)
_LEVELS: Final = frozenset(("TRACE", "DEBUG", "INFO", "WARN", "WARNING", "ERROR", "FATAL"))

SCHEMA: Final = record_schema(
    "event_id",
    "message",
    "record_type",
    "request_id",
    "level",
    "logger",
    "log_message",
    "function_version",
    ("duration_ms", DoubleType()),
    ("billed_duration_ms", LongType()),
    ("memory_size_mb", IntegerType()),
    ("max_memory_used_mb", IntegerType()),
    ("init_duration_ms", DoubleType()),
    "log_group",
    "log_stream",
    ("subscription_filters", ArrayType(StringType())),
    "account_id",
    "region",
)

# record_type, request_id, level, logger, log_message, version, then the five metrics.
_Fields = tuple[Any, ...]
_NO_METRICS: Final = (None, None, None, None, None)


def _number(v: Any, kind: type[float] | type[int]) -> float | int | None:
    return None if v is None else kind(v)


def _json_record(message: str) -> _Fields:
    doc = json.loads(message)
    record = doc.get("record") or {}
    metrics = record.get("metrics") or {}
    return (
        doc.get("type") or "json",
        doc.get("requestId") or record.get("requestId"),
        doc.get("level"),
        doc.get("logger"),
        doc.get("message"),
        record.get("version"),
        _number(metrics.get("durationMs"), float),
        _number(metrics.get("billedDurationMs"), int),
        _number(metrics.get("memorySizeMB"), int),
        _number(metrics.get("maxMemoryUsedMB"), int),
        _number(metrics.get("initDurationMs"), float),
    )


def _text_record(message: str) -> _Fields:
    parts = message.split("\t", 3)
    if len(parts) == 4 and parts[2].upper() in _LEVELS:
        return ("text", parts[1], parts[2].upper(), None, None, None, *_NO_METRICS)
    if len(parts) == 4 and parts[0].startswith("["):
        return ("text", parts[2], parts[0].strip("[]").upper(), None, None, None, *_NO_METRICS)
    return ("text", None, None, None, None, None, *_NO_METRICS)


def _message(message: str) -> _Fields:
    if message.startswith("START RequestId: "):
        m = _START.match(message)
        req, version = m.groups() if m else (None, None)
        return ("START", req, None, None, None, version, *_NO_METRICS)
    if message.startswith("END RequestId: "):
        m = _END.match(message)
        return ("END", m.group(1) if m else None, None, None, None, None, *_NO_METRICS)
    if message.startswith("REPORT RequestId: "):
        m = _REPORT.match(message)
        if m is None:
            return ("REPORT", None, None, None, None, None, *_NO_METRICS)
        req, duration, billed, memory, used, init = m.groups()
        metrics = (float(duration), int(billed), int(memory), int(used), _number(init, float))
        return ("REPORT", req, None, None, None, None, *metrics)
    if message.lstrip().startswith("{"):
        try:
            return _json_record(message)
        except ValueError:
            return ("text", None, None, None, None, None, *_NO_METRICS)
    return _text_record(message)


def _events(doc: dict[str, Any], region: str | None) -> list[Row]:
    where = (doc.get("logGroup"), doc.get("logStream"), doc.get("subscriptionFilters"))
    rows: list[Row] = []
    for e in doc.get("logEvents") or []:
        ts, message = e.get("timestamp"), e.get("message")
        if ts is None or message is None:
            continue
        t = datetime.datetime.fromtimestamp(ts / 1000, datetime.timezone.utc)
        rows.append((t, e.get("id"), message, *_message(message), *where, doc.get("owner"), region))
    return rows


def parse(text: str, key: str) -> list[Row]:
    region = key_segment(key, "cloudwatch")
    rows: list[Row] = []
    at = 0
    while at < len(text):
        doc, at = _DECODER.raw_decode(text, at)
        while at < len(text) and text[at].isspace():
            at += 1
        if doc.get("messageType") == "DATA_MESSAGE":
            rows += _events(doc, region)
    return rows


UDFS: Final = {"cloudwatch_logs": FileUdf(parse, SCHEMA)}
