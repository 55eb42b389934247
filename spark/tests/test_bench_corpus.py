"""The benchmark corpus is stored the way AWS delivers each source, so the job's reader (which
picks the codec from the file name) reads it like real archive objects."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from bench.corpus import write_corpus


@pytest.mark.parametrize(
    ("source", "gzipped"), [("alb", True), ("vpcflow", True), ("s3access", False)]
)
def test_objects_are_compressed_exactly_when_their_name_ends_in_gz(
    tmp_path: Path, source: str, gzipped: bool
) -> None:
    corpus = write_corpus(source, tmp_path, mb=0.05)
    assert corpus.files
    for name in corpus.files:
        path = Path(name)
        body = path.read_bytes()
        assert path.name.endswith(".gz") == gzipped
        assert body.startswith(b"\x1f\x8b") == gzipped
        text = gzip.decompress(body) if gzipped else body
        assert text.decode().count("\n") == corpus.rows
