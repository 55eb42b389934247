"""ALB access logs of the shop's load balancer (sandbox account), current format.

Requests come from the shared line generator (:mod:`synth.lines`), minus its 5xx answers: the
background is a healthy service, so the 5xx query shows the planted spike on one target and
nothing else.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path
from typing import Final

from synth import incidents as inc
from synth.archive import SourceFiles, write_text
from synth.lines import ACCOUNT, alb_line
from synth.seeded import hex_id
from synth.world import DAY, REGION, SANDBOX

SOURCE: Final = "alb"
DATASET: Final = "alb"
MIN_LINES: Final = 1_500
FILES: Final = 6
_TARGET_GROUP: Final = (
    f"arn:aws:elasticloadbalancing:{REGION}:{SANDBOX}:targetgroup/web-2/73e2d6bc24d8a067"
)
_CERT: Final = f"arn:aws:acm:{REGION}:{SANDBOX}:certificate/12345678-1234-1234-1234-123456789012"


def is_background(line: str) -> bool:
    """Requests the demo keeps from the line generator: those not answered with 5xx."""
    return int(line.split(" ")[8]) < 500


def _background(r: random.Random) -> str:
    while True:
        line = alb_line(r).replace(ACCOUNT, SANDBOX)
        if is_background(line):
            return line


def _time(t: datetime.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def spike_line(t: datetime.datetime, from_target: bool, r: random.Random) -> str:
    """A checkout request that failed on the planted target: a 500 it returned, or a 502
    because it reset the connection (no target status, no processing times)."""
    s = inc.ALB_ERROR_SPIKE
    target = f"{s.target_ip}:{s.target_port}"
    times = "0.001 0.187 0.000" if from_target else "0.001 -1 -1"
    status = "500 500" if from_target else "502 -"
    requested = t - datetime.timedelta(milliseconds=188 if from_target else 2)
    client = f"198.51.100.{r.randrange(100, 200)}:{r.randrange(1024, 65535)}"
    return (
        f"https {_time(t)} {s.elb} {client} {target} {times} {status} {r.randrange(600, 900)}"
        f' {r.randrange(200, 400)} "POST https://shop.example.com:443{s.path} HTTP/2.0"'
        f' "{inc.BROWSER}" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 {_TARGET_GROUP}'
        f' "Root=1-{int(t.timestamp()):08x}-{hex_id(r, 24)}" "shop.example.com" "{_CERT}" 1'
        f' {_time(requested)} "forward" "-" "-" "{target}" "{"500" if from_target else "-"}"'
        f' "-" "-" TID_{hex_id(r, 16)}'
    )


def _key(n: int, r: random.Random) -> str:
    hour = (n + 1) * 24 // FILES - 1
    name = (
        f"{SANDBOX}_elasticloadbalancing_{REGION}_app.shop-alb.50dc6c495c0c9188_"
        f"{DAY:%Y%m%d}T{hour:02d}55Z_10.0.3.{17 + n}_{hex_id(r, 8)}.log.gz"
    )
    return f"AWSLogs/{SANDBOX}/elasticloadbalancing/{REGION}/{DAY:%Y/%m/%d}/{name}"


def generate(root: Path, text_budget: int, seed: int) -> SourceFiles:
    """About ``text_budget`` bytes of access-log lines, the 5xx spike, and malformed lines:
    two cut short, one with a stray quote in the user agent, one with a garbled status."""
    r = random.Random(f"demo-alb:{seed}")
    out = SourceFiles(SOURCE, (DATASET,))
    per_file = max(text_budget // FILES, 1)
    min_lines = MIN_LINES // FILES + 1
    s = inc.ALB_ERROR_SPIKE
    for n in range(FILES):
        lines: list[str] = []
        size = 0
        while size < per_file or len(lines) < min_lines:
            lines.append(_background(r))
            size += len(lines[-1]) + 1
        out.ok(DATASET, len(lines))
        if n == 3:
            lines += [spike_line(t, False, r) for t in s.bad_gateway.times()]
            lines += [spike_line(t, True, r) for t in s.server_error.times()]
            out.ok(DATASET, s.bad_gateway.count + s.server_error.count)
        if n == 1:
            lines.insert(10, lines[0][: lines[0].index('" "')])
            lines.insert(20, lines[1][: lines[1].index(" ECDHE")])
            out.reject(DATASET, "alb.too_few_fields", 2)
            agent = lines[2].split('"')[3]
            lines.insert(30, lines[2].replace(agent, agent + ' "beta"'))
            out.reject(DATASET, "alb.malformed_quotes")
            fields = lines[3].split(" ")
            fields[8] = "2OO"
            lines.insert(40, " ".join(fields))
            out.reject(DATASET, "alb.bad_value")
        write_text(root, _key(n, r), "\n".join(lines) + "\n", out)
    return out
