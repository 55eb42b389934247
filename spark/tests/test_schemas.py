"""Every registered source's datasets have a schema file, and each parse output has exactly
the schema's columns and types followed by the bookkeeping columns."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyspark.sql import SparkSession

from logparse import job
from logparse.model import BOOKKEEPING
from logparse.schema import SchemaError, load_schema
from logparse.sources import SOURCES, load_source
from tests.rows import raw_frame


@pytest.mark.parametrize("name", SOURCES)
def test_parse_output_schema_equals_the_schema_file(spark: SparkSession, name: str) -> None:
    module = load_source(name)
    outputs = module.parse(raw_frame(spark, []))
    assert sorted(outputs) == sorted(module.DATASETS)
    for dataset, df in outputs.items():
        schema = load_schema(dataset)
        assert [f.name for f in df.schema.fields] == [
            *(c.name for c in schema.all_columns),
            *BOOKKEEPING,
        ]
        assert [f.dataType for f in df.schema.fields[: -len(BOOKKEEPING)]] == [
            f.dataType for f in schema.struct.fields
        ]
        job.check_schema(df, dataset)


def test_a_parser_output_that_drifts_from_its_schema_is_named_in_the_error(
    spark: SparkSession,
) -> None:
    df = load_source("emr").parse(raw_frame(spark, []))["emr_logs"]
    drifted = df.withColumn("stage_id", df.stage_id.cast("string"))
    with pytest.raises(job.SchemaMismatchError, match=r"emr_logs.*stage_id int"):
        job.check_schema(drifted, "emr_logs")


def test_a_partition_key_athena_cannot_project_is_refused_with_the_file_named(
    spark: SparkSession, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    schema_file = tmp_path / "by_bucket.json"
    schema_file.write_text(
        '{"dataset": "by_bucket", "columns": [{"name": "key", "type": "string"}],'
        ' "partition_keys": [{"name": "dt", "type": "string"},'
        ' {"name": "bucket", "type": "string"}]}'
    )
    monkeypatch.setenv("LOGPARSE_SCHEMAS", str(tmp_path))
    with pytest.raises(SchemaError, match=r"by_bucket\.json: partition key\(s\) \['bucket'\]"):
        load_schema("by_bucket")
