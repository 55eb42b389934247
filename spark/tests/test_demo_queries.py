"""The demo's query runner without Spark: every named query parses as Athena SQL and its
DuckDB translation runs over the lake's views; the dt range and header handling;
the lake's type mapping; the gate verdict and answer tables as printed."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
import sqlglot

from demo import lake, pipeline, queries, stack, table

QUERY_FILES = sorted(pipeline.QUERIES.glob("*.sql"))


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_named_query_parses_as_athena_and_its_duckdb_form_runs_over_the_views(
    path: Path, tmp_path: Path
) -> None:
    query = queries.read(path)
    assert query.name and query.description and query.sql.upper().startswith("SELECT")
    sqlglot.parse_one(query.sql, read="athena")
    con, files = lake.connect(tmp_path)
    assert set(files.values()) == {0}
    answer = queries.run(con, query, ("2025-06-02", "2025-06-02"))
    assert answer.rows == []
    assert answer.columns
    assert "BETWEEN '2025-06-02' AND '2025-06-02'" in answer.duckdb_sql


HEADER_CASES = json.loads(
    (pipeline.QUERIES.parent / "header_cases.json").read_text(encoding="utf-8")
)["cases"]


@pytest.mark.parametrize("case", HEADER_CASES, ids=lambda c: c["case"])
def test_header_parses_as_the_named_query_component_does(case: dict[str, Any]) -> None:
    """The cases queryFiles.ts is tested against: the same fields, query and messages."""
    keys = tuple(case["keys"])
    if "error" in case:
        with pytest.raises(queries.QueryFileError) as raised:
            queries.parse(case["file"], case["text"], keys)
        assert str(raised.value) == case["error"]
    else:
        parsed = queries.parse(case["file"], case["text"], keys)
        fields = {k: v for k, v in parsed.fields.items() if k not in ("name", "description")}
        expect = case["expect"]
        assert (parsed.fields["name"], parsed.fields["description"], fields, parsed.query) == (
            expect["name"],
            expect["description"],
            expect["fields"],
            expect["query"],
        )


def test_a_query_file_is_read_with_the_athena_keys_and_refused_by_path(tmp_path: Path) -> None:
    path = tmp_path / "q.sql"
    path.write_text("-- name: Q\n-- description: d\n--   note: indented.\nSELECT 1\n")
    assert queries.read(path) == queries.NamedQuery(path, "Q", "d note: indented.", "SELECT 1")
    path.write_text("-- name: Q\n-- description: d\n-- log-groups: trail\nSELECT 1\n")
    with pytest.raises(queries.QueryFileError) as raised:
        queries.read(path)
    assert str(raised.value).startswith(f'{path}: line 3: unknown header key "log-groups";')


def test_the_day_range_needs_exactly_one_dt_between(tmp_path: Path) -> None:
    query = queries.NamedQuery(tmp_path / "x.sql", "x", "y", "SELECT 1 FROM alb WHERE dt = 'a'")
    with pytest.raises(queries.QueryFileError, match="bounds dt with 0 BETWEEN ranges"):
        queries.to_duckdb(query, ("2025-06-02", "2025-06-02"))
    assert "dt = 'a'" in queries.to_duckdb(query)


def test_the_runner_changes_only_the_dt_range() -> None:
    sql = (
        "SELECT count_if(s >= 500) AS n, sum(CASE WHEN s >= 500 THEN 1 ELSE 0 END) AS m"
        " FROM t WHERE dt BETWEEN 'a' AND 'b'"
    )
    query = queries.NamedQuery(Path("q.sql"), "q", "d", sql)
    assert (
        queries.to_duckdb(query, ("2025-06-02", "2025-06-02"))
        == sqlglot.transpile(
            sql.replace("'a' AND 'b'", "'2025-06-02' AND '2025-06-02'"),
            read="athena",
            write="duckdb",
            pretty=True,
        )[0]
    )


def test_hive_types_map_to_duckdb_at_any_depth() -> None:
    assert lake.duck_type("struct<type:string, ctx:struct<n:int>, tags:array<string>>") == (
        'STRUCT("type" VARCHAR, "ctx" STRUCT("n" INTEGER), "tags" VARCHAR[])'
    )
    assert lake.duck_type("map<string,bigint>") == "MAP(VARCHAR, BIGINT)"
    with pytest.raises(lake.LakeError, match="'interval' has no DuckDB equivalent"):
        lake.duck_type("interval")


def test_every_dataset_is_a_view_with_its_schema_columns(tmp_path: Path) -> None:
    con, _ = lake.connect(tmp_path)
    for dataset in lake.datasets():
        described = con.execute(f'DESCRIBE "{dataset}"').fetchall()
        schema = lake.table(dataset)
        # DuckDB prints struct field names quoted only where they are keywords ("type").
        assert [(c[0], c[1].replace('"', "")) for c in described] == [
            (c.name, lake.duck_type(c.type).replace('"', "")) for c in schema.all_columns
        ]


def test_gate_verdict_lines() -> None:
    gate = {
        "pack": {"name": "aws-logging-guardrails", "version": "0.1.0"},
        "stack": "logging-platform/dev",
        "policies": 41,
        "summary": {"mandatory": 0, "advisory": 1},
        "passed": True,
        "findings": [
            {
                "policy": "s3-encryption",
                "level": "advisory",
                "severity": "high",
                "controls": ["CKV_AWS_145"],
                "resourceType": "aws.s3.Bucket",
                "resourceName": "log-archive-elb-eu-west-1",
                "message": '… Exempted by tag logging:exempt:s3-encryption: "ELB".',
            }
        ],
    }
    assert stack.verdict(gate) == [
        "policy gate aws-logging-guardrails@0.1.0 on logging-platform/dev: passes (41 policies;"
        " 0 mandatory, 1 advisory findings)",
        "  advisory  high     s3-encryption [CKV_AWS_145]  aws.s3.Bucket"
        " log-archive-elb-eu-west-1  (exempted)",
    ]


def test_answer_table_aligns_numbers_and_shortens_long_text() -> None:
    rows = [
        ("a" * 70, 5, datetime.datetime(2025, 6, 2, 2, 0, 13), None),
        ("b", 12, datetime.datetime(2025, 6, 2, 2, 0, 13, 250000), "x\ny"),
    ]
    assert table.render(["text", "n", "at", "note"], rows).splitlines() == [
        "text" + " " * 56 + "   n  at                       note",
        "-" * 60 + "  --  -----------------------  ----",
        "a" * 59 + "…   5  2025-06-02 02:00:13",
        "b" + " " * 59 + "  12  2025-06-02 02:00:13.250  x⏎y",
    ]
    assert table.render(["n"], []) == "(no rows)"
