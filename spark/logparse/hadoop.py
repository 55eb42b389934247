"""Hadoop FileSystem access through the Py4J gateway: the one route to listing, probing and
small writes that works for local paths and ``s3://`` (EMRFS) alike."""

from __future__ import annotations

from typing import Any

from pyspark.sql import SparkSession


def jvm(spark: SparkSession) -> Any:
    return spark.sparkContext._jvm


def conf(spark: SparkSession) -> Any:
    return spark.sparkContext._jsc.hadoopConfiguration()


def path_and_fs(spark: SparkSession, path: str) -> tuple[Any, Any]:
    """``(org.apache.hadoop.fs.Path, FileSystem)`` for a local path or URI."""
    hpath = jvm(spark).org.apache.hadoop.fs.Path(path)
    return hpath, hpath.getFileSystem(conf(spark))
