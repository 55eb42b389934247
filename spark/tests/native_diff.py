"""Differential checks of the JVM parsers (format ``awslogs``) against the SQL parsers of
``logparse.sources``, which stay as the oracle: the same files must give the same rows, every
column of every row and every reject reason."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path
from typing import Any, TypeVar

from hypothesis import strategies as st
from pyspark.sql import DataFrame, SparkSession

from logparse import native, reader
from logparse.model import SOURCE_FILE, VALUE
from logparse.sources import load_source

Line = TypeVar("Line", str, bytes)


@st.composite
def mutation(
    draw: st.DrawFn, bases: st.SearchStrategy[Line], splices: st.SearchStrategy[Line]
) -> Line:
    """A line drawn from ``bases`` with up to three edits: a splice inserted, a span of up to
    12 characters deleted, or the line cut."""
    line = draw(bases)
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(line)))
        kind = draw(st.sampled_from(["insert", "delete", "cut"]))
        if kind == "insert":
            line = line[:at] + draw(splices) + line[at:]
        elif kind == "delete":
            line = line[:at] + line[at + draw(st.integers(1, 12)) :]
        else:
            line = line[:at]
    return line


def both(spark: SparkSession, source: str, files: list[str]) -> tuple[DataFrame, DataFrame]:
    """``(sql, jvm)`` outputs of ``source``'s single dataset for ``files``."""
    module = load_source(source)
    (dataset,) = module.DATASETS
    sql = module.parse(reader.read(spark, "lines", files))[dataset]
    jvm = native.read(spark, source, dataset, files)
    return sql, jvm


def differences(
    spark: SparkSession, source: str, files: list[str]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows only the SQL parser gives, rows only the JVM parser gives (as multisets)."""
    sql, jvm = both(spark, source, files)
    only_sql = [r.asDict(recursive=True) for r in sql.exceptAll(jvm).collect()]
    only_jvm = [r.asDict(recursive=True) for r in jvm.exceptAll(sql).collect()]
    return only_sql, only_jvm


def assert_same(spark: SparkSession, source: str, files: list[str]) -> int:
    """Both parsers give the same rows for ``files``; returns how many rows that is."""
    assert native.available(spark), "the awslogs jar is not on the session's classpath"
    only_sql, only_jvm = differences(spark, source, files)
    shown = "\n".join(
        [f"only SQL: {r}" for r in only_sql[:5]] + [f"only JVM: {r}" for r in only_jvm[:5]]
    )
    assert not only_sql and not only_jvm, (
        f"{source}: {len(only_sql)} rows only from SQL, {len(only_jvm)} only from the JVM\n{shown}"
    )
    sql, _ = both(spark, source, files)
    return sql.count()


def write_lines(path: Path, lines: list[str] | list[bytes], compress: bool = True) -> str:
    """``lines`` as one file (``\\n`` after each), gzip unless ``compress`` is false; its URI.
    A line given as bytes is written as it is (it need not be UTF-8).

    A line must not hold ``\\n`` or ``\\r``: they end lines in both readers."""
    encoded = [line if isinstance(line, bytes) else line.encode("utf-8") for line in lines]
    bad = [line for line in encoded if b"\n" in line or b"\r" in line]
    if bad:
        raise ValueError(f"lines with a line ending in them cannot round-trip: {bad[:3]}")
    data = b"".join(line + b"\n" for line in encoded)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data, mtime=0) if compress else data)
    return "file:" + str(path)


def assert_frame_same(source: str, lines: DataFrame, sql_out: DataFrame) -> int:
    """The JVM parser gives ``sql_out`` (the SQL parser's rows for the parser input
    ``lines``: ``value`` and ``source_file``) when each ``source_file``'s lines, in order, are
    a file it reads under that name. Makes every unit test of a line parser differential.

    A file whose lines cannot be a file's lines (a null, or ``\\n``/``\\r`` inside a line) is
    left out on both sides. Returns how many rows were compared."""
    spark = lines.sparkSession
    assert native.available(spark), "the awslogs jar is not on the session's classpath"
    (dataset,) = load_source(source).DATASETS
    by_file: dict[str, list[bytes]] = {}
    unwritable: set[str] = set()
    for name, value in lines.selectExpr(SOURCE_FILE, f"CAST({VALUE} AS BINARY)").collect():
        if value is None or b"\n" in value or b"\r" in value:
            unwritable.add(name)
        by_file.setdefault(name, []).append(bytes(value or b""))
    kept = sorted(set(by_file) - unwritable)
    expected = sql_out.where(sql_out[SOURCE_FILE].isin(kept)) if kept else None
    if expected is None:
        return 0
    with tempfile.TemporaryDirectory(prefix="native-diff-") as tmp:
        listing = []
        for i, name in enumerate(kept):
            # Compressed, as delivered: an uncompressed file whose first line starts with the
            # gzip magic bytes would be read as gzip (the JVM reader goes by content).
            path = Path(tmp) / f"{i}.log.gz"
            data = b"".join(line + b"\n" for line in by_file[name])
            path.write_bytes(gzip.compress(data, mtime=0, compresslevel=1))
            listing.append(("file:" + str(path), name))
        jvm = native.read_listed(spark, source, dataset, listing)
        only_sql = [r.asDict(recursive=True) for r in expected.exceptAll(jvm).collect()]
        only_jvm = [r.asDict(recursive=True) for r in jvm.exceptAll(expected).collect()]
    shown = "\n".join(
        [f"only SQL: {r}" for r in only_sql[:5]] + [f"only JVM: {r}" for r in only_jvm[:5]]
    )
    assert not only_sql and not only_jvm, (
        f"{source}: {len(only_sql)} rows only from SQL, {len(only_jvm)} only from the JVM\n{shown}"
    )
    return sum(len(by_file[name]) for name in kept)
