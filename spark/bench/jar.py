"""The benchmarks measure the parsers in the sources, not a jar left from before a change."""

from __future__ import annotations

from pathlib import Path

JVM_DIR = Path(__file__).resolve().parents[1] / "jvm"


class StaleJarError(RuntimeError):
    """The jar is older than a source it is built from."""


def newer_sources(jar: Path, sources: Path = JVM_DIR) -> list[Path]:
    """The files of ``sources``' ``pom.xml`` and ``src/`` modified after ``jar`` was built,
    oldest first."""
    built = jar.stat().st_mtime
    candidates = [sources / "pom.xml", *(sources / "src").rglob("*")]
    newer = [p for p in candidates if p.is_file() and p.stat().st_mtime > built]
    return sorted(newer, key=lambda p: p.stat().st_mtime)


def require_fresh(jar: Path, sources: Path = JVM_DIR) -> None:
    """Raises StaleJarError naming the newest source when ``jar`` predates one of them."""
    newer = newer_sources(jar, sources)
    if newer:
        raise StaleJarError(
            f"{jar} is older than {len(newer)} of its sources (newest: "
            f"{newer[-1].relative_to(sources)}): the benchmark would time the parsers as they "
            "were. Run `make jar` first."
        )
