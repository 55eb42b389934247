"""Hypothesis examples run in batches: a Spark query per example would cost seconds each, so
the examples of a property are drawn first and parsed together. Hypothesis still generates
them (with its bias towards edge cases); what is lost is shrinking, so a failure reports the
shortest failing inputs instead."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

T = TypeVar("T")

DOCS = Path(__file__).resolve().parents[3] / "docs" / "spark-line-parsers.md"
_REASON = re.compile(r"^\| `([a-z0-9]+\.[a-z0-9_]+)` \| (reject|skip) \|", re.M)


def draw(strategy: st.SearchStrategy[T], n: int) -> list[T]:
    """``n`` examples of ``strategy``, as Hypothesis generates them for a test."""
    found: list[T] = []

    @settings(
        max_examples=n,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(example: T) -> None:
        found.append(example)

    collect()
    return found


def documented(source: str) -> dict[str, str]:
    """The reason codes docs/spark-line-parsers.md lists for ``source``, with their status."""
    return {
        code: status
        for code, status in _REASON.findall(DOCS.read_text())
        if code.startswith(f"{source}.")
    }


def failures(examples: Sequence[T], check: Callable[[T], str | None], shown: int = 3) -> str:
    """The problems ``check`` finds, shortest example first; empty when there are none."""
    found = [(e, problem) for e in examples if (problem := check(e)) is not None]
    found.sort(key=lambda f: len(repr(f[0])))
    lines = [f"{len(found)} of {len(examples)} examples fail"] if found else []
    lines += [f"{problem}: {example!r}" for example, problem in found[:shown]]
    return "\n".join(lines)
