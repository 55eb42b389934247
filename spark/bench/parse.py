"""``python -m bench.parse --source <name|all> --mb <size> [--json FILE]``: parser throughput
against the I/O floor, a Python-UDF parser and DuckDB, on a generated corpus, plus driver
memory at 1x and 4x.

(a) floor: ``spark.read.text(files)`` to the ``noop`` sink; (b) ours: what the job runs for
the source, to ``noop``: the JVM parser (format ``awslogs``) for ALB, VPC flow and S3 access,
the reader and the source's SQL ``parse`` for the others (every dataset of the source; when
there are several, the read is persisted once as the job does); (c) for the line formats with
a JVM parser, the SQL parser as well (what ran before the JVM parsers), and for ALB and S3
access the JVM parser in its other shape, a Java UDF over the text source's lines; (d) the
Python-UDF baseline to ``noop`` (for file formats one UDF call per file, returning the file's
records); (e) for the line formats, DuckDB's ``read_csv`` over the same files on one thread
(bench/duckdb_peer.py). Each is warmed up once and timed best-of-``--repeat`` by the CPU
seconds it cost (the Spark JVM, plus the Python workers for the UDF; DuckDB's own process) as
well as wall time: on a shared machine CPU time is far steadier. Throughput is uncompressed
input MB per CPU-second, i.e. per core.

Before timing, both parsers are checked: ours must find exactly the generated records ``ok``
and the non-records (headers, digests, control messages) ``skip``, and the UDF must parse at
least 99% of the records and no more than there are (a baseline that fails early would
flatter itself).

The target of at least 0.5x the floor applies to the line formats (alb, vpcflow, s3access);
file formats are read whole and their ratio is printed for information.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession

from bench import duckdb_peer
from bench.corpus import Corpus
from bench.cpu import CpuMeter, CpuSample
from bench.sources import (
    DECLARED_FORMATS,
    SOURCES,
    parse_with_udf,
    source_module,
    udf_records_parsed,
    write_corpus,
)
from logparse import native
from logparse.job import JVM_OPTIONS
from logparse.model import OK, REASON, REJECT, SKIP, STATUS
from logparse.reader import read
from logparse.session import build_session

MB = 1024 * 1024
# The UDF must parse at least this share of the lines for its timing to count.
MIN_UDF_MATCH = 0.99


class BenchmarkCheckError(RuntimeError):
    """A parser did not do the work being timed (wrong ok or skip count, rejects, or a UDF
    that parsed too few records or more than there are)."""


@dataclass(frozen=True)
class Timing:
    """Best-of-N of one measurement: CPU seconds (total, task threads only) and wall."""

    cpu: float
    tasks: float
    wall: float


@dataclass(frozen=True)
class Result:
    source: str
    scale: int
    corpus: Corpus
    partitions: int
    floor: Timing
    ours: Timing
    udf: Timing | None
    sql: Timing | None
    """The SQL parser, when ``ours`` is the JVM parser."""
    jvm_udf: Timing | None
    """The JVM parser as a Java UDF over the text source's lines (ALB, S3 access)."""
    duckdb: duckdb_peer.PeerTiming | None
    ours_ok: int
    udf_matched: int | None
    heap_used_mb: float
    heap_peak_mb: float
    py_rss_mb: float
    py_peak_mb: float


def noop(frames: list[DataFrame]) -> None:
    """Run each frame to the ``noop`` sink: every row is computed, nothing is written."""
    for df in frames:
        df.write.format("noop").mode("overwrite").save()


def best_of(meter: CpuMeter, repeat: int, run: Callable[[], None], python: bool) -> Timing:
    """Best of ``repeat`` runs by CPU; ``python`` adds the UDF workers' CPU to the JVM's."""
    best: Timing | None = None
    for _ in range(repeat):
        before = meter.sample()
        start = time.perf_counter()
        run()
        wall = time.perf_counter() - start
        spent: CpuSample = meter.sample() - before
        cpu = spent.jvm + (spent.python if python else 0.0)
        tasks = spent.tasks + (spent.python if python else 0.0)
        if best is None or cpu < best.cpu:
            best = Timing(cpu, tasks, wall)
    assert best is not None
    return best


