"""Every named query in queries/athena parses as Athena SQL, names only columns of
schemas/*.json, is bounded by dt, and runs in DuckDB after transpiling (as `make demo` does)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
import sqlglot
from sqlglot import exp

from demo import queries
from logparse.formats import declared_names, schema_doc_of

ROOT = Path(__file__).resolve().parents[2]
QUERIES = sorted((ROOT / "queries" / "athena").glob("*.sql"))
DATASETS = sorted({p.stem for p in (ROOT / "schemas").glob("*.json")} | set(declared_names()))


def columns(dataset: str) -> list[tuple[str, str]]:
    """(name, Hive type) of the dataset's columns then partition keys, read without Spark."""
    path = ROOT / "schemas" / f"{dataset}.json"
    doc = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else schema_doc_of(dataset)
    assert doc is not None, dataset
    return [(c["name"], c["type"]) for c in doc["columns"] + doc["partition_keys"]]


def header_and_body(path: Path) -> tuple[dict[str, str], str]:
    """The header fields and the SQL, read as ``make demo`` and the NamedQuery component do."""
    parsed = queries.parse(str(path), path.read_text(encoding="utf-8"))
    return parsed.fields, parsed.query


def duck_type(hive: str) -> str:
    """DuckDB type for a Hive/Glue DDL type (struct<a:t>, array<t>, map<k,v>, scalars)."""
    hive = hive.strip()
    lower = hive.lower()
    if lower.startswith("array<"):
        return f"{duck_type(hive[6:-1])}[]"
    if lower.startswith("map<"):
        key, value = _split(hive[4:-1])
        return f"MAP({duck_type(key)}, {duck_type(value)})"
    if lower.startswith("struct<"):
        fields = []
        for part in _split(hive[7:-1]):
            name, _, t = part.partition(":")
            fields.append(f'"{name}" {duck_type(t)}')
        return f"STRUCT({', '.join(fields)})"
    return {
        "string": "VARCHAR",
        "int": "INTEGER",
        "bigint": "BIGINT",
        "double": "DOUBLE",
        "boolean": "BOOLEAN",
        "timestamp": "TIMESTAMP",
        "date": "DATE",
        "smallint": "SMALLINT",
        "tinyint": "TINYINT",
        "float": "FLOAT",
    }[lower]


