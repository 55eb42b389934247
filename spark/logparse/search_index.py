"""Index the hot subset of one parsed dataset and UTC day into OpenSearch.

    spark-submit --jars opensearch-spark-30_2.12-1.3.0.jar search_index.py \\
        --dataset cloudtrail --lake s3://<lake>/parsed/ --date 2026-11-24 \\
        --endpoint https://vpc-<domain>.<region>.es.amazonaws.com --region eu-west-1

The hot subset is what responders search first: security-relevant CloudTrail events, ALB 5xx
responses and EMR error events. Selection and document shaping are pure DataFrame
transformations (tested locally); only :func:`main` touches paths, the session and the domain,
through the opensearch-spark connector with IAM (SigV4) authentication.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from collections.abc import Callable, Sequence

from pyspark.sql import Column, DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.utils import AnalysisException

from logparse.schema import load_schema

CONNECTOR_FORMAT = "org.opensearch.spark.sql"
"""The opensearch-spark data source (org.opensearch.client:opensearch-spark-30_2.12)."""

DOC_ID = "doc_id"

SENSITIVE_EVENTS = frozenset(
    {
        "ConsoleLogin",
        "DeleteBucket",
        "PutBucketPolicy",
        "DeleteBucketPolicy",
        "PutBucketPublicAccessBlock",
        "DeletePublicAccessBlock",
        "StopLogging",
        "DeleteTrail",
        "UpdateTrail",
        "PutEventSelectors",
        "CreateUser",
        "DeleteUser",
        "CreateAccessKey",
        "UpdateAccessKey",
        "AttachUserPolicy",
        "AttachRolePolicy",
        "AttachGroupPolicy",
        "PutUserPolicy",
        "PutRolePolicy",
        "PutGroupPolicy",
        "CreatePolicyVersion",
        "UpdateAssumeRolePolicy",
        "AuthorizeSecurityGroupIngress",
        "AuthorizeSecurityGroupEgress",
        "ModifySecurityGroupRules",
        "DisableKey",
        "ScheduleKeyDeletion",
        "PutKeyPolicy",
        "DeleteFlowLogs",
        "LeaveOrganization",
        "DeactivateMFADevice",
        "DeleteVirtualMFADevice",
    }
)
"""CloudTrail events worth indexing even when they succeed (CIS 4.x and evidence tampering)."""


def _iso(ts: Column) -> Column:
    return F.date_format(ts, "yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")


def _digest(*cols: Column) -> Column:
    """A stable document id: re-indexing a day overwrites instead of duplicating."""
    return F.sha2(
        F.concat_ws("\u001f", *[F.coalesce(c.cast("string"), F.lit("")) for c in cols]), 256
    )


def hot_cloudtrail(df: DataFrame) -> DataFrame:
    """Failed calls, root activity and the sensitive events (successful or not)."""
    return df.where(
        F.col("error_code").isNotNull()
        | (F.col("user_identity.type") == "Root")
        | F.col("event_name").isin(*sorted(SENSITIVE_EVENTS))
    )


def hot_alb(df: DataFrame) -> DataFrame:
    """Requests the load balancer answered with a 5xx."""
    return df.where(F.col("elb_status_code") >= 500)


def hot_emr(df: DataFrame) -> DataFrame:
    """ERROR/FATAL events and anything carrying an exception."""
    return df.where(F.col("level").isin("ERROR", "FATAL") | F.col("exception_class").isNotNull())


def cloudtrail_documents(df: DataFrame) -> DataFrame:
    return df.select(
        F.coalesce(F.col("event_id"), _digest(F.col("source_file"), F.col("raw_record"))).alias(
            DOC_ID
        ),
        _iso(F.col("event_time")).alias("@timestamp"),
        F.lit("cloudtrail").alias("dataset"),
        "account_id",
        "region",
        "event_source",
        "event_name",
        F.col("user_identity.type").alias("principal_type"),
        F.col("user_identity.arn").alias("principal_arn"),
        F.col("source_ip_address").alias("source_ip"),
        "user_agent",
        "error_code",
        "error_message",
        "request_parameters",
        "event_id",
        "source_file",
    )


def alb_documents(df: DataFrame) -> DataFrame:
    return df.select(
        _digest(
            F.col("source_file"),
            F.col("trace_id"),
            F.col("event_time"),
            F.col("client_ip"),
            F.col("client_port"),
            F.col("request_url"),
        ).alias(DOC_ID),
        _iso(F.col("event_time")).alias("@timestamp"),
        F.lit("alb").alias("dataset"),
        "account_id",
        "region",
        "elb",
        F.col("client_ip").alias("source_ip"),
        "target_ip",
        "target_port",
        "elb_status_code",
        "target_status_code",
        "request_verb",
        "request_url",
        "user_agent",
        "trace_id",
        "error_reason",
        "target_group_arn",
        "source_file",
    )


def emr_documents(df: DataFrame) -> DataFrame:
    return df.select(
        _digest(F.col("source_file"), F.col("event_time"), F.col("tid"), F.col("message")).alias(
            DOC_ID
        ),
        _iso(F.col("event_time")).alias("@timestamp"),
        F.lit("emr_logs").alias("dataset"),
        "cluster_id",
        "step_id",
        "application_id",
        "container_id",
        "log_type",
        "level",
        "logger",
        "message",
        "exception_class",
        "stack_trace",
        "stage_id",
        "task_id",
        "source_file",
    )


HOT: dict[str, tuple[Callable[[DataFrame], DataFrame], Callable[[DataFrame], DataFrame]]] = {
    "cloudtrail": (hot_cloudtrail, cloudtrail_documents),
    "alb": (hot_alb, alb_documents),
    "emr_logs": (hot_emr, emr_documents),
}
"""Per dataset: which rows are hot, and how a row becomes a document."""


def hot_documents(df: DataFrame, dataset: str) -> DataFrame:
    """The day's hot rows of ``dataset`` as OpenSearch documents (with their ``doc_id``)."""
    if dataset not in HOT:
        raise ValueError(f"dataset {dataset!r} has no hot subset; expected one of {', '.join(HOT)}")
    select, shape = HOT[dataset]
    return shape(select(df))