def _jvm_heap(spark: SparkSession, reset: bool) -> tuple[float, float]:
    """Heap used after a GC, and the peak of the heap pools since the last reset, in MiB."""
    jvm = spark.sparkContext._jvm
    mf = jvm.java.lang.management.ManagementFactory
    pools = [p for p in mf.getMemoryPoolMXBeans() if p.getType().toString() == "Heap memory"]
    jvm.java.lang.System.gc()
    used = mf.getMemoryMXBean().getHeapMemoryUsage().getUsed() / MB
    peak = sum(p.getPeakUsage().getUsed() for p in pools) / MB
    if reset:
        for p in pools:
            p.resetPeakUsage()
    return used, peak


def _py_rss() -> tuple[float, float]:
    current = 0.0
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            current = int(line.split()[1]) / 1024
    return current, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def status_counts(frames: list[DataFrame]) -> Counter[tuple[str, str | None]]:
    """Output rows by (status, reason) over all of a source's datasets."""
    counts: Counter[tuple[str, str | None]] = Counter()
    for df in frames:
        for row in df.groupBy(STATUS, REASON).count().collect():
            counts[(row[STATUS], row[REASON])] += row["count"]
    return counts


def check_ours(source: str, counts: Counter[tuple[str, str | None]], corpus: Corpus) -> None:
    ok = sum(n for (status, _), n in counts.items() if status == OK)
    skip = sum(n for (status, _), n in counts.items() if status == SKIP)
    rejects = {reason: n for (status, reason), n in counts.items() if status == REJECT}
    if ok != corpus.records or skip != corpus.skipped or rejects:
        raise BenchmarkCheckError(
            f"{source}: our parser found {ok} ok, {skip} skip and rejects {rejects or 'none'} "
            f"in the corpus; expected {corpus.records} ok, {corpus.skipped} skip and no rejects"
        )


def check_udf(source: str, matched: int, corpus: Corpus) -> None:
    if not MIN_UDF_MATCH * corpus.records <= matched <= corpus.records:
        raise BenchmarkCheckError(
            f"{source}: the UDF baseline parsed {matched} of {corpus.records} records; expected "
            f"at least {MIN_UDF_MATCH:.0%} and no more than there are, so its timing would not "
            "be a parse of the corpus"
        )


def measure(
    spark: SparkSession, source: str, corpus: Corpus, scale: int, repeat: int, udf: bool
) -> Result:
    module = source_module(source)
    declared = source in DECLARED_FORMATS
    udf = udf and not declared
    meter = CpuMeter(spark)
    _jvm_heap(spark, reset=True)

    def raw() -> DataFrame:
        return read(spark, module.READ_MODE, corpus.files)

    def parsed(frame: DataFrame) -> list[DataFrame]:
        return list(module.parse(frame).values())

    jvm = (source in native.SOURCES or declared) and native.available(spark)

    def parsed_natively() -> list[DataFrame]:
        if declared:
            return list(module.read_jvm(spark, corpus.files, None).values())
        return [native.read(spark, source, module.DATASETS[0], corpus.files)]

    def run(frames_of: Callable[[DataFrame], list[DataFrame]]) -> None:
        """All of a source's output frames to ``noop``; with several datasets, from one
        persisted read, as the job does."""
        frame = raw()
        shared = len(module.DATASETS) > 1
        if shared:
            frame = frame.persist(StorageLevel.MEMORY_AND_DISK)
        try:
            noop(frames_of(frame))
        finally:
            if shared:
                frame.unpersist()

    def floor() -> None:
        noop([spark.read.text(corpus.files)])

    def ours() -> None:
        if jvm:
            noop(parsed_natively())
        else:
            run(parsed)

    def sql() -> None:
        run(parsed)

    def jvm_udf() -> None:
        run(lambda frame: [_java_udf_frame(spark, source, frame)])

    def baseline() -> None:
        run(lambda frame: parse_with_udf(source, frame))

    # Untimed checks that double as warm-up runs.
    counts = status_counts(parsed_natively() if jvm else parsed(raw()))
    check_ours(source, counts, corpus)
    ours_ok = sum(n for (status, _), n in counts.items() if status == OK)
    udf_matched = udf_records_parsed(source, raw()) if udf else None
    if udf_matched is not None:
        check_udf(source, udf_matched, corpus)
    partitions = raw().rdd.getNumPartitions()
    floor()
    ours()
    a = best_of(meter, repeat, floor, python=False)
    b = best_of(meter, repeat, ours, python=False)
    c = best_of(meter, repeat, baseline, python=True) if udf else None
    d = best_of(meter, repeat, sql, python=False) if jvm else None
    with_udf = jvm and source in JAVA_UDFS
    if with_udf:
        check_ours(source, status_counts([_java_udf_frame(spark, source, raw())]), corpus)
    e = best_of(meter, repeat, jvm_udf, python=False) if with_udf else None
    used, peak = _jvm_heap(spark, reset=False)
    rss, rss_peak = _py_rss()
    f = duckdb_peer.measure(source, corpus.files, repeat) if source in duckdb_peer.LAYOUTS else None
    return Result(
        source,
        scale,
        corpus,
        partitions,
        a,
        b,
        c,
        d,
        e,
        f,
        ours_ok,
        udf_matched,
        used,
        peak,
        rss,
        rss_peak,
    )


