"""Objects that hold gzip bytes under a name without ``.gz``: CloudWatch Logs subscriptions
delivered by Firehose without record decompression (each record is a gzip member of its own,
concatenated) under Firehose's default, extension-less object names.

Spark picks a codec by the file name only, so the job reads these objects as bytes and
decompresses them here, in Python: Spark 3.5 has no SQL function that inflates gzip, and a
codec of our own would be JVM code. Only the objects the job lists without a compression
extension take this path (one row per object, so the per-row Python cost is per object), and
objects that are not gzip pass through unchanged.

An object whose gzip is damaged (cut short, corrupt, or followed by bytes that are not another
member) yields no row, like a damaged ``.gz`` object read whole; the job's probe then
decompresses it on the driver and reports why (``reader.probe`` with ``sniff_gzip``).
"""

from __future__ import annotations

import zlib
from typing import Final

from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import BinaryType

from logparse.model import SOURCE_FILE, VALUE

# ID1, ID2 and CM (deflate, the only method RFC 1952 defines): the JVM reader sniffs the same.
GZIP_MAGIC: Final = b"\x1f\x8b\x08"
_GZIP_WBITS: Final = 16 + zlib.MAX_WBITS


def decompress(content: bytes | None) -> bytes | None:
    """``content`` itself when it is not gzip; else every member inflated and concatenated;
    ``None`` when a member is damaged or the bytes after the last member are not a member."""
    if content is None or not content.startswith(GZIP_MAGIC):
        return content
    out: list[bytes] = []
    rest = bytes(content)
    try:
        while rest:
            if not rest.startswith(GZIP_MAGIC):
                return None
            member = zlib.decompressobj(_GZIP_WBITS)
            out.append(member.decompress(rest))
            if not member.eof:
                return None
            rest = member.unused_data
    except zlib.error:
        return None
    return b"".join(out)


def read(spark: SparkSession, paths: list[str]) -> DataFrame:
    """``value`` (the decompressed text, bytes as they are) and ``source_file`` per object.

    ``source_file`` is the listing's path in the spelling of ``input_file_name()``, which
    cannot be used here: a Python UDF reads rows ahead of the projection above it, so the
    file name it saw could be the next object's."""
    inflate = F.udf(decompress, BinaryType())
    reader = spark.read.option("ignoreCorruptFiles", "true").option("ignoreMissingFiles", "true")
    files = reader.format("binaryFile").load(paths)
    return (
        files.select(
            F.expr("regexp_replace(path, '^file:/(?!/)', 'file:///')").alias(SOURCE_FILE),
            inflate(F.col("content")).alias("_inflated"),
        )
        .select(F.col("_inflated").cast("string").alias(VALUE), SOURCE_FILE)
        .where(F.col(VALUE).isNotNull())
    )
