"""EMR logs pushed to the cluster's logUri: step logs and YARN container logs written by
log4j with the Spark/Hadoop default layout ``yy/MM/dd HH:mm:ss LEVEL Logger: message``.

Files are read whole because a stack trace continues on the lines after its record; the file
is split once at the lines that start a record, so continuation lines stay with the record
above. Cluster, step, application and container ids come from the key. Stage and task ids
are read with string functions; the exception class needs one regex, applied only to records
that name an Exception or Error.

A file whose bytes are not valid UTF-8 is split with its bad bytes marked
(``sources/_utf8.py``); a record holding a mark is rejected as ``emr.invalid_utf8`` with its
text escaped.
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
DATASETS: Final = ("emr_logs",)
INVALID_UTF8: Final = "emr.invalid_utf8"

_RECORD_START: Final = r"\n(?=\d\d/\d\d/\d\d \d\d:\d\d:\d\d )"
_LEVELS: Final = ("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL")
_TIME: Final = r"^\d\d/\d\d/\d\d \d\d:\d\d:\d\d$"
_THROWABLE: Final = r"((?:[A-Za-z_$][\w$]*\.)+[A-Za-z_$][\w$]*(?:Exception|Error|Throwable))"
# The log files that carry log4j records: step syslog/stderr and container stderr/syslog.
# A step's controller log uses another layout, and stdout holds the application's own prints.
_LOG4J_FILES: Final = "{stderr,syslog}*"


def input_globs(root: str, day: datetime.date | None) -> list[str]:
    """Cluster folders directly under ``root`` (root = the logUri) or one level below it
    (root = the archive, logUri = ``<archive>/<prefix>/``). The key carries no date, so a
    day is selected by the job from the objects' modification time (see ``SELECT_DAY_BY``)."""
    base = root.rstrip("/")
    globs = []
    for cluster in ("j-*", "*/j-*"):
        globs.append(f"{base}/{cluster}/steps/s-*/{_LOG4J_FILES}")
        globs.append(f"{base}/{cluster}/containers/application_*/container_*/{_LOG4J_FILES}")
    return globs


SELECT_DAY_BY: Final = "modification_time"
"""The logUri layout has no date; a run for a day reads the objects last written that day."""


def _after_marker(text: Column, marker: str) -> Column:
    """The token right after the first ``marker`` in ``text`` (e.g. ``"stage "``), up to the
    next space; null when ``marker`` is absent."""
    at = F.locate(marker, text)
    return F.when(at > 0, F.substring_index(text.substr(at + len(marker), F.lit(1 << 30)), " ", 1))


def _numeric(token: Column) -> Column:
    """``token`` when it is a number such as ``3`` or ``1.0`` (Spark's task index.attempt)."""
    return F.when(token.cast("double").isNotNull(), token)


def parse(raw: DataFrame) -> dict[str, DataFrame]:
    path = F.col(SOURCE_FILE)
    name = F.element_at(F.split(path, "/"), -1)
    text = F.col(VALUE)
    text = F.when(text.endswith("\n"), text.substr(F.lit(1), F.length(text) - 1)).otherwise(text)
    records = with_marked_text(raw, VALUE, "file_valid").select(
        path,
        "file_valid",
        key_segment_after(path, "steps").alias("step_id"),
        key_segment_after(path, "containers").alias("application_id"),
        key_segment_after(path, "containers", 2).alias("container_id"),
        F.coalesce(
            key_segment_after(path, "steps", -1), key_segment_after(path, "containers", -1)
        ).alias("cluster_id"),
        F.regexp_replace(name, r"\.gz$", "").alias("log_type"),
        F.explode(F.split(text, _RECORD_START)).alias("rec"),
    )
    rec = F.col("rec")
    first_line = F.substring_index(rec, "\n", 1)
    after_time = F.substring(first_line, 19, 1 << 30)
    level = F.substring_index(after_time, " ", 1)
    after_level = after_time.substr(F.length(level) + 2, F.lit(1 << 30))
    logger = F.substring_index(after_level, ": ", 1)
    has_logger = F.locate(": ", after_level) > 0
    message = F.when(has_logger, after_level.substr(F.length(logger) + 3, F.lit(1 << 30)))
    continuation = F.when(
        F.locate("\n", rec) > 0, rec.substr(F.locate("\n", rec) + 1, F.lit(1 << 30))
    )
    lowered = F.lower(first_line)
    parsed = records.select(
        "*",
        parse_time(F.substring(rec, 1, 17), _TIME, "yy/MM/dd HH:mm:ss").alias("event_time"),
        level.alias("level"),
        F.when(has_logger, logger).alias("logger"),
        message.alias("message"),
        continuation.alias("stack_trace"),
        F.when(
            rec.contains("Exception") | rec.contains("Error") | rec.contains("Throwable"),
            F.nullif(F.regexp_extract(rec, _THROWABLE, 1), F.lit("")),
        ).alias("exception_class"),
        F.substring_index(_after_marker(lowered, "stage "), ".", 1).alias("stage_id"),
        _numeric(_after_marker(lowered, "task ")).alias("task_id"),
        F.substring_index(_after_marker(first_line, "(TID "), ")", 1).alias("tid"),
    )
    status, reason = status_reason(
        [
            (~F.col("file_valid") & F.expr(has_marks("rec")), REJECT, INVALID_UTF8),
            (is_blank("rec"), SKIP, "emr.blank"),
            (F.col("event_time").isNull(), REJECT, "emr.no_log4j_header"),
            (~F.col("level").isin(*_LEVELS), REJECT, "emr.bad_level"),
            (F.col("logger").isNull(), REJECT, "emr.no_logger"),
        ]
    )
    out = parsed.select(
        "*",
        date_partition(F.col("event_time")).alias("dt"),
        status.alias(STATUS),
        reason.alias(REASON),
    ).withColumn(
        RAW,
        F.when(
            F.col(STATUS) == REJECT,
            F.when(F.col(REASON) == INVALID_UTF8, F.expr(escaped_marks("rec"))).otherwise(rec),
        ),
    )
    return {
        "emr_logs": conform(
            out,
            "emr_logs",
            keep_on_reject=("cluster_id", "step_id", "application_id", "container_id", "log_type"),
        )
    }
