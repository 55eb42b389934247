"""EMR logs as a cluster pushes them to its logUri: per Spark application a step's stderr
(spark-submit's reports) and YARN containers' stderr (the driver's scheduler and the
executors' task logs), gzip, under ``emr-logs/<cluster>/{steps,containers}/…``; the ids come
from the key, and each object's modification time is its last record's, which is how the job
selects a day. Each step's ``controller.gz`` is in the archive too, in EMR's own layout; the
job's globs leave it out, so it is not part of the corpus.

The stages and tasks are :mod:`synth.emr`'s, as in the demo (task, stage and TID numbers,
hosts, shuffle sizes and durations vary as in Spark's logs). At a low rate a task fails with a
multi-line stack trace (sometimes with a ``Caused by:`` chain): the executor logs it, and the
driver's lost-task line carries the trace too.
"""

from __future__ import annotations

import datetime
import random
import re
from pathlib import Path
from typing import Final

from bench.corpus import FILE_BYTES, Corpus
from synth.archive import write_text
from synth.emr import EXECUTORS, App, Log, run_stages, step_log
from synth.seeded import hex_id
from synth.world import EMR_CLUSTER, MIDNIGHT

TRACE_RATE: Final = 0.002
"""Share of tasks that fail with a stack trace."""
TASKS_PER_STAGE: Final = 200
DRIVER_SHARE: Final = 0.45
"""The driver's part of an application's log text (its scheduler logs two records per task;
measured on the demo's records). Applications are sized so that the driver's log, the
largest container log, is about :data:`FILE_BYTES`."""
TASK_BYTES: Final = 830
"""Log text one task writes, driver and executor together (measured on the demo's records)."""
TASK_MILLISECONDS: Final = 30
"""Scheduling time per task with every executor busy: a 64 MiB corpus spans about an hour."""
_RUNNING: Final = re.compile(r" INFO Executor: Running (task \S+ in stage \S+ \(TID \d+\))$")
_FRAMES: Final = (
    "org.apache.spark.sql.execution.datasources.FileScanRDD$$anon$1.hasNext(FileScanRDD.scala:129)",
    "org.apache.spark.sql.catalyst.expressions.GeneratedClass$GeneratedIteratorForCodegenStage2"
    ".processNext(Unknown Source)",
    "org.apache.spark.sql.execution.BufferedRowIterator.hasNext(BufferedRowIterator.java:43)",
    "org.apache.spark.scheduler.ResultTask.runTask(ResultTask.scala:93)",
    "org.apache.spark.scheduler.Task.run(Task.scala:141)",
    "org.apache.spark.executor.Executor$TaskRunner.run(Executor.scala:620)",
    "java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)",
    "java.base/java.lang.Thread.run(Thread.java:840)",
)
_CAUSES: Final = (
    ("org.apache.spark.SparkException", "Malformed records are detected in record parsing."),
    ("java.lang.NumberFormatException", 'For input string: "N/A"'),
    ("com.amazonaws.SdkClientException", "Unable to execute HTTP request: Read timed out"),
    ("java.io.FileNotFoundException", "No such file or directory: s3://acme-data-lake/raw/x"),
)


def _trace(r: random.Random) -> str:
    cls, message = r.choice(_CAUSES)
    lines = [f"{cls}: {message}", *(f"\tat {f}" for f in _FRAMES[r.randrange(3) :])]
    if r.random() < 0.5:
        inner, why = r.choice(_CAUSES)
        lines += [f"Caused by: {inner}: {why}", f"\tat {_FRAMES[0]}", "\t... 8 more"]
    return "\n".join(lines)


def _fail_some_tasks(driver: Log, executors: list[Log], r: random.Random) -> None:
    """Tasks the executors ran that fail instead, at :data:`TRACE_RATE`; their records
    are appended at the time the task ran, so they sort right after it."""
    for e, log in enumerate(executors, start=1):
        for rec in list(log.records):
            running = _RUNNING.search(rec)
            if running is None or r.random() >= TRACE_RATE:
                continue
            t = datetime.datetime.strptime(rec[:17], "%y/%m/%d %H:%M:%S").replace(
                tzinfo=datetime.timezone.utc
            )
            trace = _trace(r)
            log.add(t, "ERROR", "Executor", f"Exception in {running.group(1)}\n{trace}")
            driver.add(
                t, "WARN", "TaskSetManager", f"Lost {running.group(1)} (executor {e}): {trace}"
            )
    for log in (driver, *executors):
        log.in_time_order()


def _app(n: int, start: datetime.datetime, budget: int, r: random.Random) -> App:
    tasks = max(budget // TASK_BYTES, TASKS_PER_STAGE)
    end = start + datetime.timedelta(milliseconds=tasks * TASK_MILLISECONDS)
    return App(
        f"s-{hex_id(r, 13).upper()}",
        f"application_1748822400000_{n:04d}",
        f"etl-{n}",
        start,
        end,
        max(1, tasks // TASKS_PER_STAGE),
    )


def _write(root: Path, key: str, log: Log, files: list[str]) -> int:
    assert log.last is not None
    text = "\n".join(log.records) + "\n"
    files.append(str(write_text(root, key, text, None, modified=log.last)))
    return len(text.encode())


def write_corpus(root: Path, mb: float, seed: int = 7) -> Corpus:
    """About ``mb`` MiB of uncompressed step and container logs under ``root``: Spark
    applications run one after another, each driver log about :data:`FILE_BYTES`; the same
    seed gives the same bytes."""
    r = random.Random(f"emr:{seed}")
    target = int(mb * 1024 * 1024)
    base = f"emr-logs/{EMR_CLUSTER}"
    files: list[str] = []
    total = records = 0
    start = MIDNIGHT + datetime.timedelta(hours=1)
    n = 1
    while total < target:
        app = _app(n, start, min(int(FILE_BYTES / DRIVER_SHARE), target - total), r)
        driver = Log()
        driver.add(app.start, "INFO", "SparkContext", f"Submitted application: {app.name}")
        executors = [Log() for _ in range(EXECUTORS)]
        end, _ = run_stages(app, driver, executors, TASKS_PER_STAGE, r)
        _fail_some_tasks(driver, executors, r)
        container = app.application_id.replace("application_", "container_")
        logs = [
            (f"steps/{app.step_id}/stderr.gz", step_log(app, end, failed=False)),
            *(
                (f"containers/{app.application_id}/{container}_01_{k:06d}/stderr.gz", log)
                for k, log in enumerate((driver, *executors), start=1)
            ),
        ]
        for key, log in logs:
            if log.records:
                total += _write(root, f"{base}/{key}", log, files)
                records += len(log.records)
        controller = (
            f"{app.start:%Y-%m-%dT%H:%M:%S}.118Z INFO Ensure step {app.step_id} jar file"
            f" command-runner.jar\n{end:%Y-%m-%dT%H:%M:%S}.902Z INFO Step succeeded\n"
        )
        write_text(root, f"{base}/steps/{app.step_id}/controller.gz", controller, None)
        start = end + datetime.timedelta(minutes=2)
        n += 1
    return Corpus(files, total, records)
