"""The benchmarks refuse a jar older than its sources: they would time the parsers as they
were before the change being measured."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bench.jar import StaleJarError, newer_sources, require_fresh


def _tree(root: Path) -> tuple[Path, Path]:
    src = root / "jvm" / "src" / "main" / "java" / "logplatform"
    src.mkdir(parents=True)
    (root / "jvm" / "pom.xml").write_text("<project/>")
    parser = src / "AlbParser.java"
    parser.write_text("final class AlbParser {}")
    jar = root / "jvm" / "target" / "awslogs-1.0.0.jar"
    jar.parent.mkdir()
    jar.write_bytes(b"PK")
    return jar, parser


def _age(path: Path, seconds_ago: float) -> None:
    t = path.stat().st_mtime - seconds_ago
    os.utime(path, (t, t))


def test_a_jar_built_after_every_source_is_fresh(tmp_path: Path) -> None:
    jar, parser = _tree(tmp_path)
    _age(parser, 60)
    _age(tmp_path / "jvm" / "pom.xml", 60)
    assert newer_sources(jar, tmp_path / "jvm") == []
    require_fresh(jar, tmp_path / "jvm")


def test_a_source_edited_after_the_build_names_itself(tmp_path: Path) -> None:
    jar, _ = _tree(tmp_path)
    _age(jar, 60)
    _age(tmp_path / "jvm" / "pom.xml", 120)
    with pytest.raises(StaleJarError) as e:
        require_fresh(jar, tmp_path / "jvm")
    assert "older than 1 of its sources" in str(e.value)
    assert "src/main/java/logplatform/AlbParser.java" in str(e.value)
    assert "Run `make jar` first." in str(e.value)
