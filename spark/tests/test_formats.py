"""Declared formats on Spark: the example of docs/custom-formats.md, taken from the page and
run through the job with no code change; and the JVM parser against the SQL parser (the
oracle) on the worked formats' demo corpus and on the edge cases of their shapes."""

from __future__ import annotations

import gzip
import io
import json
import re
from pathlib import Path

import pytest
from pyspark.sql import DataFrame, SparkSession

from demo.sources import legacy_app, nginx_access
from logparse import job, native, reader
from logparse.formats import __main__ as cli
from logparse.formats import dataset_schema, find, jvm, load
from logparse.formats.model import Format
from logparse.formats.source import FormatSource

REPO = Path(__file__).resolve().parents[2]
DOC = REPO / "docs" / "custom-formats.md"
KEY = "exports/orders/111122223333/2025/06/02/orders-0001.csv"


def documented_example() -> tuple[str, str, str]:
    """The declaration, the sample and the ``try`` output of the page's complete example."""
    section = DOC.read_text(encoding="utf-8").split("## A complete example", 1)[1]
    blocks = re.findall(r"```(yaml|text)\n(.*?)```", section.split("\n## ", 1)[0], re.S)
    (_, declaration), (_, sample), (_, printed) = blocks
    return declaration, sample, printed


def sql_and_jvm(spark: SparkSession, fmt: Format, files: list[str]) -> tuple[DataFrame, DataFrame]:
    source = FormatSource(fmt)
    sql = source.parse(reader.read(spark, source.READ_MODE, files))[fmt.dataset]  # type: ignore[arg-type]
    return sql, jvm.read(spark, fmt, files)


def assert_same(spark: SparkSession, fmt: Format, files: list[str]) -> list[dict[str, object]]:
    """Both parsers give the same rows (as multisets, every column); the rows."""
    assert native.available(spark), "the awslogs jar is not on the session's classpath"
    sql, jvm_rows = sql_and_jvm(spark, fmt, files)
    only_sql = [r.asDict() for r in sql.exceptAll(jvm_rows).collect()]
    only_jvm = [r.asDict() for r in jvm_rows.exceptAll(sql).collect()]
    assert (only_sql, only_jvm) == ([], []), fmt.name
    return [r.asDict() for r in sql.collect()]


