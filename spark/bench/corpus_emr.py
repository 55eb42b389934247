"""EMR logs as a cluster pushes them to its logUri: per Spark application a step's stderr
(spark-submit's reports) and YARN containers' stderr (the driver's scheduler and the
executors' task logs), gzip, under ``emr-logs/<cluster>/{steps,containers}/…``; the ids come
from the key, and each object's modification time is its last record's, which is how the job
selects a day. Each step's ``controller.gz`` is in the archive too, in EMR's own layout; the
job's globs leave it out, so it is not part of the corpus.

Records follow Spark's log4j layout with what varies in real logs: task, stage and TID
numbers, hosts, S3 paths, sizes and durations. At low rates: multi-line stack traces (a task
failure with a ``Caused by:`` chain, S3 retries), warnings, and the driver's lost-task lines
that carry a trace.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path
from typing import Final

from bench.corpus import FILE_BYTES, Corpus
from demo.archive import write_text
from demo.sources._common import hex_id, uuid4
from demo.sources.emr import Log
from demo.world import EMR_CLUSTER, MIDNIGHT, REGION

EXECUTORS: Final = 4
TRACE_RATE: Final = 0.002
"""Share of tasks that log an exception with its stack trace."""
TASKS_PER_STAGE: Final = 200
_HOSTS: Final = tuple(f"ip-10-64-{1 + i}-{23 + 11 * i}.{REGION}.compute.internal" for i in range(8))
_FRAMES: Final = (
    "org.apache.spark.sql.execution.datasources.FileScanRDD$$anon$1.hasNext(FileScanRDD.scala:129)",
    "org.apache.spark.sql.catalyst.expressions.GeneratedClass$GeneratedIteratorForCodegenStage2"
    ".processNext(Unknown Source)",
    "org.apache.spark.sql.execution.BufferedRowIterator.hasNext(BufferedRowIterator.java:43)",
    "org.apache.spark.sql.execution.WholeStageCodegenEvaluatorFactory$WholeStageCodegenPartition"
    "Evaluator$$anon$1.hasNext(WholeStageCodegenEvaluatorFactory.scala:43)",
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
    frames = _FRAMES[r.randrange(3) :]
    lines = [f"{cls}: {message}", *(f"\tat {f}" for f in frames)]
    if r.random() < 0.5:
        inner, why = r.choice(_CAUSES)
        lines += [f"Caused by: {inner}: {why}", f"\tat {_FRAMES[0]}", "\t... 8 more"]
    return "\n".join(lines)


class _App:
    """One Spark application's logs being written: its stages run task by task."""

    def __init__(self, n: int, start: datetime.datetime, r: random.Random) -> None:
        self.r = r
        self.application_id = f"application_1748822400000_{n:04d}"
        self.step_id = f"s-{hex_id(r, 13).upper()}"
        self.start = start
        self.t = start
        self.stage = 0
        self.tid = 0
        self.driver = Log()
        self.executors = [Log() for _ in range(EXECUTORS)]
        self.driver.add(start, "INFO", "SparkContext", f"Running Spark version 3.5.6-amzn-{n}")

    def size(self) -> int:
        logs = (self.driver, *self.executors)
        return sum(len(rec) + 1 for log in logs for rec in log.records)

    def run_stage(self) -> None:
        r, stage = self.r, self.stage
        self.driver.add(
            self.t,
            "INFO",
            "DAGScheduler",
            f"Submitting ResultStage {stage} (MapPartitionsRDD[{stage * 4 + 3}] at parquet at"
            " NativeMethodAccessorImpl.java:0), which has no missing parents",
        )
        for task in range(TASKS_PER_STAGE):
            self.task(stage, task)
        self.driver.add(
            self.t,
            "INFO",
            "DAGScheduler",
            f"ResultStage {stage} (parquet at NativeMethodAccessorImpl.java:0) finished in"
            f" {r.randrange(2, 900) / 10} s",
        )
        self.stage += 1

    def task(self, stage: int, task: int) -> None:
        r, tid = self.r, self.tid
        e = r.randrange(EXECUTORS)
        log, host = self.executors[e], _HOSTS[e]
        self.t += datetime.timedelta(milliseconds=r.randrange(1, 60))
        t = self.t
        running = f"task {task}.0 in stage {stage}.0 (TID {tid})"
        self.driver.add(
            t,
            "INFO",
            "TaskSetManager",
            f"Starting {running} ({host}, executor {e + 1}, partition {task}, PROCESS_LOCAL,"
            f" {r.randrange(8000, 12000)} bytes)",
        )
        log.add(t, "INFO", "CoarseGrainedExecutorBackend", f"Got assigned task {tid}")
        log.add(t, "INFO", "Executor", f"Running {running}")
        part = f"part-{r.randrange(10**5):05d}-{uuid4(r)}.c000.snappy.parquet"
        log.add(
            t,
            "INFO",
            "FileScanRDD",
            f"Reading File path: s3://acme-data-lake/raw/dt={MIDNIGHT:%Y-%m-%d}/{part},"
            f" range: 0-{r.randrange(10**7, 134217728)}, partition values: [empty row]",
        )
        if r.random() < 0.2:
            log.add(t, "INFO", "CodeGenerator", f"Code generated in {r.uniform(2, 90):.6f} ms")
        if r.random() < 0.03:
            log.add(
                t,
                "WARN",
                "MemoryStore",
                f"Not enough space to cache rdd_{stage * 4 + 1}_{task} in memory!"
                f" (computed {r.randrange(100, 900)}.0 MiB so far)",
            )
        took = r.randrange(300, 9000)
        done = t + datetime.timedelta(milliseconds=took)
        if r.random() < TRACE_RATE:
            trace = _trace(r)
            log.add(done, "ERROR", "Executor", f"Exception in {running}\n{trace}")
            self.driver.add(
                done,
                "WARN",
                "TaskSetManager",
                f"Lost {running} ({host} executor {e + 1}): {trace}",
            )
        else:
            log.add(
                done,
                "INFO",
                "Executor",
                f"Finished {running}. {r.randrange(1500, 9000)} bytes result sent to driver",
            )
            self.driver.add(
                done,
                "INFO",
                "TaskSetManager",
                f"Finished {running} in {took} ms on {host} (executor {e + 1})"
                f" ({task + 1}/{TASKS_PER_STAGE})",
            )
        self.tid += 1

    def step(self) -> Log:
        step = Log()
        step.add(
            self.start,
            "INFO",
            "Client",
            f"Submitting application {self.application_id} to ResourceManager",
        )
        t = self.start
        while t < self.t:
            step.add(
                t,
                "INFO",
                "Client",
                f"Application report for {self.application_id} (state: RUNNING)",
            )
            t += datetime.timedelta(seconds=60)
        step.add(
            self.t,
            "INFO",
            "Client",
            f"Application report for {self.application_id} (state: SUCCEEDED)",
        )
        return step


