"""The Python conversions the UDF baselines share: what a straightforward parser does to turn
a field's text into a typed value, ``None`` when the text does not convert."""

from __future__ import annotations

import datetime


def dash_null(v: str) -> str | None:
    return None if v == "-" else v


def to_int(v: str) -> int | None:
    try:
        return int(v)
    except ValueError:
        return None


def to_float(v: str) -> float | None:
    try:
        return float(v)
    except ValueError:
        return None


def iso_time(v: str) -> datetime.datetime | None:
    try:
        return datetime.datetime.fromisoformat(v.replace("Z", "+00:00"))
    except ValueError:
        return None


def epoch_time(v: str) -> datetime.datetime | None:
    i = to_int(v)
    return None if i is None else datetime.datetime.fromtimestamp(i, datetime.UTC)


def key_segment(path: str, after: str, offset: int = 1) -> str | None:
    """The key segment ``offset`` places after the segment ``after`` (negative: before)."""
    parts = path.split("/")
    if after not in parts:
        return None
    at = parts.index(after) + offset
    return parts[at] if 0 <= at < len(parts) else None
