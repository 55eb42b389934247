"""Gzip inputs that Spark read only in part.

Lines-mode inputs are read with ``ignoreCorruptFiles``: when a gzip stream breaks (cut short,
or corrupt part way through), Spark keeps the lines it decompressed before the break, logs a
warning and moves on. The file produced rows, so the probe of files that produced none never
sees it. This module finds such files without decompressing the input a second time in the
normal case:

1. While the parse reads the lines, Spark also sums, for the lines of ``.gz`` files, their
   count and their bytes plus one for each line's ``\\n`` (:func:`observed`, an observed
   metric on the same scan; no extra pass).
2. A gzip stream ends with ISIZE, its uncompressed size mod 2^32. The last four bytes of each
   ``.gz`` file that produced rows are read on the driver (:func:`isize`; one small ranged
   read per file). An intact file of ``\\n``-terminated lines decompresses to exactly the
   bytes counted, so the sums agree (mod 2^32). A file cut short has no trailer: its last
   four bytes are compressed data, and the sums agree by chance once in 2^32.
3. When the sums disagree, the lines are counted per file (a second scan, only then), each
   file whose count disagrees with its ISIZE is decompressed on the driver
   (``reader.probe``), and those that fail are reported with the lines read before the
   failure. Files that disagree for a benign reason (no final newline, ``\\r\\n`` endings, a
   multi-member gzip whose ISIZE covers its last member) decompress cleanly and are not
   reported.

Limit: a corruption that only the gzip CRC detects, at the very end of the stream, after
every line was handed over, looks like an intact file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Final

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from logparse import hadoop
from logparse.model import SOURCE_FILE, VALUE
from logparse.reader import CORRUPT_GZIP, TRUNCATED_GZIP, InputFile, ProbeResult, canonical

METRIC: Final = "logparse_gzip_lines"
_IS_GZIP: Final = f"endswith({SOURCE_FILE}, '.gz')"
_MOD: Final = 1 << 32
_TRAILER_BYTES: Final = 4
_SMALLEST_GZIP: Final = 20
_THREADS: Final = 16
DAMAGE_REASONS: Final = frozenset({TRUNCATED_GZIP, CORRUPT_GZIP})


@dataclass(frozen=True)
class Counted:
    """Lines and their bytes (each line + 1 for its ``\\n``) read from ``.gz`` files."""

    lines: int
    bytes: int


@dataclass(frozen=True)
class Damage:
    """A file Spark read only in part: the lines it gave before the error, and the error."""

    path: str
    reason: str
    detail: str
    lines_read: int


def observed(raw: DataFrame) -> DataFrame:
    """``raw`` with the metric :data:`METRIC` (lines, bytes) of its ``.gz`` files' lines,
    computed by whichever query first reads it (see :func:`counted`)."""
    return raw.observe(
        METRIC,
        F.expr(f"count(CASE WHEN {_IS_GZIP} THEN 1 END)").alias("lines"),
        F.expr(f"coalesce(sum(CASE WHEN {_IS_GZIP} THEN octet_length({VALUE}) + 1 END), 0)").alias(
            "bytes"
        ),
    )


def counted(executed: DataFrame) -> Counted | None:
    """The metric of :func:`observed` from a query that ran (``executed`` was collected and
    read the observed frame, also through a persisted copy); None when it holds none."""
    metrics = executed._jdf.queryExecution().observedMetrics()
    found = metrics.get(METRIC)
    if found.isEmpty():
        return None
    row = found.get()
    return Counted(lines=int(row.getLong(0)), bytes=int(row.getLong(1)))


def isize(spark: SparkSession, path: str, size: int) -> int | None:
    """The last four bytes of a gzip file as a little-endian number (its ISIZE when intact);
    None when the file is too small to be a gzip holding a line, or cannot be read now (the
    file is then checked the slow way)."""
    if size < _SMALLEST_GZIP:
        return None
    hpath, fs = hadoop.path_and_fs(spark, path)
    try:
        stream = fs.open(hpath)
    except Exception:  # py4j wraps the JVM's exception; a vanished object is probed later
        return None
    try:
        stream.seek(size - _TRAILER_BYTES)
        big_endian = int(stream.readInt()) & 0xFFFFFFFF
    except Exception:
        return None
    finally:
        stream.close()
    return int.from_bytes(big_endian.to_bytes(_TRAILER_BYTES, "big"), "little")


def _per_file(raw: DataFrame) -> dict[str, Counted]:
    rows = (
        raw.where(_IS_GZIP)
        .groupBy(SOURCE_FILE)
        .agg(F.count(F.lit(1)).alias("lines"), F.expr(f"sum(octet_length({VALUE}) + 1)"))
        .collect()
    )
    return {canonical(r[0]): Counted(lines=int(r[1]), bytes=int(r[2])) for r in rows}


def _agrees(trailer: int | None, read: Counted) -> bool:
    """The bytes read are what the trailer says, with or without a final ``\\n``."""
    return trailer is not None and (trailer - read.bytes) % _MOD in (0, _MOD - 1)


def damaged(
    spark: SparkSession,
    raw: DataFrame,
    files: Iterable[InputFile],
    lines_per_file: Mapping[str, int],
    total: Counted | None,
    probe: Callable[[InputFile], ProbeResult],
) -> list[Damage]:
    """The ``.gz`` files among ``files`` that Spark read only in part.

    ``raw`` is the (unobserved) input frame, ``lines_per_file`` the rows each file produced
    (keys :func:`~logparse.reader.canonical`), ``total`` the observed metric and ``probe``
    decompresses one file on the driver."""
    gz = [
        f for f in files if f.path.endswith(".gz") and lines_per_file.get(canonical(f.path), 0) > 0
    ]
    if not gz:
        return []
    with ThreadPoolExecutor(max_workers=_THREADS) as pool:
        trailers = dict(zip(gz, pool.map(lambda f: isize(spark, f.path, f.size), gz), strict=True))
    lines = sum(lines_per_file[canonical(f.path)] for f in gz)
    if (
        total is not None
        and None not in trailers.values()
        and total.lines == lines
        and (sum(t for t in trailers.values() if t is not None) - total.bytes) % _MOD == 0
    ):
        return []
    read = _per_file(raw)
    suspects = [
        f for f in gz if not _agrees(trailers[f], read.get(canonical(f.path), Counted(0, 0)))
    ]
    with ThreadPoolExecutor(max_workers=_THREADS) as pool:
        results = list(pool.map(probe, suspects))
    return [
        Damage(f.path, r.reason, r.detail, lines_per_file[canonical(f.path)])
        for f, r in zip(suspects, results, strict=True)
        if r.reason in DAMAGE_REASONS
    ]