def _write(root: Path, key: str, log: Log, files: list[str]) -> int:
    assert log.last is not None
    log.in_time_order()
    text = "\n".join(log.records) + "\n"
    files.append(str(write_text(root, key, text, None, modified=log.last)))
    return len(text.encode())


def write_corpus(root: Path, mb: float, seed: int = 7) -> Corpus:
    """About ``mb`` MiB of uncompressed step and container logs under ``root``: Spark
    applications run one after another, each until its containers hold about
    :data:`FILE_BYTES` per file; the same seed gives the same bytes."""
    r = random.Random(f"emr:{seed}")
    target = int(mb * 1024 * 1024)
    base = f"emr-logs/{EMR_CLUSTER}"
    files: list[str] = []
    total = records = 0
    start = MIDNIGHT + datetime.timedelta(hours=1)
    n = 1
    while total < target:
        app = _App(n, start, r)
        per_app = min(FILE_BYTES * (1 + EXECUTORS), target - total)
        while app.size() < per_app:
            app.run_stage()
        step = app.step()
        container = app.application_id.replace("application_", "container_")
        logs = [
            (f"steps/{app.step_id}/stderr.gz", step),
            *(
                (f"containers/{app.application_id}/{container}_01_{k:06d}/stderr.gz", log)
                for k, log in enumerate((app.driver, *app.executors), start=1)
            ),
        ]
        for key, log in logs:
            if log.records:
                total += _write(root, f"{base}/{key}", log, files)
                records += len(log.records)
        controller = (
            f"{app.start:%Y-%m-%dT%H:%M:%S}.118Z INFO Ensure step {app.step_id} jar file"
            f" command-runner.jar\n{app.t:%Y-%m-%dT%H:%M:%S}.902Z INFO Step succeeded\n"
        )
        write_text(root, f"{base}/steps/{app.step_id}/controller.gz", controller, None)
        start = app.t + datetime.timedelta(minutes=2)
        n += 1
    return Corpus(files, total, records)