# The JVM parsers that also exist as a Java UDF over lines (a VPC flow line needs its file's
# header, which a per-line function cannot see).
JAVA_UDFS = {"alb": "logplatform.awslogs.udf.AlbLineUdf"}


def _java_udf_frame(spark: SparkSession, source: str, raw: DataFrame) -> DataFrame:
    """``raw``'s lines through the Java UDF shape of the JVM parser: one struct per line."""
    schema = native.output_schema(source_module(source).DATASETS[0])
    jvm = spark.sparkContext._jvm
    jvm.java.lang.System.setProperty(f"awslogs.udf.{source}.schema", schema.json())
    spark.udf.registerJavaFunction(f"awslogs_{source}", JAVA_UDFS[source], schema)
    return raw.selectExpr(f"awslogs_{source}(value, source_file) AS r").select("r.*")


def table(results: list[Result]) -> str:
    def rate(r: Result, t: Timing | None) -> str:
        return "-" if t is None else f"{r.corpus.bytes / MB / t.cpu:.1f}"

    def ratio(x: float | None) -> str:
        return "-" if x is None else f"{x:.2f}"

    head = (
        "| source | scale | input MB | records | tasks | floor CPU s (wall) | floor MB/CPU-s | "
        "ours | ours CPU s (wall) | ours MB/CPU-s | UDF CPU s (wall) | UDF MB/CPU-s | "
        "ours/floor | ours vs UDF | task-thread ours/floor | SQL parser task-thread/floor | "
        "Java-UDF shape task-thread/floor | DuckDB MB/CPU-s (1 thread) | ours vs DuckDB | "
        "JVM heap used/peak MB | Python RSS/peak MB |"
    )
    rows = [head, "|" + "---|" * 21]
    for r in results:
        udf = "-" if r.udf is None else f"{r.udf.cpu:.2f} ({r.udf.wall:.2f})"
        vs_udf = "-" if r.udf is None else f"{r.udf.cpu / r.ours.cpu:.1f}x"
        vs_duck = None if r.duckdb is None else r.duckdb.cpu / r.ours.cpu
        duck = "-" if r.duckdb is None else f"{r.corpus.bytes / MB / r.duckdb.cpu:.1f}"
        rows.append(
            f"| {r.source} | {r.scale}x | {r.corpus.bytes / MB:.0f} | {r.corpus.rows} | "
            f"{r.partitions} | {r.floor.cpu:.2f} ({r.floor.wall:.2f}) | {rate(r, r.floor)} | "
            f"{'JVM' if r.sql is not None else 'SQL'} | "
            f"{r.ours.cpu:.2f} ({r.ours.wall:.2f}) | {rate(r, r.ours)} | {udf} | "
            f"{rate(r, r.udf)} | {ratio(r.floor.cpu / r.ours.cpu)} | {vs_udf} | "
            f"{ratio(r.floor.tasks / r.ours.tasks)} | "
            f"{ratio(None if r.sql is None else r.floor.tasks / r.sql.tasks)} | "
            f"{ratio(None if r.jvm_udf is None else r.floor.tasks / r.jvm_udf.tasks)} | "
            f"{duck} | {ratio(vs_duck)} | "
            f"{r.heap_used_mb:.0f}/{r.heap_peak_mb:.0f} | {r.py_rss_mb:.0f}/{r.py_peak_mb:.0f} |"
        )
    return "\n".join(rows)


