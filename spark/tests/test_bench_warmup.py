"""The parse benchmark times a contender only once its task CPU has stopped falling: the
rule that decides it, and the loop that applies it, on recorded costs."""

from __future__ import annotations

import pytest

from bench import warmup
from bench.cpu import CpuSample


def test_two_runs_within_the_tolerance_are_steady() -> None:
    assert warmup.steady([0.61, 0.30, 0.28], tolerance=0.10)
    assert warmup.steady([0.30, 0.30])


def test_a_run_still_falling_past_the_tolerance_is_not_steady() -> None:
    # A parser still in C1 code, then C2: the step down is the JIT, not noise.
    assert not warmup.steady([0.61, 0.35], tolerance=0.10)
    assert not warmup.steady([0.30])
    assert not warmup.steady([])


class RecordedMeter:
    """Stands in for CpuMeter: each run() advances the JVM task CPU and the Python workers'
    CPU by the next recorded costs."""

    def __init__(self, costs: list[float], python: list[float] | None = None) -> None:
        self.costs = costs
        self.python_costs = python or [0.0] * len(costs)
        self.tasks = 0.0
        self.python = 0.0
        self.runs = 0

    def sample(self) -> CpuSample:
        return CpuSample(jvm=self.tasks, tasks=self.tasks, python=self.python)

    def run(self) -> None:
        self.tasks += self.costs[self.runs]
        self.python += self.python_costs[self.runs]
        self.runs += 1


def test_warm_up_stops_at_the_first_steady_pair() -> None:
    meter = RecordedMeter([0.9, 0.5, 0.31, 0.30, 0.30, 0.30])
    assert warmup.warm_up(meter, meter.run, python=False) == 4  # type: ignore[arg-type]
    assert meter.runs == 4


def test_warm_up_gives_up_after_its_limit_when_never_steady() -> None:
    meter = RecordedMeter([1.0, 0.5] * 4)
    assert warmup.warm_up(meter, meter.run, python=False) == warmup.WARM_MAX  # type: ignore[arg-type]
    assert meter.runs == warmup.WARM_MAX


def test_the_udf_is_warm_when_its_python_workers_are() -> None:
    # The JVM side of a UDF run is steady at once; its Python workers still start up.
    jvm = [0.1] * 6
    python = [3.0, 2.2, 2.0, 2.0, 2.0, 2.0]
    with_workers = RecordedMeter(jvm, python)
    assert warmup.warm_up(with_workers, with_workers.run, python=True) == 3  # type: ignore[arg-type]
    jvm_only = RecordedMeter(jvm, python)
    assert warmup.warm_up(jvm_only, jvm_only.run, python=False) == warmup.WARM_MIN  # type: ignore[arg-type]


def test_the_jit_is_quiet_when_its_compilers_used_at_most_the_share() -> None:
    # 0.03 s of compiler time in a 0.35 s query: quiet; 0.15 s of it in 0.5 s: still busy.
    assert warmup.jit_quiet(CpuSample(jvm=0.35, tasks=0.24, python=0.0, jit=0.03), share=0.10)
    assert not warmup.jit_quiet(CpuSample(jvm=0.50, tasks=0.24, python=0.0, jit=0.15), share=0.10)
    # A round that cost nothing measured nothing: not evidence of a quiet JIT.
    assert not warmup.jit_quiet(CpuSample(jvm=0.0, tasks=0.0, python=0.0, jit=0.0))


def test_a_cpu_interval_subtracts_the_jit_time_too() -> None:
    later = CpuSample(jvm=2.0, tasks=1.0, python=0.5, jit=0.4)
    earlier = CpuSample(jvm=1.5, tasks=0.8, python=0.5, jit=0.1)
    spent = later - earlier
    assert (spent.jvm, spent.tasks, spent.python, spent.jit) == pytest.approx((0.5, 0.2, 0.0, 0.3))
