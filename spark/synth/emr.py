"""EMR logs as log4j writes them: a Spark application's driver scheduling stages of tasks,
its executors running them (YARN containers' stderr), and spark-submit's step log reporting on
the YARN application, with task, stage and TID numbers, hosts, shuffle sizes and durations
varying as in Spark's logs.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Final

from synth.world import REGION

EXECUTORS: Final = 4
HOSTS: Final = tuple(f"ip-10-64-{1 + i}-{23 + 11 * i}.{REGION}.compute.internal" for i in range(4))
"""The cluster's core nodes; executor ``n`` runs on ``HOSTS[n - 1]``."""


@dataclass(frozen=True)
class App:
    """One Spark application run as an EMR step."""

    step_id: str
    application_id: str
    name: str
    start: datetime.datetime
    end: datetime.datetime
    """When its background stages are done; the failing application fails after that."""
    stages: int


@dataclass
class Log:
    """One log file being written: its records in order."""

    records: list[str] = field(default_factory=list)
    last: datetime.datetime | None = None
    malformed: int = 0

    def add(self, t: datetime.datetime, level: str, logger: str, message: str) -> None:
        self.records.append(f"{t:%y/%m/%d %H:%M:%S} {level} {logger}: {message}")
        self.last = t if self.last is None else max(self.last, t)

    def in_time_order(self) -> None:
        """Records sorted by their time (stable), as log4j appends them; concurrent tasks
        are generated out of order."""
        self.records.sort(key=lambda rec: rec[:17])

    def insert_malformed(self, at: int, text: str) -> None:
        self.records.insert(at, text)
        self.malformed += 1

    @property
    def well_formed(self) -> int:
        return len(self.records) - self.malformed


def run_stages(
    app: App, driver: Log, executors: list[Log], tasks: int, r: random.Random
) -> tuple[datetime.datetime, int]:
    """The application's background stages; returns the time and next TID after them."""
    t = app.start + datetime.timedelta(seconds=25)
    # Tasks run on all executors' cores at once: the schedule advances by a fraction of a
    # task's duration, sized so the stages end when the application's background does.
    step = (app.end - t) / (app.stages * tasks)
    tid = 0
    for stage in range(app.stages):
        driver.add(
            t,
            "INFO",
            "DAGScheduler",
            f"Submitting ResultStage {stage} (MapPartitionsRDD[{stage * 4 + 3}] at parquet at"
            " NativeMethodAccessorImpl.java:0), which has no missing parents",
        )
        for task in range(tasks):
            e = r.randrange(EXECUTORS)
            log = executors[e]
            t += step
            running = f"task {task}.0 in stage {stage}.0 (TID {tid})"
            driver.add(
                t,
                "INFO",
                "TaskSetManager",
                f"Starting {running} ({HOSTS[e]}, executor {e + 1}, partition {task},"
                f" PROCESS_LOCAL, {r.randrange(8000, 12000)} bytes)",
            )
            log.add(t, "INFO", "CoarseGrainedExecutorBackend", f"Got assigned task {tid}")
            log.add(t, "INFO", "Executor", f"Running {running}")
            remote = r.randrange(1, 40)
            log.add(
                t,
                "INFO",
                "ShuffleBlockFetcherIterator",
                f"Getting {remote + 4} ({r.randrange(1, 90)}.{r.randrange(10)} MiB) non-empty"
                f" blocks including 4 ({r.randrange(1, 9)}.{r.randrange(10)} MiB) local and"
                f" {remote} ({r.randrange(1, 80)}.{r.randrange(10)} MiB) remote blocks",
            )
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
            log.add(
                done,
                "INFO",
                "Executor",
                f"Finished {running}. {r.randrange(1500, 9000)} bytes result sent to driver",
            )
            driver.add(
                done,
                "INFO",
                "TaskSetManager",
                f"Finished {running} in {took} ms on {HOSTS[e]} (executor {e + 1})"
                f" ({task + 1}/{tasks})",
            )
            tid += 1
        driver.add(
            t + datetime.timedelta(seconds=9),
            "INFO",
            "DAGScheduler",
            f"ResultStage {stage} (parquet at NativeMethodAccessorImpl.java:0) finished in"
            f" {r.randrange(2, 90)}.{r.randrange(10)} s",
        )
    driver.in_time_order()
    for log in executors:
        log.in_time_order()
    return max(log.last for log in (driver, *executors) if log.last is not None), tid


def step_log(app: App, end: datetime.datetime, failed: bool) -> Log:
    """spark-submit in cluster mode: the step's stderr reports on the YARN application."""
    step = Log()
    t = app.start
    step.add(t, "INFO", "Client", f"Submitting application {app.application_id} to ResourceManager")
    while t < end:
        step.add(
            t, "INFO", "Client", f"Application report for {app.application_id} (state: RUNNING)"
        )
        t += datetime.timedelta(seconds=60)
    state = "FAILED" if failed else "SUCCEEDED"
    step.add(end, "INFO", "Client", f"Application report for {app.application_id} (state: {state})")
    if failed:
        step.records[-1] += (
            '\nException in thread "main" org.apache.spark.SparkException: Application'
            f" {app.application_id} finished with failed status"
        )
    step.add(end, "INFO", "ShutdownHookManager", "Shutdown hook called")
    return step