def test_the_documented_example_runs_through_the_job_with_no_code_change(
    spark: SparkSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    declaration, sample, printed = documented_example()
    formats = tmp_path / "formats"
    formats.mkdir()
    (formats / "orders_export.yaml").write_text(declaration, encoding="utf-8")
    archive = tmp_path / "archive"
    (archive / KEY).parent.mkdir(parents=True)
    (archive / KEY).write_text(sample, encoding="utf-8")
    monkeypatch.setenv("LOGPARSE_FORMATS", str(formats))

    out = io.StringIO()
    assert (
        cli.main(
            ["try", str(formats / "orders_export.yaml"), str(archive / KEY), "--key", KEY], out
        )
        == 0
    )
    assert out.getvalue() == printed

    args = job.parse_args(
        [
            *("--source", "orders_export", "--input", str(archive)),
            *("--output", str(tmp_path / "lake"), "--date", "2025-06-02"),
            *("--parsers", "jvm", "--max-reject-ratio", "1"),
        ]
    )
    code, summary = job.run(spark, args)
    s = summary["sources"]["orders_export"]
    assert (code, s["parser"], s["files_listed"]) == (0, "jvm", 1)
    assert (s["records_in"], s["records_out"], s["skipped_by_reason"]) == (
        7,
        2,
        {"orders_export.skipped_prefix": 1},
    )
    fmt = load(formats / "orders_export.yaml")
    schema = dataset_schema(fmt).struct
    lake = spark.read.schema(schema).parquet(str(tmp_path / "lake" / "orders_export"))
    rows = sorted(lake.select("order_id", "customer", "channel", "dt", "account_id").collect())
    assert [tuple(r) for r in rows] == [
        (1001, "ACME, Inc.", "web", "2025-06-02", "111122223333"),
        (1002, 'Bob "The Builder" Ltd', None, "2025-06-02", "111122223333"),
    ]
    assert len(assert_same(spark, fmt, [str(archive / KEY)])) == 8


NGINX_EDGES: list[bytes] = [
    b'10.0.0.1 - - [02/Jun/2025:03:14:07 +0000] "GET /a HTTP/1.1" 200 1 "-" "ua"',
    b'10.0.0.2 - - [02/Jun/2025:05:14:07 +0200] "GET /\\"q\\" HTTP/1.1" 404 - "" "ua \\\\ x" 0.1 extra',
    b'10.0.0.3 - - [02/Jun/2025:03:14:07 +0000] "" 200 0 "-" "ua"',
    b'10.0.0.4 - - [02/Jun/2025:03:14:07 +0000] "GET /\xc3\xa9t\xc3\xa9 HTTP/1.1" 200 1 "-" "\xe2\x80\xa8"',
    b'10.0.0.5 - - [02/Jun/2025:03:14:07 +0000] "GET /a HTTP/1.1"x 200 1 "-" "ua"',
    b'10.0.0.6 - - [02/Jun/2025:03:14:07 +0000] "GET /a HTTP/1.1" 200 1 "-" "ua\\',
    b'10.0.0.7 - - [02/Jun/2025:03:14:07 +0000] "GET /a\x01 HTTP/1.1" 200 1 "-" "ua"',
    b'10.0.0.8 - - [02/Jun/2025:03:14:07 +0000] "GET /a HTTP/1.1" 200 1 "-" "ua\xff"',
    b'10.0.0.9 - - [31/Jun/2025:03:14:07 +0000] "GET /a HTTP/1.1" 99 1e3 "-" "ua"',
    b'10.0.0.10 - - [02/Jun/2025:03:14:07 +0000] "GET /a HTTP/1.1" 200',
    b'10.0.0.12 - - [02/Jun/2025:03:14:07 +0000] "GET /a HTTP/1.1" - 1 "-" "ua"',
    b"   \t",
    b"",
    b'10.0.0.11 - - 02/Jun/2025:03:14:07 "GET /a HTTP/1.1" 200 1 "-" "ua"',
    b'[02/Jun/2025:03:14:07 +0000] - - [x] "y" 200 1 "-" "ua"',
]
APP_EDGES: list[bytes] = [
    b"",
    b"orphan before the first record",
    b"2025-06-02 05:14:07,123 ERROR [PAY-504] billing.PaymentGateway - timed out\r",
    b"java.net.SocketTimeoutException: Read timed out",
    b"",
    b"\tat x.y(Z.java:1)",
    b"2025-06-02 05:14:08,001 INFO  [-] billing.Api - ok \xc3\xa9",
    b"2025-06-02 05:14:09,001 WARN  [] billing.Api -",
    b"2025-06-02 05:14:09,001 INFO billing.Api - no code brackets",
    b"2025-06-02 05:14:10,001 ERROR [DB-1] billing.Db - bad \xff byte",
    b"\tat trace.With(Bad\xfe.java)",
    b"2025-03-30 02:30:00,000 INFO  [-] billing.Api - in the spring-forward gap",
    b"2025-06-02 05:14:11,001 FATAL [X\x01] billing.Api - control",
    b"2025-06-02 05:14:12,001 INFO  [-] billing.Api - last, no line end",
]


def test_jvm_and_sql_agree_on_the_worked_formats_corpus_and_edge_cases(
    spark: SparkSession, tmp_path: Path
) -> None:
    nginx, app = find("nginx_access"), find("legacy_app")
    assert nginx is not None and app is not None
    demo = tmp_path / "archive"
    nginx_access.generate(demo, 60_000, 3)
    legacy_app.generate(demo, 60_000, 3)
    web_key = demo / "applogs/web/111122223333/eu-west-1/2025/06/02/access-edge.log.gz"
    web_key.parent.mkdir(parents=True)
    web_key.write_bytes(gzip.compress(b"\n".join(NGINX_EDGES) + b"\n", mtime=0))
    app_dir = demo / "applogs/billing/111122223333/eu-west-1/2025/06/02"
    app_dir.mkdir(parents=True)
    (app_dir / "billing-edge.log.gz").write_bytes(
        gzip.compress(b"\n".join(APP_EDGES).replace(b"\r\n", b"\r\n"), mtime=0)
    )
    (app_dir / "billing-empty.log.gz").write_bytes(gzip.compress(b"", mtime=0))
    (app_dir / "billing-blank.log.gz").write_bytes(gzip.compress(b"\n  \n", mtime=0))
    elsewhere = demo / "applogs/web/111122223333/ap-south-1/2025/06/02/access-edge.log.gz"
    elsewhere.parent.mkdir(parents=True)
    elsewhere.write_bytes(gzip.compress(NGINX_EDGES[0] + b"\n", mtime=0))
    (app_dir / "billing-crlf.log.gz").write_bytes(
        gzip.compress(b"\r\n".join(APP_EDGES[2:8]) + b"\r\n", mtime=0)
    )

    def files(fmt: Format) -> list[str]:
        return [
            f.path for f in reader.list_files(spark, FormatSource(fmt).input_globs(str(demo), None))
        ]

    web = assert_same(spark, nginx, files(nginx))
    records = assert_same(spark, app, files(app))
    reasons = {r["_reason"] for r in web + records}
    assert reasons >= {
        None,
        "nginx_access.malformed",
        "nginx_access.blank",
        "nginx_access.invalid_utf8",
        "nginx_access.bad_value.event_time",
        "nginx_access.missing.status",
        "nginx_access.unprojected.region",
        "legacy_app.no_record_start",
        "legacy_app.invalid_utf8",
        "legacy_app.malformed",
        "legacy_app.blank",
    }, sorted(map(str, reasons))
    demo_files = [r for r in records if "/543210987654/" in r["source_file"]]
    traced = [r for r in demo_files if r["error_code"] == "PAY-504" and r["_status"] == "ok"]
    bad = [r for r in traced if not str(r["stack_trace"]).startswith("java.net.Socket")]
    assert traced and not bad, bad[:2]

    assert json.dumps(sorted(map(str, reasons)))  # every reason is a plain string
