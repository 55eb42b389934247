"""Properties of the parsers over inputs Hypothesis generates, at least 200 examples per
property, each property's examples parsed in one batch (see tests/lines/batch.py):

- a valid line round-trips its fields (every column of its row);
- a damaged line is rejected with a reason docs/spark-line-parsers.md lists (bytes that are not
  UTF-8: with ``<source>.invalid_utf8``, and ``_raw`` gives the bytes back);
- every input line ends in exactly one of lake / rejects / skipped (one job run, one file per
  line so that each line can be followed);
- for the file formats, mutated and garbage lines never crash the job and its accounting
  matches what it wrote.
"""

from __future__ import annotations

import gzip
import itertools
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import strategies as st
from pyspark.sql import DataFrame, SparkSession

from logparse import job, utf8
from logparse.gunzip import GZIP_MAGIC
from logparse.schema import load_schema
from logparse.sources import load_source
from tests import corpus as c
from tests import native_diff
from tests.lines import alb, s3access, vpcflow
from tests.lines.batch import documented, draw, failures
from tests.lines.case import Case
from tests.lines.damage import garbage, not_utf8
from tests.rows import bytes_frame

EXAMPLES = 200
VPC_HEADER = b"version account-id interface-id srcaddr dstaddr"
SOURCES: dict[str, Any] = {"alb": alb, "s3access": s3access, "vpcflow": vpcflow}


def key(source: str, i: int, root: str = "s3://audit-archive") -> str:
    """A realistic, unique object key for example ``i`` of ``source``."""
    if source == "alb":
        return (
            f"{root}/AWSLogs/123456789012/elasticloadbalancing/eu-west-1/2025/06/02/123456789012_"
            f"elasticloadbalancing_eu-west-1_app.shop.50dc6c495c0c9188_20250602T1005Z_10.0.0.9_"
            f"{i:05d}.log.gz"
        )
    if source == "vpcflow":
        return (
            f"{root}/AWSLogs/123456789012/vpcflowlogs/eu-west-1/2025/06/02/123456789012_"
            f"vpcflowlogs_eu-west-1_fl-0a1b2c3d4e5f60718_20250602T1005Z_{i:08x}.log.gz"
        )
    return f"{root}/s3-access/2025-06-02-10-05-00-{i:016X}"


def lines_of(source: str, case: Case) -> list[bytes]:
    """The file of one example: the line, after a header for VPC flow logs."""
    if source != "vpcflow":
        return [case.line]
    return [case.header or VPC_HEADER, case.line]


def subject_rows(source: str, cases: list[Case], out: DataFrame) -> list[dict[str, Any]]:
    """Each example's row, in the examples' order (the header row of a VPC file set aside);
    fails when an example has no row or more than one."""
    by_file: dict[str, list[dict[str, Any]]] = {}
    for r in out.collect():
        by_file.setdefault(r["source_file"], []).append(r.asDict(recursive=True))
    rows = []
    for i in range(len(cases)):
        found = by_file.pop(key(source, i), [])
        if source == "vpcflow":
            headers = [r for r in found if r["_reason"] == "vpcflow.header"]
            assert headers, f"example {i}: no header row"
            found.remove(headers[0])
        assert len(found) == 1, f"example {i} ({cases[i]!r}): {len(found)} rows"
        rows.append(found[0])
    assert not by_file, f"rows of no example: {list(by_file)[:3]}"
    return rows


def parse(spark: SparkSession, source: str, cases: list[Case]) -> list[dict[str, Any]]:
    items = [
        (key(source, i), line) for i, case in enumerate(cases) for line in lines_of(source, case)
    ]
    lines = bytes_frame(spark, items)
    [out] = load_source(source).parse(lines).values()
    native_diff.assert_frame_same(source, lines, out)
    return subject_rows(source, cases, out)


def check_all(
    cases: list[Case], rows: list[dict[str, Any]], check: Callable[..., str | None]
) -> None:
    pairs = list(zip(cases, rows, strict=True))
    problems = failures(pairs, lambda pair: check(*pair))
    assert not problems, problems


@dataclass(frozen=True)
class Batch:
    """A line format's examples (valid, damaged, garbage) and the row each was parsed into."""

    source: str
    cases: list[Case]
    rows: list[dict[str, Any]]

    def of(self, *kinds: str) -> tuple[list[Case], list[dict[str, Any]]]:
        chosen = [(c, r) for c, r in zip(self.cases, self.rows, strict=True) if c.kind in kinds]
        return [c for c, _ in chosen], [r for _, r in chosen]


