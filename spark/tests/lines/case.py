"""One generated input line and what the parser must make of it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["valid", "damaged", "garbage"]


@dataclass(frozen=True)
class Case:
    """``line`` (bytes, no line break) and what must become of it.

    ``expected`` is the row's data and partition columns for a valid line (columns it does
    not name must be null); ``reason`` the exact reason for a damage whose reason is certain
    (otherwise any documented reject reason will do). ``header`` is a VPC flow-log header the
    line's file starts with."""

    kind: Kind
    line: bytes
    expected: dict[str, Any] = field(default_factory=dict)
    reason: str | None = None
    header: bytes | None = None
