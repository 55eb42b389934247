"""Writing the lake: Parquet partitioned by the schema's keys with dynamic partition
overwrite (a re-run replaces exactly the partitions it writes), rejects, and small text files
(the run summary) through Hadoop's FileSystem so ``s3://`` works as well as local paths."""

from __future__ import annotations

import math

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from logparse import hadoop

TARGET_FILE_BYTES = 128 * 1024 * 1024
"""Aim for Parquet files of about this size: big enough for Athena scans, small enough to
write in one task."""
MAX_RECORDS_PER_FILE = 5_000_000
REJECT_ROWS_PER_FILE = 1_000_000


def output_partitions(input_bytes: int, partition_values: int) -> tuple[int, int]:
    """``(tasks, files per partition value)`` for a dataset written from ``input_bytes`` of
    compressed input spread over ``partition_values`` distinct partition tuples.

    Compressed logs and zstd Parquet are of similar size, so the input size estimates the
    output size; each partition value gets enough files to stay near TARGET_FILE_BYTES."""
    values = max(1, partition_values)
    files = max(1, math.ceil(input_bytes / TARGET_FILE_BYTES))
    per_value = max(1, math.ceil(files / values))
    return values * per_value, per_value


def write_dataset(
    df: DataFrame, path: str, partition_keys: list[str], input_bytes: int, partition_values: int
) -> None:
    tasks, per_value = output_partitions(input_bytes, partition_values)
    # Salting by source file spreads a large partition value over `per_value` tasks while a
    # file's rows stay together; with per_value == 1 each value is written by one task.
    salt = F.pmod(F.xxhash64(F.col("source_file")), F.lit(per_value))
    (
        df.repartition(tasks, *[F.col(k) for k in partition_keys], salt)
        .write.mode("overwrite")
        .option("partitionOverwriteMode", "dynamic")
        .option("maxRecordsPerFile", MAX_RECORDS_PER_FILE)
        .option("compression", "zstd")
        .partitionBy(*partition_keys)
        .parquet(path)
    )


def write_rejects(df: DataFrame, path: str, rows: int) -> None:
    """Rejects: ``source, source_file, reason, raw`` partitioned by ``dt``."""
    files = max(1, math.ceil(rows / REJECT_ROWS_PER_FILE))
    (
        df.repartition(files, F.col("dt"))
        .write.mode("overwrite")
        .option("partitionOverwriteMode", "dynamic")
        .option("compression", "zstd")
        .partitionBy("dt")
        .parquet(path)
    )


def write_text(spark: SparkSession, path: str, text: str) -> None:
    """Create or replace a small UTF-8 file at a local path or URI."""
    hpath, fs = hadoop.path_and_fs(spark, path)
    out = fs.create(hpath, True)
    try:
        out.write(bytearray(text.encode("utf-8")))
    finally:
        out.close()


def join_path(base: str, *parts: str) -> str:
    return "/".join([base.rstrip("/"), *parts])


def delete(spark: SparkSession, path: str) -> None:
    """Remove a directory tree if it exists (a partition the run now leaves empty)."""
    hpath, fs = hadoop.path_and_fs(spark, path)
    if fs.exists(hpath):
        fs.delete(hpath, True)
