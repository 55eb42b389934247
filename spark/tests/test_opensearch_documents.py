"""Hot-subset selection and document shaping for OpenSearch (no live domain needed)."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql.types import (
    ByteType,
    IntegerType,
    LongType,
    ShortType,
    StringType,
    StructType,
)

from logparse import search_index
from logparse.schema import load_schema

TEMPLATES = Path(__file__).resolve().parents[2] / "opensearch" / "index-templates.json"
"""Generated from schemas/ and opensearch/documents.json (npm run search:templates); the setup
function applies exactly these at pulumi up."""


def template_for(index: str) -> dict[str, Any]:
    """The one committed template whose pattern matches ``index``."""
    matching = [
        t
        for t in json.loads(TEMPLATES.read_text()).values()
        if any(index.startswith(p.rstrip("*")) for p in t["index_patterns"])
    ]
    assert len(matching) == 1, f"{index}: {len(matching)} templates match"
    return matching[0]


T = datetime.datetime(2026, 11, 24, 13, 5, 7, 250000)


def frame(spark: SparkSession, dataset: str, rows: list[dict[str, Any]]) -> DataFrame:
    """Rows of the dataset's full schema; unspecified columns are null."""
    struct = load_schema(dataset).struct
    full = [tuple(r.get(f.name) for f in struct.fields) for r in rows]
    return spark.createDataFrame(full, struct)


def ct(event_name: str, **over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "event_time": T,
        "source_file": "s3://archive/AWSLogs/o-a1/111111111111/CloudTrail/eu-west-1/f.json.gz",
        "event_source": "s3.amazonaws.com",
        "event_name": event_name,
        "event_id": f"id-{event_name}",
        "user_identity": {"type": "AssumedRole", "arn": "arn:aws:sts::111111111111:x/y"},
        "source_ip_address": "203.0.113.9",
        "raw_record": "{}",
        "dt": "2026-11-24",
        "account_id": "111111111111",
        "region": "eu-west-1",
    }
    row.update(over)
    return row


def test_cloudtrail_hot_subset_is_errors_root_and_sensitive_events(spark: SparkSession) -> None:
    df = frame(
        spark,
        "cloudtrail",
        [
            ct("GetObject"),
            ct("ListBuckets", error_code="AccessDenied"),
            ct("DescribeRegions", user_identity={"type": "Root", "arn": "arn:aws:iam::1:root"}),
            ct("DeleteBucket"),
            ct("StopLogging", event_source="cloudtrail.amazonaws.com"),
        ],
    )
    names = sorted(r.event_name for r in search_index.hot_cloudtrail(df).collect())
    assert names == ["DeleteBucket", "DescribeRegions", "ListBuckets", "StopLogging"]


def test_cloudtrail_document_is_flat_with_iso_timestamp_and_event_id(spark: SparkSession) -> None:
    df = frame(spark, "cloudtrail", [ct("ListBuckets", error_code="AccessDenied")])
    (doc,) = [r.asDict() for r in search_index.hot_documents(df, "cloudtrail").collect()]
    assert doc == {
        "doc_id": "id-ListBuckets",
        "@timestamp": "2026-11-24T13:05:07.250Z",
        "dataset": "cloudtrail",
        "account_id": "111111111111",
        "region": "eu-west-1",
        "event_source": "s3.amazonaws.com",
        "event_name": "ListBuckets",
        "principal_type": "AssumedRole",
        "principal_arn": "arn:aws:sts::111111111111:x/y",
        "source_ip": "203.0.113.9",
        "user_agent": None,
        "error_code": "AccessDenied",
        "error_message": None,
        "request_parameters": None,
        "event_id": "id-ListBuckets",
        "source_file": "s3://archive/AWSLogs/o-a1/111111111111/CloudTrail/eu-west-1/f.json.gz",
    }


