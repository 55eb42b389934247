"""What the parse benchmark runs for one source's corpus: the floor, ours and the baselines,
each to Spark's ``noop`` sink."""

from __future__ import annotations

from collections.abc import Callable

from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession

from bench.corpus import Corpus
from bench.sources import DECLARED_FORMATS, parse_with_udf, source_module
from logparse import native
from logparse.reader import read


def noop(frames: list[DataFrame]) -> None:
    """Run each frame to the ``noop`` sink: every row is computed, nothing is written."""
    for df in frames:
        df.write.format("noop").mode("overwrite").save()


# The JVM parsers that also exist as a Java UDF over lines (a VPC flow line needs its file's
# header, which a per-line function cannot see).
JAVA_UDFS = {"alb": "logplatform.awslogs.udf.AlbLineUdf"}


def _java_udf_frame(spark: SparkSession, source: str, raw: DataFrame) -> DataFrame:
    """``raw``'s lines through the Java UDF shape of the JVM parser: one struct per line."""
    schema = native.output_schema(source_module(source).DATASETS[0])
    jvm = spark.sparkContext._jvm
    jvm.java.lang.System.setProperty(f"awslogs.udf.{source}.schema", schema.json())
    spark.udf.registerJavaFunction(f"awslogs_{source}", JAVA_UDFS[source], schema)
    return raw.selectExpr(f"awslogs_{source}(value, source_file) AS r").select("r.*")


class Contenders:
    """What the benchmark runs for one source's corpus, each writing to ``noop``: ``floor``,
    ``ours``, and where they exist ``udf`` (the Python-UDF baseline), ``sql`` (the SQL
    parser, when ours is the JVM parser) and ``jvm_udf`` (the JVM parser as a Java UDF)."""

    def __init__(self, spark: SparkSession, source: str, corpus: Corpus, udf: bool) -> None:
        self.spark = spark
        self.source = source
        self.corpus = corpus
        self.module = source_module(source)
        self.declared = source in DECLARED_FORMATS
        self.udf = udf and not self.declared
        self.jvm = (source in native.SOURCES or self.declared) and native.available(spark)
        self.with_java_udf = self.jvm and source in JAVA_UDFS

    def runs(self) -> dict[str, tuple[Callable[[], None], bool]]:
        """Each contender's run and whether its CPU includes the Python workers', in the
        order they are timed."""
        out: dict[str, tuple[Callable[[], None], bool]] = {
            "floor": (self.floor, False),
            "ours": (self.ours, False),
        }
        if self.udf:
            out["udf"] = (self.baseline, True)
        if self.jvm:
            out["sql"] = (self.sql, False)
        if self.with_java_udf:
            out["jvm_udf"] = (self.java_udf, False)
        return out

    def raw(self) -> DataFrame:
        return read(self.spark, self.module.READ_MODE, self.corpus.files)

    def parsed(self, frame: DataFrame) -> list[DataFrame]:
        return list(self.module.parse(frame).values())

    def parsed_natively(self) -> list[DataFrame]:
        if self.declared:
            return list(self.module.read_jvm(self.spark, self.corpus.files, None).values())
        return [native.read(self.spark, self.source, self.module.DATASETS[0], self.corpus.files)]

    def ours_frames(self) -> list[DataFrame]:
        """Ours, unrun: the frames the checks count."""
        return self.parsed_natively() if self.jvm else self.parsed(self.raw())

    def java_udf_frame(self) -> DataFrame:
        return _java_udf_frame(self.spark, self.source, self.raw())

    def _run(self, frames_of: Callable[[DataFrame], list[DataFrame]]) -> None:
        """All of a source's output frames to ``noop``; with several datasets, from one
        persisted read, as the job does."""
        frame = self.raw()
        shared = len(self.module.DATASETS) > 1
        if shared:
            frame = frame.persist(StorageLevel.MEMORY_AND_DISK)
        try:
            noop(frames_of(frame))
        finally:
            if shared:
                frame.unpersist()

    def floor(self) -> None:
        noop([self.spark.read.text(self.corpus.files)])

    def ours(self) -> None:
        if self.jvm:
            noop(self.parsed_natively())
        else:
            self._run(self.parsed)

    def sql(self) -> None:
        self._run(self.parsed)

    def java_udf(self) -> None:
        self._run(lambda frame: [_java_udf_frame(self.spark, self.source, frame)])

    def baseline(self) -> None:
        self._run(lambda frame: parse_with_udf(self.source, frame))
