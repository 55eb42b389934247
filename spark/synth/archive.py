"""Writing generated objects in the archive's S3 key layout (gzip, or as they are where AWS
delivers them uncompressed) and counting what each source's files hold, record by record, the
way the job will account for them."""

from __future__ import annotations

import datetime
import gzip
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Counts:
    """Records of one dataset by outcome: the generator's side of the job's run summary."""

    records_out: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)

    def as_dict(self) -> dict[str, Any]:
        """The keys and shape of a dataset entry of the job's summary."""
        rejected = sum(self.rejected.values())
        return {
            "records_in": self.records_out + rejected,
            "records_out": self.records_out,
            "rejected": rejected,
            "skipped": sum(self.skipped.values()),
            "rejected_by_reason": dict(sorted(self.rejected.items())),
            "skipped_by_reason": dict(sorted(self.skipped.items())),
        }


@dataclass
class SourceFiles:
    """What one source's generator wrote: its objects, their uncompressed size, and the
    expected outcome of every record per dataset."""

    source: str
    datasets: tuple[str, ...]
    files: list[str] = field(default_factory=list)
    text_bytes: int = 0
    counts: dict[str, Counts] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.counts = {ds: Counts() for ds in self.datasets}

    def ok(self, dataset: str, n: int = 1) -> None:
        self.counts[dataset].records_out += n

    def reject(self, dataset: str, reason: str, n: int = 1) -> None:
        self.counts[dataset].rejected[reason] += n

    def skip(self, dataset: str, reason: str, n: int = 1) -> None:
        self.counts[dataset].skipped[reason] += n

    def summary(self) -> dict[str, Any]:
        """Source totals plus per-dataset entries, shaped like the job summary's."""
        total = Counts()
        for c in self.counts.values():
            total.records_out += c.records_out
            total.rejected.update(c.rejected)
            total.skipped.update(c.skipped)
        return {
            "files": len(self.files),
            **total.as_dict(),
            "datasets": {ds: c.as_dict() for ds, c in self.counts.items()},
        }


def write_object(
    root: Path,
    key: str,
    data: bytes,
    files: SourceFiles | None,
    text_bytes: int,
    modified: datetime.datetime | None = None,
) -> Path:
    """Store ``data`` (already compressed) at ``root/key`` and account for it in ``files``
    (``None`` for an object the job does not read); ``modified`` sets the object's
    last-modified time, which is how the job selects a day for keys without a date."""
    path = root / key
    if path.exists():
        raise FileExistsError(f"demo corpus key {key!r} was generated twice")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    if modified is not None:
        stamp = modified.timestamp()
        os.utime(path, (stamp, stamp))
    if files is not None:
        files.files.append(key)
        files.text_bytes += text_bytes
    return path


def write_uncompressed(root: Path, key: str, text: str, files: SourceFiles) -> Path:
    """Store ``text`` as it is: S3 server access logs are delivered uncompressed (their keys
    have no extension, and a reader decompresses by extension)."""
    data = text.encode("utf-8")
    return write_object(root, key, data, files, len(data))


def write_text(
    root: Path,
    key: str,
    text: str,
    files: SourceFiles | None,
    modified: datetime.datetime | None = None,
) -> Path:
    """Store ``text`` gzip-compressed (as every log service delivers it) at ``root/key``."""
    data = text.encode("utf-8")
    return write_object(root, key, gzip.compress(data, 6, mtime=0), files, len(data), modified)
