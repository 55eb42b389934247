"""Run accounting: per source and per file, records in / out / rejected by reason / skipped
by reason, the files that yielded nothing and why, the files read only in part (and how many
lines they gave), the partitions registered in the catalog, and the exit code the numbers
imply."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from logparse.catalog import Registration
from logparse.integrity import Damage
from logparse.model import OK, REJECT, SKIP
from logparse.reader import (
    CORRUPT_GZIP,
    NO_ROWS,
    TRUNCATED_GZIP,
    UNREADABLE_FILE,
    InputFile,
    ProbeResult,
    canonical,
)

EXIT_OK = 0
EXIT_REJECT_RATIO = 1
EXIT_USAGE = 2
EXIT_UNREADABLE_FILES = 3
EXIT_CATALOG = 4
EXIT_DAMAGED_FILES = 5

UNREADABLE_REASONS = frozenset({CORRUPT_GZIP, TRUNCATED_GZIP, UNREADABLE_FILE, NO_ROWS})


@dataclass
class Tally:
    """Counts for one file, one dataset or one source."""

    records_out: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)

    def add(self, status: str, reason: str | None, n: int) -> None:
        if status == OK:
            self.records_out += n
        elif status == REJECT:
            self.rejected[reason or "unknown"] += n
        elif status == SKIP:
            self.skipped[reason or "unknown"] += n
        else:
            raise ValueError(f"row status {status!r}; expected ok, reject or skip")

    @property
    def records_in(self) -> int:
        return self.records_out + sum(self.rejected.values())

    @property
    def rows(self) -> int:
        return self.records_in + sum(self.skipped.values())

    @property
    def reject_ratio(self) -> float:
        return sum(self.rejected.values()) / self.records_in if self.records_in else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "records_in": self.records_in,
            "records_out": self.records_out,
            "rejected": sum(self.rejected.values()),
            "skipped": sum(self.skipped.values()),
            "rejected_by_reason": dict(sorted(self.rejected.items())),
            "skipped_by_reason": dict(sorted(self.skipped.items())),
        }


@dataclass(frozen=True)
class GroupCount:
    """One row of the per-dataset aggregation: rows of a file with one status, reason and
    event day."""

    dataset: str
    source_file: str
    status: str
    reason: str | None
    dt: str | None
    partition: tuple[str | None, ...]
    count: int


def written_partitions(
    groups: Sequence[GroupCount], dataset: str, run_day: str | None
) -> set[tuple[str | None, ...]]:
    """The partition values the job writes for ``dataset``: those of its ok rows, with ``dt``
    the run day when the run is for one day."""
    return {
        g.partition if run_day is None else (run_day, *g.partition[1:])
        for g in groups
        if g.dataset == dataset and g.status == OK
    }


def source_summary(
    source: str,
    read_mode: str,
    datasets: tuple[str, ...],
    listed: list[InputFile],
    groups: list[GroupCount],
    probes: dict[str, ProbeResult],
    run_day: str | None,
    damaged: Sequence[Damage] = (),
) -> dict[str, Any]:
    total = Tally()
    per_dataset: dict[str, Tally] = {}
    per_file: dict[str, Tally] = {canonical(f.path): Tally() for f in listed}
    out_of_day = 0
    for g in groups:
        total.add(g.status, g.reason, g.count)
        per_dataset.setdefault(g.dataset, Tally()).add(g.status, g.reason, g.count)
        per_file.setdefault(canonical(g.source_file), Tally()).add(g.status, g.reason, g.count)
        if g.status == OK and run_day is not None and g.dt != run_day:
            out_of_day += g.count
    files_skipped = [
        {"path": path, "reason": probe.reason, "detail": probe.detail}
        for path, probe in sorted(probes.items())
    ]
    for path, tally in sorted(per_file.items()):
        if path in probes or tally.rows == 0 or tally.records_in > 0:
            continue
        reasons = ", ".join(sorted(tally.skipped))
        files_skipped.append({"path": path, "reason": reasons, "detail": "no records in the file"})
    files_skipped.sort(key=lambda f: f["path"])
    summary: dict[str, Any] = {
        "read_mode": read_mode,
        "files_listed": len(listed),
        "bytes_listed": sum(f.size for f in listed),
        "files_read": sum(1 for t in per_file.values() if t.rows > 0),
        "files_unreadable": sum(1 for p in probes.values() if p.reason in UNREADABLE_REASONS),
        "files_damaged": len(damaged),
    }
    if read_mode == "lines":
        summary["lines_in"] = total.rows
    summary.update(total.as_dict())
    summary["reject_ratio"] = round(total.reject_ratio, 6)
    if run_day is not None:
        summary["out_of_day"] = out_of_day
    summary["datasets"] = {
        ds: {
            **per_dataset.get(ds, Tally()).as_dict(),
            "partitions": len(written_partitions(groups, ds, run_day)),
        }
        for ds in datasets
    }
    summary["files_skipped"] = files_skipped
    summary["damaged_files"] = [
        {
            "path": canonical(d.path),
            "reason": d.reason,
            "detail": d.detail,
            "lines_read": d.lines_read,
        }
        for d in sorted(damaged, key=lambda d: d.path)
    ]
    damage = {canonical(d.path): d.reason for d in damaged}
    summary["files"] = {
        path: {
            **({"lines_in": tally.rows} if read_mode == "lines" else {}),
            **tally.as_dict(),
            **({"damage": damage[path]} if path in damage else {}),
        }
        for path, tally in sorted(per_file.items())
    }
    return summary


def add_catalog(source: dict[str, Any], registrations: Sequence[Registration]) -> None:
    """Record in a source's summary what the run registered (``--catalog-database`` only):
    ``partitions_registered`` per dataset, and ``catalog`` keyed by table (the datasets' and
    any raw table's) with the partitions to register, how many were, and the error."""
    for r in registrations:
        if r.table in source["datasets"]:
            source["datasets"][r.table]["partitions_registered"] = r.registered
    source["catalog"] = {r.table: r.as_dict() for r in registrations}


def catalog_failures(sources: dict[str, dict[str, Any]]) -> list[str]:
    return [
        f"{name}: catalog table {t['table']}: {t['registered']} of {t['partitions']} partitions"
        f" registered: {t['error']}"
        for name, s in sources.items()
        for t in s.get("catalog", {}).values()
        if t["error"] is not None
    ]


def totals(sources: dict[str, dict[str, Any]]) -> dict[str, Any]:
    keys = (
        "files_listed",
        "files_read",
        "files_unreadable",
        "files_damaged",
        "records_in",
        "records_out",
    )
    out: dict[str, Any] = {k: sum(s[k] for s in sources.values()) for k in keys}
    out["rejected"] = sum(s["rejected"] for s in sources.values())
    out["skipped"] = sum(s["skipped"] for s in sources.values())
    out["reject_ratio"] = (
        round(out["rejected"] / out["records_in"], 6) if out["records_in"] else 0.0
    )
    return out


_DAMAGE_CONSEQUENCE = {
    TRUNCATED_GZIP: "the rest of the file is lost",
    CORRUPT_GZIP: "the lines read may hold corrupt data and the rest of the file is lost",
}


def damage_messages(sources: dict[str, dict[str, Any]]) -> list[str]:
    return [
        f"{name}: {f['path']}: {f['reason']} after {f['lines_read']} lines ({f['detail']});"
        f" {_DAMAGE_CONSEQUENCE.get(f['reason'], 'the rest of the file is lost')}"
        for name, s in sources.items()
        for f in s.get("damaged_files", [])
    ]


def verdict(
    sources: dict[str, dict[str, Any]], max_reject_ratio: float
) -> tuple[int, str, list[str]]:
    """``(exit code, status, messages)``: the reject ratio is checked per source, so a noisy
    small source is not hidden by a large clean one; unreadable files come next, then files
    read only in part, then partitions the catalog did not take. Files read in part and
    catalog failures are always among the messages."""
    code, status, messages = _data_verdict(sources, max_reject_ratio)
    damaged = damage_messages(sources)
    if damaged and code == EXIT_OK:
        code, status, messages = EXIT_DAMAGED_FILES, "damaged_files", damaged
    elif damaged:
        messages = messages + damaged
    failed = catalog_failures(sources)
    if failed and code == EXIT_OK:
        return EXIT_CATALOG, "catalog_registration_failed", failed
    return code, status, messages + failed


def _data_verdict(
    sources: dict[str, dict[str, Any]], max_reject_ratio: float
) -> tuple[int, str, list[str]]:
    over = [
        f"{name}: reject ratio {s['reject_ratio']:.6f} > {max_reject_ratio}"
        f" ({s['rejected']} of {s['records_in']} records)"
        for name, s in sources.items()
        if s["reject_ratio"] > max_reject_ratio
    ]
    if over:
        return EXIT_REJECT_RATIO, "reject_ratio_exceeded", over
    unreadable = [
        f"{name}: {f['path']}: {f['reason']} ({f['detail']})"
        for name, s in sources.items()
        for f in s["files_skipped"]
        if f["reason"] in UNREADABLE_REASONS
    ]
    if unreadable:
        return EXIT_UNREADABLE_FILES, "unreadable_files", unreadable
    return EXIT_OK, "ok", []
