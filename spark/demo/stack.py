"""Step 1: the ``dev`` platform stack synthesized offline (its inventory), the policy gate's
verdict on it, and the whole ``dev`` fleet (the platform stack and one stack per registered
member) synthesized and gated offline — the project's Node tools, run side by side since each
mostly waits on its own TypeScript start-up."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class StackStepError(RuntimeError):
    """A Node tool that could not run or failed for a reason other than the gate's verdict."""


@dataclass(frozen=True)
class StackReport:
    inventory: str
    gate: dict[str, Any]
    fleet: dict[str, Any]


def _npm() -> str:
    npm = shutil.which("npm")
    if npm is None:
        raise StackStepError(
            "npm is not on PATH: the stack synthesis and policy gate need Node.js 20 and the"
            " repository's node_modules (`make demo` installs them)"
        )
    return npm


def run(repo: Path, stack: str = "dev") -> StackReport:
    """``npm run preview:offline``, ``npm run policy:check --format json`` and
    ``npm run fleet -- preview --offline`` on ``stack``."""
    npm = _npm()
    with tempfile.TemporaryDirectory(prefix="demo-fleet-") as scratch:
        fleet_json = Path(scratch) / "fleet.json"
        commands = {
            "preview:offline": [npm, "run", "--silent", "preview:offline", "--", "--stack", stack],
            "policy:check": [
                *(npm, "run", "--silent", "policy:check", "--", "--stack", stack),
                *("--format", "json"),
            ],
            "fleet": [
                *(npm, "run", "--silent", "fleet", "--", "preview", "--stack", stack),
                *("--offline", "--json", str(fleet_json)),
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
        # 0: every stack synthesized and passed the gate, 1: some did not; both are reports.
        _, fleet_err = results["fleet"]
        if procs["fleet"].returncode not in (0, 1) or not fleet_json.exists():
            raise StackStepError(
                f"npm run fleet -- preview --stack {stack} --offline exited"
                f" {procs['fleet'].returncode}: {fleet_err.decode().strip()}"
            )
        fleet = json.loads(fleet_json.read_text(encoding="utf-8"))
    return StackReport(preview_out.decode().rstrip(), gate, fleet)


def fleet_lines(fleet: dict[str, Any]) -> list[str]:
    """The offline fleet in a few lines: one per stack, then the count that passed."""
    accounts = fleet["accounts"]
    lines = [f"fleet {fleet['stack']} offline: {len(accounts)} stacks, each synthesized and gated"]
    for a in accounts:
        error = f"  {a['error']}" if "error" in a else ""
        lines.append(
            f"  {a['stack']:<20} {a['kind']:<8} {a['accountId']}  {a['result']:<9}"
            f" {a['resources']:>4} resources  {a['providers']} provider(s){error}"
        )
    passed = sum(1 for a in accounts if a["result"] == "succeeded")
    lines.append(f"  {passed} of {len(accounts)} stacks passed")
    return lines


def fleet_passed(fleet: dict[str, Any]) -> bool:
    return all(a["result"] == "succeeded" for a in fleet["accounts"])


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