def test_cloudtrail_without_event_id_gets_a_digest_of_file_and_record(spark: SparkSession) -> None:
    df = frame(spark, "cloudtrail", [ct("DeleteBucket", event_id=None, raw_record='{"a":1}')])
    (doc,) = search_index.hot_documents(df, "cloudtrail").collect()
    assert len(doc.doc_id) == 64
    again = search_index.hot_documents(df, "cloudtrail").collect()[0].doc_id
    assert doc.doc_id == again


def alb(status: int, **over: Any) -> dict[str, Any]:
    row: dict[str, Any] = {
        "event_time": T,
        "source_file": "s3://elb/AWSLogs/1/elasticloadbalancing/eu-west-1/x.log.gz",
        "elb": "app/web/abc",
        "client_ip": "198.51.100.7",
        "client_port": 51000,
        "target_ip": "10.0.1.5",
        "target_port": 8080,
        "elb_status_code": status,
        "target_status_code": status,
        "request_verb": "GET",
        "request_url": "https://shop.example.com:443/cart/42?x=1",
        "trace_id": f"Root=1-{status}",
        "dt": "2026-11-24",
        "account_id": "222222222222",
        "region": "eu-west-1",
    }
    row.update(over)
    return row


def test_alb_hot_subset_is_5xx_and_ids_differ_per_request(spark: SparkSession) -> None:
    df = frame(spark, "alb", [alb(200), alb(404), alb(502), alb(503), alb(503, client_port=51001)])
    docs = search_index.hot_documents(df, "alb").collect()
    assert sorted(d.elb_status_code for d in docs) == [502, 503, 503]
    assert len({d.doc_id for d in docs}) == 3
    first = next(d.asDict() for d in docs if d.elb_status_code == 502)
    assert {k: v for k, v in first.items() if k != "doc_id"} == {
        "@timestamp": "2026-11-24T13:05:07.250Z",
        "dataset": "alb",
        "account_id": "222222222222",
        "region": "eu-west-1",
        "elb": "app/web/abc",
        "source_ip": "198.51.100.7",
        "target_ip": "10.0.1.5",
        "target_port": 8080,
        "elb_status_code": 502,
        "target_status_code": 502,
        "request_verb": "GET",
        "request_url": "https://shop.example.com:443/cart/42?x=1",
        "user_agent": None,
        "trace_id": "Root=1-502",
        "error_reason": None,
        "target_group_arn": None,
        "source_file": "s3://elb/AWSLogs/1/elasticloadbalancing/eu-west-1/x.log.gz",
    }


def test_emr_hot_subset_is_errors_and_exceptions(spark: SparkSession) -> None:
    base = {
        "event_time": T,
        "source_file": "s3://lake/emr-logs/j-1/steps/s-1/stderr.gz",
        "dt": "2026-11-24",
        "cluster_id": "j-1",
    }
    df = frame(
        spark,
        "emr_logs",
        [
            {**base, "level": "INFO", "message": "ok", "tid": 1},
            {
                **base,
                "level": "WARN",
                "message": "retry",
                "exception_class": "java.io.IOException",
                "tid": 2,
            },
            {**base, "level": "ERROR", "message": "Task failed", "stage_id": 7, "tid": 3},
        ],
    )
    docs = search_index.hot_documents(df, "emr_logs").collect()
    assert sorted((d.level, d.stage_id) for d in docs) == [("ERROR", 7), ("WARN", None)]
    assert {d.dataset for d in docs} == {"emr_logs"}


def test_unknown_dataset_is_refused_naming_the_choices(spark: SparkSession) -> None:
    df = frame(spark, "vpcflow", [])
    with pytest.raises(ValueError, match="'vpcflow' has no hot subset; expected one of cloudtrail"):
        search_index.hot_documents(df, "vpcflow")


_OPENSEARCH_TYPES = {
    StringType: {"keyword", "text", "date"},
    IntegerType: {"integer"},
    LongType: {"long"},
    ShortType: {"short", "integer"},
    ByteType: {"short", "integer"},
}


