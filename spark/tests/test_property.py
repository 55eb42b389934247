"""Property: mutated, truncated and garbage input never crashes the job, and its accounting
matches what was written (lines in, records out, rejects) exactly.

Each example is one job run over many generated lines, so the Spark cost is per example,
not per line."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyspark.sql import SparkSession

from logparse import job
from tests import corpus as c

DAY = "2024-01-15"
SEED_LINES = [
    c.connection_line("Mon, 15 Jan 2024 10:01:55:177"),
    c.activity_record("2024-01-15T10:06:07Z", 918274, "select 1;"),
    "REPORT RequestId: r-1\tDuration: 1.40 ms\tBilled Duration: 2 ms\tMemory Size: 128 MB"
    "\tMax Memory Used: 52 MB\t",
    "24/01/15 10:22:33 ERROR Executor: Exception in task 3.0 in stage 7.0 (TID 41)",
    "h2 2024-01-15T10:22:33.123456Z app/web/50dc6c495c0c9188 [2001:db8::1]:443 10.0.0.5:80 0.001"
    ' 0.002 0.000 200 200 34 366 "GET https://www.example.com:443/a b HTTP/1.1" "curl/8.4.0"'
    " ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 arn:aws:elasticloadbalancing:eu-west-1:111122223333:"
    'targetgroup/web/73e2d6bc24d8a067 "Root=1-65a4-abc" "www.example.com" "-" 0'
    ' 2024-01-15T10:22:33.120000Z "forward" "-" "-" "10.0.0.5:80" "200" "-" "-" TID_1',
]


def mutate(line: str, cut: int, insert: str, where: int) -> str:
    at = where % (len(line) + 1)
    return (line[:at] + insert + line[at:])[: max(0, len(line) - cut)]


line_strategy = st.one_of(
    st.builds(
        mutate,
        st.sampled_from(SEED_LINES),
        st.integers(0, 40),
        st.text(
            alphabet=st.sampled_from(list("|\t []{}\"':=-0123456789aZ\u00e9\u2603")), max_size=6
        ),
        st.integers(0, 400),
    ),
    st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
        max_size=60,
    ),
    st.sampled_from(SEED_LINES),
)


@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=st.lists(line_strategy, min_size=20, max_size=60))
def test_garbage_never_crashes_and_accounting_is_exact(
    spark: SparkSession, tmp_path: Path, lines: list[str]
) -> None:
    root, out = tmp_path / "archive", tmp_path / "lake"
    shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    text = "\n".join(lines) + "\n"
    c.write_gz(c.redshift_key(root, DAY, "connectionlog"), text)
    c.write_gz(c.redshift_key(root, DAY, "useractivitylog"), text)
    c.write_with_mtime(c.emr_key(root), text, DAY)
    ms = itertools.count(1705314153000)
    c.write_gz(c.cloudwatch_key(root, DAY), c.cloudwatch_payload([(next(ms), ln) for ln in lines]))
    c.write_gz(c.cloudwatch_key(root, DAY, 1), text[:200])
    c.write_gz(
        c.cloudtrail_key(root, DAY, "20240115T1025Z"),
        json.dumps({"Records": [c.ct_record(str(i), line, line) for i, line in enumerate(lines)]}),
    )
    alb_key = (
        root
        / "AWSLogs"
        / c.ACCOUNT
        / "elasticloadbalancing"
        / c.REGION
        / "2024"
        / "01"
        / "15"
        / f"{c.ACCOUNT}_elasticloadbalancing_{c.REGION}_app.web.50dc6c495c0c9188_20240115T1025Z"
        "_10.0.0.9_2x3y4z.log.gz"
    )
    c.write_gz(alb_key, text)

    code, doc = job.run(
        spark,
        job.parse_args(
            [
                "--source",
                "cloudtrail,alb,redshift,emr,cloudwatch",
                "--input",
                str(root),
                "--output",
                str(out),
                "--date",
                DAY,
            ]
        ),
    )

    assert code in (0, 1)
    sources = doc["sources"]
    assert sources["alb"]["lines_in"] == len(lines)
    assert sources["cloudtrail"]["records_in"] == len(lines)
    connection = sources["redshift"]["datasets"]["redshift_connectionlog"]
    assert connection["records_in"] + connection["skipped"] == len(lines)
    cloudwatch = sources["cloudwatch"]
    # Every log event is a record; the garbage object is one more row (reject or skip).
    assert cloudwatch["records_in"] + cloudwatch["skipped"] == len(lines) + 1
    for name, s in sources.items():
        assert s["records_in"] == s["records_out"] + s["rejected"], name
        assert s["files_unreadable"] == 0, name
        written = 0
        for dataset in s["datasets"]:
            path = out / dataset
            if path.exists():
                written += spark.read.parquet(str(path)).count()
        assert written == s["records_out"], name
        rejects = out / "_rejects" / name
        stored = spark.read.parquet(str(rejects)).count() if rejects.exists() else 0
        assert stored == s["rejected"], name
