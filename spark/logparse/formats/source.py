"""A declared format as a source of the job (the contract of ``logparse/model.py``): its read
mode, its one dataset, the globs of its key layout, and its SQL parser."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from pyspark.sql import DataFrame, SparkSession

from logparse.formats import jvm, sql
from logparse.formats.model import Format


@dataclass(frozen=True)
class FormatSource:
    fmt: Format

    @property
    def READ_MODE(self) -> str:
        return "lines" if self.fmt.record is None else "files"

    @property
    def DATASETS(self) -> tuple[str, ...]:
        return (self.fmt.dataset,)

    @property
    def SELECT_DAY_BY(self) -> str | None:
        """A layout without the day selects a day's objects by their modification time."""
        return None if self.fmt.keys.has_date else "modification_time"

    def input_globs(self, root: str, day: datetime.date | None) -> list[str]:
        return [self.fmt.keys.glob(root, day)]

    def parse(self, raw: DataFrame) -> dict[str, DataFrame]:
        return sql.parse(self.fmt, raw)

    def read_jvm(
        self, spark: SparkSession, paths: list[str], damage_log: str | None
    ) -> dict[str, DataFrame]:
        """The rows of ``paths`` parsed by the JVM library's declared-format parser."""
        return {self.fmt.dataset: jvm.read(spark, self.fmt, paths, damage_log)}