@pytest.mark.parametrize("dataset", sorted(search_index.HOT))
def test_every_document_field_is_mapped_by_the_committed_template(
    spark: SparkSession, dataset: str
) -> None:
    """The template is strict: a field it lacks would make the domain refuse the document."""
    index = search_index.index_name(dataset, datetime.date(2026, 11, 24))
    mapping = template_for(index)["template"]["mappings"]
    assert mapping["dynamic"] == "strict"
    docs: StructType = search_index.hot_documents(frame(spark, dataset, []), dataset).schema
    for field in docs.fields:
        if field.name == search_index.DOC_ID:
            continue
        assert field.name in mapping["properties"], f"{dataset}.{field.name} is not mapped"
        mapped = mapping["properties"][field.name]["type"]
        spark_type = type(field.dataType)
        if field.name == "elb_status_code" or field.name == "target_status_code":
            assert spark_type is IntegerType and mapped == "short"
        else:
            assert mapped in _OPENSEARCH_TYPES[spark_type], (field.name, mapped, spark_type)


def test_templates_cover_exactly_the_hot_indices() -> None:
    templates = json.loads(TEMPLATES.read_text())
    day = datetime.date(2026, 11, 24)
    names = [search_index.index_name(d, day) for d in sorted(search_index.HOT)]
    assert names == [
        "logs-alb-2026.11.24",
        "logs-cloudtrail-2026.11.24",
        "logs-emr-logs-2026.11.24",
    ]
    patterns = [p.rstrip("*") for t in templates.values() for p in t["index_patterns"]]
    assert all(sum(n.startswith(p) for p in patterns) == 1 for n in names)
    assert len(patterns) == len(names)


def test_writer_options_use_sigv4_over_https_and_the_document_id() -> None:
    opts = search_index.writer_options("https://vpc-x.eu-west-1.es.amazonaws.com", "eu-west-1")
    assert opts["opensearch.nodes"] == "https://vpc-x.eu-west-1.es.amazonaws.com"
    assert opts["opensearch.aws.sigv4.enabled"] == "true"
    assert opts["opensearch.aws.sigv4.region"] == "eu-west-1"
    assert opts["opensearch.nodes.wan.only"] == "true"
    assert (opts["opensearch.mapping.id"], opts["opensearch.mapping.exclude"]) == (
        "doc_id",
        "doc_id",
    )
    with pytest.raises(ValueError, match="must be an https:// URL"):
        search_index.writer_options("http://vpc-x", "eu-west-1")


def test_read_day_reads_one_day_with_partition_columns(spark: SparkSession, tmp_path: Path) -> None:
    rows = [alb(502), alb(503, dt="2026-11-23")]
    frame(spark, "alb", rows).write.partitionBy("dt", "account_id", "region").parquet(
        str(tmp_path / "alb")
    )
    day = search_index.read_day(spark, str(tmp_path), "alb", datetime.date(2026, 11, 24))
    assert day is not None
    got = [(r.dt, r.account_id, r.region, r.elb_status_code) for r in day.collect()]
    assert got == [("2026-11-24", "222222222222", "eu-west-1", 502)]
    assert search_index.read_day(spark, str(tmp_path), "alb", datetime.date(2026, 1, 1)) is None


def test_arguments_are_validated() -> None:
    with pytest.raises(SystemExit):
        search_index.parse_args(
            [
                "--dataset",
                "vpcflow",
                "--lake",
                "x",
                "--date",
                "2026-11-24",
                "--endpoint",
                "https://e",
                "--region",
                "eu-west-1",
            ]
        )
    ns = search_index.parse_args(
        [
            "--dataset",
            "alb",
            "--lake",
            "s3://l/parsed/",
            "--date",
            "2026-11-24",
            "--endpoint",
            "https://e",
            "--region",
            "eu-west-1",
        ]
    )
    assert ns.date == datetime.date(2026, 11, 24)
