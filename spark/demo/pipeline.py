"""The four steps of ``make demo`` and what they print: the stack and its policy verdict,
the corpus, the Spark job over it, and the answers of the named queries."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import textwrap
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pyspark.sql import SparkSession

from demo import corpus, lake, queries, stack, table
from demo.console import Console
from demo.corpus import Manifest
from logparse import job
from logparse.session import build_session
from synth.archive import SourceFiles

REPO = Path(__file__).resolve().parents[2]
QUERIES = REPO / "queries" / "athena"
STEPS = 4
_COUNTS = ("records_in", "records_out", "rejected", "skipped")


@dataclass(frozen=True)
class Layout:
    """Where the demo keeps everything (``.demo/`` in the repository by default)."""

    root: Path

    @property
    def archive(self) -> Path:
        return self.root / "archive"

    @property
    def lake(self) -> Path:
        return self.root / "lake"

    @property
    def rejects(self) -> Path:
        return self.root / "rejects"

    @property
    def summary(self) -> Path:
        return self.root / "summary.json"

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.json"

    @property
    def spark_log(self) -> Path:
        return self.root / "spark.log"


def shown(path: Path) -> str:
    """``path`` relative to the repository when it is inside it."""
    try:
        return str(path.resolve().relative_to(REPO))
    except ValueError:
        return str(path)


def stack_step(console: Console, repo: Path = REPO) -> bool:
    """Print the dev platform stack's inventory, the gate's verdict and the offline fleet;
    True when the gate passes on every stack."""
    report = stack.run(repo)
    for line in report.inventory.splitlines():
        console.line(f"  {line}")
    console.line()
    for line in stack.verdict(report.gate):
        console.line(f"  {line}")
    console.line()
    for line in stack.fleet_lines(report.fleet):
        console.line(f"  {line}")
    return bool(report.gate["passed"]) and stack.fleet_passed(report.fleet)


def corpus_step(console: Console, layout: Layout, mb: float, seed: int) -> Manifest:
    console.line(
        f"  {mb:g} MiB of logs for {corpus.DAY}, seed {seed}, into {shown(layout.archive)}"
    )

    def written(name: str, files: SourceFiles) -> None:
        s = files.summary()
        malformed = ", ".join(f"{n} {r}" for r, n in s["rejected_by_reason"].items())
        console.line(
            f"  {name:<11} {s['files']:>4} objects {files.text_bytes / corpus.MB:>7.1f} MiB"
            f" {s['records_in']:>8} records  malformed: {malformed}"
        )

    manifest = corpus.generate(layout.archive, mb, seed, written)
    layout.manifest.write_text(manifest.to_json(), encoding="utf-8")
    console.line(f"  planted: {', '.join(manifest.incidents)}")
    return manifest


class _JobProgress:
    """Reports, while the job runs, each source as its output lands and the running Spark
    stage. Every demo source has malformed records and the job writes a source's rejects
    last, so a source's rejects folder for the day marks it done."""

    def __init__(self, console: Console, spark: SparkSession, layout: Layout, day: str) -> None:
        self.console = console
        self.tracker = spark.sparkContext.statusTracker()
        self.layout = layout
        self.day = day
        self.pending = list(corpus.GENERATORS)
        self.started = time.monotonic()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        while not self.stop.wait(0.5):
            self.poll()

    def poll(self) -> None:
        took = time.monotonic() - self.started
        while self.pending and (self.layout.rejects / self.pending[0] / f"dt={self.day}").is_dir():
            self.console.line(f"  {self.pending[0]:<11} parsed and written  ({took:.0f} s)")
            self.pending.pop(0)
        stages = []
        for stage_id in self.tracker.getActiveStageIds():
            info = self.tracker.getStageInfo(stage_id)
            if info is not None:
                stages.append(f"stage {stage_id} {info.numCompletedTasks}/{info.numTasks} tasks")
        current = self.pending[0] if self.pending else "summary"
        self.console.status(f"  {current}: {', '.join(stages) or 'planning'}  ({took:.0f} s)")

    def __enter__(self) -> _JobProgress:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        self.poll()
        self.console.done()


def parsers_line(summary: dict[str, Any]) -> str:
    """Which sources the JVM library parsed and which the SQL parsers did."""
    by: dict[str, list[str]] = {"jvm": [], "sql": []}
    for name, doc in summary["sources"].items():
        by[doc["parser"]].append(name)
    return (
        f"parsers: JVM library (spark/jvm) for {', '.join(by['jvm']) or 'none'};"
        f" Spark SQL for {', '.join(by['sql']) or 'none'}"
    )


