"""Listing and reading the raw archive through Hadoop's FileSystem, so that local paths,
``file:`` URIs and ``s3://`` (EMRFS on EMR) behave the same.

Unreadable input never fails the run: files are read with ``ignoreCorruptFiles``, and every
listed file that produced no row is probed afterwards (:func:`probe`) to say why — a corrupt
or truncated gzip, a vanished object, or simply an empty file. A gzip that breaks after some
lines keeps those lines; ``logparse/integrity.py`` finds it. Objects stored gzip under a name
without ``.gz`` (Firehose without record decompression) are read by ``logparse/gunzip.py``.
"""

from __future__ import annotations

import contextlib
import datetime
import glob
import os
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import unquote

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from logparse import gunzip, hadoop
from logparse.model import SOURCE_FILE, VALUE

ReadMode = Literal["lines", "files"]

EMPTY_FILE = "job.empty_file"
TRUNCATED_GZIP = "job.truncated_gzip"
CORRUPT_GZIP = "job.corrupt_gzip"
UNREADABLE_FILE = "job.unreadable_file"
NO_ROWS = "job.no_rows"
_EOF = "java.io.EOFException"


@dataclass(frozen=True)
class InputFile:
    path: str
    size: int
    modified: datetime.datetime


@dataclass(frozen=True)
class ProbeResult:
    reason: str
    detail: str


def canonical(path: str) -> str:
    """One spelling per file: Hadoop lists ``file:/x`` where ``input_file_name()`` gives the
    URL-encoded ``file:///x``."""
    decoded = unquote(path)
    if decoded.startswith("file:"):
        return "file:/" + decoded[len("file:") :].lstrip("/")
    return decoded


def list_files(
    spark: SparkSession, globs: list[str], modified_on: datetime.date | None = None
) -> list[InputFile]:
    """Files matching the glob patterns (directories are listed recursively), sorted and
    de-duplicated; with ``modified_on``, only objects last written on that UTC day.

    Remote URIs (``s3://`` …) are listed with Hadoop's globStatus. Local paths are listed
    with Python's glob instead: Hadoop's local FileSystem cannot list a file whose name holds
    a colon (``Relative path in absolute URI``), and Redshift audit log names do
    (``…_useractivitylog_2024-01-15T10:00.gz``)."""
    found: dict[str, InputFile] = {}
    for pattern in globs:
        files = _list_local(pattern) if _is_local(pattern) else _list_hadoop(spark, pattern)
        for f in files:
            if modified_on is None or f.modified.date() == modified_on:
                found[f.path] = f
    return [found[p] for p in sorted(found)]


def _is_local(path: str) -> bool:
    return path.startswith(("file:", "/")) or "://" not in path


def _local_path(path: str) -> str:
    return "/" + path[len("file:") :].lstrip("/") if path.startswith("file:") else path


def expand_braces(pattern: str) -> list[str]:
    """Hadoop glob alternation ``{a,b}`` expanded for Python's glob (which lacks it)."""
    start = pattern.find("{")
    if start < 0:
        return [pattern]
    depth = 0
    for end in range(start, len(pattern)):
        depth += {"{": 1, "}": -1}.get(pattern[end], 0)
        if depth == 0:
            break
    else:
        raise ValueError(f"glob {pattern!r} has an unclosed '{{'")
    options, depth, last = [], 0, start + 1
    for i in range(start + 1, end):
        depth += {"{": 1, "}": -1}.get(pattern[i], 0)
        if pattern[i] == "," and depth == 0:
            options.append(pattern[last:i])
            last = i + 1
    options.append(pattern[last:end])
    head, tail = pattern[:start], pattern[end + 1 :]
    return [p for option in options for p in expand_braces(head + option + tail)]


def _local_file(path: str) -> InputFile:
    stat = os.stat(path)
    modified = datetime.datetime.fromtimestamp(stat.st_mtime, tz=datetime.timezone.utc)
    return InputFile("file:" + os.path.abspath(path), stat.st_size, modified)


def _list_local(pattern: str) -> list[InputFile]:
    out: list[InputFile] = []
    for expanded in expand_braces(_local_path(pattern)):
        for match in glob.glob(expanded):
            if os.path.isdir(match):
                for folder, _, names in os.walk(match):
                    out.extend(_local_file(os.path.join(folder, n)) for n in names)
            else:
                out.append(_local_file(match))
    return out


def _list_hadoop(spark: SparkSession, pattern: str) -> list[InputFile]:
    hpath, fs = hadoop.path_and_fs(spark, pattern)
    statuses: list[Any] = []
    for status in fs.globStatus(hpath) or []:
        if status.isDirectory():
            it = fs.listFiles(status.getPath(), True)
            while it.hasNext():
                statuses.append(it.next())
        else:
            statuses.append(status)
    return [
        InputFile(
            s.getPath().toString(),
            int(s.getLen()),
            datetime.datetime.fromtimestamp(s.getModificationTime() / 1000, datetime.timezone.utc),
        )
        for s in statuses
    ]


