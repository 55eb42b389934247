"""Sources that read whole objects explode them into records; the object's (or a payload's)
text must not ride along into every record row. A 50 MB CloudTrail object holds ~50,000
records and a CloudWatch payload up to 10,000 events: carried past the explode, one object
needs gigabytes of executor memory (both parsers did, until fixed)."""

from __future__ import annotations

import json
import re

import pytest
from pyspark.sql import DataFrame, SparkSession

from logparse.sources import load_source
from tests.rows import raw_frame

# Columns holding the text of a whole object or of a whole subscription payload.
WHOLE_TEXT = ("value", "file_text", "payload_text")

OBJECTS = {
    "cloudtrail": (
        "s3://archive/AWSLogs/o-a1b2c3d4e5/111122223333/CloudTrail/eu-west-1/2024/01/15/"
        "111122223333_CloudTrail_eu-west-1_20240115T1000Z_a1.json.gz",
        json.dumps({"Records": [{"eventTime": "2024-01-15T10:00:00Z"}] * 3}),
    ),
    "cloudwatch": (
        "s3://archive/AWSLogs/111122223333/cloudwatch/eu-west-1/2024/01/15/10/"
        "logs-1-2024-01-15-10-00-00-a1.gz",
        json.dumps(
            {
                "messageType": "DATA_MESSAGE",
                "owner": "111122223333",
                "logGroup": "/aws/lambda/orders",
                "logStream": "2024/01/15/[$LATEST]abc",
                "subscriptionFilters": ["archive"],
                "logEvents": [
                    {"id": str(i), "timestamp": 1705312800000 + i, "message": f"line {i}"}
                    for i in range(3)
                ],
            }
        ),
    ),
}


def carried_past_explodes(df: DataFrame) -> list[list[str]]:
    """For each Generate node of the physical plan, the child columns it copies into every
    row it generates (names without expression ids)."""
    plan = str(df._jdf.queryExecution().executedPlan().toString())
    carried = []
    for node in re.finditer(r"Generate (.*?), (?:true|false), \[", plan, re.S):
        columns = node.group(1)
        columns = columns[columns.rindex("[") + 1 :].rstrip("]")
        carried.append([c.strip().split("#")[0] for c in columns.split(",") if c.strip()])
    return carried


@pytest.mark.parametrize("source", sorted(OBJECTS))
def test_record_rows_do_not_carry_whole_texts(spark: SparkSession, source: str) -> None:
    key, body = OBJECTS[source]
    [out] = load_source(source).parse(raw_frame(spark, [(key, body)])).values()

    explodes = carried_past_explodes(out)

    assert explodes, "expected the records to come from an explode"
    for carried in explodes:
        assert "source_file" in carried
        assert not set(carried) & set(WHOLE_TEXT), carried
    assert out.where("_status = 'ok'").count() == 3