def job_args(layout: Layout, day: str) -> job.Args:
    return job.parse_args(
        [
            *("--source", "all", "--input", str(layout.archive)),
            *("--output", str(layout.lake), "--rejects", str(layout.rejects)),
            *("--date", day, "--summary", str(layout.summary)),
            # The demo shows the parsers the EMR step runs: the JVM library, never the fallback.
            *("--parsers", "jvm"),
        ]
    )


def job_step(console: Console, spark: SparkSession, layout: Layout, manifest: Manifest) -> int:
    """Run the job over the corpus into a fresh lake, print its summary per source and
    whether every count is the one the corpus manifest expects; return the job's exit code."""
    for folder in (layout.lake, layout.rejects):
        if folder.exists():
            shutil.rmtree(folder)
    console.line(f"  logparse.job --source all --date {manifest.day} (Spark {spark.version})")
    with (
        _JobProgress(console, spark, layout, manifest.day),
        contextlib.redirect_stdout(io.StringIO()),
    ):
        code, summary = job.run(spark, job_args(layout, manifest.day))
    console.line()
    for line in summary_table(summary, manifest):
        console.line(f"  {line}")
    console.line(f"  {parsers_line(summary)}")
    console.line(f"  status {summary['status']} (exit code {code})")
    for message in summary["messages"]:
        console.line(f"  {message}")
    return code


def summary_table(summary: dict[str, Any], manifest: Manifest) -> list[str]:
    """The run summary per source, with the reject reasons and a check against the counts
    the generator wrote."""
    rows = []
    for name, s in summary["sources"].items():
        expected = manifest.sources[name]
        keys = (*_COUNTS, "rejected_by_reason", "skipped_by_reason")
        matches = all(s[k] == expected[k] for k in keys) and s["files_listed"] == expected["files"]
        reasons = ", ".join(f"{reason} {n}" for reason, n in s["rejected_by_reason"].items())
        rows.append(
            (name, s["files_listed"], *(s[k] for k in _COUNTS), "yes" if matches else "NO", reasons)
        )
    columns = ["source", "files", "records in", "out", "rejected", "skipped", "as planted"]
    return table.render([*columns, "rejected by reason"], rows, max_rows=len(rows)).splitlines()


def queries_step(console: Console, layout: Layout, day: str, directory: Path = QUERIES) -> None:
    con, files = lake.connect(layout.lake)
    tables = ", ".join(f"{d} ({n})" for d, n in files.items())
    console.line(f"  DuckDB views over {shown(layout.lake)} (Parquet files): {tables}")
    console.line(f"  every query's dt range is set to {day}, the day the lake holds")
    for query in queries.load(directory):
        answer = queries.run(con, query, (day, day))
        console.line()
        console.line(f"  ── {query.name}  ({shown(query.path)})")
        for line in textwrap.wrap(query.description, 96):
            console.line(f"     {line}")
        for line in table.render(answer.columns, answer.rows).splitlines():
            console.line(f"     {line}")


@contextlib.contextmanager
def stderr_into(path: Path) -> Iterator[None]:
    """File descriptor 2 pointed at ``path`` (emptied first) while the block runs, so a child
    process started in it (Spark's JVM) keeps writing its log there for its whole life."""
    path.parent.mkdir(parents=True, exist_ok=True)
    saved = os.dup(2)
    with path.open("wb") as log:
        os.dup2(log.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)


def start_spark(layout: Layout, master: str) -> SparkSession:
    """The job's own session (same configuration as on EMR), with local-only additions: a
    2 GiB driver and no console progress bar (the demo reports progress itself). Spark's log
    goes to ``.demo/spark.log``."""
    local = {"spark.driver.memory": "2g", "spark.ui.showConsoleProgress": "false"}
    with stderr_into(layout.spark_log):
        spark = build_session(job.APP_NAME, master, {**job.JVM_OPTIONS, **local})
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def locations(console: Console, layout: Layout, day: str) -> None:
    console.line()
    console.line(f"  corpus    {shown(layout.archive)}  (manifest {shown(layout.manifest)})")
    console.line(f"  lake      {shown(layout.lake)}/<dataset>/dt={day}/…  (Parquet, zstd)")
    console.line(f"  rejects   {shown(layout.rejects)}/<source>/dt={day}/")
    console.line(f"  summary   {shown(layout.summary)}")
    console.line(f"  Spark log {shown(layout.spark_log)}")
    console.line(
        "  ask again after editing queries/athena/*.sql:  cd spark && .venv/bin/python -m demo"
        " queries"
    )
