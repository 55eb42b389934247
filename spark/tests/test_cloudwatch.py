"""CloudWatch Logs exports: concatenated payloads, CONTROL_MESSAGE skipped, log events
exploded, Lambda START/END/REPORT, JSON application/platform records and runtime text lines."""

from __future__ import annotations

import datetime
import gzip
import json
from pathlib import Path

from pyspark.sql import SparkSession

from logparse import reader
from logparse.schema import load_schema
from logparse.sources import cloudwatch
from tests.rows import bytes_frame, collect, raw_frame, row

T = datetime.datetime
KEY = (
    "s3://archive-bucket/cloudwatch/eu-west-1/2024/01/15/10/"
    "cwl-to-archive-1-2024-01-15-10-20-00-0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e.gz"
)
REQ = "6f1c2d3e-aaaa-4bbb-8ccc-0123456789ab"
GROUP = "/aws/lambda/orders-api"
STREAM = "2024/01/15/[$LATEST]4c5d6e7f8a9b0c1d2e3f4a5b6c7d8e9f"
MS = 1705314153000  # 2024-01-15T10:22:33Z


def payload(events: list[dict[str, object]], message_type: str = "DATA_MESSAGE") -> str:
    return json.dumps(
        {
            "messageType": message_type,
            "owner": "444455556666",
            "logGroup": GROUP,
            "logStream": STREAM,
            "subscriptionFilters": ["to-archive"],
            "logEvents": events,
        }
    )


def event(n: int, message: str) -> dict[str, object]:
    return {"id": f"3779110240019184{n:04d}", "timestamp": MS + n, "message": message}


def ok(n: int, message: str, **values: object) -> dict[str, object]:
    return row(
        "cloudwatch_logs",
        event_time=T(2024, 1, 15, 10, 22, 33, n * 1000),
        source_file=KEY,
        log_group=GROUP,
        log_stream=STREAM,
        subscription_filters=["to-archive"],
        event_id=f"3779110240019184{n:04d}",
        message=message,
        dt="2024-01-15",
        account_id="444455556666",
        region="eu-west-1",
        **values,
    )


START = f"START RequestId: {REQ} Version: $LATEST\n"
END = f"END RequestId: {REQ}\n"
REPORT = (
    f"REPORT RequestId: {REQ}\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 256 MB"
    "\tMax Memory Used: 71 MB\tInit Duration: 180.02 ms\t\n"
)
REPORT_WARM = (
    f"REPORT RequestId: {REQ}\tDuration: 1.40 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB"
    "\tMax Memory Used: 52 MB\t\n"
)
NODE = f"2024-01-15T10:22:33.004Z\t{REQ}\tINFO\torder 7 accepted\n"
PYTHON = f"[ERROR]\t2024-01-15T10:22:33.005Z\t{REQ}\tcard declined\n"
APP_JSON = json.dumps(
    {
        "timestamp": "2024-01-15T10:22:33.006Z",
        "level": "WARN",
        "message": "retrying payment",
        "logger": "orders.payments",
        "requestId": REQ,
    }
)
PLATFORM = json.dumps(
    {
        "time": "2024-01-15T10:22:33.007Z",
        "type": "platform.report",
        "record": {
            "requestId": REQ,
            "metrics": {
                "durationMs": 2.5,
                "billedDurationMs": 3,
                "memorySizeMB": 128,
                "maxMemoryUsedMB": 60,
                "initDurationMs": 95.1,
            },
            "status": "success",
        },
    }
)
PLAIN = "connection pool exhausted, waiting"


