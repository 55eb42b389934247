"""S3 server access-log parsing: 18 to 26+ fields, lifecycle lines, both key layouts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyspark.sql import DataFrame, SparkSession

from logparse.model import BOOKKEEPING
from logparse.schema import load_schema
from logparse.sources import s3access

PARTITIONED = (
    "s3://audit-archive/s3-access/456789012345/eu-north-1/invoices-prod/2025/03/09/"
    "2025-03-09-14-20-11-6D1C0B9A8F7E6D5C"
)
SIMPLE = "s3://audit-archive/s3-access/2025-03-09-14-25-40-0F9E8D7C6B5A4938"
OWNER = "3c1f5e7a9b0d2c4e6f8a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e"
HOST_ID = "Zm9vYmFyYmF6cXV4cXV1eGNvcmdlZ3JhdWx0Z2FycGx5d2FsZG9mcmVk/aW5jb21wbGV0ZQ=="

FIELDS_26 = (
    f"{OWNER} invoices-prod [09/Mar/2025:14:19:53 +0000] 192.0.2.81 "
    "arn:aws:sts::456789012345:assumed-role/billing-export/i-0f1e2d3c4b5a69788 "
    "7QK4D2M9X1B8C3A6 REST.GET.OBJECT 2025/march/invoice%20%2314+final.pdf "
    '"GET /2025/march/invoice%20%2314+final.pdf?x-id=GetObject HTTP/1.1" 200 - 48213 48213 '
    '41 39 "https://portal.example.com/billing" "aws-sdk-java/2.25.11 Linux/6.1 OpenJDK_64-Bit" '
    f"3HL4kqtJvjVBH40Nrjfkd {HOST_ID} SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader "
    "invoices-prod.s3.eu-north-1.amazonaws.com TLSv1.3 - -"
)
ROW_26 = {
    "event_time": dt.datetime(2025, 3, 9, 14, 19, 53),
    "dt": "2025-03-09",
    "account_id": "456789012345",
    "region": "eu-north-1",
    "bucket": "invoices-prod",
    "bucket_owner": OWNER,
    "remote_ip": "192.0.2.81",
    "requester": "arn:aws:sts::456789012345:assumed-role/billing-export/i-0f1e2d3c4b5a69788",
    "request_id": "7QK4D2M9X1B8C3A6",
    "operation": "REST.GET.OBJECT",
    "key": "2025/march/invoice #14 final.pdf",
    "key_raw": "2025/march/invoice%20%2314+final.pdf",
    "request_uri": "GET /2025/march/invoice%20%2314+final.pdf?x-id=GetObject HTTP/1.1",
    "http_status": 200,
    "bytes_sent": 48213,
    "object_size": 48213,
    "total_time": 41,
    "turnaround_time": 39,
    "referrer": "https://portal.example.com/billing",
    "user_agent": "aws-sdk-java/2.25.11 Linux/6.1 OpenJDK_64-Bit",
    "version_id": "3HL4kqtJvjVBH40Nrjfkd",
    "host_id": HOST_ID,
    "signature_version": "SigV4",
    "cipher_suite": "ECDHE-RSA-AES128-GCM-SHA256",
    "authentication_type": "AuthHeader",
    "host_header": "invoices-prod.s3.eu-north-1.amazonaws.com",
    "tls_version": "TLSv1.3",
}
TAIL_AFTER_24 = ("tls_version", "access_point_arn", "acl_required")
TAIL_AFTER_18 = (
    "host_id",
    "signature_version",
    "cipher_suite",
    "authentication_type",
    "host_header",
    *TAIL_AFTER_24,
)


def frame(spark: SparkSession, items: list[tuple[str, str]]) -> DataFrame:
    return spark.createDataFrame(items, "source_file string, value string").select(
        "value", "source_file"
    )


def parse(df: DataFrame) -> DataFrame:
    out = s3access.parse(df)
    assert list(out) == ["s3access"]
    return out["s3access"]


def fields(line: str, n: int) -> str:
    """The first ``n`` fields of a line (the time counts as one field, quoted ones as one)."""
    tail = line.rsplit('" ', 1)[1].split(" ")
    return line[: len(line) - len(" ".join(tail))] + " ".join(tail[: n - 17])


def assert_rows(actual: DataFrame, expected: list[dict[str, Any]]) -> None:
    """Whole rows, in input order: every schema column (null unless given) and bookkeeping."""
    names = [c.name for c in load_schema("s3access").all_columns] + list(BOOKKEEPING)
    full = [{n: e.get(n, "s3access" if n == "source" else None) for n in names} for e in expected]
    assert [r.asDict(recursive=True) for r in actual.collect()] == full


def ok(source_file: str, **values: Any) -> dict[str, Any]:
    return {"source_file": source_file, **values, "_status": "ok"}


def test_26_25_24_and_18_field_lines(spark):
    lines = [FIELDS_26, fields(FIELDS_26, 25), fields(FIELDS_26, 24), fields(FIELDS_26, 18)]
    assert [line.rsplit('" ', 1)[1].count(" ") + 18 for line in lines] == [26, 25, 24, 18]
    longer = FIELDS_26 + " us-east-1 extra"
    out = parse(frame(spark, [(PARTITIONED, line) for line in [*lines, longer]]))
    assert_rows(
        out,
        [
            ok(PARTITIONED, **ROW_26),
            ok(PARTITIONED, **ROW_26),
            ok(PARTITIONED, **{k: v for k, v in ROW_26.items() if k not in TAIL_AFTER_24[1:]}),
            ok(PARTITIONED, **{k: v for k, v in ROW_26.items() if k not in TAIL_AFTER_18}),
            ok(PARTITIONED, **ROW_26),
        ],
    )
    assert out.schema[: -len(BOOKKEEPING)] == load_schema("s3access").struct


def test_lifecycle_anonymous_and_error_lines_in_a_simple_prefix_key(spark):
    lifecycle = (
        f"{OWNER} invoices-prod [09/Mar/2025:00:41:07 +0000] - AmazonS3 94B1F0C3E2D4A657 "
        'S3.EXPIRE.OBJECT tmp/export-2025-02-01.csv "-" - - - 7340032 - - "-" "-" - '
        f"{HOST_ID} - - - - - - -"
    )
    anonymous = (
        f"{OWNER} invoices-prod [09/Mar/2025:14:25:02 +0000] 2001:db8:1f70::999:de8:7648:6e8 - "
        "A1C2E3G4I5K6M7O8 REST.GET.OBJECT private/report.xlsx "
        '"GET /private/report.xlsx HTTP/1.1" 403 AccessDenied 243 - 12 - "-" '
        '"curl/8.5.0 (x86_64-pc-linux-gnu)" - '
        f"{HOST_ID} - - - invoices-prod.s3.amazonaws.com - - -"
    )
    out = parse(frame(spark, [(SIMPLE, lifecycle), (SIMPLE, anonymous)]))
    base = {
        "dt": "2025-03-09",
        "bucket": "invoices-prod",
        "bucket_owner": OWNER,
        "host_id": HOST_ID,
    }
    assert_rows(
        out,
        [
            ok(
                SIMPLE,
                **base,
                event_time=dt.datetime(2025, 3, 9, 0, 41, 7),
                requester="AmazonS3",
                request_id="94B1F0C3E2D4A657",
                operation="S3.EXPIRE.OBJECT",
                key="tmp/export-2025-02-01.csv",
                key_raw="tmp/export-2025-02-01.csv",
                object_size=7340032,
            ),
            ok(
                SIMPLE,
                **base,
                event_time=dt.datetime(2025, 3, 9, 14, 25, 2),
                remote_ip="2001:db8:1f70::999:de8:7648:6e8",
                request_id="A1C2E3G4I5K6M7O8",
                operation="REST.GET.OBJECT",
                key="private/report.xlsx",
                key_raw="private/report.xlsx",
                request_uri="GET /private/report.xlsx HTTP/1.1",
                http_status=403,
                error_code="AccessDenied",
                bytes_sent=243,
                total_time=12,
                user_agent="curl/8.5.0 (x86_64-pc-linux-gnu)",
                host_header="invoices-prod.s3.amazonaws.com",
            ),
        ],
    )


def test_time_zone_offsets_and_malformed_key_encoding(spark):
    offset = FIELDS_26.replace("[09/Mar/2025:14:19:53 +0000]", "[09/Mar/2025:23:30:00 -0130]")
    bad_escape = FIELDS_26.replace("invoice%20%2314+final.pdf ", "invoice%2G.pdf ", 1)
    out = parse(frame(spark, [(PARTITIONED, offset), (PARTITIONED, bad_escape)]))
    assert_rows(
        out,
        [
            ok(
                PARTITIONED,
                **{**ROW_26, "event_time": dt.datetime(2025, 3, 10, 1, 0), "dt": "2025-03-10"},
            ),
            ok(PARTITIONED, **{**ROW_26, "key": None, "key_raw": "2025/march/invoice%2G.pdf"}),
        ],
    )


def test_rejects_name_the_problem_and_keep_the_line(spark):
    seventeen = FIELDS_26.rsplit('" ', 1)[0] + '"'
    no_bracket = FIELDS_26.replace("[09/Mar/2025:14:19:53", "09/Mar/2025:14:19:53")
    single_digit_day = FIELDS_26.replace("[09/Mar/2025", "[9/Mar/2025")
    bad_month = FIELDS_26.replace("/Mar/", "/Mrz/")
    bad_status = FIELDS_26.replace(" 200 - 48213", " OK - 48213")
    quote_in_agent = FIELDS_26.replace("OpenJDK_64-Bit", 'OpenJDK "64"')
    lines = [
        seventeen,
        no_bracket,
        single_digit_day,
        bad_month,
        bad_status,
        quote_in_agent,
        "garbage",
        "",
    ]
    out = parse(frame(spark, [(SIMPLE, line) for line in lines]))
    keys = {"source_file": SIMPLE, "dt": "2025-03-09"}

    def rejected(reason: str, raw: str) -> dict[str, Any]:
        return {**keys, "_status": "reject", "_reason": f"s3access.{reason}", "_raw": raw}

    assert_rows(
        out,
        [
            rejected("too_few_fields", seventeen),
            rejected("bad_time", no_bracket),
            rejected("bad_time", single_digit_day),
            rejected("bad_time", bad_month),
            rejected("bad_value", bad_status),
            rejected("malformed_quotes", quote_in_agent),
            rejected("too_few_fields", "garbage"),
            {**keys, "_status": "skip", "_reason": "s3access.blank_line"},
        ],
    )


def test_input_globs_cover_both_key_formats():
    assert s3access.input_globs("s3://audit-archive/", dt.date(2025, 3, 9)) == [
        "s3://audit-archive/s3-access/2025-03-09-*",
        "s3://audit-archive/s3-access/*/2025-03-09-*",
        "s3://audit-archive/s3-access/*/*/*/2025/03/09/2025-03-09-*",
    ]


@st.composite
def mutated_line(draw: st.DrawFn) -> str:
    base = draw(st.sampled_from([FIELDS_26, fields(FIELDS_26, 18), ""]))
    kind = draw(st.sampled_from(["truncate", "replace", "insert", "garbage", "keep"]))
    if kind == "truncate" and base:
        return base[: draw(st.integers(0, len(base) - 1))]
    if kind in ("replace", "insert") and base:
        i = draw(st.integers(0, len(base) - 1))
        new = draw(st.sampled_from(['"', "%", " ", "[", "]", "-", "x", "%zz", ""]))
        return base[:i] + new + base[i + (kind == "replace") :]
    if kind == "garbage":
        return draw(st.text(alphabet=st.sampled_from(' "-:[]/+0123456789%Mar.\t'), max_size=80))
    return base


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=st.lists(mutated_line(), min_size=1, max_size=30))
def test_mutated_lines_never_fail_and_each_line_gets_exactly_one_row(spark, lines):
    rows = parse(frame(spark, [(PARTITIONED, line) for line in lines]))
    rows = rows.select("_status", "_reason", "_raw", "event_time", "bucket").collect()
    assert len(rows) == len(lines)
    for line, r in zip(lines, rows, strict=True):
        assert r._status in ("ok", "reject", "skip")
        assert (r._reason is None) == (r._status == "ok")
        assert r._raw == (line if r._status == "reject" else None)
        if r._status == "ok":
            assert r.event_time is not None and r.bucket is not None
