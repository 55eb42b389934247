"""ALB access-log parsing: every line variant, classification of foreign lines, reject codes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pyspark.sql import DataFrame, SparkSession

from logparse import utf8
from logparse.model import BOOKKEEPING
from logparse.schema import load_schema
from logparse.sources import alb
from tests import native_diff
from tests.rows import bytes_frame

KEY = (
    "s3://audit-archive/AWSLogs/345678901234/elasticloadbalancing/ap-southeast-2/2025/01/20/"
    "345678901234_elasticloadbalancing_ap-southeast-2_app.storefront.7c1d9e2f3a4b5c6d_"
    "20250120T2310Z_10.40.2.17_3kq9z1vb.log.gz"
)
KEYS = {"dt": "2025-01-20", "account_id": "345678901234", "region": "ap-southeast-2"}
TG = (
    "arn:aws:elasticloadbalancing:ap-southeast-2:345678901234:"
    "targetgroup/storefront-web/9e8d7c6b5a493827"
)
CERT = "arn:aws:acm:ap-southeast-2:345678901234:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b"

CURRENT = (
    "https 2025-01-20T23:09:58.412907Z app/storefront/7c1d9e2f3a4b5c6d 198.51.100.23:61022 "
    "10.40.7.31:8443 0.002 0.118 0.001 201 201 734 1822 "
    '"POST https://shop.example.net:443/api/orders?ref=mail HTTP/2.0" '
    '"Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0" '
    f"ECDHE-ECDSA-AES128-GCM-SHA256 TLSv1.3 {TG} "
    '"Root=1-678ed8f6-1a2b3c4d5e6f708192a3b4c5" "shop.example.net" '
    f'"{CERT}" 7 2025-01-20T23:09:58.291004Z "authenticate,forward" "-" "-" '
    '"10.40.7.31:8443 10.40.7.32:8443" "201 -" "Acceptable" "-" TID_4f2a91c07be34d15'
)

CURRENT_ROW = {
    **KEYS,
    "event_time": dt.datetime(2025, 1, 20, 23, 9, 58, 412907),
    "type": "https",
    "elb": "app/storefront/7c1d9e2f3a4b5c6d",
    "client_ip": "198.51.100.23",
    "client_port": 61022,
    "target_ip": "10.40.7.31",
    "target_port": 8443,
    "request_processing_time": 0.002,
    "target_processing_time": 0.118,
    "response_processing_time": 0.001,
    "elb_status_code": 201,
    "target_status_code": 201,
    "received_bytes": 734,
    "sent_bytes": 1822,
    "request_verb": "POST",
    "request_url": "https://shop.example.net:443/api/orders?ref=mail",
    "request_protocol": "HTTP/2.0",
    "user_agent": "Mozilla/5.0 (X11; Linux x86_64) Gecko/20100101 Firefox/128.0",
    "ssl_cipher": "ECDHE-ECDSA-AES128-GCM-SHA256",
    "ssl_protocol": "TLSv1.3",
    "target_group_arn": TG,
    "trace_id": "Root=1-678ed8f6-1a2b3c4d5e6f708192a3b4c5",
    "domain_name": "shop.example.net",
    "chosen_cert_arn": CERT,
    "matched_rule_priority": 7,
    "request_creation_time": dt.datetime(2025, 1, 20, 23, 9, 58, 291004),
    "actions_executed": ["authenticate", "forward"],
    "target_port_list": ["10.40.7.31:8443", "10.40.7.32:8443"],
    "target_status_code_list": ["201", "-"],
    "classification": "Acceptable",
    "conn_trace_id": "TID_4f2a91c07be34d15",
}


def frame(spark: SparkSession, lines: list[str], key: str = KEY) -> DataFrame:
    return spark.createDataFrame(
        [(line, key) for line in lines], "value string, source_file string"
    )


def parse(df: DataFrame) -> DataFrame:
    """The SQL parser's rows, checked against the JVM parser's for the same lines."""
    out = alb.parse(df)
    assert list(out) == ["alb"]
    native_diff.assert_frame_same("alb", df, out["alb"])
    return out["alb"]


def ok(**values: Any) -> dict[str, Any]:
    return {"source_file": KEY, **values, "_status": "ok"}


def rejected(reason: str, raw: str) -> dict[str, Any]:
    return {"source_file": KEY, **KEYS, "_status": "reject", "_reason": reason, "_raw": raw}


def assert_rows(actual: DataFrame, expected: list[dict[str, Any]]) -> None:
    """Whole rows, in input order: every schema column (null unless given) and bookkeeping."""
    names = [c.name for c in load_schema("alb").all_columns] + list(BOOKKEEPING)
    full = [{n: e.get(n, "alb" if n == "source" else None) for n in names} for e in expected]
    assert [r.asDict(recursive=True) for r in actual.collect()] == full


def test_current_newest_and_older_line_variants(spark):
    newest = CURRENT + ' "shop-internal.example.net" "/v2/api/orders?ref=mail" "TransformSuccess"'
    without_conn_trace = CURRENT.removesuffix(" TID_4f2a91c07be34d15")
    older = CURRENT.split(' "10.40.7.31:8443 ')[0]
    out = parse(frame(spark, [CURRENT, newest, without_conn_trace, older]))
    assert_rows(
        out,
        [
            ok(**CURRENT_ROW),
            ok(
                **CURRENT_ROW,
                transformed_host="shop-internal.example.net",
                transformed_uri="/v2/api/orders?ref=mail",
                request_transform_status="TransformSuccess",
            ),
            ok(**{**CURRENT_ROW, "conn_trace_id": None}),
            ok(
                **{
                    **CURRENT_ROW,
                    "conn_trace_id": None,
                    "target_port_list": None,
                    "target_status_code_list": None,
                    "classification": None,
                }
            ),
        ],
    )
    assert out.schema[: -len(BOOKKEEPING)] == load_schema("alb").struct


def test_lambda_waf_ipv6_space_in_uri_and_malformed_request(spark):
    lambda_line = (
        "http 2025-01-20T23:09:59.000100Z app/storefront/7c1d9e2f3a4b5c6d "
        "[2001:db8:4006:812::200e]:50611 - 0.001 0.337 0.000 502 - 211 293 "
        '"GET http://shop.example.net:80/lambda/health HTTP/1.1" "kube-probe/1.31" - - '
        "arn:aws:elasticloadbalancing:ap-southeast-2:345678901234:targetgroup/fn/1a2b3c4d5e6f7a8b "
        '"Root=1-678ed8f7-00aa11bb22cc33dd44ee55ff" "-" "-" 3 2025-01-20T23:09:58.662000Z '
        '"forward" "-" "LambdaInvalidResponse" "-" "-" "-" "-" TID_0001'
    )
    waf_line = (
        "https 2025-01-20T23:10:00.120000Z app/storefront/7c1d9e2f3a4b5c6d 203.0.113.250:40112 "
        "- -1 -1 -1 403 - 180 377 "
        '"GET https://shop.example.net:443/wp-login.php HTTP/1.1" "sqlmap/1.8" '
        f'TLS_AES_128_GCM_SHA256 TLSv1.3 - "Root=1-678ed8f8-aa" "shop.example.net" "{CERT}" '
        '0 2025-01-20T23:10:00.119000Z "waf" "-" "-" "-" "-" "-" "-" TID_0002'
    )
    space_line = (
        "http 2025-01-20T23:10:01.500000Z app/storefront/7c1d9e2f3a4b5c6d 192.0.2.44:33000 "
        "10.40.7.32:80 0.000 0.004 0.000 404 404 97 412 "
        '"GET http://shop.example.net:80/search/red shoes HTTP/1.1" "-" - - '
        f'{TG} "Root=1-678ed8f9-bb" "-" "-" 7 2025-01-20T23:10:01.495000Z "forward" "-" "-" '
        '"10.40.7.32:80" "404" "Ambiguous" "SpaceInUri" TID_0003'
    )
    malformed = (
        "http 2025-01-20T23:10:02.000000Z app/storefront/7c1d9e2f3a4b5c6d 192.0.2.45:33001 "
        "- -1 -1 -1 400 - 0 272 "
        '"- http://shop.example.net:80- " "-" - - - "-" "-" "-" - 2025-01-20T23:10:02.000000Z '
        '"-" "-" "-" "-" "-" "Severe" "-" TID_0004'
    )
    out = parse(frame(spark, [lambda_line, waf_line, space_line, malformed]))
    common = {**KEYS, "elb": "app/storefront/7c1d9e2f3a4b5c6d"}
    assert_rows(
        out,
        [
            ok(
                **common,
                event_time=dt.datetime(2025, 1, 20, 23, 9, 59, 100),
                type="http",
                client_ip="2001:db8:4006:812::200e",
                client_port=50611,
                request_processing_time=0.001,
                target_processing_time=0.337,
                response_processing_time=0.0,
                elb_status_code=502,
                received_bytes=211,
                sent_bytes=293,
                request_verb="GET",
                request_url="http://shop.example.net:80/lambda/health",
                request_protocol="HTTP/1.1",
                user_agent="kube-probe/1.31",
                target_group_arn="arn:aws:elasticloadbalancing:ap-southeast-2:345678901234:"
                "targetgroup/fn/1a2b3c4d5e6f7a8b",
                trace_id="Root=1-678ed8f7-00aa11bb22cc33dd44ee55ff",
                matched_rule_priority=3,
                request_creation_time=dt.datetime(2025, 1, 20, 23, 9, 58, 662000),
                actions_executed=["forward"],
                error_reason="LambdaInvalidResponse",
                conn_trace_id="TID_0001",
            ),
            ok(
                **common,
                event_time=dt.datetime(2025, 1, 20, 23, 10, 0, 120000),
                type="https",
                client_ip="203.0.113.250",
                client_port=40112,
                elb_status_code=403,
                received_bytes=180,
                sent_bytes=377,
                request_verb="GET",
                request_url="https://shop.example.net:443/wp-login.php",
                request_protocol="HTTP/1.1",
                user_agent="sqlmap/1.8",
                ssl_cipher="TLS_AES_128_GCM_SHA256",
                ssl_protocol="TLSv1.3",
                trace_id="Root=1-678ed8f8-aa",
                domain_name="shop.example.net",
                chosen_cert_arn=CERT,
                matched_rule_priority=0,
                request_creation_time=dt.datetime(2025, 1, 20, 23, 10, 0, 119000),
                actions_executed=["waf"],
                conn_trace_id="TID_0002",
            ),
            ok(
                **common,
                event_time=dt.datetime(2025, 1, 20, 23, 10, 1, 500000),
                type="http",
                client_ip="192.0.2.44",
                client_port=33000,
                target_ip="10.40.7.32",
                target_port=80,
                request_processing_time=0.0,
                target_processing_time=0.004,
                response_processing_time=0.0,
                elb_status_code=404,
                target_status_code=404,
                received_bytes=97,
                sent_bytes=412,
                request_verb="GET",
                request_url="http://shop.example.net:80/search/red shoes",
                request_protocol="HTTP/1.1",
                target_group_arn=TG,
                trace_id="Root=1-678ed8f9-bb",
                matched_rule_priority=7,
                request_creation_time=dt.datetime(2025, 1, 20, 23, 10, 1, 495000),
                actions_executed=["forward"],
                target_port_list=["10.40.7.32:80"],
                target_status_code_list=["404"],
                classification="Ambiguous",
                classification_reason="SpaceInUri",
                conn_trace_id="TID_0003",
            ),
            ok(
                **common,
                event_time=dt.datetime(2025, 1, 20, 23, 10, 2),
                type="http",
                client_ip="192.0.2.45",
                client_port=33001,
                elb_status_code=400,
                received_bytes=0,
                sent_bytes=272,
                request_url="http://shop.example.net:80-",
                request_creation_time=dt.datetime(2025, 1, 20, 23, 10, 2),
                classification="Severe",
                conn_trace_id="TID_0004",
            ),
        ],
    )


def test_foreign_and_broken_lines_are_rejected_with_their_reason(spark):
    nlb = (
        "tls 2.0 2025-01-20T23:09:40 net/edge-nlb/0a1b2c3d4e5f6071 8d4e2f1a0b3c5d6e "
        "198.51.100.9:50211 10.40.1.5:443 812 3 120 4960 - "
        f"{CERT} - ECDHE-RSA-AES128-GCM-SHA256 tlsv12 - edge.example.net h2 h2 "
        '"h2","http/1.1" 2025-01-20T23:09:38'
    )
    conn_log = (
        "2025-01-20T23:09:41.118223Z 198.51.100.9 50212 443 TLSv1.3 TLS_AES_128_GCM_SHA256 "
        "11 - - - Success TID_4f2a91c07be34d15"
    )
    grpc_quote_in_agent = CURRENT.replace('Firefox/128.0"', 'Firefox/128.0 "beta""')
    bad_status = CURRENT.replace(" 201 201 ", " 201 OK ")
    lines = [nlb, conn_log, "udp 1 2 3", CURRENT[:180], grpc_quote_in_agent, bad_status, "", "  "]
    out = parse(frame(spark, lines))
    assert_rows(
        out,
        [
            rejected("alb.nlb_line", nlb),
            rejected("alb.connection_log_line", conn_log),
            rejected("alb.unknown_type", "udp 1 2 3"),
            rejected("alb.too_few_fields", CURRENT[:180]),
            rejected("alb.malformed_quotes", grpc_quote_in_agent),
            rejected("alb.bad_value", bad_status),
            {"source_file": KEY, **KEYS, "_status": "skip", "_reason": "alb.blank_line"},
            {"source_file": KEY, **KEYS, "_status": "skip", "_reason": "alb.blank_line"},
        ],
    )


def test_dt_is_the_utc_date_of_the_time_whatever_form_the_time_takes(spark):
    """``dt`` is cut from the time token only when it is ``yyyy-mm-ddT...Z``; any other form
    that still parses goes through the timestamp, so an offset can move the day."""
    offset = CURRENT.replace("2025-01-20T23:09:58.412907Z", "2025-01-20T23:30:00-01:00", 1)
    no_zone = CURRENT.replace("2025-01-20T23:09:58.412907Z", "2025-01-20T23:30:00", 1)
    short = CURRENT.replace("2025-01-20T23:09:58.412907Z", "2025-1-5T01:02:03Z", 1)
    out = parse(frame(spark, [offset, no_zone, short]))
    rows = out.select("event_time", "dt", "_status").collect()
    assert [r.asDict() for r in rows] == [
        {"event_time": dt.datetime(2025, 1, 21, 0, 30), "dt": "2025-01-21", "_status": "ok"},
        {"event_time": dt.datetime(2025, 1, 20, 23, 30), "dt": "2025-01-20", "_status": "ok"},
        {"event_time": dt.datetime(2025, 1, 5, 1, 2, 3), "dt": "2025-01-05", "_status": "ok"},
    ]


def test_a_key_outside_the_archive_layout_leaves_account_and_region_null(spark):
    out = parse(frame(spark, [CURRENT], key="file:/tmp/export/alb.log"))
    [r] = out.select("dt", "account_id", "region", "source_file", "_status").collect()
    assert r.asDict() == {
        "dt": "2025-01-20",
        "account_id": None,
        "region": None,
        "source_file": "file:/tmp/export/alb.log",
        "_status": "ok",
    }


def test_input_globs_select_alb_access_logs_only():
    assert alb.input_globs("s3://audit-archive", dt.date(2025, 1, 20)) == [
        "s3://audit-archive/AWSLogs/*/elasticloadbalancing/*/2025/01/20/"
        "[0-9]*_elasticloadbalancing_*_app.*.log.gz"
    ]


def test_a_request_line_aws_could_not_read_has_no_verb_and_no_protocol(spark):
    """ALB logs a request it could not parse as ``"- http://host:80- -"``: each part it could
    not read is ``-``, the protocol as well as the verb."""
    unreadable = (
        "http 2025-01-20T23:11:07.254183Z app/storefront/7c1d9e2f3a4b5c6d 203.0.113.77:51544 "
        "- -1 -1 -1 400 - 38 272 "
        '"- http://shop.example.net:80- -" "-" - - - "-" "-" "-" - 2025-01-20T23:11:07.254000Z '
        '"-" "-" "-" "-" "-" "Severe" "-" TID_6b0f2c19a8d54e37'
    )
    out = parse(frame(spark, [unreadable]))
    assert_rows(
        out,
        [
            ok(
                **KEYS,
                elb="app/storefront/7c1d9e2f3a4b5c6d",
                event_time=dt.datetime(2025, 1, 20, 23, 11, 7, 254183),
                type="http",
                client_ip="203.0.113.77",
                client_port=51544,
                elb_status_code=400,
                received_bytes=38,
                sent_bytes=272,
                request_url="http://shop.example.net:80-",
                request_creation_time=dt.datetime(2025, 1, 20, 23, 11, 7, 254000),
                classification="Severe",
                conn_trace_id="TID_6b0f2c19a8d54e37",
            )
        ],
    )


def test_a_line_that_is_not_utf8_is_rejected_with_its_bytes_escaped(spark):
    """A Latin-1 user agent (é as the single byte 0xE9) and a stray 0xFF: the line is rejected,
    not parsed with U+FFFD in its fields, and ``_raw`` holds it as valid UTF-8 from which the
    bytes come back."""
    line = CURRENT.encode().replace(b"Firefox/128.0", b"Firefox/128.0 (caf\xe9) \\ \xff")
    out = parse(bytes_frame(spark, [(KEY, line)]))
    escaped = CURRENT.replace("Firefox/128.0", "Firefox/128.0 (caf\\xE9) \\x5C \\xFF")
    assert_rows(out, [rejected("alb.invalid_utf8", escaped)])
    assert utf8.unescape(escaped) == line