def _split(inner: str) -> list[str]:
    """Top-level comma split of a type list."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(inner):
        if ch == "<":
            depth += 1
        elif ch == ">":
            depth -= 1
        elif ch == "," and depth == 0:
            parts.append(inner[start:i])
            start = i + 1
    parts.append(inner[start:])
    return parts


def empty_tables() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for dataset in DATASETS:
        cols = ", ".join(f'"{name}" {duck_type(t)}' for name, t in columns(dataset))
        con.execute(f"CREATE TABLE {dataset} ({cols})")
    return con


def test_every_audit_question_has_a_query() -> None:
    assert [p.stem for p in QUERIES] == [
        "alb_5xx_by_target_and_path",
        "application_error_bursts",
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
        "web_scanner_probes",
    ]


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_header_names_and_describes_it(path: Path) -> None:
    fields, body = header_and_body(path)
    assert 0 < len(fields.get("name", "")) <= 128
    assert 0 < len(fields.get("description", "")) <= 1024
    assert body.upper().startswith("SELECT")


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_uses_only_schema_tables_and_columns_and_is_bounded_by_dt(path: Path) -> None:
    _, body = header_and_body(path)
    tree = sqlglot.parse_one(body, read="athena")
    tables = {t.name for t in tree.find_all(exp.Table)}
    assert tables and tables <= set(DATASETS), f"unknown tables {tables - set(DATASETS)}"
    assert all(not t.db for t in tree.find_all(exp.Table)), "no database qualifier"
    known = {name for d in tables for name, _ in columns(d)}
    aliases = {a.alias for a in tree.find_all(exp.Alias)}
    for col in tree.find_all(exp.Column):
        # struct access (user_identity.arn) parses as table-qualified column: check the root.
        root = col.table or col.name
        assert root in known or col.name in aliases, f"{path.name}: unknown column {col.sql()}"
    between = [
        b
        for where in tree.find_all(exp.Where)
        for b in where.find_all(exp.Between)
        if b.this.sql() == "dt"
    ]
    assert len(between) == 1, f"{path.name} must bound dt with one BETWEEN"


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_transpiles_to_duckdb_and_runs_over_empty_tables(path: Path) -> None:
    _, body = header_and_body(path)
    (duck_sql,) = sqlglot.transpile(body, read="athena", write="duckdb")
    con = empty_tables()
    con.execute(duck_sql)
    assert con.fetchall() == []


def partition_keys(dataset: str) -> list[str]:
    path = ROOT / "schemas" / f"{dataset}.json"
    doc = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else schema_doc_of(dataset)
    assert doc is not None, dataset
    return [c["name"] for c in doc["partition_keys"]]


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_runs_as_deployed_over_every_bucket_cluster_account_and_region(path: Path) -> None:
    """Deployed, a named query answers without edits: dt is bounded by literals, and any other
    partition key it filters is matched with LIKE '%' (everything) rather than pinned to an
    example bucket or cluster that a real deployment does not have; the description says what
    to put in place of the '%'."""
    fields, body = header_and_body(path)
    tree = sqlglot.parse_one(body, read="athena")
    keys = {k for t in tree.find_all(exp.Table) for k in partition_keys(t.name)} - {"dt"}
    filtered = [col for where in tree.find_all(exp.Where) for col in where.find_all(exp.Column)]
    for col in filtered:
        if col.name in keys and not col.table:
            condition = col.parent
            assert isinstance(condition, exp.Like) and condition.expression == exp.Literal.string(
                "%"
            ), f"{path.name}: {condition.sql()} pins partition key {col.name}"
    if any(isinstance(c.parent, exp.Like) for c in filtered if c.name in keys):
        assert "replace '%' with" in fields["description"]


def test_transpiled_queries_answer_over_rows(tmp_path: Path) -> None:
    """Not only valid on empty tables: the bucket-deletion query finds its event in DuckDB."""
    _, body = header_and_body(ROOT / "queries" / "athena" / "bucket_deletions.sql")
    (duck_sql,) = sqlglot.transpile(body, read="athena", write="duckdb")
    con = empty_tables()
    con.execute(
        "INSERT INTO cloudtrail (event_time, event_source, event_name, request_parameters,"
        " user_identity, source_ip_address, dt, account_id, region) VALUES"
        " (TIMESTAMP '2026-11-20 10:00:00', 's3.amazonaws.com', 'DeleteBucket',"
        ' \'{"bucketName": "payroll-exports"}\','
        " {'type': 'AssumedRole', 'arn': 'arn:aws:sts::1:assumed-role/ops/alice'},"
        " '203.0.113.9', '2026-11-20', '111111111111', 'eu-west-1'),"
        " (TIMESTAMP '2026-10-20 10:00:00', 's3.amazonaws.com', 'DeleteBucket',"
        " '{\"bucketName\": \"old\"}', NULL, NULL, '2026-10-20', '111111111111', 'eu-west-1')"
    )
    rows = con.execute(duck_sql).fetchall()
    assert [(r[1], r[3]) for r in rows] == [
        ("payroll-exports", "arn:aws:sts::1:assumed-role/ops/alice")
    ]


def test_alb_query_groups_5xx_by_path_and_counts_those_the_target_returned() -> None:
    """A 502 the load balancer made up (the target sent no status) is a 5xx not from the
    target: 0 of that group, in DuckDB as in Athena (count_if would be NULL in DuckDB)."""
    _, body = header_and_body(ROOT / "queries" / "athena" / "alb_5xx_by_target_and_path.sql")
    (duck_sql,) = sqlglot.transpile(body, read="athena", write="duckdb")
    con = empty_tables()
    for status, target_status, url in [
        (502, 502, "https://shop.example.com:443/cart/42?x=1"),
        (502, 502, "https://shop.example.com:443/cart/42?x=2"),
        (503, 503, "https://shop.example.com:443/pay"),
        (200, 200, "https://shop.example.com:443/cart/42"),
        (502, None, "https://shop.example.com:443/login"),
    ]:
        con.execute(
            "INSERT INTO alb (event_time, elb, target_ip, target_port, request_url,"
            " elb_status_code, target_status_code, dt) VALUES"
            " (TIMESTAMP '2026-11-20 10:00:00', 'app/web/1', '10.0.0.5', 8080, ?, ?, ?,"
            " '2026-11-20')",
            [url, status, target_status],
        )
    rows = con.execute(duck_sql).fetchall()
    assert sorted((r[3], r[4], r[5], r[6]) for r in rows) == [
        ("/cart/42", 502, 2, 2),
        ("/login", 502, 1, 0),
        ("/pay", 503, 1, 1),
    ]


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_means_the_same_in_athena_and_duckdb(path: Path) -> None:
    """count_if is 0 in Athena but NULL in DuckDB over a group whose condition is never
    non-null; sum(CASE WHEN … THEN 1 ELSE 0 END) is 0 in both."""
    _, body = header_and_body(path)
    tree = sqlglot.parse_one(body, read="athena")
    assert list(tree.find_all(exp.CountIf)) == [], (
        f"{path.name}: count_if differs between the engines; use sum(CASE WHEN … THEN 1 ELSE 0 END)"
    )


def _answer(name: str, inserts: list[str]) -> list[tuple]:
    _, body = header_and_body(ROOT / "queries" / "athena" / f"{name}.sql")
    (duck_sql,) = sqlglot.transpile(body, read="athena", write="duckdb")
    con = empty_tables()
    for statement in inserts:
        con.execute(statement)
    return con.execute(duck_sql).fetchall()


def test_console_signins_without_mfa_reads_the_json_fields() -> None:
    row = (
        "INSERT INTO cloudtrail (event_time, event_name, response_elements,"
        " additional_event_data, user_identity, dt, account_id) VALUES"
        " (TIMESTAMP '2026-11-20 09:00:00', 'ConsoleLogin', '{{\"ConsoleLogin\": \"{ok}\"}}',"
        " '{{\"MFAUsed\": \"{mfa}\"}}', {{'type': '{kind}', 'arn': '{arn}'}},"
        " '2026-11-20', '111111111111')"
    )
    rows = _answer(
        "console_signin_without_mfa",
        [
            row.format(ok="Success", mfa="No", kind="IAMUser", arn="arn:aws:iam::1:user/bob"),
            row.format(ok="Success", mfa="Yes", kind="IAMUser", arn="arn:aws:iam::1:user/amy"),
            row.format(ok="Failure", mfa="No", kind="IAMUser", arn="arn:aws:iam::1:user/eve"),
            row.format(ok="Success", mfa="No", kind="AssumedRole", arn="arn:aws:sts::1:sso/x"),
        ],
    )
    assert [r[3] for r in rows] == ["arn:aws:iam::1:user/bob"]


def test_redshift_query_keeps_drop_grant_revoke_in_any_case() -> None:
    insert = (
        "INSERT INTO redshift_useractivitylog (event_time, cluster_id, dbname, username, query, dt)"
        " VALUES (TIMESTAMP '2026-11-20 09:00:00', 'wh', 'sales', ?, ?, '2026-11-20')"
    )
    _, body = header_and_body(ROOT / "queries" / "athena" / "redshift_drop_grant_by_user.sql")
    (duck_sql,) = sqlglot.transpile(body, read="athena", write="duckdb")
    con = empty_tables()
    for user, query in [
        ("alice", "drop table t1;"),
        ("alice", "  DROP TABLE t2;"),
        ("bob", "grant select on t to carol;"),
        ("bob", "select * from dropped_things;"),
    ]:
        con.execute(insert, [user, query])
    rows = con.execute(duck_sql).fetchall()
    assert sorted((r[2], r[3], r[4]) for r in rows) == [("alice", "DROP", 2), ("bob", "GRANT", 1)]


EMR_APP = "application_1748822400000_0003"
EMR_OTHER_APP = "application_1748822400000_0004"


def _emr_line(app: str, level: str, message: str, exception: str | None = None) -> list[object]:
    """A row as the emr parser writes it: stage, task and TID read from the message."""
    stage = re.search(r"[Ss]tage (\d+)", message)
    task = re.search(r"[Tt]ask ([0-9.]+)", message)
    tid = re.search(r"\(TID (\d+)\)", message)
    return [
        app,
        level,
        message,
        exception,
        int(stage.group(1)) if stage else None,
        task.group(1) if task else None,
        int(tid.group(1)) if tid else None,
    ]


def test_emr_query_counts_failed_stage_attempts_and_aborts_and_task_attempts_apart() -> None:
    nfe = "java.lang.NumberFormatException"
    fetch = "org.apache.spark.shuffle.FetchFailedException"
    lines = [
        # stage 14: task 7 fails on its 4 attempts (executor and driver line each), job aborted
        *(
            line
            for a in range(4)
            for line in (
                _emr_line(
                    EMR_APP, "ERROR", f"Exception in task 7.{a} in stage 14.0 (TID {612 + a})", nfe
                ),
                _emr_line(
                    EMR_APP,
                    "WARN",
                    f"Lost task 7.{a} in stage 14.0 (TID {612 + a}) (ip-10-0-0-1 executor 1):"
                    f' {nfe}: For input string: "N/A"',
                    nfe,
                ),
            )
        ),
        _emr_line(EMR_APP, "ERROR", "Task 7 in stage 14.0 failed 4 times; aborting job"),
        _emr_line(
            EMR_APP,
            "INFO",
            "ResultStage 14 (parquet at X.java:0) failed in 41.8 s due to Job aborted due to stage"
            " failure: Task 7 in stage 14.0 failed 4 times, most recent failure: Lost task 7.3 in"
            f" stage 14.0 (TID 615): {nfe}",
            nfe,
        ),
        # stage 5: two attempts fail on a fetch failure and are resubmitted, no abort
        *(
            _emr_line(
                EMR_APP,
                "INFO",
                f"ShuffleMapStage 5 (map at X.java:0) failed in 3.{a} s due to {fetch}: lost",
                fetch,
            )
            for a in range(2)
        ),
        _emr_line(
            EMR_APP,
            "WARN",
            "Lost task 2.0 in stage 5.0 (TID 90) (h executor 2): FetchFailed",
            fetch,
        ),
        # a speculative copy killed, a task finished, an error without a stage: not failures
        _emr_line(
            EMR_APP,
            "WARN",
            "Lost task 3.1 in stage 5.1 (TID 97) (h executor 3): TaskKilled (another attempt"
            " succeeded)",
        ),
        _emr_line(
            EMR_APP,
            "INFO",
            "Finished task 3.0 in stage 5.1 (TID 96) in 812 ms on h (executor 1) (4/4)",
        ),
        _emr_line(EMR_APP, "ERROR", "RECEIVED SIGNAL TERM"),
        # stage 14 of another application is another stage
        _emr_line(EMR_OTHER_APP, "ERROR", "Exception in task 0.0 in stage 14.0 (TID 3)", nfe),
    ]
    other_cluster = _emr_line(EMR_APP, "ERROR", "Exception in task 1.0 in stage 2.0 (TID 8)", nfe)
    con = empty_tables()
    for cluster, line in [*(("j-2AB3CD4EF5GH6", line) for line in lines), ("j-1Z", other_cluster)]:
        con.execute(
            "INSERT INTO emr_logs (event_time, application_id, level, message, exception_class,"
            " stage_id, task_id, tid, dt, cluster_id) VALUES (TIMESTAMP '2026-11-20 09:00:00',"
            " ?, ?, ?, ?, ?, ?, ?, '2026-11-20', ?)",
            [*line, cluster],
        )
    _, body = header_and_body(ROOT / "queries" / "athena" / "emr_failing_stages.sql")
    (duck_sql,) = sqlglot.transpile(body, read="athena", write="duckdb")
    rows = con.execute(duck_sql).fetchall()
    # cluster, application, stage, failed stage attempts, job aborts, failed task attempts,
    # exception classes
    assert [r[:7] for r in rows] == [
        ("j-2AB3CD4EF5GH6", EMR_APP, 5, 2, 0, 1, fetch),
        ("j-2AB3CD4EF5GH6", EMR_APP, 14, 1, 1, 4, nfe),
        ("j-1Z", EMR_APP, 2, 0, 0, 1, nfe),
        ("j-2AB3CD4EF5GH6", EMR_OTHER_APP, 14, 0, 0, 1, nfe),
    ]


def test_s3_deletions_count_each_key_of_a_multi_object_delete_and_not_its_request_line() -> None:
    insert = (
        "INSERT INTO s3access (event_time, requester, request_id, operation, key, key_raw,"
        " http_status, error_code, dt, bucket) VALUES"
        " (TIMESTAMP '2026-11-20 09:00:00', ?, ?, ?, ?, ?, ?, ?, '2026-11-20', ?)"
    )
    dana = "arn:aws:iam::1:user/dana"
    ci = "arn:aws:sts::1:assumed-role/ci/run"
    con = empty_tables()
    for requester, request_id, operation, key, status, error, bucket in [
        (dana, "R1", "REST.POST.MULTI_OBJECT_DELETE", None, 200, None, "invoices"),
        (dana, "R1", "BATCH.DELETE.OBJECT", "a.pdf", 204, None, "invoices"),
        (dana, "R1", "BATCH.DELETE.OBJECT", "b.pdf", 204, None, "invoices"),
        (dana, "R1", "BATCH.DELETE.OBJECT", "c.pdf", 403, "AccessDenied", "invoices"),
        (dana, "R2", "REST.DELETE.OBJECT", "d.pdf", 204, None, "invoices"),
        (ci, "R3", "REST.DELETE.OBJECT", "e.pdf", 403, "AccessDenied", "invoices"),
        (ci, "R6", "REST.DELETE.OBJECT", "e.pdf", 204, None, "builds"),
        (dana, "R4", "REST.GET.OBJECT", "f.pdf", 200, None, "invoices"),
        ("AmazonS3", "R5", "S3.EXPIRE.OBJECT", "g.pdf", None, None, "invoices"),
    ]:
        con.execute(insert, [requester, request_id, operation, key, key, status, error, bucket])
    _, body = header_and_body(ROOT / "queries" / "athena" / "s3_object_deletions_by_requester.sql")
    (duck_sql,) = sqlglot.transpile(body, read="athena", write="duckdb")
    rows = con.execute(duck_sql).fetchall()
    # bucket, requester, operation, requests, objects_deleted, refused
    assert [r[:6] for r in rows] == [
        ("invoices", dana, "BATCH.DELETE.OBJECT", 1, 2, 1),
        ("builds", ci, "REST.DELETE.OBJECT", 1, 1, 0),
        ("invoices", dana, "REST.DELETE.OBJECT", 1, 1, 0),
        ("invoices", ci, "REST.DELETE.OBJECT", 1, 0, 1),
    ]
