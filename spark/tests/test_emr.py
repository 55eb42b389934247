"""EMR step and container logs: log4j records, stack traces attached to the record above,
ids from the key, stage/task/exception extraction."""

from __future__ import annotations

import datetime

from pyspark.sql import SparkSession

from logparse.schema import load_schema
from logparse.sources import emr
from tests.rows import bytes_frame, collect, raw_frame, row

T = datetime.datetime
CONTAINER = (
    "s3://archive-bucket/emr-logs/j-2AB3CD4EF5GH6/containers/application_1705312800000_0007/"
    "container_1705312800000_0007_01_000002/stderr.gz"
)
STEP = "s3://archive-bucket/emr-logs/j-2AB3CD4EF5GH6/steps/s-1Q2W3E4R5T6Y/syslog.gz"
FROM_CONTAINER = {
    "source_file": CONTAINER,
    "cluster_id": "j-2AB3CD4EF5GH6",
    "application_id": "application_1705312800000_0007",
    "container_id": "container_1705312800000_0007_01_000002",
    "log_type": "stderr",
}
FROM_STEP = {
    "source_file": STEP,
    "cluster_id": "j-2AB3CD4EF5GH6",
    "step_id": "s-1Q2W3E4R5T6Y",
    "log_type": "syslog",
}
TRACE = (
    "java.lang.OutOfMemoryError: Java heap space\n"
    "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)\n"
    "\tat org.apache.spark.unsafe.map.BytesToBytesMap.growAndRehash(BytesToBytesMap.java:912)"
)


def test_container_log_records_with_a_stack_trace(spark: SparkSession) -> None:
    text = (
        "SLF4J: Class path contains multiple SLF4J bindings.\n"
        "24/01/15 10:22:31 INFO Executor: Running task 3.0 in stage 7.0 (TID 41)\n"
        "24/01/15 10:22:33 ERROR Executor: Exception in task 3.0 in stage 7.0 (TID 41)\n"
        f"{TRACE}\n"
        "24/01/15 10:22:35 WARN BlockManager: Putting block rdd_12_3 failed\n"
    )
    out = emr.parse(raw_frame(spark, [(CONTAINER, text)]))["emr_logs"]
    assert out.schema.fields[:-3] == load_schema("emr_logs").struct.fields
    assert collect(out) == [
        row(
            "emr_logs",
            "reject",
            "emr.no_log4j_header",
            "SLF4J: Class path contains multiple SLF4J bindings.",
            **FROM_CONTAINER,
        ),
        row(
            "emr_logs",
            event_time=T(2024, 1, 15, 10, 22, 31),
            level="INFO",
            logger="Executor",
            message="Running task 3.0 in stage 7.0 (TID 41)",
            stage_id=7,
            task_id="3.0",
            tid=41,
            dt="2024-01-15",
            **FROM_CONTAINER,
        ),
        row(
            "emr_logs",
            event_time=T(2024, 1, 15, 10, 22, 33),
            level="ERROR",
            logger="Executor",
            message="Exception in task 3.0 in stage 7.0 (TID 41)",
            stack_trace=TRACE,
            exception_class="java.lang.OutOfMemoryError",
            stage_id=7,
            task_id="3.0",
            tid=41,
            dt="2024-01-15",
            **FROM_CONTAINER,
        ),
        row(
            "emr_logs",
            event_time=T(2024, 1, 15, 10, 22, 35),
            level="WARN",
            logger="BlockManager",
            message="Putting block rdd_12_3 failed",
            dt="2024-01-15",
            **FROM_CONTAINER,
        ),
    ]