def index_name(dataset: str, day: datetime.date) -> str:
    """Daily indices (``logs-<dataset>-YYYY.MM.DD``) so retention drops whole indices."""
    return f"logs-{dataset.replace('_', '-')}-{day:%Y.%m.%d}"


def writer_options(endpoint: str, region: str) -> dict[str, str]:
    """Connector options for a VPC domain behind HTTPS with IAM (SigV4) authentication."""
    if not endpoint.startswith("https://"):
        raise ValueError(
            f"--endpoint {endpoint!r} must be an https:// URL (the domain enforces HTTPS)"
        )
    return {
        "opensearch.nodes": endpoint,
        "opensearch.port": "443",
        "opensearch.net.ssl": "true",
        # The domain endpoint fronts the nodes; the connector must not try to reach nodes directly.
        "opensearch.nodes.wan.only": "true",
        "opensearch.aws.sigv4.enabled": "true",
        "opensearch.aws.sigv4.region": region,
        "opensearch.mapping.id": DOC_ID,
        "opensearch.mapping.exclude": DOC_ID,
        "opensearch.write.operation": "index",
        "opensearch.batch.size.entries": "2000",
        "opensearch.batch.write.retry.count": "6",
        "opensearch.batch.write.retry.wait": "15s",
    }


def read_day(spark: SparkSession, lake: str, dataset: str, day: datetime.date) -> DataFrame | None:
    """The day's partition of a parsed dataset, partition columns included; None when absent.

    The schema file's types are imposed: inferred partition types would turn ``dt`` into a date
    and an account id into a number (dropping its leading zeros)."""
    root = f"{lake.rstrip('/')}/{dataset}"
    reader = spark.read.schema(load_schema(dataset).struct).option("basePath", root)
    try:
        return reader.parquet(f"{root}/dt={day.isoformat()}")
    except AnalysisException as e:
        if "PATH_NOT_FOUND" in str(e) or "Path does not exist" in str(e):
            return None
        raise


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"--date {text!r} is not a date YYYY-MM-DD") from e


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="search_index", description=__doc__.split("\n\n")[0])
    p.add_argument("--dataset", required=True, choices=sorted(HOT))
    p.add_argument("--lake", required=True, help="lake root (the job's --output)")
    p.add_argument("--date", required=True, type=_day, help="UTC day, YYYY-MM-DD")
    p.add_argument("--endpoint", required=True, help="https://<domain endpoint>")
    p.add_argument("--region", required=True, help="Region of the domain (SigV4)")
    p.add_argument("--master", help="Spark master (default: spark-submit's)")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    options = writer_options(args.endpoint, args.region)
    builder = SparkSession.builder.appName(f"search_index-{args.dataset}")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.config("spark.sql.session.timeZone", "UTC").getOrCreate()
    df = read_day(spark, args.lake, args.dataset, args.date)
    index = index_name(args.dataset, args.date)
    documents = 0
    if df is not None:
        docs = hot_documents(df, args.dataset).persist()
        documents = docs.count()
        if documents:
            docs.write.format(CONNECTOR_FORMAT).options(**options).mode("append").save(index)
        docs.unpersist()
    print(
        json.dumps(
            {
                "dataset": args.dataset,
                "day": args.date.isoformat(),
                "index": index,
                "documents": documents,
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