def test_lambda_records_in_concatenated_payloads(spark: SparkSession) -> None:
    first = payload([event(1, START), event(2, END), event(3, REPORT), event(4, NODE)])
    control = payload(
        [event(0, "CWL CONTROL MESSAGE: Checking health of destination Firehose.")],
        "CONTROL_MESSAGE",
    )
    second = payload(
        [
            event(5, PYTHON),
            event(6, APP_JSON),
            event(7, PLATFORM),
            event(8, PLAIN),
            event(9, REPORT_WARM),
        ]
    )
    out = cloudwatch.parse(raw_frame(spark, [(KEY, first + control + "\n" + second)]))
    frame = out["cloudwatch_logs"]
    assert frame.schema.fields[:-3] == load_schema("cloudwatch_logs").struct.fields
    assert collect(frame) == [
        ok(1, START, record_type="START", request_id=REQ, function_version="$LATEST"),
        ok(2, END, record_type="END", request_id=REQ),
        ok(
            3,
            REPORT,
            record_type="REPORT",
            request_id=REQ,
            duration_ms=12.34,
            billed_duration_ms=13,
            memory_size_mb=256,
            max_memory_used_mb=71,
            init_duration_ms=180.02,
        ),
        ok(4, NODE, record_type="text", request_id=REQ, level="INFO"),
        row(
            "cloudwatch_logs",
            "skip",
            "cloudwatch.control_message",
            source_file=KEY,
            log_group=GROUP,
            log_stream=STREAM,
            account_id="444455556666",
            region="eu-west-1",
        ),
        ok(5, PYTHON, record_type="text", request_id=REQ, level="ERROR"),
        ok(
            6,
            APP_JSON,
            record_type="json",
            request_id=REQ,
            level="WARN",
            logger="orders.payments",
            log_message="retrying payment",
        ),
        ok(
            7,
            PLATFORM,
            record_type="platform.report",
            request_id=REQ,
            duration_ms=2.5,
            billed_duration_ms=3,
            memory_size_mb=128,
            max_memory_used_mb=60,
            init_duration_ms=95.1,
        ),
        ok(8, PLAIN, record_type="text"),
        ok(
            9,
            REPORT_WARM,
            record_type="REPORT",
            request_id=REQ,
            duration_ms=1.40,
            billed_duration_ms=2,
            memory_size_mb=128,
            max_memory_used_mb=52,
        ),
    ]


def test_broken_payloads_events_and_files(spark: SparkSession) -> None:
    truncated = '{"messageType":"DATA_MESSAGE","owner":"444455556666","logEvents":[{"id":"1"'
    no_time = payload([{"id": "37791102400191840001", "message": "lost clock"}])
    empty = payload([])
    still_gzip = "\u001f\ufffd\u0008\u0000binary"
    rows = collect(
        cloudwatch.parse(
            raw_frame(
                spark,
                [(KEY, no_time + truncated), (KEY, empty), (KEY, still_gzip), (KEY, "  \n")],
            )
        )["cloudwatch_logs"]
    )
    key = {"source_file": KEY, "region": "eu-west-1"}
    from_payload = {**key, "log_group": GROUP, "log_stream": STREAM, "account_id": "444455556666"}
    assert rows == [
        row(
            "cloudwatch_logs",
            "reject",
            "cloudwatch.missing_timestamp",
            '{"id":"37791102400191840001","message":"lost clock"}',
            **from_payload,
        ),
        row("cloudwatch_logs", "reject", "cloudwatch.invalid_json", truncated, **key),
        row("cloudwatch_logs", "skip", "cloudwatch.no_log_events", **from_payload),
        row("cloudwatch_logs", "reject", "cloudwatch.compressed_payload", still_gzip, **key),
        row("cloudwatch_logs", "skip", "cloudwatch.empty_file", **key),
    ]


def test_input_globs() -> None:
    assert cloudwatch.input_globs("s3://archive", datetime.date(2024, 1, 15)) == [
        "s3://archive/cloudwatch/*/2024/01/15/*/*",
        "s3://archive/AWSLogs/[0-9]*/cloudwatch/*/2024/01/15/*/*",
    ]


CENTRAL = "999988887777"