def test_step_log_stage_failures_and_exceptions_named_in_the_message(spark: SparkSession) -> None:
    text = (
        "24/01/15 23:59:59 ERROR TaskSetManager: Task 3 in stage 7.0 failed 4 times; aborting job\n"
        "24/01/16 00:00:01 INFO DAGScheduler: ResultStage 7 (collect at etl.py:88) failed in 12.3 s"
        " due to Job aborted due to stage failure: org.apache.spark.SparkException: Task failed\n"
        "24/01/16 00:00:02 INFO DAGScheduler: Job 4 failed: collect at etl.py:88, took 40.1 s\n"
        "24/01/16 00:00:03 NOTICE Foo: not a level\n"
        "24/01/16 00:00:04 INFO no logger separator here\n"
    )
    out = collect(emr.parse(raw_frame(spark, [(STEP, text)]))["emr_logs"])
    assert out == [
        row(
            "emr_logs",
            event_time=T(2024, 1, 15, 23, 59, 59),
            level="ERROR",
            logger="TaskSetManager",
            message="Task 3 in stage 7.0 failed 4 times; aborting job",
            stage_id=7,
            task_id="3",
            dt="2024-01-15",
            **FROM_STEP,
        ),
        row(
            "emr_logs",
            event_time=T(2024, 1, 16, 0, 0, 1),
            level="INFO",
            logger="DAGScheduler",
            message="ResultStage 7 (collect at etl.py:88) failed in 12.3 s due to Job aborted due"
            " to stage failure: org.apache.spark.SparkException: Task failed",
            exception_class="org.apache.spark.SparkException",
            stage_id=7,
            dt="2024-01-16",
            **FROM_STEP,
        ),
        row(
            "emr_logs",
            event_time=T(2024, 1, 16, 0, 0, 2),
            level="INFO",
            logger="DAGScheduler",
            message="Job 4 failed: collect at etl.py:88, took 40.1 s",
            dt="2024-01-16",
            **FROM_STEP,
        ),
        row(
            "emr_logs",
            "reject",
            "emr.bad_level",
            "24/01/16 00:00:03 NOTICE Foo: not a level",
            dt="2024-01-16",
            **FROM_STEP,
        ),
        row(
            "emr_logs",
            "reject",
            "emr.no_logger",
            "24/01/16 00:00:04 INFO no logger separator here",
            dt="2024-01-16",
            **FROM_STEP,
        ),
    ]


def test_input_globs_select_log4j_files_under_the_log_uri() -> None:
    assert emr.input_globs("s3://archive/emr-logs/", None) == [
        "s3://archive/emr-logs/j-*/steps/s-*/{stderr,syslog}*",
        "s3://archive/emr-logs/j-*/containers/application_*/container_*/{stderr,syslog}*",
        "s3://archive/emr-logs/*/j-*/steps/s-*/{stderr,syslog}*",
        "s3://archive/emr-logs/*/j-*/containers/application_*/container_*/{stderr,syslog}*",
    ]
    assert emr.SELECT_DAY_BY == "modification_time"


def test_a_record_that_is_not_utf8_is_rejected_and_its_neighbours_are_not(
    spark: SparkSession,
) -> None:
    text = (
        b"24/01/15 10:22:31 INFO Executor: Running task 3.0 in stage 7.0 (TID 41)\n"
        b"24/01/15 10:22:32 WARN TaskSetManager: bad record \xff\xfe\x00 in input\n"
        b"24/01/15 10:22:33 INFO Executor: Finished task 3.0 in stage 7.0 (TID 41)\n"
    )
    rows = collect(emr.parse(bytes_frame(spark, [(CONTAINER, text)]))["emr_logs"])
    assert [(r["_status"], r["_reason"], r["_raw"], r["stage_id"]) for r in rows] == [
        ("ok", None, None, 7),
        (
            "reject",
            "emr.invalid_utf8",
            "24/01/15 10:22:32 WARN TaskSetManager: bad record \\xFF\\xFE\x00 in input",
            None,
        ),
        ("ok", None, None, 7),
    ]


def test_a_time_followed_by_garbage_is_a_reject_not_a_failed_job(spark: SparkSession) -> None:
    """The file's first line looks like a record's time but is not one (``3x``): Spark 3's
    datetime parser would raise on it instead of returning null."""
    text = "24/01/15 10:22:3x INFO Executor: cut short\n"
    rows = collect(emr.parse(raw_frame(spark, [(CONTAINER, text)]))["emr_logs"])
    assert [(r["_status"], r["_reason"], r["_raw"]) for r in rows] == [
        ("reject", "emr.no_log4j_header", text.rstrip("\n"))
    ]
