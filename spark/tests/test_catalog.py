"""``--catalog-database``: the job registers the partitions it wrote (and, for CloudTrail, the
archive day prefixes it read) in the catalog. Spark's in-memory catalog stands in for Glue:
tables are created over a temporary lake as Pulumi creates them over the real one."""

from __future__ import annotations

import datetime
import json
import random
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyspark.sql import SparkSession

from logparse import catalog, job, summary, writer
from logparse.schema import load_schema
from logparse.sources import cloudtrail
from synth.lines import alb_line
from synth.world import DAY as SYNTH_DAY
from tests import corpus as c

DAY = SYNTH_DAY.isoformat()
NEXT = (SYNTH_DAY + datetime.timedelta(days=1)).isoformat()
LATER = (SYNTH_DAY + datetime.timedelta(days=2)).isoformat()
OTHER = "999988887777"


@pytest.fixture
def db(spark: SparkSession) -> Iterator[str]:
    """A database of its own per test: the session (and its in-memory catalog) is shared."""
    name = f"audit_{uuid.uuid4().hex[:12]}"
    spark.sql(f"CREATE DATABASE {name}")
    yield name
    spark.sql(f"DROP DATABASE IF EXISTS {name} CASCADE")


def create_table(spark: SparkSession, db: str, dataset: str, out: Path) -> None:
    schema = load_schema(dataset)
    columns = ", ".join(f"`{col.name}` {col.type}" for col in schema.all_columns)
    keys = ", ".join(k.name for k in schema.partition_keys)
    spark.sql(
        f"CREATE TABLE {db}.{dataset} ({columns}) USING parquet PARTITIONED BY ({keys})"
        f" LOCATION '{out / dataset}'"
    )


def create_raw_table(spark: SparkSession, db: str, archive: Path) -> None:
    spark.sql(
        f"CREATE TABLE {db}.cloudtrail_raw (record string, account_id string, region string,"
        f" dt string) USING json PARTITIONED BY (account_id, region, dt)"
        f" LOCATION '{archive / 'AWSLogs' / c.ORG}'"
    )


def show_partitions(spark: SparkSession, table: str) -> set[str]:
    return {r[0] for r in spark.sql(f"SHOW PARTITIONS {table}").collect()}


def written_dirs(out: Path, dataset: str) -> set[str]:
    """Partition directories holding Parquet, relative to the dataset: Spark escapes values
    in directory names exactly as SHOW PARTITIONS prints them."""
    return {str(p.parent.relative_to(out / dataset)) for p in (out / dataset).rglob("*.parquet")}


def partition_location(spark: SparkSession, table: str, spec: dict[str, str]) -> str:
    clause = ", ".join(f"{k}={catalog.sql_string(v)}" for k, v in spec.items())
    rows = spark.sql(f"DESCRIBE FORMATTED {table} PARTITION ({clause})").collect()
    # The partition's own Location comes first; the table's follows.
    return str(next(r.data_type for r in rows if r.col_name == "Location"))


