"""A validated format declaration (``formats/<name>.yaml``), as the parsers and the schema
derivation use it. :mod:`logparse.formats.validate` builds it from the file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from logparse.formats.groups import Scanned
from logparse.formats.layout import KeyLayout

FIELD_TYPES: Final = ("string", "int", "bigint", "double", "boolean", "timestamp")
NUMERIC_TYPES: Final = ("int", "bigint", "double")
EPOCH_FORMATS: Final = ("epoch_seconds", "epoch_millis")
DEFAULT_SCHEDULE: Final = "cron(0 4 * * ? *)"
EVENT_TIME: Final = "event_time"


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    description: str
    format: str | None
    """Timestamps: a Spark datetime pattern or one of :data:`EPOCH_FORMATS`; None reads
    ISO-8601 (``CAST(… AS TIMESTAMP)``)."""
    time_zone: str | None
    """Timestamps whose text has no offset: the zone it is written in (default UTC)."""
    nulls: tuple[str, ...]
    required: bool
    min: float | None
    max: float | None
    one_of: tuple[str, ...] | None


@dataclass(frozen=True)
class Split:
    """A delimited line: fields separated by one character, optionally quoted."""

    separator: str
    quotes: tuple[tuple[str, str], ...]
    """(open, close) pairs; a field starting with ``open`` runs to its ``close``."""
    escape: str | None
    """Inside quotes, this character makes the next one literal (the quote itself: doubled)."""
    extra_fields: str
    """``reject`` a line with more fields than declared, or ``ignore`` the extra ones."""


@dataclass(frozen=True)
class Record:
    """Records that span lines: a line matching ``start`` begins a record; the lines after it
    up to the next such line go to the string column ``continuation``."""

    start: str
    continuation: str


@dataclass(frozen=True)
class Partitions:
    since: str
    """First day of the ``dt`` projection range, YYYY-MM-DD."""
    account_id: tuple[str, ...] | None
    """When set, ``account_id`` is a partition key projected as this list."""
    region: tuple[str, ...] | None


@dataclass(frozen=True)
class Format:
    name: str
    file: str
    description: str
    keys: KeyLayout
    compression: str
    schedule: str
    record: Record | None
    split: Split | None
    pattern: Scanned | None
    pattern_text: str | None
    fields: tuple[Field, ...]
    partitions: Partitions
    skip_prefixes: tuple[str, ...]

    @property
    def dataset(self) -> str:
        return self.name

    @property
    def key_columns(self) -> tuple[str, ...]:
        """``account_id`` / ``region`` read from the key (columns or partition keys)."""
        return tuple(p for p in ("account_id", "region") if p in self.keys.placeholders)

    @property
    def partition_keys(self) -> tuple[str, ...]:
        keys = ["dt"]
        if self.partitions.account_id is not None:
            keys.append("account_id")
        if self.partitions.region is not None:
            keys.append("region")
        return tuple(keys)

    @property
    def has_event_time(self) -> bool:
        return any(f.name == EVENT_TIME for f in self.fields)

    def reason(self, code: str) -> str:
        """The reject or skip reason ``<name>.<code>``."""
        return f"{self.name}.{code}"
