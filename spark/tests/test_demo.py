"""The demo pipeline end to end at a tiny size (corpus → Spark job → named queries), run
once for the module: every query answers exactly the planted incidents, every malformed
record lands in rejects with its reason, and the run summary matches the generator's counts."""

from __future__ import annotations

import datetime
import io
import json
from dataclasses import dataclass
from typing import Any

import duckdb
import pytest
from pyspark.sql import SparkSession

from demo import lake, pipeline, queries
from demo.console import Console
from demo.corpus import Manifest

COUNTS = ("records_in", "records_out", "rejected", "skipped")
BY_REASON = ("rejected_by_reason", "skipped_by_reason")


@dataclass(frozen=True)
class Run:
    layout: pipeline.Layout
    manifest: Manifest
    exit_code: int
    summary: dict[str, Any]
    answers: dict[str, list[dict[str, Any]]]
    printed: str


@pytest.fixture(scope="module")
def run(spark: SparkSession, tmp_path_factory: pytest.TempPathFactory) -> Run:
    layout = pipeline.Layout(tmp_path_factory.mktemp("demo"))
    out = io.StringIO()
    console = Console(out)
    manifest = pipeline.corpus_step(console, layout, mb=0.5, seed=11)
    code = pipeline.job_step(console, spark, layout, manifest)
    pipeline.queries_step(console, layout, manifest.day)
    con, _ = lake.connect(layout.lake)
    answers = {}
    for query in queries.load(pipeline.QUERIES):
        answer = queries.run(con, query, (manifest.day, manifest.day))
        answers[query.path.stem] = [dict(zip(answer.columns, r, strict=True)) for r in answer.rows]
    summary = json.loads(layout.summary.read_text(encoding="utf-8"))
    return Run(layout, manifest, code, summary, answers, out.getvalue())


def t(iso: str) -> datetime.datetime:
    """A manifest time as DuckDB returns a lake timestamp (UTC, naive)."""
    return datetime.datetime.fromisoformat(iso).replace(tzinfo=None)


def test_the_job_accounts_for_every_record_exactly_as_generated(run: Run) -> None:
    assert (run.exit_code, run.summary["status"], run.summary["messages"]) == (0, "ok", [])
    for name, expected in run.manifest.sources.items():
        got = run.summary["sources"][name]
        assert got["files_listed"] == expected["files"], name
        assert {k: got[k] for k in COUNTS + BY_REASON} == {
            k: expected[k] for k in COUNTS + BY_REASON
        }, name
        for dataset, counts in expected["datasets"].items():
            assert {k: got["datasets"][dataset][k] for k in COUNTS + BY_REASON} == counts, dataset
        assert got["out_of_day"] == 0, name
    assert set(run.summary["sources"]) == set(run.manifest.sources)


def test_every_malformed_record_is_in_rejects_with_its_reason_and_text(run: Run) -> None:
    rows = duckdb.sql(
        f"SELECT source, reason, count(*), count(raw), min(length(raw))"
        f" FROM read_parquet('{run.layout.rejects}/**/*.parquet', hive_partitioning = true)"
        f" WHERE dt = '{run.manifest.day}' GROUP BY 1, 2"
    ).fetchall()
    stored = {(source, reason): n for source, reason, n, _, _ in rows}
    planted = {
        (source, reason): n
        for source, s in run.manifest.sources.items()
        for reason, n in s["rejected_by_reason"].items()
    }
    assert stored == planted
    assert all(with_raw == n and shortest > 0 for _, _, n, with_raw, shortest in rows)


def test_bucket_deletion_names_the_user_time_and_address(run: Run) -> None:
    d = run.manifest.incidents["bucket_deletion"]
    assert run.answers["bucket_deletions"] == [
        {
            "event_time": t(d["time"]),
            "bucket_name": d["bucket"],
            "principal_type": "IAMUser",
            "principal_arn": d["principal_arn"],
            "source_ip_address": d["source_ip"],
            "user_agent": d["user_agent"],
            "error_code": None,
            "account_id": d["account_id"],
            "region": d["region"],
        }
    ]


def test_root_console_sign_in_without_mfa(run: Run) -> None:
    s = run.manifest.incidents["root_sign_in_without_mfa"]
    assert run.answers["console_signin_without_mfa"] == [
        {
            "event_time": t(s["time"]),
            "account_id": s["account_id"],
            "principal_type": "Root",
            "principal_arn": s["principal_arn"],
            "source_ip_address": s["source_ip"],
            "user_agent": s["user_agent"],
        }
    ]


