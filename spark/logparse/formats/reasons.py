"""The reject and skip reasons of a declared format, ``<name>.<code>``, in the order a record
is checked (the first that applies is its reason). The SQL and JVM parsers share this order."""

from __future__ import annotations

from typing import Final

INVALID_UTF8: Final = "invalid_utf8"
BLANK: Final = "blank"
SKIPPED_PREFIX: Final = "skipped_prefix"
NO_RECORD_START: Final = "no_record_start"
MALFORMED: Final = "malformed"
SKIP_CODES: Final = (BLANK, SKIPPED_PREFIX)


def bad_value(field: str) -> str:
    return f"bad_value.{field}"


def missing(field: str) -> str:
    return f"missing.{field}"


def out_of_range(field: str) -> str:
    return f"out_of_range.{field}"


def not_allowed(field: str) -> str:
    return f"not_allowed.{field}"


def unprojected(key: str) -> str:
    return f"unprojected.{key}"
