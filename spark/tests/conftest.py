"""One local SparkSession for the whole test run (starting a JVM costs seconds), built as the
job builds its own, with what the tests deliberately do differently passed explicitly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pyspark.sql import SparkSession

from logparse.session import build_session

TEST_CONF = {
    # Test data is small: two shuffle partitions and two tasks instead of 200 and one per core.
    "spark.sql.shuffle.partitions": "2",
    "spark.default.parallelism": "2",
    "spark.ui.enabled": "false",
    "spark.driver.memory": "2g",
}


@pytest.fixture(scope="session")
def spark() -> Iterator[SparkSession]:
    session = build_session("logparse-tests", "local[2]", TEST_CONF, log_level="ERROR")
    yield session
    session.stop()
