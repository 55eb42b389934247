"""Logs the nightly EMR cluster pushes to its logUri (``emr-logs/<cluster>/``): each step's
spark-submit output and every YARN container's stderr, written by log4j.

Three Spark applications run as steps. Their drivers schedule stages of tasks and their
executors run them, logging as Spark does; the third application hits the planted failure:
one task of stage 14 fails on every attempt with the same exception and Spark aborts the job.
Objects carry no date in the key, so each is stamped with the time of its last record, which
is how the job picks the day.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Final

from synth import incidents as inc
from synth.archive import SourceFiles, write_text
from synth.emr import EXECUTORS, HOSTS, App, Log, run_stages, step_log
from synth.world import EMR_CLUSTER, at

SOURCE: Final = "emr"
DATASET: Final = "emr_logs"
MIN_RECORDS: Final = 1_500
_TRACE: Final = (
    'java.lang.NumberFormatException: For input string: "N/A"\n'
    "\tat java.base/java.lang.NumberFormatException.forInputString(NumberFormatException.java:67)\n"
    "\tat java.base/java.lang.Long.parseLong(Long.java:711)\n"
    "\tat java.base/java.lang.Long.parseLong(Long.java:836)\n"
    "\tat org.apache.spark.sql.catalyst.expressions.GeneratedClass$GeneratedIteratorForCodegenStage"
    "3.processNext(Unknown Source)\n"
    "\tat org.apache.spark.sql.execution.BufferedRowIterator.hasNext(BufferedRowIterator.java:43)\n"
    "\tat org.apache.spark.executor.Executor$TaskRunner.run(Executor.scala:620)\n"
    "\tat java.base/java.lang.Thread.run(Thread.java:840)"
)


APPS: Final = (
    App(
        "s-2V7Q1KXZ3M8PA",
        "application_1748822400000_0001",
        "parse-cloudtrail",
        at(1, 30),
        at(1, 49, 40),
        9,
    ),
    App(
        "s-1H5R9CTW6JD4E",
        "application_1748822400000_0002",
        "parse-vpcflow",
        at(1, 52),
        at(2, 37, 15),
        11,
    ),
    App(
        "s-3N8B2YUF7GK1L",
        inc.FAILING_STAGE.application_id,
        "invoice-rollup",
        at(2, 40),
        at(3, 13, 30),
        14,
    ),
)


def _container(app: App, n: int) -> str:
    return app.application_id.replace("application_", "container_") + f"_01_{n:06d}"


def _fail_stage(driver: Log, executors: list[Log]) -> None:
    f = inc.FAILING_STAGE
    task = f.task_index
    for attempt, t in enumerate(f.attempts):
        tid = 612 + attempt
        running = f"task {task}.{attempt} in stage {f.stage_id}.0 (TID {tid})"
        log = executors[attempt % EXECUTORS]
        log.add(t, "INFO", "Executor", f"Running {running}")
        log.add(t, "ERROR", "Executor", f"Exception in {running}\n{_TRACE}")
        host = HOSTS[attempt % EXECUTORS]
        driver.add(
            t,
            "WARN",
            "TaskSetManager",
            f"Lost {running} ({host} executor {attempt % EXECUTORS + 1}): {_TRACE}",
        )
    driver.add(
        f.aborted_at,
        "ERROR",
        "TaskSetManager",
        f"Task {task} in stage {f.stage_id}.0 failed {len(f.attempts)} times; aborting job",
    )
    driver.add(
        f.aborted_at,
        "INFO",
        "DAGScheduler",
        f"ResultStage {f.stage_id} (parquet at NativeMethodAccessorImpl.java:0) failed in 41.8 s"
        f" due to Job aborted due to stage failure: Task {task} in stage {f.stage_id}.0 failed"
        f" {len(f.attempts)} times, most recent failure: Lost task {task}.3 in stage"
        f" {f.stage_id}.0 (TID 615): {_TRACE.splitlines()[0]}",
    )
    driver.add(f.aborted_at, "ERROR", "ApplicationMaster", "User application exited with status 1")


def generate(root: Path, text_budget: int, seed: int) -> SourceFiles:
    """About ``text_budget`` bytes of step and container logs for the three applications,
    the planted failing stage, and malformed records: an SLF4J banner before the first
    record of a container, a record with a thread name where the level belongs, and one
    without the ``Logger:`` separator."""
    r = random.Random(f"demo-emr:{seed}")
    out = SourceFiles(SOURCE, (DATASET,))
    records_per_task = 8
    tasks_total = max(text_budget // 150 // records_per_task, MIN_RECORDS // records_per_task)
    stages_total = sum(app.stages for app in APPS)
    tasks = max(tasks_total // stages_total, 2)
    base = f"emr-logs/{EMR_CLUSTER}"
    for app in APPS:
        failing = app.application_id == inc.FAILING_STAGE.application_id
        driver = Log()
        driver.add(app.start, "INFO", "SparkContext", f"Submitted application: {app.name}")
        executors = [Log() for _ in range(EXECUTORS)]
        end, _ = run_stages(app, driver, executors, tasks, r)
        if failing:
            _fail_stage(driver, executors)
            end = inc.FAILING_STAGE.aborted_at
        else:
            for log in executors:
                assert log.last is not None
                log.add(log.last, "ERROR", "CoarseGrainedExecutorBackend", "RECEIVED SIGNAL TERM")
        if app.name == "parse-vpcflow":
            executors[0].insert_malformed(
                0,
                "SLF4J: Class path contains multiple SLF4J bindings.\n"
                "SLF4J: Found binding in [jar:file:/usr/lib/spark/jars/log4j-slf4j-impl-2.20.0.jar"
                "!/org/slf4j/impl/StaticLoggerBinder.class]\n"
                "SLF4J: Actual binding is of type [org.apache.logging.slf4j.Log4jLoggerFactory]",
            )
            out.reject(DATASET, "emr.no_log4j_header")
            stamp = f"{app.start:%y/%m/%d %H:%M:%S}"
            executors[1].insert_malformed(5, f"{stamp} [Executor task launch worker-0] INFO ok")
            out.reject(DATASET, "emr.bad_level")
            executors[2].insert_malformed(7, f"{stamp} WARN heartbeat timed out after 10 s")
            out.reject(DATASET, "emr.no_logger")
        containers = f"{base}/containers/{app.application_id}"
        files = [
            (f"{base}/steps/{app.step_id}/stderr.gz", step_log(app, end, failing)),
            (f"{containers}/{_container(app, 1)}/stderr.gz", driver),
            *(
                (f"{containers}/{_container(app, n)}/stderr.gz", log)
                for n, log in enumerate(executors, start=2)
            ),
        ]
        for key, log in files:
            assert log.last is not None
            write_text(root, key, "\n".join(log.records) + "\n", out, modified=log.last)
            out.ok(DATASET, log.well_formed)
        # EMR's own step-runner log, in another layout: in the archive, not read by the job.
        controller = (
            f"{app.start:%Y-%m-%dT%H:%M:%S}.118Z INFO Ensure step {app.step_id} jar file"
            " command-runner.jar\n"
            f"{end:%Y-%m-%dT%H:%M:%S}.902Z INFO Step {'failed' if failing else 'succeeded'}"
        )
        write_text(
            root, f"{base}/steps/{app.step_id}/controller.gz", controller, None, modified=end
        )
    return out
