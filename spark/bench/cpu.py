"""CPU seconds of the Spark JVM and its Python workers, read from ``/proc``.

On a shared machine wall time swings with other people's load; the CPU time a process spent
is far steadier. The JVM's pid comes from the JVM itself; the Python UDF workers are its
descendants (``pyspark.daemon`` and the workers it forks), so they are found by walking
``/proc`` for children of the JVM. A reaped worker's time moves into its parent's
``cutime``/``cstime``, which are counted too, so none is lost between two readings.

A thread's CPU comes from its ``schedstat`` (the scheduler's run time, in nanoseconds) where
the kernel keeps one, and from ``stat`` otherwise. ``stat`` counts whole clock ticks (10 ms
at 100 Hz) per thread: summed over a JVM's task threads, a 0.05 s floor run (S3 access at
64 MiB) read that way moved by a fifth from one rounding to the next.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pyspark.sql import SparkSession

_TICK = os.sysconf("SC_CLK_TCK")
_PROC = Path("/proc")


@dataclass(frozen=True)
class CpuSample:
    """Cumulative CPU seconds at one moment."""

    jvm: float
    """The JVM process: every thread (tasks, JIT compilers, GC, query planning)."""
    tasks: float
    """The JVM's task threads only: the per-row work, without fixed costs."""
    python: float
    """The JVM's descendant processes (Python UDF workers)."""
    jit: float = 0.0
    """The JVM's JIT compiler threads (part of ``jvm``): high while the JVM is young."""

    def __sub__(self, other: CpuSample) -> CpuSample:
        return CpuSample(
            self.jvm - other.jvm,
            self.tasks - other.tasks,
            self.python - other.python,
            self.jit - other.jit,
        )


def _stat_fields(path: Path) -> list[str] | None:
    try:
        text = path.read_text()
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces; fields follow the last ")".
    return text.rsplit(")", 1)[1].split()


def _seconds(fields: list[str], children: bool) -> float:
    # Fields after the name, 0-based: 11 utime, 12 stime, 13 cutime, 14 cstime.
    ticks = int(fields[11]) + int(fields[12])
    if children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / _TICK


def _schedstat_seconds(text: str) -> float | None:
    """The first field of a ``schedstat`` file (time on the CPU, ns) in seconds; None when the
    text is not that."""
    parts = text.split()
    if not parts or not parts[0].isdigit():
        return None
    return int(parts[0]) / 1e9


def _thread_seconds(task: Path, fields: list[str]) -> float:
    """One thread's CPU seconds: ``schedstat`` when there is one, else ``stat``'s ticks."""
    try:
        precise = _schedstat_seconds((task / "schedstat").read_text())
    except OSError:
        precise = None
    return precise if precise is not None else _seconds(fields, children=False)


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in _PROC.iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(entry / "stat")
            if fields is not None:
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    found: list[int] = []
    todo = list(children.get(pid, []))
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


def _thread_groups(pid: int) -> tuple[float, float]:
    """CPU seconds of the JVM's task threads and of its JIT compiler threads."""
    tasks = jit = 0.0
    for task in (_PROC / str(pid) / "task").iterdir():
        try:
            name = (task / "comm").read_text().strip()
        except OSError:
            continue
        fields = _stat_fields(task / "stat")
        if fields is None:
            continue
        if name.startswith("Executor task"):
            tasks += _thread_seconds(task, fields)
        elif name.startswith(("C1 CompilerThre", "C2 CompilerThre")):
            jit += _thread_seconds(task, fields)
    return tasks, jit


class CpuMeter:
    """Reads the CPU of a local Spark session's JVM (driver and executors share it)."""

    def __init__(self, spark: SparkSession) -> None:
        self.pid = int(spark.sparkContext._jvm.java.lang.ProcessHandle.current().pid())

    def sample(self) -> CpuSample:
        fields = _stat_fields(_PROC / str(self.pid) / "stat")
        if fields is None:
            raise RuntimeError(f"the Spark JVM (pid {self.pid}) is gone")
        python = 0.0
        for child in _descendants(self.pid):
            child_fields = _stat_fields(_PROC / str(child) / "stat")
            if child_fields is not None:
                python += _seconds(child_fields, children=True)
        tasks, jit = _thread_groups(self.pid)
        return CpuSample(_seconds(fields, children=False), tasks, python, jit)
