"""Every source the benchmark covers: its corpus generator and its Python-UDF baseline.

Line formats (one input row per line) have their corpus writer in :mod:`bench.corpus` (lines
from :mod:`synth.lines`) and their UDFs in :mod:`bench.udf`; file formats (one input row per
file) a module of each per source; declared formats (``formats/*.yaml`` and the variants in
``bench/formats/``) their corpus in :mod:`bench.corpus_declared` and no UDF baseline.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Final

from pyspark.sql import DataFrame

from bench import (
    corpus,
    corpus_cloudtrail,
    corpus_cloudwatch,
    corpus_declared,
    corpus_emr,
    corpus_redshift,
    udf,
    udf_cloudtrail,
    udf_cloudwatch,
    udf_emr,
    udf_redshift,
)
from bench.corpus import Corpus
from bench.file_udf import FileUdf, parsed_records
from logparse.formats.source import FormatSource
from logparse.sources import load_source
from synth.lines import GENERATORS

LINE_FORMATS: Final = tuple(GENERATORS)
_FILE_CORPORA: Final[dict[str, Callable[[Path, float, int], Corpus]]] = {
    "cloudtrail": corpus_cloudtrail.write_corpus,
    "redshift": corpus_redshift.write_corpus,
    "emr": corpus_emr.write_corpus,
    "cloudwatch": corpus_cloudwatch.write_corpus,
}
_FILE_UDFS: Final[dict[str, Mapping[str, FileUdf]]] = {
    "cloudtrail": udf_cloudtrail.UDFS,
    "redshift": udf_redshift.UDFS,
    "emr": udf_emr.UDFS,
    "cloudwatch": udf_cloudwatch.UDFS,
}
FILE_FORMATS: Final = tuple(_FILE_CORPORA)
DECLARED_FORMATS: Final = corpus_declared.DECLARED
SOURCES: Final = LINE_FORMATS + FILE_FORMATS + DECLARED_FORMATS
"""Every source with a generator, in the order ``--source all`` runs them."""


def source_module(source: str) -> Any:
    """What the job runs for ``source``: its parser module, or a declared format's source."""
    if source in DECLARED_FORMATS:
        return FormatSource(corpus_declared.declaration(source))
    return load_source(source)


def _known(source: str) -> None:
    if source not in SOURCES:
        raise ValueError(f"no corpus generator for source {source!r}; expected one of {SOURCES}")


def write_corpus(source: str, root: Path, mb: float, seed: int = 7) -> Corpus:
    """About ``mb`` MiB of uncompressed ``source`` logs under ``root``; the same seed gives
    the same bytes."""
    _known(source)
    if source in LINE_FORMATS:
        return corpus.write_corpus(source, root, mb, seed)
    if source in DECLARED_FORMATS:
        return corpus_declared.write_corpus(source, root, mb, seed)
    return _FILE_CORPORA[source](root, mb, seed)


def parse_with_udf(source: str, raw: DataFrame) -> list[DataFrame]:
    """The baseline's output frames (one per dataset) for the job reader's ``raw``."""
    _known(source)
    if source in LINE_FORMATS:
        return [udf.parse_with_udf(source, raw)]
    return [u.frame(raw) for u in _FILE_UDFS[source].values()]


def udf_records_parsed(source: str, raw: DataFrame) -> int:
    """Records the baseline parsed: lines its regex or split matched, or (file formats)
    records it returned with a parsed time."""
    _known(source)
    if source in LINE_FORMATS:
        return udf.udf_rows_parsed(source, raw)
    return parsed_records(parse_with_udf(source, raw))
