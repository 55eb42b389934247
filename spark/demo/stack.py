"""Step 1: the ``dev`` stack synthesized offline (its inventory) and the policy gate's
verdict on it — the project's two Node tools, run side by side since each mostly waits on
its own TypeScript start-up."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class StackStepError(RuntimeError):
    """A Node tool that could not run or failed for a reason other than the gate's verdict."""


@dataclass(frozen=True)
class StackReport:
    inventory: str
    gate: dict[str, Any]


def _npm() -> str:
    npm = shutil.which("npm")
    if npm is None:
        raise StackStepError(
            "npm is not on PATH: the stack synthesis and policy gate need Node.js 20 and the"
            " repository's node_modules (`make demo` installs them)"
        )
    return npm


def run(repo: Path, stack: str = "dev") -> StackReport:
    """``npm run preview:offline`` and ``npm run policy:check --format json`` on ``stack``."""
    npm = _npm()
    commands = {
        "preview:offline": [npm, "run", "--silent", "preview:offline", "--", "--stack", stack],
        "policy:check": [
            *(npm, "run", "--silent", "policy:check", "--", "--stack", stack),
            *("--format", "json"),
        ],
    }
    procs = {
        name: subprocess.Popen(cmd, cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for name, cmd in commands.items()
    }
    results = {name: p.communicate() for name, p in procs.items()}
    preview_out, preview_err = results["preview:offline"]
    if procs["preview:offline"].returncode != 0:
        raise StackStepError(
            f"npm run preview:offline -- --stack {stack} exited"
            f" {procs['preview:offline'].returncode}: {preview_err.decode().strip()}"
        )
    gate_out, gate_err = results["policy:check"]
    # 0: the gate passes, 1: mandatory findings; both are verdicts to show. 2 is a usage or
    # configuration error.
    if procs["policy:check"].returncode not in (0, 1):
        raise StackStepError(
            f"npm run policy:check -- --stack {stack} exited"
            f" {procs['policy:check'].returncode}: {gate_err.decode().strip()}"
        )
    try:
        gate = json.loads(gate_out)
    except ValueError as e:
        raise StackStepError(f"policy:check --format json printed no JSON report: {e}") from e
    return StackReport(preview_out.decode().rstrip(), gate)


def verdict(gate: dict[str, Any]) -> list[str]:
    """The gate's report in a few lines: pass or fail, counts, and one line per finding."""
    pack = gate["pack"]
    summary = gate["summary"]
    outcome = "passes" if gate["passed"] else "FAILS"
    lines = [
        f"policy gate {pack['name']}@{pack['version']} on {gate['stack']}: {outcome}"
        f" ({gate['policies']} policies; {summary['mandatory']} mandatory,"
        f" {summary['advisory']} advisory findings)"
    ]
    for f in gate["findings"]:
        exempted = "  (exempted)" if "Exempted by tag" in f["message"] else ""
        controls = ", ".join(f["controls"])
        lines.append(
            f"  {f['level']:<9} {f['severity']:<8} {f['policy']} [{controls}]"
            f"  {f['resourceType']} {f['resourceName']}{exempted}"
        )
    return lines
