"""Per-file values: computed once per listed file, and still right for lines of unlisted files."""

from __future__ import annotations

from pathlib import Path

from pyspark.sql import DataFrame, SparkSession

from logparse.model import SOURCE_FILE, VALUE
from logparse.reader import read
from logparse.sources import s3access
from logparse.sources._per_file import with_file_values

# The key's account segment and the file name, as the parsers cut them from a key.
VALUES = {
    "_acct": f"substring_index(substring_index({SOURCE_FILE}, '/', -3), '/', 1)",
    "_name": f"substring_index({SOURCE_FILE}, '/', -1)",
}


def _write(root: Path, account: str, name: str, lines: list[str]) -> str:
    path = root / "AWSLogs" / account / "logs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines))
    return str(path)


def test_file_values_are_joined_to_every_line_of_their_file(
    spark: SparkSession, tmp_path: Path
) -> None:
    files = [
        _write(tmp_path, "111111111111", "a.log", ["a1", "a2", "a3"]),
        _write(tmp_path, "222222222222", "b c.log", ["b1", ""]),
    ]
    raw = read(spark, "lines", files)

    joined = with_file_values(raw, VALUES)
    rows = joined.select(VALUE, "_acct", "_name").collect()

    assert sorted(tuple(r) for r in rows) == [
        ("", "222222222222", "b%20c.log"),
        ("a1", "111111111111", "a.log"),
        ("a2", "111111111111", "a.log"),
        ("a3", "111111111111", "a.log"),
        ("b1", "222222222222", "b%20c.log"),
    ]
    # Computed on the list of files and joined, not cut from every line.
    assert "BroadcastHashJoin" in _plan(joined)


def _plan(df: DataFrame) -> str:
    return str(df._jdf.queryExecution().executedPlan().toString())


def test_lines_of_unlisted_files_get_values_computed_per_line(
    spark: SparkSession, tmp_path: Path
) -> None:
    listed = read(spark, "lines", [_write(tmp_path, "111111111111", "a.log", ["a1"])])
    in_memory = spark.createDataFrame(
        [("m1", "s3://bucket/AWSLogs/333333333333/logs/m.log")], [VALUE, SOURCE_FILE]
    )

    rows = with_file_values(listed.unionByName(in_memory), VALUES).select(VALUE, "_acct", "_name")

    assert sorted(tuple(r) for r in rows.collect()) == [
        ("a1", "111111111111", "a.log"),
        ("m1", "333333333333", "m.log"),
    ]
    per_line = with_file_values(in_memory, VALUES)
    assert per_line.columns == [VALUE, SOURCE_FILE, "_acct", "_name"]
    assert "Join" not in _plan(per_line)


def test_s3_access_partition_values_match_between_file_and_line_paths(
    spark: SparkSession, tmp_path: Path
) -> None:
    line = (
        "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be media-bucket "
        "[02/Jun/2025:10:00:00 +0000] 192.0.2.1 - 3E57427F3EXAMPLE REST.GET.VERSIONING - "
        '"GET /media-bucket?versioning HTTP/1.1" 200 - 113 - 7 - "-" "S3Console/0.4" -'
    )
    key = tmp_path / "s3-access" / "123456789012" / "eu-west-1" / "media-bucket" / "2025/06/02"
    key.mkdir(parents=True)
    path = key / "2025-06-02-10-00-00-0123456789ABCDEF"
    path.write_text(line + "\n")
    from_file = read(spark, "lines", [str(path)])
    source_file = from_file.first()[SOURCE_FILE]
    in_memory = spark.createDataFrame([(line, source_file)], [VALUE, SOURCE_FILE])
    cols = ["account_id", "region", "bucket", "dt", "_status"]

    [via_join] = s3access.parse(from_file)["s3access"].select(cols).collect()
    [per_line] = s3access.parse(in_memory)["s3access"].select(cols).collect()

    assert (
        tuple(via_join)
        == tuple(per_line)
        == (
            "123456789012",
            "eu-west-1",
            "media-bucket",
            "2025-06-02",
            "ok",
        )
    )