def metrics(r: Result) -> dict[str, str | int | float | None]:
    """The figures ``--json`` writes for one source and scale. ``ours_vs_duckdb`` compares
    throughput per CPU-second: DuckDB's CPU over ours (the whole JVM's), above 1 when ours is
    faster."""
    return {
        "source": r.source,
        "scale": r.scale,
        "ours_over_floor": r.floor.cpu / r.ours.cpu,
        "task_thread_ours_over_floor": r.floor.tasks / r.ours.tasks,
        "ours_vs_udf": None if r.udf is None else r.udf.cpu / r.ours.cpu,
        "ours_vs_duckdb": None if r.duckdb is None else r.duckdb.cpu / r.ours.cpu,
    }


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} CPUs"


def bench_session(master: str, driver_memory: str, app: str) -> SparkSession:
    """A local session configured as the job configures its own (its settings and JIT flag),
    without the UI and its console progress bar."""
    local = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.driver.memory": driver_memory,
    }
    return build_session(app, master, {**JVM_OPTIONS, **local}, log_level="ERROR")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.parse", description=__doc__)
    ap.add_argument("--source", default="all", help=f"{', '.join(SOURCES)} or all")
    ap.add_argument("--mb", type=float, default=128, help="uncompressed MiB per source at 1x")
    ap.add_argument("--scales", default="1,4", help="corpus multiples to run (memory check)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per measurement (best)")
    ap.add_argument("--no-udf", action="store_true", help="skip the Python-UDF baseline")
    ap.add_argument("--master", default="local[*]")
    ap.add_argument(
        "--driver-memory",
        default="2g",
        help="heap of the local JVM (driver and executor at once); file formats hold whole "
        "objects in memory and need more than 2g for 16 MiB CloudTrail objects",
    )
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workdir", help="where to write the corpus (default: a temp dir)")
    ap.add_argument("--json", help="also write the figures per source and scale to this file")
    args = ap.parse_args(argv)

    sources = list(SOURCES) if args.source == "all" else args.source.split(",")
    unknown = [s for s in sources if s not in SOURCES]
    if unknown:
        ap.error(f"--source: no corpus generator for {unknown}; expected {list(SOURCES)} or all")
    scales = [int(s) for s in args.scales.split(",")]

    spark = bench_session(args.master, args.driver_memory, "logparse-bench")
    cores = spark.sparkContext.defaultParallelism
    work = Path(args.workdir or tempfile.mkdtemp(prefix="logparse-bench-"))
    results: list[Result] = []
    print(f"start: {_load()}", file=sys.stderr, flush=True)
    try:
        for source in sources:
            for scale in scales:
                root = work / f"{source}-{scale}x"
                corpus = write_corpus(source, root, args.mb * scale, args.seed)
                results.append(
                    measure(spark, source, corpus, scale, args.repeat, udf=not args.no_udf)
                )
                print(table(results[-1:]).splitlines()[-1], file=sys.stderr, flush=True)
                shutil.rmtree(root)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
        spark.stop()
    print(
        f"{cores} cores ({args.master}), best of {args.repeat} by CPU, corpus seed {args.seed}; "
        f"end: {_load()}"
    )
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps([metrics(r) for r in results], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