def run(spark: SparkSession, root: Path, out: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    argv = ["--input", str(root), "--output", str(out), *extra]
    return job.run(spark, job.parse_args(argv))


def ct_file(
    root: Path, account: str, region: str, day: str, org: bool = True, event_day: str = ""
) -> Path:
    """An organization (or account) trail log file with one record."""
    y, m, d = day.split("-")
    base = root / "AWSLogs" / c.ORG / account if org else root / "AWSLogs" / account
    name = f"{account}_CloudTrail_{region}_{y}{m}{d}T1025Z_a1B2c3D4e5F6g7H8.json.gz"
    record = c.ct_record(f"e-{account}-{region}-{day}", f"{event_day or day}T10:01:02Z", "X")
    return c.write_gz(
        base / "CloudTrail" / region / y / m / d / name, json.dumps({"Records": [record]})
    )


def digest_file(root: Path, account: str, region: str, day: str) -> Path:
    y, m, d = day.split("-")
    name = f"{account}_CloudTrail-Digest_{region}_org-trail_{region}_{y}{m}{d}T110000Z.json.gz"
    key = root / "AWSLogs" / c.ORG / account / "CloudTrail-Digest" / region / y / m / d / name
    return c.write_gz(key, json.dumps({"awsAccountId": account, "digestStartTime": day}))


def alb_file(root: Path, account: str, region: str, day: str, seed: int) -> Path:
    y, m, d = day.split("-")
    name = (
        f"{account}_elasticloadbalancing_{region}_app.shop-alb.50dc6c495c0c9188_"
        f"{y}{m}{d}T1005Z_198.51.100.7_{seed:08x}.log.gz"
    )
    r = random.Random(seed)
    lines = "".join(alb_line(r) + "\n" for _ in range(5))
    key = root / "AWSLogs" / account / "elasticloadbalancing" / region / y / m / d / name
    return c.write_gz(key, lines)


def raw_spec(account: str, region: str, day: str) -> str:
    return f"account_id={account}/region={region}/dt={day.replace('-', '%2F')}"


def test_the_partitions_written_are_registered_and_a_rerun_adds_none(
    spark: SparkSession, tmp_path: Path, db: str
) -> None:
    root, out = tmp_path / "archive", tmp_path / "lake"
    ct_file(root, c.MEMBER, "eu-west-1", DAY)
    ct_file(
        root, c.MEMBER, "us-east-1", DAY, event_day=(SYNTH_DAY - datetime.timedelta(1)).isoformat()
    )
    ct_file(root, OTHER, "eu-west-1", DAY)
    digest_file(root, c.MEMBER, "eu-west-1", DAY)
    alb_file(root, c.ACCOUNT, "eu-west-1", DAY, 1)
    alb_file(root, OTHER, "eu-central-1", DAY, 2)
    alb_file(root, OTHER, "eu-central-1", DAY, 3)
    c.write_with_mtime(
        c.emr_key(root), "25/06/02 10:22:31 INFO Executor: Running task 3.0 in stage 7.0\n", DAY
    )
    for dataset in ("cloudtrail", "alb", "emr_logs"):
        create_table(spark, db, dataset, out)
    create_raw_table(spark, db, root)
    expected = {
        "cloudtrail": {
            f"dt={DAY}/account_id={c.MEMBER}/region=eu-west-1",
            f"dt={DAY}/account_id={c.MEMBER}/region=us-east-1",
            f"dt={DAY}/account_id={OTHER}/region=eu-west-1",
        },
        "alb": {
            f"dt={DAY}/account_id={c.ACCOUNT}/region=eu-west-1",
            f"dt={DAY}/account_id={OTHER}/region=eu-central-1",
        },
        "emr_logs": {f"dt={DAY}"},
        "cloudtrail_raw": {
            raw_spec(c.MEMBER, "eu-west-1", DAY),
            raw_spec(c.MEMBER, "us-east-1", DAY),
            raw_spec(OTHER, "eu-west-1", DAY),
        },
    }
    argv = ("--source", "cloudtrail,alb,emr", "--date", DAY, "--catalog-database", db)

    code, doc = run(spark, root, out, *argv)

    assert (code, doc["status"], doc["messages"]) == (0, "ok", [])
    assert doc["run"]["catalog_database"] == db
    assert {t: show_partitions(spark, f"{db}.{t}") for t in expected} == expected
    for dataset in ("cloudtrail", "alb", "emr_logs"):
        assert written_dirs(out, dataset) == expected[dataset]
    sources = doc["sources"]
    assert {
        ds: d["partitions_registered"] for s in sources.values() for ds, d in s["datasets"].items()
    } == {"cloudtrail": 3, "alb": 2, "emr_logs": 1}
    assert sources["cloudtrail"]["catalog"] == {
        "cloudtrail": {
            "table": f"{db}.cloudtrail",
            "partitions": 3,
            "registered": 3,
            "error": None,
        },
        "cloudtrail_raw": {
            "table": f"{db}.cloudtrail_raw",
            "partitions": 3,
            "registered": 3,
            "error": None,
        },
    }
    assert sources["alb"]["catalog"] == {
        "alb": {"table": f"{db}.alb", "partitions": 2, "registered": 2, "error": None}
    }
    # The catalog's locations are where the rows are: the tables read every written row.
    for source, dataset in (("cloudtrail", "cloudtrail"), ("alb", "alb"), ("emr", "emr_logs")):
        records = sources[source]["datasets"][dataset]["records_out"]
        assert records > 0
        assert spark.table(f"{db}.{dataset}").count() == records
    y, m, d = DAY.split("-")
    assert (
        partition_location(
            spark,
            f"{db}.cloudtrail_raw",
            {"account_id": OTHER, "region": "eu-west-1", "dt": f"{y}/{m}/{d}"},
        )
        == f"file:{root}/AWSLogs/{c.ORG}/{OTHER}/CloudTrail/eu-west-1/{y}/{m}/{d}"
    )

    again, redo = run(spark, root, out, *argv)

    assert (again, redo["status"]) == (0, "ok")
    assert {t: show_partitions(spark, f"{db}.{t}") for t in expected} == expected
    assert {n: s["catalog"] for n, s in redo["sources"].items()} == {
        n: s["catalog"] for n, s in sources.items()
    }


def test_the_raw_cloudtrail_table_gets_the_day_prefixes_read_and_no_digest(
    spark: SparkSession, tmp_path: Path, db: str
) -> None:
    root, out = tmp_path / "archive", tmp_path / "lake"
    ct_file(root, c.MEMBER, "eu-west-1", DAY)
    ct_file(root, c.MEMBER, "eu-west-1", NEXT)
    ct_file(root, OTHER, "us-east-1", DAY)
    # Digests only, on a day with no log file: not a partition of the raw table.
    digest_file(root, c.MEMBER, "eu-west-1", LATER)
    digest_file(root, c.MEMBER, "eu-west-1", DAY)
    # An account trail (AWSLogs/<acct>/CloudTrail/…) is parsed but lies outside the raw
    # table's AWSLogs/<o-id>/.
    ct_file(root, OTHER, "ap-south-1", DAY, org=False)
    create_table(spark, db, "cloudtrail", out)
    create_raw_table(spark, db, root)

    code, doc = run(spark, root, out, "--source", "cloudtrail", "--catalog-database", db)

    assert code == 0
    assert show_partitions(spark, f"{db}.cloudtrail_raw") == {
        raw_spec(c.MEMBER, "eu-west-1", DAY),
        raw_spec(c.MEMBER, "eu-west-1", NEXT),
        raw_spec(OTHER, "us-east-1", DAY),
    }
    y, m, d = NEXT.split("-")
    spec = {"account_id": c.MEMBER, "region": "eu-west-1", "dt": f"{y}/{m}/{d}"}
    assert partition_location(spark, f"{db}.cloudtrail_raw", spec) == (
        f"file:{root}/AWSLogs/{c.ORG}/{c.MEMBER}/CloudTrail/eu-west-1/{y}/{m}/{d}"
    )
    assert doc["sources"]["cloudtrail"]["catalog"]["cloudtrail_raw"]["registered"] == 3
    # Without --date, dt is the event date; the account trail's rows are in the lake.
    assert (
        show_partitions(spark, f"{db}.cloudtrail")
        == written_dirs(out, "cloudtrail")
        == {
            f"dt={DAY}/account_id={c.MEMBER}/region=eu-west-1",
            f"dt={NEXT}/account_id={c.MEMBER}/region=eu-west-1",
            f"dt={DAY}/account_id={OTHER}/region=us-east-1",
            f"dt={DAY}/account_id={OTHER}/region=ap-south-1",
        }
    )

    # A run for one day registers that day's prefixes only (already there: nothing changes).
    code, doc = run(
        spark, root, out, "--source", "cloudtrail", "--date", NEXT, "--catalog-database", db
    )
    assert code == 0
    assert doc["sources"]["cloudtrail"]["catalog"]["cloudtrail_raw"]["partitions"] == 1
    assert len(show_partitions(spark, f"{db}.cloudtrail_raw")) == 3


def test_raw_partitions_from_s3_keys() -> None:
    base = f"s3://archive/AWSLogs/{c.ORG}"
    paths = [
        f"{base}/{c.MEMBER}/CloudTrail/eu-west-1/2024/01/15/a.json.gz",
        f"{base}/{c.MEMBER}/CloudTrail/eu-west-1/2024/01/15/b.json.gz",
        f"{base}/{c.MEMBER}/CloudTrail-Digest/eu-west-1/2024/01/16/d.json.gz",
        f"{base}/{c.MEMBER}/CloudTrail-Insight/eu-west-1/2024/01/17/i.json.gz",
        f"{base}/{c.MEMBER}/CloudTrail/eu-west-1/2024/1/18/short-month.json.gz",
        f"s3://archive/AWSLogs/{c.MEMBER}/CloudTrail/eu-west-1/2024/01/19/account.json.gz",
        f"{base}/{OTHER}/CloudTrail/us-east-1/2024/02/01/c.json.gz",
    ]
    assert cloudtrail.raw_partitions(paths) == [
        catalog.Partition(
            (("account_id", c.MEMBER), ("region", "eu-west-1"), ("dt", "2024/01/15")),
            f"{base}/{c.MEMBER}/CloudTrail/eu-west-1/2024/01/15/",
        ),
        catalog.Partition(
            (("account_id", OTHER), ("region", "us-east-1"), ("dt", "2024/02/01")),
            f"{base}/{OTHER}/CloudTrail/us-east-1/2024/02/01/",
        ),
    ]


HOSTILE = [
    "eu-west-1'x",
    "it's",
    "a\\b",
    "a\\'b",
    "50%_off",
    "line\nbreak",
    "back`tick",
    'double"quote',
    "\\u0027",
    "x'); DROP DATABASE default CASCADE; --",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_sql_string_is_the_value_itself(spark: SparkSession, value: str) -> None:
    assert spark.sql(f"SELECT {catalog.sql_string(value)} AS v").first()["v"] == value


def test_a_quote_in_a_key_segment_is_registered_where_its_rows_are(
    spark: SparkSession, tmp_path: Path, db: str
) -> None:
    root, out = tmp_path / "archive", tmp_path / "lake"
    hostile = f"x'); DROP DATABASE {db} CASCADE; --"
    ct_file(root, c.MEMBER, "eu-west-1'x", DAY)
    ct_file(root, c.MEMBER, hostile, DAY)
    ct_file(root, c.MEMBER, "eu-west-1", DAY)
    create_table(spark, db, "cloudtrail", out)
    create_raw_table(spark, db, root)

    code, doc = run(
        spark, root, out, "--source", "cloudtrail", "--date", DAY, "--catalog-database", db
    )

    assert (code, doc["messages"]) == (0, [])
    assert spark.catalog.databaseExists(db)
    assert show_partitions(spark, f"{db}.cloudtrail") == written_dirs(out, "cloudtrail")
    lake = spark.read.parquet(str(out / "cloudtrail"))
    regions = {r.region for r in lake.select("region").distinct().collect()}
    assert "eu-west-1'x" in regions and len(regions) == 3
    table = spark.table(f"{db}.cloudtrail")
    assert {r.region for r in table.select("region").distinct().collect()} == regions
    assert table.count() == lake.count() == 3
    # The stand-in raw table reads the gzip files as JSON: one row per file, found only
    # through the partition locations registered.
    # (The parser reads the key from input_file_name(), which URL-encodes the spaces; the raw
    # table's values are the listed keys as they are.)
    raw = spark.sql(f"SELECT DISTINCT region FROM {db}.cloudtrail_raw").collect()
    assert {r.region for r in raw} == {"eu-west-1", "eu-west-1'x", hostile}
    y, m, d = DAY.split("-")
    spec = {"account_id": c.MEMBER, "region": "eu-west-1'x", "dt": f"{y}/{m}/{d}"}
    assert partition_location(spark, f"{db}.cloudtrail_raw", spec) == (
        f"file:{root}/AWSLogs/{c.ORG}/{c.MEMBER}/CloudTrail/eu-west-1'x/{y}/{m}/{d}"
    )


def test_locations_are_the_directories_spark_writes_null_and_empty_included(
    spark: SparkSession, tmp_path: Path, db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "lake"
    values: list[tuple[str | None, str | None]] = [
        ("111122223333", "eu-west-1"),
        ("111122223333", None),
        ("111122223333", ""),
        ("111122223333", "a/b=c"),
        ("111122223333", "50%"),
        ("1111'2222", "é ü"),
        (None, "eu-west-1"),
    ]
    rows = [(f"f{i}", i, DAY, a, r) for i, (a, r) in enumerate(values)]
    df = spark.createDataFrame(
        rows, "source_file string, x int, dt string, account_id string, region string"
    )
    keys = ["dt", "account_id", "region"]
    writer.write_dataset(df, str(out / "t"), keys, 1, len(rows))
    spark.sql(
        f"CREATE TABLE {db}.t (source_file string, x int, dt string, account_id string,"
        f" region string) USING parquet PARTITIONED BY (dt, account_id, region)"
        f" LOCATION '{out / 't'}'"
    )
    statements: list[str] = []
    sql = spark.sql
    monkeypatch.setattr(spark, "sql", lambda text: statements.append(text) or sql(text))

    root = catalog.qualified_path(spark, str(out / "t"))
    partitions = catalog.dataset_partitions(spark, root, keys, [(DAY, a, r) for a, r in values])
    result = catalog.register(spark, db, "t", partitions, batch_size=2)

    # None and "" are one partition (Spark writes both as __HIVE_DEFAULT_PARTITION__).
    assert result == catalog.Registration(db, "t", 6, 6, None)
    assert len(statements) == 3
    assert all(
        s.startswith(f"ALTER TABLE `{db}`.`t` ADD IF NOT EXISTS PARTITION") for s in statements
    )
    assert show_partitions(spark, f"{db}.t") == written_dirs(out, "t")
    assert sorted(r.x for r in sql(f"SELECT x FROM {db}.t").collect()) == list(range(len(rows)))


def test_a_failing_batch_stops_the_table_and_is_returned_not_raised(
    spark: SparkSession, tmp_path: Path, db: str
) -> None:
    spark.sql(
        f"CREATE TABLE {db}.t (x int, dt string) USING parquet PARTITIONED BY (dt)"
        f" LOCATION '{tmp_path / 't'}'"
    )
    good = [catalog.Partition((("dt", d),), str(tmp_path / "t" / f"dt={d}")) for d in "ab"]
    bad = catalog.Partition((("region", "x"),), str(tmp_path / "t" / "region=x"))
    result = catalog.register(spark, db, "t", [*good, bad, *good], batch_size=2)
    assert (result.partitions, result.registered) == (5, 2)
    assert result.error is not None and "region" in result.error
    assert show_partitions(spark, f"{db}.t") == {"dt=a", "dt=b"}


def test_a_missing_table_fails_the_run_after_the_data_is_written(
    spark: SparkSession, tmp_path: Path, db: str
) -> None:
    root, out = tmp_path / "archive", tmp_path / "lake"
    ct_file(root, c.MEMBER, "eu-west-1", DAY)
    alb_file(root, c.ACCOUNT, "eu-west-1", DAY, 7)
    create_table(spark, db, "cloudtrail", out)
    summary_path = tmp_path / "summary.json"
    argv = ("--source", "cloudtrail,alb", "--date", DAY, "--catalog-database", db)

    code, doc = run(spark, root, out, *argv, "--summary", str(summary_path))

    assert (code, doc["status"], doc["exit_code"]) == (4, "catalog_registration_failed", 4)
    assert json.loads(summary_path.read_text()) == doc
    [raw_message, alb_message] = doc["messages"]
    assert raw_message.startswith(
        f"cloudtrail: catalog table {db}.cloudtrail_raw: 0 of 1 partitions registered: "
    )
    assert alb_message.startswith(f"alb: catalog table {db}.alb: 0 of 1 partitions registered: ")
    ct, alb = doc["sources"]["cloudtrail"], doc["sources"]["alb"]
    assert ct["catalog"]["cloudtrail"]["error"] is None
    assert ct["datasets"]["cloudtrail"]["partitions_registered"] == 1
    failed = [ct["catalog"]["cloudtrail_raw"], alb["catalog"]["alb"]]
    assert [(t["table"], t["registered"]) for t in failed] == [
        (f"{db}.cloudtrail_raw", 0),
        (f"{db}.alb", 0),
    ]
    assert all("TABLE_OR_VIEW_NOT_FOUND" in t["error"] for t in failed)
    assert alb["datasets"]["alb"]["partitions_registered"] == 0
    # The data is written all the same.
    assert spark.read.parquet(str(out / "alb")).count() == alb["records_out"] == 5
    assert written_dirs(out, "alb") == {f"dt={DAY}/account_id={c.ACCOUNT}/region=eu-west-1"}

    # Once the tables exist, a re-run registers everything.
    create_table(spark, db, "alb", out)
    create_raw_table(spark, db, root)
    code, doc = run(spark, root, out, *argv)
    assert (code, doc["messages"]) == (0, [])
    assert show_partitions(spark, f"{db}.alb") == written_dirs(out, "alb")
    assert show_partitions(spark, f"{db}.cloudtrail_raw") == {raw_spec(c.MEMBER, "eu-west-1", DAY)}


def test_without_the_option_nothing_is_registered_and_the_summary_is_unchanged(
    spark: SparkSession, tmp_path: Path, db: str
) -> None:
    root, out = tmp_path / "archive", tmp_path / "lake"
    ct_file(root, c.MEMBER, "eu-west-1", DAY)
    create_table(spark, db, "cloudtrail", out)
    code, doc = run(spark, root, out, "--source", "cloudtrail", "--date", DAY)
    assert code == 0
    assert "catalog_database" not in doc["run"]
    assert "catalog" not in doc["sources"]["cloudtrail"]
    assert set(doc["sources"]["cloudtrail"]["datasets"]["cloudtrail"]) == {
        "records_in",
        "records_out",
        "rejected",
        "skipped",
        "rejected_by_reason",
        "skipped_by_reason",
        "partitions",
    }
    assert show_partitions(spark, f"{db}.cloudtrail") == set()


def test_catalog_failures_are_reported_under_another_failure() -> None:
    def source(ratio: float, error: str | None) -> dict[str, Any]:
        table = {"table": "audit.alb", "partitions": 2, "registered": 0, "error": error}
        return {
            "reject_ratio": ratio,
            "rejected": 1,
            "records_in": 2,
            "files_skipped": [],
            "catalog": {"alb": table},
        }

    failed = "alb: catalog table audit.alb: 0 of 2 partitions registered: denied"
    assert summary.verdict({"alb": source(0.0, "denied")}, 0.01) == (
        4,
        "catalog_registration_failed",
        [failed],
    )
    code, status, messages = summary.verdict({"alb": source(0.5, "denied")}, 0.01)
    assert (code, status) == (1, "reject_ratio_exceeded")
    assert messages[1:] == [failed]
    assert summary.verdict({"alb": source(0.0, None)}, 0.01) == (0, "ok", [])


def test_catalog_database_argument() -> None:
    base = ["--source", "cloudtrail", "--input", "/in", "--output", "/out"]
    assert job.parse_args(base).catalog_database is None
    assert job.parse_args([*base, "--catalog-database", "audit_logs"]).catalog_database == (
        "audit_logs"
    )


def test_a_bad_catalog_database_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        job.parse_args(
            ["--source", "alb", "--input", "/in", "--output", "/out", "--catalog-database", "a`b"]
        )
    assert exited.value.code == 2
    assert "--catalog-database 'a`b' is not a database name" in capsys.readouterr().err


def test_main_builds_a_hive_session_only_for_the_catalog(monkeypatch: pytest.MonkeyPatch) -> None:
    """On EMR the Hive client is the Glue Data Catalog; the session must use it."""
    built: list[dict[str, str]] = []

    class Stopped:
        def stop(self) -> None:
            pass

    def build(app: str, master: str | None, conf: dict[str, str]) -> Stopped:
        built.append(conf)
        return Stopped()

    monkeypatch.setattr(job, "build_session", build)
    monkeypatch.setattr(job, "run", lambda spark, args: (0, {}))
    base = ["--source", "alb", "--input", "/in", "--output", "/out"]
    assert job.main(base) == 0
    assert job.main([*base, "--catalog-database", "audit"]) == 0
    assert built == [
        job.JVM_OPTIONS,
        {**job.JVM_OPTIONS, "spark.sql.catalogImplementation": "hive"},
    ]
