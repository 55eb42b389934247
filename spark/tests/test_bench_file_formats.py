"""The benchmark corpora of the file formats (CloudTrail, Redshift, EMR, CloudWatch) are read by
the job exactly as generated: every record ``ok``, the non-records ``skip``, the keys matched
by the source's globs; and each Python-UDF baseline does the same work as our parser, row for
row."""

from __future__ import annotations

import gzip
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

from bench.corpus import Corpus
from bench.parse import BenchmarkCheckError, check_ours, check_udf, status_counts
from bench.sources import FILE_FORMATS, parse_with_udf, udf_records_parsed, write_corpus
from logparse import hadoop
from logparse.model import OK, REJECT, SKIP, STATUS
from logparse.reader import canonical, list_files, read
from logparse.sources import load_source
from synth.world import DAY, ORG_ID

SMALL_MB = 0.3
SKIP_REASON = {
    "cloudtrail": "cloudtrail.digest",
    "redshift": None,
    "emr": None,
    "cloudwatch": "cloudwatch.control_message",
}


@pytest.fixture(scope="module", autouse=True)
def raw_local_filesystem(spark: SparkSession) -> Iterator[None]:
    """As the job sets it: Redshift's object names hold a colon, for which the checksummed
    local FileSystem cannot build its ``.crc`` path."""
    conf = hadoop.conf(spark)
    conf.set("fs.file.impl", "org.apache.hadoop.fs.RawLocalFileSystem")
    conf.set("fs.file.impl.disable.cache", "true")
    yield


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Corpus]]:
    out = {}
    for source in FILE_FORMATS:
        root = tmp_path_factory.mktemp(source)
        out[source] = (root, write_corpus(source, root, SMALL_MB))
    return out


def _raw(spark: SparkSession, source: str, corpus: Corpus) -> DataFrame:
    return read(spark, load_source(source).READ_MODE, corpus.files)


def _ours(spark: SparkSession, source: str, corpus: Corpus) -> list[DataFrame]:
    return list(load_source(source).parse(_raw(spark, source, corpus)).values())


@pytest.mark.parametrize("source", FILE_FORMATS)
def test_our_parser_finds_every_generated_record_ok_and_the_non_records_skipped(
    spark: SparkSession, corpora: dict[str, tuple[Path, Corpus]], source: str
) -> None:
    _, corpus = corpora[source]
    counts = status_counts(_ours(spark, source, corpus))
    expected = {(OK, None): corpus.records}
    reason = SKIP_REASON[source]
    if reason is not None:
        expected[(SKIP, reason)] = corpus.skipped
        assert corpus.skipped >= 1
    assert dict(counts) == expected
    assert corpus.records > 300
    check_ours(source, counts, corpus)


@pytest.mark.parametrize("source", FILE_FORMATS)
def test_the_source_globs_select_exactly_the_corpus_files(
    spark: SparkSession, corpora: dict[str, tuple[Path, Corpus]], source: str
) -> None:
    root, corpus = corpora[source]
    module = load_source(source)
    by_mtime = getattr(module, "SELECT_DAY_BY", None) == "modification_time"
    globs = module.input_globs(str(root), None if by_mtime else DAY)
    listed = list_files(spark, globs, DAY if by_mtime else None)
    assert sorted(canonical(f.path) for f in listed) == sorted(
        canonical(f"file:{f}") for f in corpus.files
    )


@pytest.mark.parametrize("source", FILE_FORMATS)
def test_objects_are_gzip_and_their_text_is_the_corpus_size(
    corpora: dict[str, tuple[Path, Corpus]], source: str
) -> None:
    _, corpus = corpora[source]
    sizes = []
    for name in corpus.files:
        body = Path(name).read_bytes()
        assert name.endswith(".gz")
        assert body.startswith(b"\x1f\x8b")
        sizes.append(len(gzip.decompress(body)))
    assert sum(sizes) == corpus.bytes
    assert SMALL_MB * 1024 * 1024 <= corpus.bytes < 3 * SMALL_MB * 1024 * 1024


