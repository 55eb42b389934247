"""S3 server access-log parsing: 18 to 26+ fields, lifecycle lines, both key layouts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pyspark.sql import DataFrame, SparkSession

from logparse import utf8
from logparse.model import BOOKKEEPING
from logparse.schema import load_schema
from logparse.sources import s3access
from tests import native_diff
from tests.rows import bytes_frame

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
    """The SQL parser's rows, checked against the JVM parser's for the same lines."""
    out = s3access.parse(df)
    assert list(out) == ["s3access"]
    native_diff.assert_frame_same("s3access", df, out["s3access"])
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


REQUESTER = "arn:aws:sts::456789012345:assumed-role/billing-export/i-0f1e2d3c4b5a69788"
# A DeleteObjects call: S3 logs the POST, then one BATCH.DELETE.OBJECT line per key under the
# POST's request id, with request-URI, referrer and user-agent as a bare "-" (no quotes).
DELETE_POST = (
    f"{OWNER} invoices-prod [09/Mar/2025:14:31:07 +0000] 192.0.2.81 {REQUESTER} "
    "8XW2K7PQ4D1MZB3N REST.POST.MULTI_OBJECT_DELETE - "
    '"POST /invoices-prod?delete= HTTP/1.1" 200 - 1350 - 87 86 "-" '
    '"aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0 command/s3api.delete-objects" - '
    f"{HOST_ID} SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader "
    "invoices-prod.s3.eu-north-1.amazonaws.com TLSv1.3 - -"
)
DELETE_KEY = (
    f"{OWNER} invoices-prod [09/Mar/2025:14:31:07 +0000] 192.0.2.81 {REQUESTER} "
    "8XW2K7PQ4D1MZB3N BATCH.DELETE.OBJECT 2025/march/invoice%200117.pdf - 204 - - 48213 - - - - - "
    f"{HOST_ID} SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader "
    "invoices-prod.s3.eu-north-1.amazonaws.com TLSv1.3 - -"
)
# The same for a key whose size S3 did not log, on a line with one more (newer) field.
DELETE_KEY_27 = (
    f"{OWNER} invoices-prod [09/Mar/2025:14:31:07 +0000] 192.0.2.81 {REQUESTER} "
    "8XW2K7PQ4D1MZB3N BATCH.DELETE.OBJECT 2025/march/invoice-0118.pdf - 204 - - - - - - - - "
    f"{HOST_ID} SigV4 - AuthHeader invoices-prod.s3.eu-north-1.amazonaws.com - - - -"
)


def test_a_multi_object_delete_logs_its_keys_without_quotes(spark):
    post, key, key_27 = DELETE_POST, DELETE_KEY, DELETE_KEY_27
    # Unquoted lines that are not that shape stay rejected: a token where a "-" belongs, a
    # double space that shifts every later field, too few fields.
    not_dash = DELETE_KEY.replace(" 2025/march/invoice%200117.pdf - 204 ", " k GET 204 ")
    double_space = DELETE_KEY.replace(" 204 - -", " 204  - -")
    short = DELETE_KEY.split(f" {HOST_ID}")[0].rsplit(" ", 2)[0]
    lines = [post, key, key_27, not_dash, double_space, short]
    out = parse(frame(spark, [(PARTITIONED, line) for line in lines]))
    common = {
        "event_time": dt.datetime(2025, 3, 9, 14, 31, 7),
        "dt": "2025-03-09",
        "account_id": "456789012345",
        "region": "eu-north-1",
        "bucket": "invoices-prod",
        "bucket_owner": OWNER,
        "remote_ip": "192.0.2.81",
        "requester": REQUESTER,
        "request_id": "8XW2K7PQ4D1MZB3N",
        "host_id": HOST_ID,
        "signature_version": "SigV4",
        "authentication_type": "AuthHeader",
        "host_header": "invoices-prod.s3.eu-north-1.amazonaws.com",
    }
    tls = {"cipher_suite": "ECDHE-RSA-AES128-GCM-SHA256", "tls_version": "TLSv1.3"}
    keys = {"account_id": "456789012345", "region": "eu-north-1", "bucket": "invoices-prod"}

    def rejected(raw: str) -> dict[str, Any]:
        return {
            "source_file": PARTITIONED,
            "dt": "2025-03-09",
            **keys,
            "_status": "reject",
            "_reason": "s3access.too_few_fields",
            "_raw": raw,
        }

    assert_rows(
        out,
        [
            ok(
                PARTITIONED,
                **common,
                **tls,
                operation="REST.POST.MULTI_OBJECT_DELETE",
                request_uri="POST /invoices-prod?delete= HTTP/1.1",
                http_status=200,
                bytes_sent=1350,
                total_time=87,
                turnaround_time=86,
                user_agent="aws-cli/2.22.4 md/awscrt#0.22.0 ua/2.0 os/linux#6.8.0 "
                "command/s3api.delete-objects",
            ),
            ok(
                PARTITIONED,
                **common,
                **tls,
                operation="BATCH.DELETE.OBJECT",
                key="2025/march/invoice 0117.pdf",
                key_raw="2025/march/invoice%200117.pdf",
                http_status=204,
                object_size=48213,
            ),
            ok(
                PARTITIONED,
                **common,
                operation="BATCH.DELETE.OBJECT",
                key="2025/march/invoice-0118.pdf",
                key_raw="2025/march/invoice-0118.pdf",
                http_status=204,
            ),
            rejected(not_dash),
            rejected(double_space),
            rejected(short),
        ],
    )


def test_a_line_that_is_not_utf8_is_rejected_with_its_bytes_escaped(spark):
    """A key logged with a Latin-1 byte: rejected with a reason, never stored as it is."""
    line = FIELDS_26.encode().replace(b"invoice%20%2314+final.pdf ", b"factura-a\\\xf1o.pdf ", 1)
    out = parse(bytes_frame(spark, [(SIMPLE, line)]))
    raw = FIELDS_26.replace("invoice%20%2314+final.pdf ", "factura-a\\x5C\\xF1o.pdf ", 1)
    assert_rows(
        out,
        [
            {
                "source_file": SIMPLE,
                "dt": "2025-03-09",
                "_status": "reject",
                "_reason": "s3access.invalid_utf8",
                "_raw": raw,
            }
        ],
    )
    assert utf8.unescape(raw) == line


def test_input_globs_cover_both_key_formats():
    assert s3access.input_globs("s3://audit-archive/", dt.date(2025, 3, 9)) == [
        "s3://audit-archive/s3-access/2025-03-09-*",
        "s3://audit-archive/s3-access/*/2025-03-09-*",
        "s3://audit-archive/s3-access/*/*/*/2025/03/09/2025-03-09-*",
    ]
