"""Registering the partitions a run wrote (or read) in the metastore: the Glue Data Catalog on
EMR, where Spark SQL's Hive client talks to Glue, and Spark's in-memory catalog in tests.

Partitions are added with ``ALTER TABLE … ADD IF NOT EXISTS PARTITION (…) LOCATION '…'``,
up to :data:`BATCH_SIZE` partitions per statement, so a re-run adds nothing and fails on
nothing. Partition values come from S3 keys and are untrusted: every value and location is
a quoted SQL string literal (:func:`sql_string`), identifiers are backquoted, and a null
value is ``NULL``. Locations are the directories Spark's writer creates, built with Spark's
own path escaping, so a value such as ``eu-west-1'x`` lands where its rows are.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from pyspark.sql import SparkSession

from logparse import hadoop

BATCH_SIZE: Final = 100
"""Partitions per ALTER TABLE statement; also the Glue BatchCreatePartition maximum."""
_MAX_ERROR_CHARS: Final = 2000

PartitionValues = tuple[str | None, ...]


@dataclass(frozen=True)
class Partition:
    """One partition: ``(key, value)`` pairs in the table's partition-key order (``None`` is
    the null partition, ``__HIVE_DEFAULT_PARTITION__`` on disk) and its location."""

    spec: tuple[tuple[str, str | None], ...]
    location: str


@dataclass(frozen=True)
class Registration:
    """The outcome for one table: partitions to register, how many the catalog accepted
    (added or already present), and the error that stopped the rest, if any."""

    database: str
    table: str
    partitions: int
    registered: int
    error: str | None

    @property
    def qualified(self) -> str:
        return f"{self.database}.{self.table}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "table": self.qualified,
            "partitions": self.partitions,
            "registered": self.registered,
            "error": self.error,
        }


def sql_string(value: str) -> str:
    """``value`` as a Spark SQL string literal. Spark's lexer reads a backslash as an escape
    inside quotes, so backslashes and quotes are escaped and nothing else is special."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def sql_identifier(name: str) -> str:
    return "`" + name.replace("`", "``") + "`"


def add_partitions_sql(database: str, table: str, partitions: Sequence[Partition]) -> str:
    """One ``ALTER TABLE … ADD IF NOT EXISTS`` statement for ``partitions``."""
    clauses = []
    for p in partitions:
        spec = ", ".join(
            f"{sql_identifier(k)}={'NULL' if v is None else sql_string(v)}" for k, v in p.spec
        )
        clauses.append(f"PARTITION ({spec}) LOCATION {sql_string(p.location)}")
    target = f"{sql_identifier(database)}.{sql_identifier(table)}"
    return f"ALTER TABLE {target} ADD IF NOT EXISTS " + " ".join(clauses)


def qualified_path(spark: SparkSession, path: str) -> str:
    """``path`` with scheme and authority (``file:/abs/…``, ``s3://bucket/…``): partition
    locations must not depend on the driver's working directory."""
    hpath, fs = hadoop.path_and_fs(spark, path)
    return str(fs.makeQualified(hpath).toString())


def dataset_partitions(
    spark: SparkSession, root: str, keys: Sequence[str], written: Iterable[PartitionValues]
) -> list[Partition]:
    """The partitions of a dataset written under ``root`` (qualified), one per distinct
    tuple of ``written`` partition values (in ``keys`` order), sorted. An empty value is
    written as null by Spark, so it is registered as the null partition."""
    escape = hadoop.jvm(spark).org.apache.spark.sql.catalyst.catalog.ExternalCatalogUtils
    distinct = {tuple(v if v else None for v in values) for values in written}
    out = []
    for values in sorted(distinct, key=lambda vs: tuple((v is None, v or "") for v in vs)):
        spec = tuple(zip(keys, values, strict=True))
        # The writer names each directory with this very function (FileFormatDataWriter).
        dirs = [str(escape.getPartitionPathString(k, v)) for k, v in spec]
        out.append(Partition(spec, "/".join([root.rstrip("/"), *dirs])))
    return out


def register(
    spark: SparkSession,
    database: str,
    table: str,
    partitions: Sequence[Partition],
    batch_size: int = BATCH_SIZE,
) -> Registration:
    """Add ``partitions`` to ``database.table`` in batches. The first failing statement (a
    missing table, a denied permission, a spec that does not match the table) stops this
    table and is returned as its error; it is not raised."""
    registered = 0
    for start in range(0, len(partitions), batch_size):
        batch = partitions[start : start + batch_size]
        try:
            spark.sql(add_partitions_sql(database, table, batch))
        except Exception as e:  # AnalysisException, ParseException or a Py4J error
            error = f"{type(e).__name__}: {str(e).strip()}"[:_MAX_ERROR_CHARS]
            return Registration(database, table, len(partitions), registered, error)
        registered += len(batch)
    return Registration(database, table, len(partitions), registered, None)
