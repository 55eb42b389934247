"""The job over damaged input: a gzip cut short or corrupt part way through, a zero-byte file,
bytes that are not UTF-8, and the real shapes that used to be lost (a multi-object delete, a
Firehose object stored without decompression). Every line is accounted for and the summary
says which file lost what."""

from __future__ import annotations

import gzip
import json
import random
import zlib
from pathlib import Path
from typing import Any

import duckdb
import pytest
from pyspark.sql import SparkSession

from logparse import integrity, job, utf8
from synth.lines import ACCOUNT, VPC_HEADER, alb_line, vpc_line
from tests import corpus as c
from tests.test_s3access import DELETE_KEY, DELETE_POST, FIELDS_26

DAY = "2025-06-02"
ALB_DIR = f"AWSLogs/{ACCOUNT}/elasticloadbalancing/eu-west-1/2025/06/02"


def alb_key(root: Path, n: int) -> Path:
    name = (
        f"{ACCOUNT}_elasticloadbalancing_eu-west-1_app.shop-alb.50dc6c495c0c9188_"
        f"20250602T{n:02d}05Z_10.0.0.9_a1b2c3d{n}.log.gz"
    )
    return root / ALB_DIR / name


def alb_lines(seed: int, n: int) -> list[str]:
    r = random.Random(seed)
    return [alb_line(r) for _ in range(n)]


