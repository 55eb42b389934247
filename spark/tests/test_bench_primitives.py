"""The primitive-cost benchmark measures what its labels say: each expression runs on the
ALB tokens it names and yields the value the parsers would get from it."""

from __future__ import annotations

import datetime as dt
import random

from pyspark.sql import SparkSession

from bench.primitives import _TOKENS, PRIMITIVES, table
from synth.lines import alb_line


def test_each_primitive_evaluates_on_a_generated_alb_line(spark: SparkSession) -> None:
    line = alb_line(random.Random(3))
    tokens = spark.createDataFrame([(line,)], ["value"]).selectExpr(
        "value", *[f"{expr} AS {name}" for name, expr in _TOKENS.items()]
    )
    [row] = tokens.selectExpr(
        *[f"{expr} AS p{i}" for i, (_, expr, _) in enumerate(PRIMITIVES)]
    ).collect()
    values = dict(zip([label for label, _, _ in PRIMITIVES], row, strict=True))

    fields = line.split(" ")
    assert values["split(line, ' ')"] == fields
    assert values["substring_index(line, ' ', 1)"] == "https"
    assert values["length(line)"] == len(line)
    stamp = dt.datetime.strptime(fields[1], "%Y-%m-%dT%H:%M:%S.%fZ")
    assert values["try_cast(token AS TIMESTAMP), 'Z' token"] == stamp
    assert values["try_cast(token AS TIMESTAMP), zone cut off"] == stamp
    assert values["try_cast(token AS INT)"] == int(fields[8])
    assert values["substring_index(addr:port, ':', -1)"] == fields[3].rsplit(":", 1)[1]


def test_table_lists_each_figure_in_nanoseconds() -> None:
    assert table([("read a line", 2291.6), ("split", 1624.2)]).splitlines() == [
        "| per line | ns (task-thread CPU) |",
        "|---|---:|",
        "| read a line | 2292 |",
        "| split | 1624 |",
    ]