@pytest.fixture(scope="module", params=sorted(SOURCES))
def batch(request: pytest.FixtureRequest, spark: SparkSession) -> Batch:
    """One parse of every example of one line format, shared by its properties."""
    source: str = request.param
    module = SOURCES[source]
    header = VPC_HEADER if source == "vpcflow" else None
    cases = (
        draw(module.valid(), EXAMPLES)
        + draw(st.one_of(module.damaged(), not_utf8(module.valid())), EXAMPLES)
        + draw(garbage(header), EXAMPLES)
    )
    return Batch(source, cases, parse(spark, source, cases))


def test_a_valid_line_round_trips_its_fields(batch: Batch) -> None:
    cases, rows = batch.of("valid")
    assert len(cases) >= EXAMPLES
    names = [col.name for col in load_schema(batch.source).all_columns]
    data = [n for n in names if n not in ("source", "source_file")]

    def check(case: Case, row: dict[str, Any]) -> str | None:
        if (row["_status"], row["_reason"]) != ("ok", None):
            return f"{row['_status']} {row['_reason']}"
        diff = {n: (row[n], case.expected.get(n)) for n in data if row[n] != case.expected.get(n)}
        return f"(parsed, expected) differ: {diff}" if diff else None

    check_all(cases, rows, check)


def test_a_damaged_line_gets_a_documented_reason(batch: Batch) -> None:
    source = batch.source
    cases, rows = batch.of("damaged", "garbage")
    assert Counter(c.kind for c in cases)["damaged"] >= EXAMPLES
    reasons = documented(source)
    assert {f"{source}.invalid_utf8", f"{source}.blank_line"} <= set(reasons)

    def check(case: Case, row: dict[str, Any]) -> str | None:
        status, reason, raw = row["_status"], row["_reason"], row["_raw"]
        if case.kind == "garbage" and status == "ok":
            return None
        if reasons.get(reason) != status:
            return f"{status} with reason {reason!r}, not a documented {status} reason"
        if case.kind == "damaged" and status != "reject":
            return f"damaged but {status} {reason}"
        if case.reason is not None and reason != f"{source}.{case.reason}":
            return f"reason {reason}, expected {source}.{case.reason}"
        if status == "reject" and reason == f"{source}.invalid_utf8":
            return None if utf8.unescape(raw) == case.line else f"_raw {raw!r} is not the line"
        if status == "reject" and raw.encode() != case.line:
            return f"_raw {raw!r} is not the line"
        return None

    check_all(cases, rows, check)


def test_every_line_ends_in_exactly_one_of_lake_rejects_and_skipped(
    spark: SparkSession, tmp_path: Path
) -> None:
    root, out = tmp_path / "archive", tmp_path / "lake"
    per_source: dict[str, list[Case]] = {}
    for source, module in SOURCES.items():
        header = VPC_HEADER if source == "vpcflow" else None
        mixed = st.one_of(
            module.valid(), module.damaged(), not_utf8(module.valid()), garbage(header)
        )
        if source == "s3access":
            # A plain object that starts with a gzip header is read as gzip by the JVM reader,
            # whatever its name (docs/spark-line-parsers.md, deliberate differences).
            mixed = mixed.filter(lambda case: not case.line.startswith(GZIP_MAGIC))
        cases = draw(mixed, EXAMPLES)
        assert len(cases) >= EXAMPLES
        per_source[source] = cases
        for i, case in enumerate(cases):
            path = Path(key(source, i, str(root)))
            path.parent.mkdir(parents=True, exist_ok=True)
            data = b"".join(line + b"\n" for line in lines_of(source, case))
            path.write_bytes(gzip.compress(data, mtime=0) if source != "s3access" else data)

    code, doc = job.run(
        spark,
        job.parse_args(["--source", ",".join(SOURCES), "--input", str(root), "--output", str(out)]),
    )

    assert code in (0, 1), doc["messages"]
    for source, cases in per_source.items():
        problems = failures(list(range(len(cases))), _placed(spark, root, out, doc, source))
        assert not problems, f"{source}: {problems}"


