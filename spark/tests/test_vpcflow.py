"""VPC flow-log text parsing: header-mapped fields, both key layouts, every status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pyspark.sql import DataFrame, SparkSession

from logparse import utf8
from logparse.model import BOOKKEEPING
from logparse.schema import load_schema
from logparse.sources import vpcflow
from tests import native_diff
from tests.rows import bytes_frame

DEFAULT_HEADER = (
    "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes "
    "start end action log-status"
)
PLAIN = (
    "s3://audit-archive/AWSLogs/210987654321/vpcflowlogs/eu-central-1/2025/06/02/"
    "210987654321_vpcflowlogs_eu-central-1_fl-0c1d2e3f4a5b6c7d8_20250602T0915Z_5f1e2d3c.log.gz"
)
HIVE = (
    "s3://audit-archive/AWSLogs/aws-account-id=210987654321/aws-service=vpcflowlogs/"
    "aws-region=us-west-2/year=2025/month=06/day=02/hour=09/"
    "210987654321_vpcflowlogs_us-west-2_fl-0aa1bb2cc3dd4ee5f_20250602T0920Z_9c8b7a6d.log.gz"
)


def frame(spark: SparkSession, items: list[tuple[str, str]]) -> DataFrame:
    return spark.createDataFrame(items, "source_file string, value string").select(
        "value", "source_file"
    )


def assert_rows(actual: DataFrame, expected: list[dict[str, Any]]) -> None:
    """Whole rows, in input order: every schema column (null unless given) and bookkeeping."""
    names = [c.name for c in load_schema("vpcflow").all_columns] + list(BOOKKEEPING)
    full = [{n: e.get(n) for n in names} for e in expected]
    assert [r.asDict(recursive=True) for r in actual.collect()] == full


def row(source_file: str, status: str = "ok", reason: str | None = None, **values: Any) -> dict:
    names = {c.name for c in load_schema("vpcflow").all_columns}
    assert set(values) <= names | {"_raw"}, set(values) - names
    return {
        "source": "vpcflow",
        "source_file": source_file,
        "_status": status,
        "_reason": reason,
        **values,
    }


def ts(epoch: int) -> dt.datetime:
    """PySpark returns timestamps as naive local datetimes."""
    return dt.datetime.fromtimestamp(epoch)


PLAIN_KEYS = {"dt": "2025-06-02", "account_id": "210987654321", "region": "eu-central-1"}
HIVE_KEYS = {"dt": "2025-06-02", "account_id": "210987654321", "region": "us-west-2"}


def parse(df: DataFrame) -> DataFrame:
    """The SQL parser's rows, checked against the JVM parser's for the same lines."""
    out = vpcflow.parse(df)
    assert list(out) == ["vpcflow"]
    native_diff.assert_frame_same("vpcflow", df, out["vpcflow"])
    return out["vpcflow"]


def test_default_format_with_nodata_skipdata_unknown_account_and_repeated_header(spark):
    lines = [
        DEFAULT_HEADER,
        "2 210987654321 eni-07f1a2b3c4d5e6f70 172.31.16.139 172.31.16.21 20641 22 6 20 4249 "
        "1748855700 1748855760 ACCEPT OK",
        "2 210987654321 eni-07f1a2b3c4d5e6f70 198.51.100.17 172.31.9.12 49761 3389 6 20 4249 "
        "1748855700 1748855760 REJECT OK",
        "2 unknown eni-0f00ba7de1ec7ab1e 10.20.0.5 10.20.1.9 443 51234 6 3 180 "
        "1748855701 1748855761 ACCEPT OK",
        DEFAULT_HEADER,
        "2 210987654321 eni-07f1a2b3c4d5e6f70 - - - - - - - 1748855700 1748855760 - NODATA",
        "2 210987654321 eni-0a9b8c7d6e5f40312 - - - - - - - 1748855790 1748855850 - SKIPDATA",
        "",
    ]
    out = parse(frame(spark, [(PLAIN, line) for line in lines]))
    v2 = {
        "version": 2,
        "record_account_id": "210987654321",
        "interface_id": "eni-07f1a2b3c4d5e6f70",
    }
    window = {
        "event_time": ts(1748855700),
        "start_time": ts(1748855700),
        "end_time": ts(1748855760),
    }
    assert_rows(
        out,
        [
            row(PLAIN, "skip", "vpcflow.header", **PLAIN_KEYS),
            row(
                PLAIN,
                **PLAIN_KEYS,
                **v2,
                **window,
                srcaddr="172.31.16.139",
                dstaddr="172.31.16.21",
                srcport=20641,
                dstport=22,
                protocol=6,
                packets=20,
                bytes=4249,
                action="ACCEPT",
                log_status="OK",
            ),
            row(
                PLAIN,
                **PLAIN_KEYS,
                **v2,
                **window,
                srcaddr="198.51.100.17",
                dstaddr="172.31.9.12",
                srcport=49761,
                dstport=3389,
                protocol=6,
                packets=20,
                bytes=4249,
                action="REJECT",
                log_status="OK",
            ),
            row(
                PLAIN,
                **PLAIN_KEYS,
                version=2,
                record_account_id="unknown",
                interface_id="eni-0f00ba7de1ec7ab1e",
                srcaddr="10.20.0.5",
                dstaddr="10.20.1.9",
                srcport=443,
                dstport=51234,
                protocol=6,
                packets=3,
                bytes=180,
                event_time=ts(1748855701),
                start_time=ts(1748855701),
                end_time=ts(1748855761),
                action="ACCEPT",
                log_status="OK",
            ),
            row(PLAIN, "skip", "vpcflow.header", **PLAIN_KEYS),
            row(PLAIN, **PLAIN_KEYS, **v2, **window, log_status="NODATA"),
            row(
                PLAIN,
                **PLAIN_KEYS,
                version=2,
                record_account_id="210987654321",
                interface_id="eni-0a9b8c7d6e5f40312",
                event_time=ts(1748855790),
                start_time=ts(1748855790),
                end_time=ts(1748855850),
                log_status="SKIPDATA",
            ),
            row(PLAIN, "skip", "vpcflow.blank_line", **PLAIN_KEYS),
        ],
    )
    assert out.schema[: -len(BOOKKEEPING)] == load_schema("vpcflow").struct


def test_custom_order_v5_fields_in_a_hive_style_hourly_key(spark):
    header = (
        "flow-direction pkt-srcaddr srcaddr dstaddr start end action traffic-path "
        "pkt-dst-aws-service version tcp-flags type az-id region vpc-id"
    )
    line = (
        "egress 10.0.4.20 10.0.4.20 52.94.5.10 1748855400 1748855460 ACCEPT 2 S3 5 19 "
        "IPv4 usw2-az1 us-west-2 vpc-0d1e2f3a4b5c6d7e8"
    )
    out = parse(frame(spark, [(HIVE, header), (HIVE, line)]))
    assert_rows(
        out,
        [
            row(HIVE, "skip", "vpcflow.header", **HIVE_KEYS),
            row(
                HIVE,
                **HIVE_KEYS,
                flow_direction="egress",
                pkt_srcaddr="10.0.4.20",
                srcaddr="10.0.4.20",
                dstaddr="52.94.5.10",
                event_time=ts(1748855400),
                start_time=ts(1748855400),
                end_time=ts(1748855460),
                action="ACCEPT",
                traffic_path=2,
                pkt_dst_aws_service="S3",
                version=5,
                tcp_flags=19,
                type="IPv4",
                az_id="usw2-az1",
                record_region="us-west-2",
                vpc_id="vpc-0d1e2f3a4b5c6d7e8",
            ),
        ],
    )


def test_ecs_reject_reason_and_transit_gateway_fields(spark):
    header = (
        "version interface-id srcaddr dstaddr action ecs-cluster-name ecs-service-name "
        "ecs-task-id ecs-container-id reject-reason start"
    )
    line = (
        "8 eni-0123456789abcdef0 10.1.0.7 10.1.2.3 REJECT payments checkout-api "
        "5c1f0e3a9b8d4f2e8a7b6c5d4e3f2a1b 8e3b1f0c2d4a5e6f BPA 1748855100"
    )
    tgw_file = PLAIN.replace("5f1e2d3c", "tgw")
    tgw_header = (
        "version resource-type account-id tgw-id tgw-attachment-id tgw-src-vpc-id "
        "packets-lost-no-route packets-lost-blackhole start"
    )
    tgw_line = (
        "6 TransitGatewayAttachment 210987654321 tgw-0f1e2d3c4b5a69788 "
        "tgw-attach-0a1b2c3d4e5f60718 vpc-0abcdef0123456789 3 0 1748855160"
    )
    out = parse(
        frame(spark, [(PLAIN, header), (PLAIN, line), (tgw_file, tgw_header), (tgw_file, tgw_line)])
    )
    assert_rows(
        out,
        [
            row(PLAIN, "skip", "vpcflow.header", **PLAIN_KEYS),
            row(
                PLAIN,
                **PLAIN_KEYS,
                version=8,
                interface_id="eni-0123456789abcdef0",
                srcaddr="10.1.0.7",
                dstaddr="10.1.2.3",
                action="REJECT",
                ecs_cluster_name="payments",
                ecs_service_name="checkout-api",
                ecs_task_id="5c1f0e3a9b8d4f2e8a7b6c5d4e3f2a1b",
                ecs_container_id="8e3b1f0c2d4a5e6f",
                reject_reason="BPA",
                event_time=ts(1748855100),
                start_time=ts(1748855100),
            ),
            row(tgw_file, "skip", "vpcflow.header", **PLAIN_KEYS),
            row(
                tgw_file,
                **PLAIN_KEYS,
                version=6,
                resource_type="TransitGatewayAttachment",
                record_account_id="210987654321",
                tgw_id="tgw-0f1e2d3c4b5a69788",
                tgw_attachment_id="tgw-attach-0a1b2c3d4e5f60718",
                tgw_src_vpc_id="vpc-0abcdef0123456789",
                packets_lost_no_route=3,
                packets_lost_blackhole=0,
                event_time=ts(1748855160),
                start_time=ts(1748855160),
            ),
        ],
    )


def test_rejects_name_the_problem_and_keep_the_line(spark):
    headerless = PLAIN.replace("5f1e2d3c", "headerless")
    conflicting = PLAIN.replace("5f1e2d3c", "conflicting")
    good = (
        "2 210987654321 eni-07f1a2b3c4d5e6f70 10.0.0.1 10.0.0.2 1 2 17 1 76 "
        "1748855700 1748855760 ACCEPT OK"
    )
    items = [
        (headerless, good),
        (conflicting, DEFAULT_HEADER),
        (conflicting, "srcaddr dstaddr"),
        (conflicting, good),
        (PLAIN, DEFAULT_HEADER),
        (PLAIN, good.removesuffix(" OK")),
        (PLAIN, good.replace(" 17 ", " udp ")),
        (PLAIN, good.replace("1748855760", "99999999999999")),
    ]
    out = parse(frame(spark, items))

    def rejected(file: str, reason: str, raw: str) -> dict:
        return row(file, "reject", f"vpcflow.{reason}", _raw=raw, **PLAIN_KEYS)

    assert_rows(
        out,
        [
            rejected(headerless, "missing_header", good),
            row(conflicting, "skip", "vpcflow.header", **PLAIN_KEYS),
            row(conflicting, "skip", "vpcflow.header", **PLAIN_KEYS),
            rejected(conflicting, "conflicting_headers", good),
            row(PLAIN, "skip", "vpcflow.header", **PLAIN_KEYS),
            rejected(PLAIN, "field_count_mismatch", good.removesuffix(" OK")),
            rejected(PLAIN, "bad_value", good.replace(" 17 ", " udp ")),
            rejected(PLAIN, "bad_value", good.replace("1748855760", "99999999999999")),
        ],
    )


def test_format_without_start_takes_dt_from_the_key_and_odd_paths_leave_keys_null(spark):
    odd = "file:/tmp/flowlogs/export.log"
    items = [
        (HIVE, "srcaddr dstaddr action"),
        (HIVE, "10.0.0.1 10.0.0.2 ACCEPT"),
        (odd, DEFAULT_HEADER),
        (odd, "2 1 eni-1 - - - - - - - 1748855700 1748855760 - NODATA"),
    ]
    out = parse(frame(spark, items))
    assert_rows(
        out,
        [
            row(HIVE, "skip", "vpcflow.header", **HIVE_KEYS),
            row(HIVE, **HIVE_KEYS, srcaddr="10.0.0.1", dstaddr="10.0.0.2", action="ACCEPT"),
            row(odd, "skip", "vpcflow.header", dt=None),
            row(
                odd,
                dt="2025-06-02",
                version=2,
                record_account_id="1",
                interface_id="eni-1",
                event_time=ts(1748855700),
                start_time=ts(1748855700),
                end_time=ts(1748855760),
                log_status="NODATA",
            ),
        ],
    )


def test_input_globs_cover_both_layouts_daily_and_hourly():
    assert vpcflow.input_globs("s3://audit-archive/", dt.date(2025, 6, 2)) == [
        "s3://audit-archive/AWSLogs/*/vpcflowlogs/*/2025/06/02/*.log.gz",
        "s3://audit-archive/AWSLogs/*/vpcflowlogs/*/2025/06/02/*/*.log.gz",
        "s3://audit-archive/AWSLogs/aws-account-id=*/aws-service=vpcflowlogs/aws-region=*/"
        "year=2025/month=06/day=02/*.log.gz",
        "s3://audit-archive/AWSLogs/aws-account-id=*/aws-service=vpcflowlogs/aws-region=*/"
        "year=2025/month=06/day=02/hour=*/*.log.gz",
    ]
    assert vpcflow.parquet_input_globs("/lake", None)[0] == (
        "/lake/AWSLogs/*/vpcflowlogs/*/*/*/*/*.parquet"
    )


def test_parquet_delivery_maps_underscored_columns_to_the_same_dataset(spark):
    parquet_file = HIVE.replace(".log.gz", ".log.parquet")
    flows = spark.createDataFrame(
        [
            (
                5,
                "210987654321",
                "eni-0a1b",
                "10.0.0.9",
                "10.0.1.9",
                443,
                50000,
                6,
                12,
                9000,
                1748855400,
                1748855460,
                "ACCEPT",
                "OK",
                "ingress",
                parquet_file,
            )
        ],
        "version int, account_id string, interface_id string, srcaddr string, dstaddr string, "
        "srcport int, dstport int, protocol int, packets bigint, bytes bigint, start bigint, "
        "`end` bigint, action string, log_status string, flow_direction string, "
        "source_file string",
    )
    out = vpcflow.parse_parquet(flows)["vpcflow"]
    assert_rows(
        out,
        [
            row(
                parquet_file,
                **HIVE_KEYS,
                version=5,
                record_account_id="210987654321",
                interface_id="eni-0a1b",
                srcaddr="10.0.0.9",
                dstaddr="10.0.1.9",
                srcport=443,
                dstport=50000,
                protocol=6,
                packets=12,
                bytes=9000,
                event_time=ts(1748855400),
                start_time=ts(1748855400),
                end_time=ts(1748855460),
                action="ACCEPT",
                log_status="OK",
                flow_direction="ingress",
            ),
        ],
    )
    assert out.schema[: -len(BOOKKEEPING)] == load_schema("vpcflow").struct


def test_a_line_that_is_not_utf8_is_rejected_with_its_bytes_escaped(spark):
    """Binary garbage in an interface id: the line is rejected (its neighbours are not), where
    it used to be accepted with ``eni-`` and two U+FFFD."""
    good = (
        b"2 210987654321 eni-07f1a2b3c4d5e6f70 172.31.16.139 172.31.16.21 20641 22 6 20 4249 "
        b"1748855700 1748855760 ACCEPT OK"
    )
    bad = good.replace(b"eni-07f1a2b3c4d5e6f70", b"eni-\xc0\x80\xfe")
    out = parse(bytes_frame(spark, [(PLAIN, DEFAULT_HEADER.encode()), (PLAIN, bad), (PLAIN, good)]))
    raw = good.decode().replace("eni-07f1a2b3c4d5e6f70", "eni-\\xC0\\x80\\xFE")
    assert_rows(
        out,
        [
            row(PLAIN, "skip", "vpcflow.header", **PLAIN_KEYS),
            row(PLAIN, "reject", "vpcflow.invalid_utf8", **PLAIN_KEYS, _raw=raw),
            row(
                PLAIN,
                **PLAIN_KEYS,
                version=2,
                record_account_id="210987654321",
                interface_id="eni-07f1a2b3c4d5e6f70",
                srcaddr="172.31.16.139",
                dstaddr="172.31.16.21",
                srcport=20641,
                dstport=22,
                protocol=6,
                packets=20,
                bytes=4249,
                event_time=ts(1748855700),
                start_time=ts(1748855700),
                end_time=ts(1748855760),
                action="ACCEPT",
                log_status="OK",
            ),
        ],
    )
    assert utf8.unescape(raw) == bad


GOOD_LINE = (
    "2 210987654321 eni-07f1a2b3c4d5e6f70 172.31.16.139 172.31.16.21 20641 22 6 20 "
    "4249 1748855700 1748855760 ACCEPT OK"
)