def test_root_activity_is_the_sign_in_and_the_access_key_it_created(run: Run) -> None:
    s = run.manifest.incidents["root_sign_in_without_mfa"]
    common = {"account_id": s["account_id"], "region": s["region"], "error_code": None}
    assert run.answers["root_activity"] == [
        {
            "event_time": t(s["key_created_at"]),
            **common,
            "event_source": "iam.amazonaws.com",
            "event_name": "CreateAccessKey",
            "source_ip_address": s["source_ip"],
            "user_agent": "AWS Internal",
        },
        {
            "event_time": t(s["time"]),
            **common,
            "event_source": "signin.amazonaws.com",
            "event_name": "ConsoleLogin",
            "source_ip_address": s["source_ip"],
            "user_agent": s["user_agent"],
        },
    ]


def test_denied_calls_are_the_one_roles_burst(run: Run) -> None:
    b = run.manifest.incidents["access_denied_burst"]
    assert run.answers["denied_api_calls"] == [
        {
            "principal_arn": b["principal_arn"],
            "principal_type": "AssumedRole",
            "event_source": c["event_source"],
            "event_name": c["event_name"],
            "error_code": c["error_code"],
            "denied_calls": c["count"],
            "source_addresses": 1,
            "first_seen": t(c["first"]),
            "last_seen": t(c["last"]),
        }
        for c in sorted(b["calls"], key=lambda c: -c["count"])
    ]


def test_iam_changes_are_the_admin_policy_and_roots_new_key(run: Run) -> None:
    p = run.manifest.incidents["admin_policy_attached"]
    s = run.manifest.incidents["root_sign_in_without_mfa"]
    nothing = {"policy_arn": None, "policy_name": None, "target_name": None}
    assert run.answers["iam_policy_and_key_changes"] == [
        {
            "event_time": t(s["key_created_at"]),
            "account_id": s["account_id"],
            "event_name": "CreateAccessKey",
            "principal_arn": s["principal_arn"],
            **nothing,
            "access_key_id": None,
            "source_ip_address": s["source_ip"],
            "error_code": None,
        },
        {
            "event_time": t(p["time"]),
            "account_id": p["account_id"],
            "event_name": "AttachRolePolicy",
            "principal_arn": p["principal_arn"],
            **nothing,
            "policy_arn": p["policy_arn"],
            "target_name": p["role_name"],
            "access_key_id": None,
            "source_ip_address": p["source_ip"],
            "error_code": None,
        },
    ]


def test_security_group_change_is_ssh_opened_by_the_role(run: Run) -> None:
    g = run.manifest.incidents["ssh_opened_to_the_world"]
    assert run.answers["security_group_changes"] == [
        {
            "event_time": t(g["time"]),
            "account_id": g["account_id"],
            "region": g["region"],
            "event_name": "AuthorizeSecurityGroupIngress",
            "group_id": g["group_id"],
            "group_name": None,
            "principal_arn": g["principal_arn"],
            "source_ip_address": g["source_ip"],
            "error_code": None,
        }
    ]


def test_failing_emr_stage_is_one_failed_attempt_one_abort_and_every_task_attempt(run: Run) -> None:
    f = run.manifest.incidents["failing_emr_stage"]
    assert len(f["attempts"]) == 4
    assert run.answers["emr_failing_stages"] == [
        {
            "cluster_id": f["cluster_id"],
            "application_id": f["application_id"],
            "stage_id": f["stage_id"],
            "failed_stage_attempts": 1,
            "job_aborts": 1,
            "failed_task_attempts": len(f["attempts"]),
            "exception_classes": f["exception_class"],
            "first_failure": t(f["attempts"][0]),
            "last_failure": t(f["aborted_at"]),
        }
    ]


def test_redshift_drop_table_by_the_named_user(run: Run) -> None:
    d = run.manifest.incidents["redshift_drop_table"]
    assert run.answers["redshift_drop_grant_by_user"] == [
        {
            "cluster_id": d["cluster_id"],
            "dbname": d["dbname"],
            "username": d["username"],
            "statement": "DROP",
            "statements": 1,
            "last_seen": t(d["time"]),
            "last_query": d["query"],
        }
    ]


