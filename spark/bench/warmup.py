"""When the parse benchmark may start timing: the JVM warmed until its JIT is quiet, then each
contender run until its task CPU is steady."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pyspark.sql import SparkSession

from bench.contenders import Contenders
from bench.cpu import CpuMeter, CpuSample
from bench.sources import write_corpus

# Warm-up: runs until two in a row cost task CPU within WARM_TOLERANCE of each other, at least
# WARM_MIN and at most WARM_MAX runs.
WARM_MIN = 2
WARM_MAX = 6
WARM_TOLERANCE = 0.10


def steady(task_seconds: list[float], tolerance: float = WARM_TOLERANCE) -> bool:
    """Whether the last two warm-up runs cost task CPU within ``tolerance`` of each other.

    C2 compiles a parser's hot methods only after thousands of calls and while it works
    through a queue of Spark's own methods, so the first runs in a young JVM execute the
    parser in less optimized code; timing them measures the JIT, not the parser (a source
    measured first in a run came out at 0.35 task-thread of the floor where, measured
    second, it was 0.60)."""
    if len(task_seconds) < 2:
        return False
    last, previous = task_seconds[-1], task_seconds[-2]
    return abs(last - previous) <= tolerance * max(last, previous)


def warm_up(meter: CpuMeter, run: Callable[[], None], python: bool) -> int:
    """Runs ``run`` untimed until :func:`steady` (between ``WARM_MIN`` and ``WARM_MAX``
    runs); returns how many it took. ``python`` counts the UDF workers' CPU as task CPU."""
    spent: list[float] = []
    while len(spent) < WARM_MAX:
        before = meter.sample()
        run()
        after = meter.sample() - before
        spent.append(after.tasks + (after.python if python else 0.0))
        if len(spent) >= WARM_MIN and steady(spent):
            break
    return len(spent)


# JVM warm-up: rounds of every contender on small corpora until a round's JIT compiler threads
# used at most JIT_QUIET of the JVM's CPU (at least JVM_WARM_MIN_ROUNDS, within the budget).
JVM_WARM_MB = 4.0
JVM_WARM_MIN_ROUNDS = 3
JIT_QUIET = 0.10


def jit_quiet(spent: CpuSample, share: float = JIT_QUIET) -> bool:
    """Whether the JIT compilers used at most ``share`` of the JVM's CPU over ``spent``."""
    return spent.jvm > 0 and spent.jit <= share * spent.jvm


@dataclass(frozen=True)
class JvmWarmUp:
    rounds: int
    seconds: float
    last_jit_share: float
    """JIT compiler CPU over JVM CPU in the last round: at most JIT_QUIET when it settled."""


def warm_jvm(
    spark: SparkSession,
    sources: list[str],
    work: Path,
    seed: int,
    udf: bool,
    budget_seconds: float,
) -> JvmWarmUp:
    """Runs every contender of every source on a ``JVM_WARM_MB`` corpus, round after round,
    until the JIT is quiet or ``budget_seconds`` have passed.

    In a young JVM, C2 spends about a core compiling Spark's own planner and scheduler code
    for tens of seconds, and whichever query runs meanwhile is charged for it: measured
    over 40 rounds of ALB at 64 MiB, a query's compiler CPU fell from 0.09-0.33 s to
    0.01-0.09 s, so the first source of a run came out slower than the same source measured
    later. An EMR executor parsing a day of logs runs in a warm JVM; this measures that."""
    meter = CpuMeter(spark)
    corpora = [
        Contenders(spark, s, write_corpus(s, work / f"warm-{s}", JVM_WARM_MB, seed), udf)
        for s in sources
    ]
    started = time.perf_counter()
    rounds = 0
    try:
        while True:
            before = meter.sample()
            for contenders in corpora:
                for run, _ in contenders.runs().values():
                    run()
            spent = meter.sample() - before
            rounds += 1
            elapsed = time.perf_counter() - started
            settled = rounds >= JVM_WARM_MIN_ROUNDS and jit_quiet(spent)
            if settled or elapsed >= budget_seconds:
                share = spent.jit / spent.jvm if spent.jvm > 0 else 0.0
                return JvmWarmUp(rounds, elapsed, share)
    finally:
        for s in sources:
            shutil.rmtree(work / f"warm-{s}", ignore_errors=True)


def warm_line(w: JvmWarmUp) -> str:
    """One line saying how the JVM warm-up went."""
    return (
        f"{w.rounds} rounds in {w.seconds:.0f} s, JIT {w.last_jit_share:.0%} of the JVM's CPU "
        f"in the last (quiet at {JIT_QUIET:.0%})"
    )
