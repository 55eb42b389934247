"""Corpora of the declared formats (``formats/*.yaml``, plus the benchmark's own variants in
``bench/formats/``): nginx combined access-log lines, and the billing service's legacy log,
whose errors carry a stack trace on the lines after them (2% of records), in files of
:data:`bench.corpus.FILE_BYTES` under the declarations' key layouts."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Final

from bench.corpus import FILE_BYTES, Corpus, write_object
from logparse.formats import Format, find, load
from synth.lines import ACCOUNT
from synth.seeded import time_within
from synth.weblogs import (
    BACKGROUND_CODES,
    COMPONENTS,
    TRACE,
    access_line,
    app_record,
    background_record,
)
from synth.world import DAY, REGION

VARIANTS: Final = Path(__file__).resolve().parent / "formats"
DECLARED: Final = ("nginx_access", "nginx_access_pattern", "legacy_app")
"""The declared formats the benchmark covers; the pattern variant reads nginx_access's corpus."""


def declaration(name: str) -> Format:
    """The declared format ``name``: from ``formats/``, or a variant in ``bench/formats/``."""
    found = find(name)
    return found if found is not None else load(VARIANTS / f"{name}.yaml")


def _record(r: random.Random) -> str:
    t = time_within(r, 0, 22)
    if r.random() < 0.02:
        code = r.choice(BACKGROUND_CODES)
        return app_record(t, "ERROR", code, r.choice(COMPONENTS), f"{code} raised", TRACE)
    return background_record(r, t)


def write_corpus(source: str, root: Path, mb: float, seed: int = 7) -> Corpus:
    """About ``mb`` MiB of uncompressed logs of the declared format ``source``."""
    web = source.startswith("nginx_access")
    r = random.Random(f"{'nginx_access' if web else source}:{seed}")
    target = int(mb * 1024 * 1024)
    files: list[str] = []
    total = records = n = 0
    while total < target:
        folder = "web" if web else "billing"
        name = f"access-{n:04d}.log.gz" if web else f"billing-{n:04d}.log.gz"
        path = root / "applogs" / folder / ACCOUNT / REGION / f"{DAY:%Y/%m/%d}" / name
        size = 0
        chunk: list[str] = []
        while size < min(FILE_BYTES, target - total):
            chunk.append(access_line(r) if web else _record(r))
            size += len(chunk[-1]) + 1
        total += write_object(path, "\n".join(chunk) + "\n", True)
        files.append(str(path))
        records += len(chunk)
        n += 1
    return Corpus(files, total, records)
