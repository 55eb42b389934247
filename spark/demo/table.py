"""Query answers as plain-text tables for a terminal."""

from __future__ import annotations

import datetime
from typing import Any

MAX_CELL = 60


def cell(value: Any) -> str:
    """One value as text: no value is empty, times to the second (milliseconds when they
    carry any), line breaks shown as ``⏎``, long text cut with ``…``."""
    if value is None:
        text = ""
    elif isinstance(value, datetime.datetime):
        text = value.strftime("%Y-%m-%d %H:%M:%S")
        if value.microsecond:
            text += f".{value.microsecond // 1000:03d}"
    elif isinstance(value, float):
        text = f"{value:.3f}".rstrip("0").rstrip(".")
    else:
        text = str(value)
    text = text.replace("\r", "").replace("\n", "⏎")
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def render(columns: list[str], rows: list[tuple[Any, ...]], max_rows: int = 15) -> str:
    """A boxed-less table: header, rule, rows (numbers right-aligned), then how many rows
    were left out, if any."""
    if not rows:
        return "(no rows)"
    shown = [[cell(v) for v in row] for row in rows[:max_rows]]
    numeric = [
        all(isinstance(row[i], int | float) or row[i] is None for row in rows)
        for i in range(len(columns))
    ]
    widths = [max(len(c), *(len(r[i]) for r in shown)) for i, c in enumerate(columns)]

    def line(values: list[str]) -> str:
        padded = [
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(padded).rstrip()

    out = [line(columns), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in shown]
    if len(rows) > max_rows:
        out.append(f"… {len(rows) - max_rows} more rows")
    return "\n".join(out)
