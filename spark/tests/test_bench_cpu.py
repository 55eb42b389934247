"""How the benchmark reads a thread's CPU time from /proc."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench import cpu

_TICK = os.sysconf("SC_CLK_TCK")


def _stat(utime: int, stime: int) -> list[str]:
    # The fields after a stat line's ")": state, ppid, ... utime at 11, stime at 12.
    return ["S", "1"] + ["0"] * 9 + [str(utime), str(stime), "0", "0"]


def test_schedstat_gives_nanoseconds() -> None:
    assert cpu._schedstat_seconds("52345678 1200 41\n") == pytest.approx(0.052345678)


@pytest.mark.parametrize("text", ["", "\n", "n/a 1 2", "-5 1 2"])
def test_a_schedstat_that_is_not_one_gives_none(text: str) -> None:
    assert cpu._schedstat_seconds(text) is None


def test_a_thread_with_schedstat_is_read_to_the_nanosecond(tmp_path: Path) -> None:
    (tmp_path / "schedstat").write_text("52345678 1200 41\n")
    # stat says 6 ticks; schedstat's 0.052 s is what the thread ran.
    assert cpu._thread_seconds(tmp_path, _stat(4, 2)) == pytest.approx(0.052345678)


def test_a_thread_without_schedstat_falls_back_to_stat_ticks(tmp_path: Path) -> None:
    assert cpu._thread_seconds(tmp_path, _stat(4, 2)) == pytest.approx(6 / _TICK)
