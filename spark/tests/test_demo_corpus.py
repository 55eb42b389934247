"""The demo corpus without Spark: seeded and sized as asked, and every object where its
source's parser looks for the demo day (EMR by modification time, as the job selects it)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from demo import corpus
from logparse import reader
from logparse.sources import load_source
from synth.world import DAY


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, corpus.Manifest]:
    root = tmp_path_factory.mktemp("corpus") / "archive"
    return root, corpus.generate(root, 6, seed=3)


def digests(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_same_bytes_other_seed_other_background(tmp_path: Path) -> None:
    first = corpus.generate(tmp_path / "a", 0.2, seed=5)
    again = corpus.generate(tmp_path / "b", 0.2, seed=5)
    other = corpus.generate(tmp_path / "c", 0.2, seed=6)
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    assert first == again
    assert digests(tmp_path / "a") != digests(tmp_path / "c")
    assert other.incidents == first.incidents


def test_size_follows_demo_mb(small: tuple[Path, corpus.Manifest]) -> None:
    _, manifest = small
    text = sum(s["text_bytes"] for s in manifest.sources.values())
    assert 0.85 * 6 * corpus.MB <= text <= 1.15 * 6 * corpus.MB, text
    assert all(s["rejected"] >= 3 for s in manifest.sources.values())


def test_every_object_is_listed_by_its_parser_for_the_demo_day(
    small: tuple[Path, corpus.Manifest],
) -> None:
    root, manifest = small
    for name, expected in manifest.sources.items():
        module = load_source(name)
        by_mtime = getattr(module, "SELECT_DAY_BY", None) == "modification_time"
        globs = module.input_globs(str(root), None if by_mtime else DAY)
        # Local paths are listed with Python's glob; no Spark session is needed.
        listed = reader.list_files(None, globs, DAY if by_mtime else None)  # type: ignore[arg-type]
        assert len(listed) == expected["files"], name


def test_size_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="DEMO_MB must be a positive number of MiB, got 0"):
        corpus.generate(tmp_path, 0, seed=1)
