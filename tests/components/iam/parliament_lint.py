"""Runs parliament (AWS IAM policy linter) over policy documents and prints its findings as JSON.

stdin: a JSON list of {"id": str, "document": <policy document>}.
stdout: a JSON list of {"id", "issue", "severity", "title", "detail"}, one per finding, in input
order. The mocha test tests/components/iam/parliament.test.ts feeds it every document of the
synthesized plans and compares the findings with the known false positives it lists.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import parliament

# The community auditors' findings are described in their own config, as parliament's CLI loads it.
parliament.override_config(
    Path(parliament.__file__).parent / "community_auditors" / "config_override.yaml"
)


def _plain(value: Any) -> Any:
    """A finding's detail as JSON: parliament sometimes puts parser nodes in it."""
    return json.loads(json.dumps(value, default=str))


def lint(documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    findings: list[dict[str, Any]] = []
    for entry in documents:
        policy = parliament.analyze_policy_string(
            json.dumps(entry["document"]), include_community_auditors=True
        )
        for finding in policy.findings:
            enhanced = parliament.enhance_finding(finding)
            findings.append(
                {
                    "id": entry["id"],
                    "issue": enhanced.issue,
                    "severity": enhanced.severity,
                    "title": enhanced.title,
                    "detail": _plain(enhanced.detail),
                }
            )
    return findings


if __name__ == "__main__":
    json.dump(lint(json.load(sys.stdin)), sys.stdout, indent=1)
    sys.stdout.write("\n")
