"""The demo corpus: every source's generator run into one archive, sized by ``DEMO_MB``, and
the manifest of what was written — files, the exact outcome the job must report for every
record, and the planted incidents."""

from __future__ import annotations

import dataclasses
import datetime
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Final

from demo.sources import (
    alb,
    cloudtrail,
    cloudwatch,
    emr,
    legacy_app,
    nginx_access,
    redshift,
    s3access,
    vpcflow,
)
from synth import incidents
from synth.archive import SourceFiles
from synth.world import DAY

GENERATORS: Final[dict[str, ModuleType]] = {
    "cloudtrail": cloudtrail,
    "vpcflow": vpcflow,
    "alb": alb,
    "s3access": s3access,
    "redshift": redshift,
    "emr": emr,
    "cloudwatch": cloudwatch,
    "legacy_app": legacy_app,
    "nginx_access": nginx_access,
}
"""In the job's source order: the built-in sources, then the formats declared in formats/."""
SHARES: Final = {
    "cloudtrail": 0.28,
    "vpcflow": 0.16,
    "alb": 0.15,
    "s3access": 0.11,
    "redshift": 0.07,
    "emr": 0.07,
    "cloudwatch": 0.07,
    "legacy_app": 0.05,
    "nginx_access": 0.04,
}
"""Each source's part of the corpus's uncompressed size (before its minimum record count)."""
MB: Final = 1024 * 1024


@dataclass(frozen=True)
class Manifest:
    """What the corpus holds: the run parameters, per source the files written and the
    counts the job's summary must report, and the planted incidents."""

    day: str
    seed: int
    mb: float
    sources: dict[str, dict[str, Any]]
    incidents: dict[str, dict[str, Any]]

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=2) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def planted() -> dict[str, dict[str, Any]]:
    """The incidents as plain JSON values, with derived times (``last``) included."""
    out = {}
    for name, incident in incidents.ALL.items():
        facts = dataclasses.asdict(incident)
        for field in ("bad_gateway", "server_error", "burst"):
            burst = getattr(incident, field, None)
            if burst is not None:
                facts[field]["last"] = burst.last
        if isinstance(incident, incidents.WebScanner):
            facts["last"] = incident.last
        if isinstance(incident, incidents.AccessDeniedBurst):
            for calls, doc in zip(incident.calls, facts["calls"], strict=True):
                doc["last"] = calls.last
        out[name] = _plain(facts)
    return out


def generate(
    root: Path,
    mb: float,
    seed: int,
    on_source: Callable[[str, SourceFiles], None] | None = None,
) -> Manifest:
    """Replace ``root`` with a corpus of about ``mb`` MiB of uncompressed logs; the same
    ``mb`` and ``seed`` give the same bytes. ``on_source`` is told about each source as soon
    as it is written."""
    if mb <= 0:
        raise ValueError(f"DEMO_MB must be a positive number of MiB, got {mb}")
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    sources = {}
    for name, module in GENERATORS.items():
        files = module.generate(root, int(mb * MB * SHARES[name]), seed)
        sources[name] = files.summary() | {"text_bytes": files.text_bytes}
        if on_source is not None:
            on_source(name, files)
    return Manifest(day=DAY.isoformat(), seed=seed, mb=mb, sources=sources, incidents=planted())