def write_bytes(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def uri(path: Path) -> str:
    return f"file:{path}"


# The JVM parsers read gzip with java.util.zip, the SQL parsers' reader with Hadoop's codec:
# the same damage, in each one's words.
TRUNCATED = {
    "jvm": "java.io.EOFException: Unexpected end of ZLIB input stream",
    "sql": "java.io.EOFException: Unexpected end of input stream",
}
CORRUPT = {"jvm": "java.util.zip.ZipException", "sql": "java.io.IOException"}


def run(
    spark: SparkSession, root: Path, out: Path, sources: str, parsers: str = "auto"
) -> tuple[int, dict[str, Any]]:
    argv = ["--source", sources, "--input", str(root), "--output", str(out), "--date", DAY]
    argv += ["--max-reject-ratio", "0.5", "--parsers", parsers]
    return job.run(spark, job.parse_args(argv))


def lake_count(spark: SparkSession, out: Path, dataset: str, path: Path) -> int:
    df = spark.read.parquet(str(out / dataset))
    return df.where(df.source_file == f"file://{path}").count()


@pytest.mark.parametrize("parsers", ["jvm", "sql"])
def test_a_day_of_damaged_input_accounts_for_every_line(
    spark: SparkSession, tmp_path: Path, parsers: str
) -> None:
    root, out = tmp_path / "archive", tmp_path / "lake"
    # ALB: an intact file, one cut short, one of zero bytes, one with a line that is not UTF-8.
    intact = alb_lines(1, 400)
    write_bytes(alb_key(root, 1), gzip.compress(("\n".join(intact) + "\n").encode(), mtime=0))
    whole = gzip.compress(("\n".join(alb_lines(2, 3000)) + "\n").encode(), mtime=0)
    cut = write_bytes(alb_key(root, 2), whole[: len(whole) * 6 // 10])
    empty = write_bytes(alb_key(root, 3), b"")
    latin = alb_lines(3, 150)
    bad_line = (
        latin[7].encode().replace(b'"curl/', b'"caf\xe9-curl/').replace(b" 0.", b" 0\xff.", 1)
    )
    mixed = b"\n".join(
        [*(x.encode() for x in latin[:7]), bad_line, *(x.encode() for x in latin[8:])]
    )
    write_bytes(alb_key(root, 4), gzip.compress(mixed + b"\n", mtime=0))
    # S3 access: a multi-object delete (the POST and one unquoted line per key).
    keys = [DELETE_KEY.replace("invoice%200117.pdf", f"invoice-{n:04d}.pdf") for n in range(3)]
    access = "\n".join([FIELDS_26, DELETE_POST, *keys]) + "\n"
    access_path = root / "s3-access" / "2025-06-02-14-31-40-6D1C0B9A8F7E6D5C"
    write_bytes(access_path, access.replace("09/Mar/2025", "02/Jun/2025").encode())
    # CloudWatch Logs through Firehose without decompression: gzip members, no .gz.
    ms = 1748858400000
    payloads = [c.cloudwatch_payload([(ms + i, f"event {i}")]) for i in range(3)]
    firehose = root / "cloudwatch/eu-west-1/2025/06/02/10/cwl-to-archive-1-2025-06-02-10-20-00-x1"
    write_bytes(firehose, b"".join(gzip.compress(p.encode(), mtime=0) for p in payloads))

    code, doc = run(spark, root, out, "alb,s3access,cloudwatch", parsers)

    alb = doc["sources"]["alb"]
    assert (alb["parser"], doc["sources"]["s3access"]["parser"]) == (parsers, parsers)
    [damage] = alb["damaged_files"]
    lines_read = damage.pop("lines_read")
    assert damage == {
        "path": uri(cut),
        "reason": "job.truncated_gzip",
        "detail": TRUNCATED[parsers],
    }
    assert 0 < lines_read < 3000
    assert (code, doc["status"]) == (5, "damaged_files")
    assert doc["messages"] == [
        f"alb: {uri(cut)}: job.truncated_gzip after {lines_read} lines"
        f" ({TRUNCATED[parsers]}); the rest of the file is lost"
    ]
    assert alb["files"][uri(cut)]["lines_in"] == lines_read
    assert alb["files"][uri(cut)]["damage"] == "job.truncated_gzip"
    assert lake_count(spark, out, "alb", cut) == alb["files"][uri(cut)]["records_out"]
    assert alb["files_skipped"] == [
        {"path": uri(empty), "reason": "job.empty_file", "detail": "the file has 0 bytes"}
    ]
    assert (alb["files_unreadable"], alb["files_damaged"], doc["totals"]["files_damaged"]) == (
        0,
        1,
        1,
    )
    assert alb["files"][uri(alb_key(root, 1))]["lines_in"] == 400
    assert alb["files"][uri(alb_key(root, 4))]["lines_in"] == 150
    assert alb["rejected_by_reason"] == {"alb.invalid_utf8": 1}
    assert alb["lines_in"] == 400 + lines_read + 150

    s3 = doc["sources"]["s3access"]
    assert (s3["lines_in"], s3["records_out"], s3["rejected"]) == (5, 5, 0)
    deletes = spark.read.parquet(str(out / "s3access")).where("operation = 'BATCH.DELETE.OBJECT'")
    assert sorted(r.key for r in deletes.collect()) == [
        f"2025/march/invoice-{n:04d}.pdf" for n in range(3)
    ]

    cw = doc["sources"]["cloudwatch"]
    assert (cw["records_out"], cw["rejected"], cw["files_skipped"]) == (3, 0, [])

    # The rejects file is valid UTF-8 for DuckDB (and Athena), and the bytes come back.
    rows = duckdb.sql(
        f"SELECT reason, raw FROM read_parquet('{out}/_rejects/*/*/*.parquet')"
    ).fetchall()
    assert len(rows) == 1
    [(reason, raw)] = rows
    assert reason == "alb.invalid_utf8"
    assert utf8.unescape(raw) == bad_line


@pytest.mark.parametrize("parsers", ["jvm", "sql"])
def test_only_files_that_fail_to_decompress_are_reported(
    spark: SparkSession, tmp_path: Path, parsers: str
) -> None:
    """Files whose size disagrees with their gzip trailer for a benign reason (two gzip
    members, no final newline, CRLF line ends) decompress cleanly and are not reported; a
    file corrupt part way through is, with the lines it gave."""
    root, out = tmp_path / "archive", tmp_path / "lake"
    lines = alb_lines(5, 600)
    text = "\n".join(lines) + "\n"
    half = len(text) // 2
    members = gzip.compress(text[:half].encode(), mtime=0) + gzip.compress(
        text[half:].encode(), mtime=0
    )
    write_bytes(alb_key(root, 1), members)
    write_bytes(alb_key(root, 2), gzip.compress(text.rstrip("\n").encode(), mtime=0))
    write_bytes(alb_key(root, 3), gzip.compress(text.replace("\n", "\r\n").encode(), mtime=0))
    big = "\n".join(alb_lines(6, 4000)) + "\n"
    corrupt = bytearray(gzip.compress(big.encode(), mtime=0))
    corrupt[len(corrupt) // 2] ^= 0xFF
    bad = write_bytes(alb_key(root, 4), bytes(corrupt))
    # What zlib says about it (the JVM's codec says it in its own words).
    try:
        zlib.decompress(bytes(corrupt), 16 + zlib.MAX_WBITS)
        raise AssertionError("the flipped byte should corrupt the stream")
    except zlib.error:
        pass

    code, doc = run(spark, root, out, "alb", parsers)

    alb = doc["sources"]["alb"]
    assert [f["path"] for f in alb["damaged_files"]] == [uri(bad)]
    [damage] = alb["damaged_files"]
    assert damage["reason"] == "job.corrupt_gzip"
    assert damage["detail"].startswith(CORRUPT[parsers])
    assert damage["lines_read"] == alb["files"][uri(bad)]["lines_in"]
    assert [alb["files"][uri(alb_key(root, n))]["lines_in"] for n in (1, 2, 3)] == [600] * 3
    assert (code, doc["status"]) == (5, "damaged_files")


def test_a_zero_byte_gzip_read_whole_is_an_empty_file(spark: SparkSession, tmp_path: Path) -> None:
    root, out = tmp_path / "archive", tmp_path / "lake"
    empty = write_bytes(c.cloudtrail_key(root, DAY, "20250602T1000Z"), b"")
    c.write_cloudtrail_day(root, DAY, [c.ct_record("e1", f"{DAY}T10:01:02Z", "StopInstances")])
    code, doc = run(spark, root, out, "cloudtrail")
    ct = doc["sources"]["cloudtrail"]
    assert ct["files_skipped"] == [
        {"path": uri(empty), "reason": "job.empty_file", "detail": "the file has 0 bytes"}
    ]
    assert (code, doc["status"], ct["files_unreadable"], ct["records_out"]) == (0, "ok", 0, 1)
    assert json.loads(json.dumps(doc)) == doc


def test_intact_gzip_input_is_checked_without_reading_it_again(
    spark: SparkSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the SQL parsers, the lines and bytes counted while parsing agree with the files'
    gzip trailers, so the per-file count (a second scan of the input) never runs; VPC flow
    logs included, whose parser reads its input twice (the metric must not count it twice).
    The JVM parsers report damage from the read itself and never count."""
    root, out = tmp_path / "archive", tmp_path / "lake"
    for n in (1, 2):
        text = "\n".join(alb_lines(10 + n, 200)) + "\n"
        write_bytes(alb_key(root, n), gzip.compress(text.encode(), mtime=0))
    r = random.Random(3)
    flows = "\n".join([VPC_HEADER, *(vpc_line(r) for _ in range(300))]) + "\n"
    flow_key = f"AWSLogs/{ACCOUNT}/vpcflowlogs/eu-west-1/2025/06/02/{ACCOUNT}_vpcflowlogs_x.log.gz"
    write_bytes(root / flow_key, gzip.compress(flows.encode(), mtime=0))

    def second_scan(raw: object) -> None:
        raise AssertionError("the input was scanned a second time")

    monkeypatch.setattr(integrity, "_per_file", second_scan)
    code, doc = run(spark, root, out, "alb,vpcflow", "sql")
    alb, vpc = doc["sources"]["alb"], doc["sources"]["vpcflow"]
    assert (code, alb["lines_in"], vpc["lines_in"], doc["totals"]["files_damaged"]) == (
        0,
        400,
        301,
        0,
    )
