"""The job end to end over a small archive on disk: summary, rejects, exit codes, corrupt
input, and idempotent day re-runs."""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

import pytest
from pyspark.sql import SparkSession

from logparse import job
from logparse.schema import load_schema
from tests import corpus as c

DAY = "2024-01-15"
NEXT = "2024-01-16"


def run(spark: SparkSession, root: Path, out: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    argv = ["--input", str(root), "--output", str(out), *extra]
    return job.run(spark, job.parse_args(argv))


def lake_rows(spark: SparkSession, out: Path, dataset: str, day: str) -> list[dict[str, Any]]:
    df = spark.read.schema(load_schema(dataset).struct).parquet(str(out / dataset))
    rows = [r.asDict(recursive=True) for r in df.where(df.dt == day).collect()]
    return sorted(rows, key=lambda r: json.dumps(r, sort_keys=True, default=str))


def parquet_files(out: Path, dataset: str, day: str) -> list[Path]:
    return sorted((out / dataset / f"dt={day}").rglob("*.parquet"))


def uri(path: Path) -> str:
    return f"file:{path}"


def write_day(root: Path, day: str, with_errors: bool) -> dict[str, Path]:
    ts = f"{day}T10:01:02Z"
    records = [c.ct_record(f"e1-{day}", ts, "StopInstances")]
    if with_errors:
        records += [
            c.ct_record("late", "2024-01-14T23:59:59Z", "StartInstances"),
            {"eventTime": "nope"},
        ]
    files = {"cloudtrail": c.write_cloudtrail_day(root, day, records)}
    stamp = day.replace("-", "")
    ms = {DAY: 1705314153000, NEXT: 1705400553000}[day]
    files["activity"] = c.write_gz(
        c.redshift_key(root, day, "useractivitylog"),
        c.activity_record(f"{day}T10:06:07Z", 918274, "select id,\n  name\nfrom orders;")
        + "\n"
        + c.activity_record(f"{day}T10:06:08Z", 918275, "commit;")
        + "\n",
    )
    day_words = {DAY: "Mon, 15 Jan 2024", NEXT: "Tue, 16 Jan 2024"}[day]
    files["connection"] = c.write_gz(
        c.redshift_key(root, day, "connectionlog"),
        c.connection_line(f"{day_words} 10:01:55:177") + "\n",
    )
    files["cloudwatch"] = c.write_gz(
        c.cloudwatch_key(root, day),
        c.cloudwatch_payload([(ms, "START RequestId: r-1 Version: $LATEST\n")])
        + c.cloudwatch_payload([(ms, "CWL CONTROL MESSAGE: Checking health")], control=True)
        + c.cloudwatch_payload([(ms + 5, "END RequestId: r-1\n")]),
    )
    short = day[2:].replace("-", "/")
    if day == DAY:
        files["emr"] = c.write_with_mtime(
            c.emr_key(root),
            f"{short} 10:22:31 INFO Executor: Running task 3.0 in stage 7.0 (TID 41)\n"
            f"{short} 10:22:33 ERROR Executor: Exception in task 3.0 in stage 7.0 (TID 41)\n"
            "java.lang.OutOfMemoryError: Java heap space\n",
            day,
        )
    if with_errors:
        files["digest"] = c.write_digest(root, day)
        corrupt = c.cloudtrail_key(root, day, f"{stamp}T1030Z")
        whole = gzip.compress(json.dumps({"Records": records}).encode(), mtime=0)
        corrupt.write_bytes(whole[: len(whole) // 2])
        files["corrupt"] = corrupt
    return files


SOURCES = "cloudtrail,redshift,emr,cloudwatch"


def test_summary_rejects_and_exit_code(spark: SparkSession, tmp_path: Path) -> None:
    root, out = tmp_path / "archive", tmp_path / "lake"
    files = write_day(root, DAY, with_errors=True)
    code, doc = run(spark, root, out, "--source", SOURCES, "--date", DAY)

    assert (code, doc["status"]) == (1, "reject_ratio_exceeded")
    assert doc["messages"] == ["cloudtrail: reject ratio 0.333333 > 0.01 (1 of 3 records)"]
    written = json.loads((out / "_runs" / f"{SOURCES.replace(',', '-')}_{DAY}.json").read_text())
    assert written == doc
    assert doc["totals"] == {
        "files_listed": 7,
        "files_read": 6,
        "files_unreadable": 1,
        "files_damaged": 0,
        "records_in": 10,
        "records_out": 9,
        "rejected": 1,
        "skipped": 2,
        "reject_ratio": 0.1,
    }
    ct = doc["sources"]["cloudtrail"]
    skip = ("files", "datasets", "files_skipped", "damaged_files")
    assert {k: ct[k] for k in ct if k not in skip} == {
        "read_mode": "files",
        "files_listed": 3,
        "bytes_listed": sum(files[k].stat().st_size for k in ("cloudtrail", "digest", "corrupt")),
        "files_read": 2,
        "files_unreadable": 1,
        "files_damaged": 0,
        "records_in": 3,
        "records_out": 2,
        "rejected": 1,
        "skipped": 1,
        "rejected_by_reason": {"cloudtrail.bad_event_time": 1},
        "skipped_by_reason": {"cloudtrail.digest": 1},
        "reject_ratio": 0.333333,
        "out_of_day": 1,
        "parser": "sql",
    }
    [digest, corrupt] = ct["files_skipped"]
    assert digest == {
        "path": uri(files["digest"]),
        "reason": "cloudtrail.digest",
        "detail": "no records in the file",
    }
    # Cut in half: the stream ends before its end.
    assert (corrupt["path"], corrupt["reason"]) == (uri(files["corrupt"]), "job.truncated_gzip")
    assert corrupt["detail"].startswith("java.io.EOFException")
    assert ct["files"][uri(files["cloudtrail"])] == {
        "records_in": 3,
        "records_out": 2,
        "rejected": 1,
        "skipped": 0,
        "rejected_by_reason": {"cloudtrail.bad_event_time": 1},
        "skipped_by_reason": {},
    }
    rs = doc["sources"]["redshift"]
    assert {ds: d["records_out"] for ds, d in rs["datasets"].items()} == {
        "redshift_connectionlog": 1,
        "redshift_userlog": 0,
        "redshift_useractivitylog": 2,
    }
    cw = doc["sources"]["cloudwatch"]
    assert (cw["records_out"], cw["skipped_by_reason"]) == (2, {"cloudwatch.control_message": 1})
    assert doc["sources"]["emr"]["records_out"] == 2

    rejects = spark.read.parquet(str(out / "_rejects" / "cloudtrail"))
    assert [r.asDict() for r in rejects.collect()] == [
        {
            "source": "cloudtrail",
            "source_file": "file://" + str(files["cloudtrail"]),
            "reason": "cloudtrail.bad_event_time",
            "raw": '{"eventTime":"nope"}',
            "dt": __import__("datetime").date(2024, 1, 15),
        }
    ]
    # The late record (event on the 14th, delivered on the 15th) stays in the run's day.
    events = {r["event_id"]: r["dt"] for r in lake_rows(spark, out, "cloudtrail", DAY)}
    assert events == {f"e1-{DAY}": DAY, "late": DAY}


def test_unreadable_input_is_exit_code_3_when_the_ratio_passes(
    spark: SparkSession, tmp_path: Path
) -> None:
    root, out = tmp_path / "archive", tmp_path / "lake"
    write_day(root, DAY, with_errors=True)
    code, doc = run(spark, root, out, "--source", "cloudtrail", "--max-reject-ratio", "0.5")
    assert (code, doc["status"], doc["run"]["date"]) == (3, "unreadable_files", None)
    assert len(doc["messages"]) == 1 and "job.truncated_gzip" in doc["messages"][0]


def test_rerunning_a_day_replaces_exactly_that_day(spark: SparkSession, tmp_path: Path) -> None:
    root, out = tmp_path / "archive", tmp_path / "lake"
    write_day(root, DAY, with_errors=False)
    write_day(root, NEXT, with_errors=False)
    datasets = [
        "cloudtrail",
        "redshift_connectionlog",
        "redshift_useractivitylog",
        "cloudwatch_logs",
    ]

    assert run(spark, root, out, "--source", SOURCES, "--date", DAY)[0] == 0
    first = {ds: lake_rows(spark, out, ds, DAY) for ds in datasets}
    first_files = {ds: len(parquet_files(out, ds, DAY)) for ds in datasets}
    assert run(spark, root, out, "--source", SOURCES, "--date", NEXT)[0] == 0
    next_day = {ds: lake_rows(spark, out, ds, NEXT) for ds in datasets}
    assert run(spark, root, out, "--source", SOURCES, "--date", DAY)[0] == 0

    assert {ds: lake_rows(spark, out, ds, DAY) for ds in datasets} == first
    assert {ds: len(parquet_files(out, ds, DAY)) for ds in datasets} == first_files
    assert {ds: lake_rows(spark, out, ds, NEXT) for ds in datasets} == next_day
    assert [len(first[ds]) for ds in datasets] == [1, 1, 2, 2]
    assert [len(next_day[ds]) for ds in datasets] == [1, 1, 2, 2]
    assert all(n == 1 for n in first_files.values())


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--source", "syslog"], "unknown ['syslog']"),
        (["--source", "alb", "--date", "2024-13-01"], "--date '2024-13-01' is not a date"),
        (["--source", "alb", "--max-reject-ratio", "1.5"], "must be within [0, 1]"),
        (["--source", "alb", "--parsers", "java"], "invalid choice: 'java'"),
    ],
)
def test_bad_arguments_exit_2_with_a_message(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exited:
        job.parse_args([*argv, "--input", "/in", "--output", "/out"])
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_defaults_for_rejects_and_summary_paths() -> None:
    args = job.parse_args(["--source", "all", "--input", "s3://a/", "--output", "s3://lake/"])
    assert (args.rejects, args.summary, args.max_reject_ratio) == (
        "s3://lake/_rejects",
        "s3://lake/_runs/all_all-days.json",
        0.01,
    )
    assert args.sources == (
        "cloudtrail",
        "vpcflow",
        "alb",
        "s3access",
        "redshift",
        "emr",
        "cloudwatch",
        "legacy_app",
        "nginx_access",
    )


def test_parsers_jvm_without_the_jar_fails_with_how_to_ship_it(
    spark: SparkSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An EMR step whose --jars lost the parser jar stops with a message instead of falling
    back to the slower SQL parsers; auto falls back and says so in the summary."""
    root, out = tmp_path / "archive", tmp_path / "lake"
    key = (
        "AWSLogs/111122223333/elasticloadbalancing/eu-west-1/2024/01/15/"
        "111122223333_elasticloadbalancing_eu-west-1_app.web.1f2e3d_20240115T1005Z_10.0.0.9_x.log.gz"
    )
    c.write_gz(root / key, "")
    monkeypatch.setattr(job.native, "available", lambda _spark: False)
    with pytest.raises(job.ParserUnavailableError) as failed:
        run(spark, root, out, "--source", "alb", "--parsers", "jvm")
    assert "cannot load logplatform.awslogs.source.AwsLogsFormat to parse 'alb'" in str(
        failed.value
    )
    assert "spark-submit --jars" in str(failed.value)
    _, doc = run(spark, root, out, "--source", "alb", "--parsers", "auto")
    assert doc["sources"]["alb"]["parser"] == "sql"
