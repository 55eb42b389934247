"""Seeded synthetic log corpora of a requested size in the archive key layout, compressed as
AWS delivers them: ALB and VPC flow logs gzip-compressed (``.log.gz``), S3 server access logs
as plain text. This module holds the line formats, whose lines come from :mod:`synth.lines`
(every VPC flow-log object starts with its header line); the file formats (CloudTrail,
Redshift, EMR, CloudWatch) have a module each (``bench.corpus_<source>``) and
:mod:`bench.sources` lists them all.
"""

from __future__ import annotations

import gzip
import random
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from synth.lines import ACCOUNT, GENERATORS, VPC_HEADER
from synth.world import DAY, REGION

# Uncompressed bytes per generated object; a larger corpus means more objects, as in S3.
FILE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Corpus:
    """What a generator wrote, and what the parser must make of it."""

    files: list[str]
    bytes: int
    """Uncompressed bytes of all files."""
    records: int
    """Rows the parser must find ``ok``: every generated record is valid."""
    skipped: int = 0
    """Rows the parser must find ``skip``: text that is not a record by the format's
    definition (VPC flow-log headers, CloudTrail digest files, CloudWatch control messages)."""

    @property
    def rows(self) -> int:
        """Parser output rows (``ok`` + ``skip``); for a line format, its lines."""
        return self.records + self.skipped


def write_object(path: Path, text: str, gzipped: bool) -> int:
    """``text`` stored at ``path`` (gzip-compressed when ``gzipped``, as AWS delivers it);
    returns its uncompressed size in bytes."""
    data = text.encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data, compresslevel=6, mtime=0) if gzipped else data)
    return len(data)


def _key(source: str, root: Path, n: int) -> Path:
    d = f"{DAY:%Y/%m/%d}"
    if source == "alb":
        name = (
            f"{ACCOUNT}_elasticloadbalancing_{REGION}_app.shop-alb.50dc6c495c0c9188_"
            f"{DAY:%Y%m%d}T{n % 24:02d}{n % 60:02d}Z_10.0.0.{n % 250}_r{n:06d}.log.gz"
        )
        return root / "AWSLogs" / ACCOUNT / "elasticloadbalancing" / REGION / d / name
    if source == "vpcflow":
        name = (
            f"{ACCOUNT}_vpcflowlogs_{REGION}_fl-0123456789abcdef0_"
            f"{DAY:%Y%m%d}T{n % 24:02d}{n % 60:02d}Z_{n:08x}.log.gz"
        )
        return root / "AWSLogs" / ACCOUNT / "vpcflowlogs" / REGION / d / name
    if source == "s3access":
        name = f"{DAY:%Y-%m-%d}-{n % 24:02d}-{n % 60:02d}-00-{n:016X}"
        return root / "s3-access" / ACCOUNT / REGION / "media-bucket" / d / name
    raise ValueError(f"no corpus generator for source {source!r}; expected alb, vpcflow, s3access")


def _file_lines(source: str, r: random.Random) -> Iterator[str]:
    if source == "vpcflow":
        yield VPC_HEADER
    make = GENERATORS[source]
    while True:
        yield make(r)


def write_corpus(source: str, root: Path, mb: float, seed: int = 7) -> Corpus:
    """About ``mb`` MiB of uncompressed ``source`` logs under ``root``, in files of
    :data:`FILE_BYTES`; the same seed gives the same bytes."""
    r = random.Random(f"{source}:{seed}")
    target = int(mb * 1024 * 1024)
    files: list[str] = []
    total = lines = 0
    n = 0
    while total < target:
        path = _key(source, root, n)
        size = 0
        chunk: list[str] = []
        for line in _file_lines(source, r):
            chunk.append(line)
            size += len(line) + 1
            if size >= min(FILE_BYTES, target - total):
                break
        total += write_object(path, "\n".join(chunk) + "\n", path.name.endswith(".gz"))
        files.append(str(path))
        lines += len(chunk)
        n += 1
    headers = len(files) if source == "vpcflow" else 0
    return Corpus(files, total, lines - headers, skipped=headers)