def test_events_centralized_from_other_accounts_keep_their_account_and_region(
    spark: SparkSession,
) -> None:
    """A subscription with ``emitSystemFields`` on a log group that centralizes other accounts'
    logs: the payload's owner is the central account, each event names its own account and
    Region in ``extractedFields``. An event without them falls back to owner and key."""
    member = {
        **event(1, "GET /health 200"),
        "extractedFields": {"@aws.account": "111122223333", "@aws.region": "us-east-2"},
    }
    local = event(2, "GET /health 200")
    body = json.loads(payload([member, local]))
    body["owner"] = CENTRAL
    out = cloudwatch.parse(raw_frame(spark, [(KEY, json.dumps(body))]))["cloudwatch_logs"]
    assert collect(out) == [
        {**ok(1, "GET /health 200", record_type="text"), "account_id": "111122223333"}
        | {"region": "us-east-2"},
        {**ok(2, "GET /health 200", record_type="text"), "account_id": CENTRAL},
    ]


def test_payloads_are_split_whatever_key_comes_first(spark: SparkSession) -> None:
    """Three payloads concatenated: the second starts with ``owner``, the third with
    ``logGroup`` after a line break. Each is a payload of its own, none is merged into the one
    before it, and text such as ``}{"owner":`` inside a message does not split anything."""
    first = payload([event(1, START)])
    owner_first = json.dumps({"owner": "444455556666", **json.loads(payload([event(2, END)]))})
    tricky = 'parsed }{"owner": "x"} from the body'
    group_first = json.loads(payload([event(3, tricky)]))
    group_first = json.dumps({"logGroup": GROUP, **group_first}, indent=1)
    out = cloudwatch.parse(raw_frame(spark, [(KEY, first + owner_first + "\n" + group_first)]))
    assert collect(out["cloudwatch_logs"]) == [
        ok(1, START, record_type="START", request_id=REQ, function_version="$LATEST"),
        ok(2, END, record_type="END", request_id=REQ),
        ok(3, tricky, record_type="text"),
    ]


def test_an_event_that_is_not_utf8_is_rejected_and_the_payload_is_not(
    spark: SparkSession,
) -> None:
    body = payload([event(1, "user caf__ signed in"), event(2, PLAIN)]).encode()
    body = body.replace(b"caf__", b"caf\xe9")
    out = cloudwatch.parse(bytes_frame(spark, [(KEY, body)]))["cloudwatch_logs"]
    raw = (
        '{"id":"37791102400191840001","timestamp":1705314153001,'
        '"message":"user caf\\xE9 signed in"}'
    )
    assert collect(out) == [
        row(
            "cloudwatch_logs",
            "reject",
            "cloudwatch.invalid_utf8",
            raw,
            source_file=KEY,
            log_group=GROUP,
            log_stream=STREAM,
            dt="2024-01-15",
            account_id="444455556666",
            region="eu-west-1",
        ),
        ok(2, PLAIN, record_type="text"),
    ]


def test_firehose_objects_stored_without_decompression_are_read(
    spark: SparkSession, tmp_path: Path
) -> None:
    """Firehose writes each CloudWatch Logs record as it came, a gzip member, one after the
    other, under a name without ``.gz``: the reader decompresses every member."""
    name = "cwl-to-archive-1-2024-01-15-10-20-00-0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e"
    path = tmp_path / "cloudwatch" / "eu-west-1" / "2024" / "01" / "15" / "10" / name
    path.parent.mkdir(parents=True)
    members = [payload([event(1, START)]), payload([event(2, END)])]
    path.write_bytes(b"".join(gzip.compress(m.encode(), mtime=0) for m in members))
    raw = reader.read(spark, "files", [f"file:{path}"], sniff_gzip=cloudwatch.SNIFF_GZIP)
    out = cloudwatch.parse(raw)["cloudwatch_logs"]
    uri = f"file://{path}"
    assert collect(out) == [
        {**ok(1, START, record_type="START", request_id=REQ, function_version="$LATEST")}
        | {"source_file": uri},
        {**ok(2, END, record_type="END", request_id=REQ)} | {"source_file": uri},
    ]