def test_alb_5xx_are_the_spike_on_one_target(run: Run) -> None:
    s = run.manifest.incidents["alb_5xx_spike"]
    where = {
        "elb": s["elb"],
        "target_ip": s["target_ip"],
        "target_port": s["target_port"],
        "path": s["path"],
    }
    assert run.answers["alb_5xx_by_target_and_path"] == [
        {
            **where,
            "elb_status_code": 502,
            "requests": s["bad_gateway"]["count"],
            "from_target": 0,
            "last_seen": t(s["bad_gateway"]["last"]),
        },
        {
            **where,
            "elb_status_code": 500,
            "requests": s["server_error"]["count"],
            "from_target": s["server_error"]["count"],
            "last_seen": t(s["server_error"]["last"]),
        },
    ]


def test_rejected_flows_are_the_ssh_scan(run: Run) -> None:
    s = run.manifest.incidents["rejected_ssh_flows"]
    assert run.answers["rejected_inbound_flows_by_source"] == [
        {
            "srcaddr": s["srcaddr"],
            "dstport": s["dstport"],
            "protocol": 6,
            "flows": s["flows"],
            "packets": s["flows"] * s["packets_per_flow"],
            "bytes": s["flows"] * s["bytes_per_flow"],
            "targets": s["targets"],
            "first_seen": t(s["first"]),
            "last_seen": t(s["last"]),
        }
    ]


def test_object_deletions_count_every_key_of_the_batch_delete(run: Run) -> None:
    d = run.manifest.incidents["invoice_objects_deleted"]
    who = {"bucket": d["bucket"], "requester": d["requester"]}
    assert d["batch_keys"] == 10
    assert run.answers["s3_object_deletions_by_requester"] == [
        {
            **who,
            "operation": "REST.DELETE.OBJECT",
            "requests": d["single_deletes"],
            "objects_deleted": d["single_deletes"],
            "refused": 0,
            "first_seen": t(d["first"]),
            "last_seen": t(d["last"]),
        },
        {
            **who,
            "operation": "BATCH.DELETE.OBJECT",
            "requests": 1,
            "objects_deleted": d["batch_keys"],
            "refused": 0,
            "first_seen": t(d["batch_delete_at"]),
            "last_seen": t(d["batch_delete_at"]),
        },
    ]


def test_web_scanner_is_the_one_client_probing_for_secrets(run: Run) -> None:
    """Declared format nginx_access: the scanner's 404s, and no background client."""
    s = run.manifest.incidents["web_scanner_probes"]
    assert run.answers["web_scanner_probes"] == [
        {
            "client_ip": s["client_ip"],
            "distinct_paths": len(s["paths"]),
            "requests": len(s["paths"]),
            "first_seen": t(s["first"]),
            "last_seen": t(s["last"]),
            "user_agent": s["user_agent"],
        }
    ]


def test_error_burst_is_the_payment_gateway_timeouts_with_their_traces(run: Run) -> None:
    """Declared format legacy_app: written in Paris time, answered in UTC, traces kept."""
    p = run.manifest.incidents["payment_gateway_timeouts"]
    assert run.answers["application_error_bursts"] == [
        {
            "error_code": p["error_code"],
            "errors": p["burst"]["count"],
            "with_stack_trace": p["burst"]["count"],
            "first_seen": t(p["burst"]["first"]),
            "last_seen": t(p["burst"]["last"]),
            "component": p["component"],
        }
    ]


def test_every_named_query_is_checked_against_what_was_planted(run: Run) -> None:
    checked = {
        "alb_5xx_by_target_and_path",
        "application_error_bursts",
        "web_scanner_probes",
        "bucket_deletions",
        "console_signin_without_mfa",
        "denied_api_calls",
        "emr_failing_stages",
        "iam_policy_and_key_changes",
        "redshift_drop_grant_by_user",
        "rejected_inbound_flows_by_source",
        "root_activity",
        "s3_object_deletions_by_requester",
        "security_group_changes",
    }
    assert set(run.answers) == checked


def test_the_demo_prints_the_summary_and_each_question_with_its_answer(run: Run) -> None:
    for name in run.manifest.sources:
        assert f"  {name:<11} parsed and written" in run.printed
    assert "status ok (exit code 0)" in run.printed
    assert (
        "parsers: JVM library (spark/jvm) for vpcflow, alb, s3access, legacy_app, nginx_access;"
        " Spark SQL for cloudtrail, redshift, emr, cloudwatch"
    ) in run.printed
    for query in queries.load(pipeline.QUERIES):
        assert f"── {query.name}  (queries/athena/{query.path.name})" in run.printed
    bucket = run.manifest.incidents["bucket_deletion"]["bucket"]
    assert f"2025-06-02 02:00:13  {bucket}  IAMUser" in run.printed
    assert "(no rows)" not in run.printed
