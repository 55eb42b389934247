"""``python -m bench.primitives``: what one call of each built-in the line parsers rely on
costs per row, next to what reading a line costs.

The issue's target for the line formats is a parser at half the I/O floor's throughput or
better, i.e. parsing may add at most the floor's own cost per line. This prints that budget
and the price of the primitives a parse cannot do without, measured on the ALB corpus: the
lines and the tokens are cached in memory first, so each figure is the expression alone
(task-thread CPU of ``selectExpr(expr)`` to ``noop``, less the same pass-through of the
cached column), best of ``--repeat``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from functools import reduce
from pathlib import Path

from pyspark.sql import DataFrame, SparkSession

from bench.contenders import noop
from bench.corpus import Corpus, write_corpus
from bench.cpu import CpuMeter
from bench.parse import bench_session, best_of
from logparse.reader import read
from logparse.sources import load_source

# Tokens of an ALB line after split(line, ' '): time, client addr:port, a duration, a status.
_TOKENS = {
    "time": "get(split(value, ' '), 1)",
    "client": "get(split(value, ' '), 3)",
    "duration": "get(split(value, ' '), 5)",
    "status": "get(split(value, ' '), 8)",
}

# (label, expression over the cached columns, column it passes through as the baseline).
PRIMITIVES: tuple[tuple[str, str, str], ...] = (
    ("split(line, '\"') (once per line)", "split(value, '\"')", "value"),
    ("split(line, ' ')", "split(value, ' ')", "value"),
    ("substring_index(line, ' ', 1)", "substring_index(value, ' ', 1)", "value"),
    ("length(line)", "length(value)", "value"),
    ("try_cast(token AS TIMESTAMP), 'Z' token", "try_cast(time AS TIMESTAMP)", "time"),
    (
        "try_cast(token AS TIMESTAMP), zone cut off",
        "try_cast(substring(time, 1, 26) AS TIMESTAMP)",
        "time",
    ),
    (
        "translate(token without Z, digits, '') (the fast path's guard)",
        "translate(substring(time, 1, 26), '0123456789', '')",
        "time",
    ),
    ("try_cast(token AS INT)", "try_cast(status AS INT)", "status"),
    ("try_cast(token AS DOUBLE)", "try_cast(duration AS DOUBLE)", "duration"),
    ("substring_index(addr:port, ':', -1)", "substring_index(client, ':', -1)", "client"),
    ("nullif(token, '-')", "nullif(status, '-')", "status"),
)


def _task_seconds(meter: CpuMeter, repeat: int, run: Callable[[], None]) -> float:
    """Task-thread CPU of the best of ``repeat`` runs, after one warm-up run."""
    run()
    return best_of(meter, repeat, run, python=False).tasks


# The CPU clock ticks in 10 ms; four copies of the lines resolve a primitive to ~25 ns.
_COPIES = 4


def measure(spark: SparkSession, corpus: Corpus, repeat: int) -> list[tuple[str, float]]:
    """``(label, ns per line)``: the floor, the full ALB parse, then each primitive."""
    meter = CpuMeter(spark)
    alb = load_source("alb")
    files = corpus.files

    def per_line(seconds: float) -> float:
        return seconds / corpus.rows * 1e9

    floor = _task_seconds(meter, repeat, lambda: noop([spark.read.text(files)]))
    ours = _task_seconds(
        meter, repeat, lambda: noop([alb.parse(read(spark, "lines", files))["alb"]])
    )
    tokens = spark.read.text(files).selectExpr(
        "value", *[f"{expr} AS {name}" for name, expr in _TOKENS.items()]
    )
    cached = reduce(DataFrame.union, [tokens] * _COPIES).cache()
    cached.count()
    rows = [
        ("read a line (floor; a parser at half its throughput may add this)", per_line(floor)),
        ("the ALB parser, beyond reading", per_line(ours - floor)),
    ]
    try:
        for label, expr, column in PRIMITIVES:
            base = _task_seconds(meter, repeat, lambda c=column: noop([cached.select(c)]))
            spent = _task_seconds(
                meter, repeat, lambda e=expr: noop([cached.selectExpr(f"{e} AS x")])
            )
            rows.append((label, per_line(max(spent - base, 0.0)) / _COPIES))
    finally:
        cached.unpersist()
    return rows


def table(rows: list[tuple[str, float]]) -> str:
    out = ["| per line | ns (task-thread CPU) |", "|---|---:|"]
    out += [f"| {label} | {ns:.0f} |" for label, ns in rows]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.primitives", description=__doc__)
    ap.add_argument("--mb", type=float, default=64, help="uncompressed MiB of ALB logs")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    spark = bench_session("local[1]", "2g", "logparse-primitives")
    work = Path(tempfile.mkdtemp(prefix="logparse-primitives-"))
    try:
        corpus = write_corpus("alb", work, args.mb, args.seed)
        rows = measure(spark, corpus, args.repeat)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        spark.stop()
    print(f"ALB corpus {args.mb:g} MiB, {corpus.rows} lines, local[1], best of {args.repeat}")
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
