"""``python -m bench.parse --source <name|all> --mb <size>``: parser throughput against the
I/O floor and a Python-UDF parser, on a generated corpus, plus driver memory at 1x and 4x.

(a) floor: ``spark.read.text(files)`` to the ``noop`` sink; (b) ours: the job's reader and
the source's ``parse`` to ``noop``; (c) the UDF baseline to ``noop``. Each is warmed up once
and timed best-of-``--repeat``. Throughput is uncompressed input MB per second per core.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession

from bench.corpus import GENERATORS, Corpus, write_corpus
from bench.udf import parse_with_udf
from logparse.reader import read
from logparse.sources import load_source

MB = 1024 * 1024


@dataclass(frozen=True)
class Result:
    source: str
    scale: int
    corpus: Corpus
    floor: float
    ours: float
    udf: float | None
    heap_used_mb: float
    heap_peak_mb: float
    py_rss_mb: float
    py_peak_mb: float


def _noop(frames: list[DataFrame]) -> None:
    for df in frames:
        df.write.format("noop").mode("overwrite").save()


def _best(repeat: int, run: Callable[[], None]) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
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


def measure(
    spark: SparkSession, source: str, corpus: Corpus, scale: int, repeat: int, udf: bool
) -> Result:
    module = load_source(source)
    _jvm_heap(spark, reset=True)

    def floor() -> None:
        _noop([spark.read.text(corpus.files)])

    def ours() -> None:
        _noop(list(module.parse(read(spark, module.READ_MODE, corpus.files)).values()))

    def baseline() -> None:
        _noop([parse_with_udf(source, read(spark, module.READ_MODE, corpus.files))])

    floor()
    ours()
    a = _best(repeat, floor)
    b = _best(repeat, ours)
    c = _best(repeat, baseline) if udf else None
    used, peak = _jvm_heap(spark, reset=False)
    rss, rss_peak = _py_rss()
    return Result(source, scale, corpus, a, b, c, used, peak, rss, rss_peak)


def table(results: list[Result], cores: int) -> str:
    def rate(r: Result, seconds: float | None) -> str:
        return "-" if seconds is None else f"{r.corpus.bytes / MB / seconds / cores:7.1f}"

    head = (
        "| source | scale | input MB | lines | floor s | floor MB/s/core | ours s | "
        "ours MB/s/core | UDF s | UDF MB/s/core | ours/floor | ours vs UDF | "
        "JVM heap used/peak MB | Python RSS/peak MB |"
    )
    rows = [head, "|" + "---|" * 14]
    for r in results:
        udf = "-" if r.udf is None else f"{r.udf:.2f}"
        speedup = "-" if r.udf is None else f"{r.udf / r.ours:.1f}x"
        rows.append(
            f"| {r.source} | {r.scale}x | {r.corpus.bytes / MB:.0f} | {r.corpus.lines} | "
            f"{r.floor:.2f} | {rate(r, r.floor)} | {r.ours:.2f} | {rate(r, r.ours)} | {udf} | "
            f"{rate(r, r.udf)} | {r.floor / r.ours:.2f} | {speedup} | "
            f"{r.heap_used_mb:.0f}/{r.heap_peak_mb:.0f} | {r.py_rss_mb:.0f}/{r.py_peak_mb:.0f} |"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.parse", description=__doc__)
    ap.add_argument("--source", default="all", help="alb, vpcflow, s3access or all")
    ap.add_argument("--mb", type=float, default=64, help="uncompressed MiB per source at 1x")
    ap.add_argument("--scales", default="1,4", help="corpus multiples to run (memory check)")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per measurement (best)")
    ap.add_argument("--no-udf", action="store_true", help="skip the Python-UDF baseline")
    ap.add_argument("--master", default="local[*]")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--workdir", help="where to write the corpus (default: a temp dir)")
    args = ap.parse_args(argv)

    sources = list(GENERATORS) if args.source == "all" else args.source.split(",")
    unknown = [s for s in sources if s not in GENERATORS]
    if unknown:
        ap.error(f"--source: no corpus generator for {unknown}; expected {sorted(GENERATORS)}")
    scales = [int(s) for s in args.scales.split(",")]

    spark = (
        SparkSession.builder.master(args.master)
        .appName("logparse-bench")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", "2g")
        # The parsers' generated code has methods past HotSpot's 8000-byte JIT limit; without
        # this flag they run in the bytecode interpreter (2x slower measured). The job sets it.
        .config("spark.driver.extraJavaOptions", "-XX:-DontCompileHugeMethods")
        .config("spark.executor.extraJavaOptions", "-XX:-DontCompileHugeMethods")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    cores = spark.sparkContext.defaultParallelism
    work = Path(args.workdir or tempfile.mkdtemp(prefix="logparse-bench-"))
    results: list[Result] = []
    try:
        for source in sources:
            for scale in scales:
                root = work / f"{source}-{scale}x"
                corpus = write_corpus(source, root, args.mb * scale, args.seed)
                results.append(
                    measure(spark, source, corpus, scale, args.repeat, udf=not args.no_udf)
                )
                print(table(results[-1:], cores).splitlines()[-1], file=sys.stderr, flush=True)
                shutil.rmtree(root)
    finally:
        if not args.workdir:
            shutil.rmtree(work, ignore_errors=True)
        spark.stop()
    print(f"{cores} cores ({args.master}), best of {args.repeat}, corpus seed {args.seed}")
    print(table(results, cores))
    return 0


if __name__ == "__main__":
    sys.exit(main())
