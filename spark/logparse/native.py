"""The JVM parsers (``spark/jvm``, format ``awslogs``): ALB, VPC flow and S3 access lines
parsed on the file's bytes inside the Spark JVM, into exactly the rows the SQL parsers of
``logparse.sources`` produce (they stay as the oracle of a differential test).

The jar is on the classpath when the session was built with it: locally ``build_session``
adds ``spark/jvm/target/awslogs-<version>.jar`` (or ``$LOGPARSE_JVM_JAR``); on EMR the step's
``spark-submit --jars`` ships it. Without it, the job falls back to the SQL parsers.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from pyspark.sql import DataFrame, DataFrameReader, SparkSession
from pyspark.sql.types import StringType, StructField, StructType

from logparse.model import BOOKKEEPING
from logparse.schema import DatasetSchema, load_schema

FORMAT: Final = "awslogs"
SOURCE_CLASS: Final = "logplatform.awslogs.source.AwsLogsFormat"
JAR_ENV: Final = "LOGPARSE_JVM_JAR"
VERSION: Final = "1.0.0"
SOURCES: Final = ("alb", "vpcflow", "s3access")

_REPO_JAR = Path(__file__).resolve().parents[1] / "jvm" / "target" / f"awslogs-{VERSION}.jar"


def jar_path() -> Path | None:
    """``$LOGPARSE_JVM_JAR`` when set (it must exist), else the repository's built jar."""
    override = os.environ.get(JAR_ENV)
    if override:
        path = Path(override)
        if not path.is_file():
            raise FileNotFoundError(f"${JAR_ENV} names {path}, which is not a file")
        return path
    return _REPO_JAR if _REPO_JAR.is_file() else None


def available(spark: SparkSession) -> bool:
    """Whether the session's JVM can load the ``awslogs`` format."""
    jvm = spark.sparkContext._jvm
    loader = jvm.java.lang.Thread.currentThread().getContextClassLoader()
    try:
        jvm.java.lang.Class.forName(SOURCE_CLASS, False, loader)
    except Exception:  # py4j wraps ClassNotFoundException
        return False
    return True


def output_schema(dataset: str) -> StructType:
    """The dataset's columns and partition keys, then the bookkeeping columns."""
    return output_struct(load_schema(dataset))


def output_struct(schema: DatasetSchema) -> StructType:
    """``schema``'s columns and partition keys, then the bookkeeping columns."""
    fields = list(schema.struct.fields)
    fields += [StructField(name, StringType(), nullable=True) for name in BOOKKEEPING]
    return StructType(fields)


def read(
    spark: SparkSession,
    source: str,
    dataset: str,
    paths: list[str],
    damage_log: str | None = None,
) -> DataFrame:
    """The parsed rows of ``paths`` (files, not globs) for ``dataset``: the columns of
    ``schemas/<dataset>.json`` then ``_status``, ``_reason``, ``_raw``, as the SQL parser's
    ``conform`` gives them. Each row's ``source_file`` is the file's name as
    ``input_file_name()`` spells it, so the accounting joins files the same way whichever
    parser ran. Like the SQL parsers' reads, a file that vanished or cannot be read gives no
    rows (``ignoreMissingFiles``, ``ignoreCorruptFiles``): the job's accounting reports it.

    With ``damage_log``, files whose compressed stream broke part way are recorded under that
    key for :func:`damaged` (their lines before the damage are parsed as usual)."""
    return _reader(spark, source, dataset, damage_log).load(paths)


def read_listed(
    spark: SparkSession,
    source: str,
    dataset: str,
    files: list[tuple[str, str]],
    damage_log: str | None = None,
) -> DataFrame:
    """:func:`read` of ``(path, source_file)`` pairs: each file's rows carry the given
    ``source_file``, from which the parser also takes the key's fields (account, region, day)."""
    bad = [p for pair in files for p in pair if "\t" in p or "\n" in p]
    if bad:
        raise ValueError(f"a path or source_file holds a tab or newline: {bad[0]!r}")
    listing = "\n".join(f"{path}\t{name}" for path, name in files)
    reader = _reader(spark, source, dataset, damage_log).option("names", listing)
    return reader.load([path for path, _ in files])


def _reader(
    spark: SparkSession, source: str, dataset: str, damage_log: str | None
) -> DataFrameReader:
    if source not in SOURCES:
        raise ValueError(f"no JVM parser for source {source!r} (have {', '.join(SOURCES)})")
    return reader(spark, source, load_schema(dataset), damage_log)


def reader(
    spark: SparkSession, source: str, schema: DatasetSchema, damage_log: str | None
) -> DataFrameReader:
    """The ``awslogs`` reader of ``source`` writing ``schema``'s rows (see :func:`read`)."""
    reader = (
        spark.read.format(FORMAT)
        .schema(output_struct(schema))
        .option("source", source)
        .option("ignoreMissingFiles", "true")
        .option("ignoreCorruptFiles", "true")
    )
    if damage_log is not None:
        reader = reader.option("damageLog", damage_log)
    return reader


def damaged(spark: SparkSession, damage_log: str) -> list[tuple[str, int, str]]:
    """``(source_file, lines read before the damage, error)`` of each file the queries read
    with ``damage_log`` found broken part way; the log is emptied."""
    jvm = spark.sparkContext._jvm
    entries = jvm.logplatform.awslogs.source.DamageLog.take(damage_log)
    return [(str(e[0]), int(e[1]), str(e[2])) for e in entries]
