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
(bench/duckdb_peer.py). Each is warmed up until its task CPU is steady (see :func:`warm_up`)
and timed best-of-``--repeat`` by the CPU seconds it cost (the Spark JVM, plus the Python
workers for the UDF; DuckDB's own process) as well as wall time: on a shared machine CPU time
is far steadier. Throughput is uncompressed input MB per CPU-second, i.e. per core.

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
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession

from bench import duckdb_peer
from bench.contenders import Contenders
from bench.corpus import Corpus
from bench.cpu import CpuMeter, CpuSample
from bench.jar import require_fresh
from bench.sources import (
    SOURCES,
    udf_records_parsed,
    write_corpus,
)
from bench.warmup import JvmWarmUp, warm_jvm, warm_line, warm_up
from logparse import native
from logparse.job import JVM_OPTIONS
from logparse.model import OK, REASON, REJECT, SKIP, STATUS
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
    warm_runs: dict[str, int]
    """Untimed warm-up runs each contender took to be steady (see :func:`warm_up`)."""


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
    meter = CpuMeter(spark)
    _jvm_heap(spark, reset=True)
    runs = Contenders(spark, source, corpus, udf)

    # Untimed checks first (each a first run of what it checks), then every contender warmed
    # until steady and timed.
    counts = status_counts(runs.ours_frames())
    check_ours(source, counts, corpus)
    ours_ok = sum(n for (status, _), n in counts.items() if status == OK)
    udf_matched = udf_records_parsed(source, runs.raw()) if runs.udf else None
    if udf_matched is not None:
        check_udf(source, udf_matched, corpus)
    if runs.with_java_udf:
        check_ours(source, status_counts([runs.java_udf_frame()]), corpus)
    partitions = runs.raw().rdd.getNumPartitions()
    warm: dict[str, int] = {}
    timings: dict[str, Timing] = {}
    for name, (run, python) in runs.runs().items():
        warm[name] = warm_up(meter, run, python)
        timings[name] = best_of(meter, repeat, run, python)
    used, peak = _jvm_heap(spark, reset=False)
    rss, rss_peak = _py_rss()
    f = duckdb_peer.measure(source, corpus.files, repeat) if source in duckdb_peer.LAYOUTS else None
    return Result(
        source,
        scale,
        corpus,
        partitions,
        timings["floor"],
        timings["ours"],
        timings.get("udf"),
        timings.get("sql"),
        timings.get("jvm_udf"),
        f,
        ours_ok,
        udf_matched,
        used,
        peak,
        rss,
        rss_peak,
        warm,
    )


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
        "JVM heap used/peak MB | Python RSS/peak MB | warm-up runs |"
    )
    rows = [head, "|" + "---|" * 22]
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
            f"{r.heap_used_mb:.0f}/{r.heap_peak_mb:.0f} | {r.py_rss_mb:.0f}/{r.py_peak_mb:.0f} | "
            f"{' '.join(f'{k} {n}' for k, n in r.warm_runs.items())} |"
        )
    return "\n".join(rows)


def metrics(r: Result) -> dict[str, str | int | float | dict[str, int] | None]:
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
        "warm_up_runs": dict(r.warm_runs),
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
    ap.add_argument(
        "--jvm-warm-up",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="at most this long warming the JVM until its JIT is quiet, before any timing "
        "(0: none)",
    )
    ap.add_argument(
        "--same-jvm",
        action="store_true",
        help="measure every source in this process's one JVM, one after another (as the job's "
        "--source all runs); default: each source in a JVM of its own, as the job's scheduled "
        "steps run, so no source is measured in a JVM another one warmed or left",
    )
    args = ap.parse_args(argv)

    sources = list(SOURCES) if args.source == "all" else args.source.split(",")
    unknown = [s for s in sources if s not in SOURCES]
    if unknown:
        ap.error(f"--source: no corpus generator for {unknown}; expected {list(SOURCES)} or all")
    scales = [int(s) for s in args.scales.split(",")]
    jar = native.jar_path()
    if jar is not None and native.JAR_ENV not in os.environ:
        require_fresh(jar)
    if len(sources) > 1 and not args.same_jvm:
        return _per_source(args, sources)
    return _measure_here(args, sources, scales)


def _child_argv(args: argparse.Namespace, source: str, json_out: Path) -> list[str]:
    """The command line that measures ``source`` alone with the same settings."""
    argv = [
        sys.executable,
        "-m",
        "bench.parse",
        "--source",
        source,
        "--mb",
        str(args.mb),
        "--scales",
        args.scales,
        "--repeat",
        str(args.repeat),
        "--master",
        args.master,
        "--driver-memory",
        args.driver_memory,
        "--seed",
        str(args.seed),
        "--jvm-warm-up",
        str(args.jvm_warm_up),
        "--json",
        str(json_out),
    ]
    if args.no_udf:
        argv.append("--no-udf")
    if args.workdir:
        argv += ["--workdir", str(Path(args.workdir) / source)]
    return argv


def _per_source(args: argparse.Namespace, sources: list[str]) -> int:
    """Each source measured by a child process (its own Spark JVM); their tables and figures
    merged. A child that fails stops the run, naming the source."""
    rows: list[str] = []
    figures: list[object] = []
    footers: list[str] = []
    with tempfile.TemporaryDirectory(prefix="logparse-bench-json-") as tmp:
        for source in sources:
            out = Path(tmp) / f"{source}.json"
            child = subprocess.run(
                _child_argv(args, source, out), stdout=subprocess.PIPE, text=True, check=False
            )
            if child.returncode != 0:
                print(
                    f"bench.parse: measuring {source} failed (exit {child.returncode})",
                    file=sys.stderr,
                )
                return child.returncode
            lines = child.stdout.splitlines()
            rows += [line for line in lines if line.startswith(f"| {source} |")]
            footers += [f"{source}: {line}" for line in lines if line.endswith(" CPUs")]
            figures += json.loads(out.read_text())
    print("\n".join(footers))
    print("\n".join([*table([]).splitlines(), *rows]))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2) + "\n")
    return 0


def _measure_here(args: argparse.Namespace, sources: list[str], scales: list[int]) -> int:
    spark = bench_session(args.master, args.driver_memory, "logparse-bench")
    cores = spark.sparkContext.defaultParallelism
    work = Path(args.workdir or tempfile.mkdtemp(prefix="logparse-bench-"))
    results: list[Result] = []
    print(f"start: {_load()}", file=sys.stderr, flush=True)
    warm: JvmWarmUp | None = None
    try:
        if args.jvm_warm_up > 0:
            warm = warm_jvm(spark, sources, work, args.seed, not args.no_udf, args.jvm_warm_up)
            print(f"JVM warm-up: {warm_line(warm)}", file=sys.stderr, flush=True)
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
        f"JVM warm-up: {'none' if warm is None else warm_line(warm)}; end: {_load()}"
    )
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps([metrics(r) for r in results], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