def read(
    spark: SparkSession, mode: ReadMode, paths: list[str], sniff_gzip: bool = False
) -> DataFrame:
    """The parser input: ``value`` (a line, or a whole file's text) and ``source_file``.

    With ``sniff_gzip`` (files mode only), objects whose name has no compression extension are
    read by :func:`logparse.gunzip.read`, which decompresses those whose bytes are gzip."""
    sniffed: set[str] = set()
    if sniff_gzip and mode == "files":
        sniffed = set(paths) - set(with_codec(spark, paths))
    by_extension = [p for p in paths if p not in sniffed]
    frames = []
    if by_extension:
        reader = spark.read.option("ignoreCorruptFiles", "true").option(
            "ignoreMissingFiles", "true"
        )
        df = reader.text(by_extension, wholetext=(mode == "files"))
        frames.append(
            df.select(F.col("value").alias(VALUE), F.input_file_name().alias(SOURCE_FILE))
        )
    if sniffed:
        frames.append(gunzip.read(spark, [p for p in paths if p in sniffed]))
    out = frames[0]
    for frame in frames[1:]:
        out = out.unionByName(frame)
    return out


def with_codec(spark: SparkSession, paths: list[str]) -> list[str]:
    """The ``paths`` Hadoop (and so Spark's reader) decompresses, judged by their names."""
    jvm = hadoop.jvm(spark)
    factory = jvm.org.apache.hadoop.io.compress.CompressionCodecFactory(hadoop.conf(spark))
    return [p for p in paths if factory.getCodec(jvm.org.apache.hadoop.fs.Path(p)) is not None]


def read_parquet(spark: SparkSession, paths: list[str]) -> DataFrame:
    """Parquet deliveries (VPC flow logs can be delivered as Parquet): their own columns plus
    ``source_file``. ``mergeSchema`` because each flow log selects its own fields; Hive-style
    directories in the key are not turned into columns (parsers read the key themselves)."""
    reader = (
        spark.read.option("ignoreCorruptFiles", "true")
        .option("ignoreMissingFiles", "true")
        .option("mergeSchema", "true")
        .option("recursiveFileLookup", "true")
    )
    return reader.parquet(*paths).withColumn(SOURCE_FILE, F.input_file_name())


def probe(
    spark: SparkSession, path: str, size: int | None = None, sniff_gzip: bool = False
) -> ProbeResult:
    """Why a listed file produced no row (or fewer than it holds): decompress it on the driver
    with the codec Spark used (chosen by extension; with ``sniff_gzip``, gzip for an object
    without one whose bytes start with the gzip magic) and report the first error, or that it
    holds no data. A file of ``size`` 0 is empty without being opened: gzip would call it cut
    short."""
    if size == 0:
        return ProbeResult(EMPTY_FILE, "the file has 0 bytes")
    jvm = hadoop.jvm(spark)
    hpath, fs = hadoop.path_and_fs(spark, path)
    factory = jvm.org.apache.hadoop.io.compress.CompressionCodecFactory(hadoop.conf(spark))
    codec = factory.getCodec(hpath)
    if codec is None and sniff_gzip and _starts_with_gzip_magic(fs, hpath):
        codec = factory.getCodecByName("gzip")
    stream = None
    try:
        stream = fs.open(hpath)
        if codec is not None:
            stream = codec.createInputStream(stream)
        size = stream.transferTo(jvm.java.io.OutputStream.nullOutputStream())
    except Exception as e:  # py4j wraps every JVM exception in Py4JJavaError
        detail = _java_message(e)
        if codec is not None and "gzip" in codec.getClass().getSimpleName().lower():
            return ProbeResult(TRUNCATED_GZIP if detail.startswith(_EOF) else CORRUPT_GZIP, detail)
        return ProbeResult(UNREADABLE_FILE, detail)
    finally:
        if stream is not None:
            # Closing a broken stream can fail too; that must not hide the first error.
            with contextlib.suppress(Exception):
                stream.close()
    if size == 0:
        return ProbeResult(EMPTY_FILE, "the file holds no data after decompression")
    return ProbeResult(NO_ROWS, f"{size} bytes decompress cleanly but the reader produced no row")


def _starts_with_gzip_magic(fs: Any, hpath: Any) -> bool:
    stream = None
    try:
        stream = fs.open(hpath)
        return stream.read() == 0x1F and stream.read() == 0x8B
    except Exception:  # unreadable: the probe proper reports why
        return False
    finally:
        if stream is not None:
            with contextlib.suppress(Exception):
                stream.close()


def _java_message(e: Exception) -> str:
    java = getattr(e, "java_exception", None)
    if java is not None:
        return f"{java.getClass().getName()}: {java.getMessage()}"
    return f"{type(e).__name__}: {e}"