def _placed(
    spark: SparkSession, root: Path, out: Path, doc: dict[str, Any], source: str
) -> Callable[[int], str | None]:
    """A check that example ``i`` of ``source`` is in exactly one place after the job run."""
    lake = _files(spark, out / source, source)
    rejects = _files(spark, out / "_rejects" / source, None)
    files = doc["sources"][source]["files"]
    headers = 1 if source == "vpcflow" else 0

    def check(i: int) -> str | None:
        path = key(source, i, str(root))
        skipped = files[f"file:{path}"]["skipped"] - headers
        places = (lake[f"file://{path}"], rejects[f"file://{path}"], skipped)
        return None if sorted(places) == [0, 0, 1] else f"(lake, rejects, skipped) {places}"

    return check


def _files(spark: SparkSession, path: Path, dataset: str | None) -> Counter[str]:
    """Rows per source file written under ``path`` (a dataset or a source's rejects)."""
    if not path.exists():
        return Counter()
    reader = spark.read.schema(load_schema(dataset).struct) if dataset else spark.read
    rows = reader.parquet(str(path)).groupBy("source_file").count().collect()
    return Counter({r["source_file"]: r["count"] for r in rows})


SEED_LINES = [
    c.connection_line("Mon, 15 Jan 2024 10:01:55:177"),
    c.activity_record("2024-01-15T10:06:07Z", 918274, "select 1;"),
    "REPORT RequestId: r-1\tDuration: 1.40 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB"
    "\tMax Memory Used: 52 MB\t",
    "24/01/15 10:22:33 ERROR Executor: Exception in task 3.0 in stage 7.0 (TID 41)",
]


def mutate(line: str, cut: int, insert: str, where: int) -> str:
    at = where % (len(line) + 1)
    return (line[:at] + insert + line[at:])[: max(0, len(line) - cut)]


file_line = st.one_of(
    st.builds(
        mutate,
        st.sampled_from(SEED_LINES),
        st.integers(0, 40),
        st.text(
            alphabet=st.sampled_from(list("|\t []{}\"':=-0123456789aZ\u00e9\u2603")), max_size=6
        ),
        st.integers(0, 400),
    ),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
        max_size=60,
    ),
    st.sampled_from(SEED_LINES),
)


def test_garbage_in_the_file_formats_never_crashes_and_accounting_is_exact(
    spark: SparkSession, tmp_path: Path
) -> None:
    """Each line is an example; all of them go through one job run, as lines of one file per
    source (Redshift, EMR), as events (CloudWatch) and as records (CloudTrail)."""
    day = "2024-01-15"
    lines = draw(file_line, EXAMPLES)
    assert len(lines) >= EXAMPLES
    root, out = tmp_path / "archive", tmp_path / "lake"
    text = "\n".join(lines) + "\n"
    c.write_gz(c.redshift_key(root, day, "connectionlog"), text)
    c.write_gz(c.redshift_key(root, day, "useractivitylog"), text)
    c.write_with_mtime(c.emr_key(root), text, day)
    ms = itertools.count(1705314153000)
    c.write_gz(c.cloudwatch_key(root, day), c.cloudwatch_payload([(next(ms), ln) for ln in lines]))
    c.write_gz(c.cloudwatch_key(root, day, 1), text[:200])
    c.write_gz(
        c.cloudtrail_key(root, day, "20240115T1025Z"),
        json.dumps({"Records": [c.ct_record(str(i), ln, ln) for i, ln in enumerate(lines)]}),
    )
    argv = ["--source", "cloudtrail,redshift,emr,cloudwatch", "--input", str(root)]
    code, doc = job.run(spark, job.parse_args([*argv, "--output", str(out), "--date", day]))

    assert code in (0, 1)
    sources = doc["sources"]
    assert sources["cloudtrail"]["records_in"] == len(lines)
    connection = sources["redshift"]["datasets"]["redshift_connectionlog"]
    assert connection["records_in"] + connection["skipped"] == len(lines)
    cloudwatch = sources["cloudwatch"]
    # Every log event is a record; the garbage object is one more row (reject or skip).
    assert cloudwatch["records_in"] + cloudwatch["skipped"] == len(lines) + 1
    for name, s in sources.items():
        assert s["records_in"] == s["records_out"] + s["rejected"], name
        assert (s["files_unreadable"], s["files_damaged"]) == (0, 0), name
        written = sum(
            spark.read.parquet(str(out / ds)).count() for ds in s["datasets"] if (out / ds).exists()
        )
        assert written == s["records_out"], name
        rejects = out / "_rejects" / name
        stored = spark.read.parquet(str(rejects)).count() if rejects.exists() else 0
        assert stored == s["rejected"], name
