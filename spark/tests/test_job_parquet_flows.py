"""VPC flow logs delivered as Parquet (what the member baseline configures: Hive-compatible,
hourly partitions) reach the lake through the job, next to text deliveries."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from pyspark.sql import SparkSession

from logparse import job
from logparse.schema import load_schema

DAY = "2025-06-02"
ACCOUNT = "210987654321"
HIVE_DIR = (
    f"AWSLogs/aws-account-id={ACCOUNT}/aws-service=vpcflowlogs/aws-region=us-west-2/"
    "year=2025/month=06/day=02/hour=09"
)
PARQUET_NAME = (
    f"{ACCOUNT}_vpcflowlogs_us-west-2_fl-0aa1bb2cc3dd4ee5f_20250602T0920Z_9c8b.log.parquet"
)
TEXT_KEY = (
    f"AWSLogs/{ACCOUNT}/vpcflowlogs/us-west-2/2025/06/02/"
    f"{ACCOUNT}_vpcflowlogs_us-west-2_fl-0ff_20250602T1000Z_1a2b.log.gz"
)


def write_parquet_delivery(spark: SparkSession, root: Path) -> Path:
    """One Parquet object as flow-log delivery names it (Spark writes a part file; rename it)."""
    staging = root / "_staging"
    spark.createDataFrame(
        [
            (
                5,
                ACCOUNT,
                "eni-0a1b",
                "10.0.0.9",
                "203.0.113.7",
                22,
                50000,
                6,
                3,
                180,
                1748855400,
                1748855460,
                "REJECT",
                "OK",
                "ingress",
            ),
            (
                5,
                ACCOUNT,
                "eni-0a1b",
                "10.0.0.9",
                "10.0.1.9",
                443,
                50001,
                6,
                12,
                9000,
                1748855410,
                1748855470,
                "ACCEPT",
                "OK",
                "egress",
            ),
        ],
        "version int, account_id string, interface_id string, srcaddr string, dstaddr string, "
        "srcport int, dstport int, protocol int, packets bigint, bytes bigint, start bigint, "
        "`end` bigint, action string, log_status string, flow_direction string",
    ).coalesce(1).write.parquet(str(staging))
    part = next(staging.glob("part-*.parquet"))
    target = root / HIVE_DIR / PARQUET_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.move(str(part), target)
    shutil.rmtree(staging)
    return target


def test_parquet_and_text_flow_logs_land_in_one_dataset(spark: SparkSession, tmp_path: Path):
    root, out = tmp_path / "archive", tmp_path / "lake"
    parquet = write_parquet_delivery(spark, root)
    text = root / TEXT_KEY
    text.parent.mkdir(parents=True, exist_ok=True)
    text.write_bytes(
        gzip.compress(
            b"version account-id interface-id srcaddr dstaddr srcport dstport protocol"
            b" packets bytes start end action log-status\n"
            b"2 210987654321 eni-0ff 10.0.2.4 10.0.2.5 443 40000 6 4 400 1748858400"
            b" 1748858460 ACCEPT OK\n"
        )
    )

    code, doc = job.run(
        spark,
        job.parse_args(
            ["--source", "vpcflow", "--input", str(root), "--output", str(out), "--date", DAY]
        ),
    )

    assert code == 0
    vpc = doc["sources"]["vpcflow"]
    assert vpc["files_listed"] == 2
    assert vpc["records_out"] == 3
    lake = spark.read.schema(load_schema("vpcflow").struct).parquet(str(out / "vpcflow"))
    rows = sorted(
        (r.source_file.endswith(".parquet"), r.srcaddr, r.dstport, r.action, r.region)
        for r in lake.collect()
    )
    assert rows == [
        (False, "10.0.2.4", 40000, "ACCEPT", "us-west-2"),
        (True, "10.0.0.9", 50000, "REJECT", "us-west-2"),
        (True, "10.0.0.9", 50001, "ACCEPT", "us-west-2"),
    ]
    assert {r.account_id for r in lake.collect()} == {ACCOUNT}
    assert parquet.exists()
