"""EMR log4j files the way a blog post parses them: the file's lines one by one, a regex per
line to tell a record's first line (time, level, logger, message) from a continuation line,
which is appended to the record's stack trace; then regexes for the exception class and the
stage, task and TID numbers, and ``strptime`` for the time. Ids come from the key."""

from __future__ import annotations

import datetime
import re
from typing import Final

from pyspark.sql.types import IntegerType, LongType

from bench.convert import key_segment, to_int
from bench.file_udf import FileUdf, Row, record_schema

_FIRST_LINE: Final = re.compile(r"(\d\d/\d\d/\d\d \d\d:\d\d:\d\d) (\S+) (.*?): (.*)")
_THROWABLE: Final = re.compile(
    r"((?:[A-Za-z_$][\w$]*\.)+[A-Za-z_$][\w$]*(?:Exception|Error|Throwable))"
)
_STAGE: Final = re.compile(r"stage (\d+)", re.I)
_TASK: Final = re.compile(r"task (\d+(?:\.\d+)?)", re.I)
_TID: Final = re.compile(r"\(TID (\d+)\)")

SCHEMA: Final = record_schema(
    "level",
    "logger",
    "message",
    "stack_trace",
    "exception_class",
    "task_id",
    "cluster_id",
    "step_id",
    "application_id",
    "container_id",
    "log_type",
    ("stage_id", IntegerType()),
    ("tid", LongType()),
)


def _group(pattern: re.Pattern[str], text: str) -> str | None:
    m = pattern.search(text)
    return m.group(1) if m else None


def _row(first: re.Match[str], more: list[str], ids: tuple[str | None, ...]) -> Row:
    stamp, level, logger, message = first.groups()
    trace = "\n".join(more) if more else None
    text = first.group(0) if trace is None else f"{first.group(0)}\n{trace}"
    stage = _group(_STAGE, first.group(0))
    tid = _group(_TID, first.group(0))
    return (
        datetime.datetime.strptime(stamp, "%y/%m/%d %H:%M:%S"),
        level,
        logger,
        message,
        trace,
        _group(_THROWABLE, text),
        _group(_TASK, first.group(0)),
        *ids,
        None if stage is None else to_int(stage),
        None if tid is None else to_int(tid),
    )


def parse(text: str, key: str) -> list[Row]:
    name = key.rsplit("/", 1)[-1]
    ids = (
        key_segment(key, "steps", -1) or key_segment(key, "containers", -1),
        key_segment(key, "steps"),
        key_segment(key, "containers"),
        key_segment(key, "containers", 2),
        name.removesuffix(".gz"),
    )
    rows: list[Row] = []
    first: re.Match[str] | None = None
    more: list[str] = []
    for line in text.splitlines():
        m = _FIRST_LINE.match(line)
        if m is None:
            more.append(line)
            continue
        if first is not None:
            rows.append(_row(first, more, ids))
        first, more = m, []
    if first is not None:
        rows.append(_row(first, more, ids))
    return rows


UDFS: Final = {"emr_logs": FileUdf(parse, SCHEMA)}