@pytest.mark.parametrize("source", FILE_FORMATS)
def test_the_same_seed_gives_the_same_objects_and_another_seed_others(
    tmp_path: Path, source: str
) -> None:
    def objects(root: Path, seed: int) -> dict[str, bytes]:
        corpus = write_corpus(source, root, 0.1, seed)
        return {str(Path(f).relative_to(root)): Path(f).read_bytes() for f in corpus.files}

    first = objects(tmp_path / "a", 7)
    assert objects(tmp_path / "b", 7) == first
    assert objects(tmp_path / "c", 8) != first


@pytest.mark.parametrize("source", FILE_FORMATS)
def test_the_udf_baseline_parses_the_corpus_into_the_same_rows_as_ours(
    spark: SparkSession, corpora: dict[str, tuple[Path, Corpus]], source: str
) -> None:
    _, corpus = corpora[source]
    raw = _raw(spark, source, corpus)
    matched = udf_records_parsed(source, raw)
    assert matched == corpus.records
    check_udf(source, matched, corpus)
    ours = [df.where(F.col(STATUS) == OK) for df in _ours(spark, source, corpus)]
    theirs = parse_with_udf(source, raw)
    assert len(ours) == len(theirs)
    for our, their in zip(ours, theirs, strict=True):
        types = dict(our.dtypes)
        shared = [name for name, kind in their.dtypes if types.get(name) == kind]
        # Every column of ours the baseline also produces, so it converts the same fields.
        assert {"event_time", "source_file"} <= set(shared)
        assert len(shared) >= len(their.columns) - 1
        a, b = our.select(*shared), their.select(*shared)
        assert a.exceptAll(b).count() == 0
        assert b.exceptAll(a).count() == 0


def test_edge_cases_are_in_the_small_corpora(
    spark: SparkSession, corpora: dict[str, tuple[Path, Corpus]]
) -> None:
    [trail] = _ours(spark, "cloudtrail", corpora["cloudtrail"][1])
    assert trail.where(F.col("event_type") == "AwsCloudTrailInsight").count() >= 2
    org_records = trail.where((F.col(STATUS) == OK) & (F.col("org_id") == ORG_ID))
    assert org_records.count() == corpora["cloudtrail"][1].records
    _, users, activity = _ours(spark, "redshift", corpora["redshift"][1])
    assert users.where(F.col(STATUS) == OK).count() >= 1
    assert activity.where(F.col("query").contains("\n")).count() > 100
    [emr] = _ours(spark, "emr", corpora["emr"][1])
    assert emr.select("container_id").distinct().count() >= 2
    assert emr.where(F.col("step_id").isNotNull()).count() >= 1
    [cw] = _ours(spark, "cloudwatch", corpora["cloudwatch"][1])
    kinds = {r["record_type"] for r in cw.select("record_type").distinct().collect()}
    assert {"START", "END", "REPORT", "text", "json", "platform.report"} <= kinds


def test_a_reject_or_a_wrong_count_stops_the_benchmark_and_says_what_was_found() -> None:
    corpus = Corpus(["x"], 10, records=500, skipped=1)
    rejected = Counter({(OK, None): 500, (SKIP, "s"): 1, (REJECT, "redshift.too_few_fields"): 2})
    message = (
        "redshift: our parser found 500 ok, 1 skip and rejects {'redshift.too_few_fields': 2} "
        "in the corpus; expected 500 ok, 1 skip and no rejects"
    )
    with pytest.raises(BenchmarkCheckError, match=re.escape(message)):
        check_ours("redshift", rejected, corpus)
    with pytest.raises(BenchmarkCheckError, match="found 499 ok, 1 skip and rejects none"):
        check_ours("redshift", Counter({(OK, None): 499, (SKIP, "s"): 1}), corpus)
    check_ours("redshift", Counter({(OK, None): 500, (SKIP, "s"): 1}), corpus)
    for matched in (494, 501):
        with pytest.raises(BenchmarkCheckError, match=f"parsed {matched} of 500 records"):
            check_udf("redshift", matched, corpus)
    check_udf("redshift", 495, corpus)
