"""The one place a SparkSession is built, with the settings the job runs with: the job (locally
and under spark-submit on EMR), the demo, the benchmark and the tests all call
:func:`build_session`, each passing only what it deliberately does differently."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from pyspark.sql import SparkSession

from logparse.native import jar_path

SQL_CONF: Final[Mapping[str, str]] = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.sources.partitionOverwriteMode": "dynamic",
    # Parsers cast untrusted text; a value that does not fit must become null (and the row a
    # reject), not fail the job as ANSI mode would.
    "spark.sql.ansi.enabled": "false",
    "spark.sql.parquet.compression.codec": "zstd",
    # A datetime pattern that fails on a text the pre-3.0 parser would have read must give
    # null (a reject), not a SparkUpgradeException that fails the job: declared formats parse
    # times with their own patterns (logparse/formats).
    "spark.sql.legacy.timeParserPolicy": "CORRECTED",
}
HADOOP_CONF: Final[Mapping[str, str]] = {
    # The checksummed local FileSystem builds a ".<name>.crc" sibling path for every file it
    # opens, and Hadoop cannot build a path for a name with a colon in it, which Redshift
    # audit log names have. The raw local FileSystem has no checksum files. S3 is unaffected.
    "fs.file.impl": "org.apache.hadoop.fs.RawLocalFileSystem",
    "fs.file.impl.disable.cache": "true",
}


def build_session(
    app_name: str,
    master: str | None = None,
    extra_conf: Mapping[str, str] | None = None,
    log_level: str | None = None,
) -> SparkSession:
    """The session named ``app_name`` with :data:`SQL_CONF` and :data:`HADOOP_CONF` (as
    ``spark.hadoop.*``), then ``extra_conf`` (which wins on a shared key). ``master`` None
    leaves the master to spark-submit; ``log_level`` sets the SparkContext's log level."""
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
        # Locally the JVM parsers come from the repository's build (on EMR, spark-submit's
        # --jars ships them).
        jar = jar_path()
        if jar is not None:
            builder = builder.config("spark.jars", str(jar))
    for key, value in SQL_CONF.items():
        builder = builder.config(key, value)
    for key, value in HADOOP_CONF.items():
        builder = builder.config(f"spark.hadoop.{key}", value)
    for key, value in (extra_conf or {}).items():
        builder = builder.config(key, value)
    spark = builder.getOrCreate()
    if log_level is not None:
        spark.sparkContext.setLogLevel(log_level)
    return spark
