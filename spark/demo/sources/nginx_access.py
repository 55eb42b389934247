"""The web tier's nginx access logs (declared format ``formats/nginx_access.yaml``): four
objects of combined-format lines in the sandbox account, the planted scanner among them, and
malformed lines: one cut short, one with a garbled status, one with a status past 599,
one blank."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Final

from synth import incidents as inc
from synth.archive import SourceFiles, write_text
from synth.weblogs import access_line
from synth.world import DAY, REGION, SANDBOX

SOURCE: Final = "nginx_access"
DATASET: Final = "nginx_access"
MIN_LINES: Final = 1_200
FILES: Final = 4


def _background(r: random.Random) -> str:
    """Healthy traffic: the few 404s are spread over many clients and ordinary paths."""
    status = 404 if r.random() < 0.01 else None
    return access_line(r, status=status)


def generate(root: Path, text_budget: int, seed: int) -> SourceFiles:
    r = random.Random(f"demo-nginx:{seed}")
    out = SourceFiles(SOURCE, (DATASET,))
    per_file = max(text_budget // FILES, 1)
    s = inc.WEB_SCANNER
    for n in range(FILES):
        lines: list[str] = []
        size = 0
        while size < per_file or len(lines) < MIN_LINES // FILES + 1:
            lines.append(_background(r))
            size += len(lines[-1]) + 1
        out.ok(DATASET, len(lines))
        if n == 1:
            probes = [
                access_line(r, s.first + s.spacing * i, s.client_ip, path, 404, s.user_agent)
                for i, path in enumerate(s.paths)
            ]
            lines[40:40] = probes
            out.ok(DATASET, len(probes))
        if n == 2:
            lines.insert(10, lines[0][: lines[0].index('" ') + 5])
            out.reject(DATASET, "nginx_access.malformed")
            fields = lines[1].split('" ')
            fields[1] = "2OO" + fields[1][3:]
            lines.insert(20, '" '.join(fields))
            out.reject(DATASET, "nginx_access.bad_value.status")
            lines.insert(30, "")
            out.skip(DATASET, "nginx_access.blank")
            lines.insert(40, access_line(r, status=999))
            out.reject(DATASET, "nginx_access.out_of_range.status")
        key = f"applogs/web/{SANDBOX}/{REGION}/{DAY:%Y/%m/%d}/access-web-{n + 1}.log.gz"
        write_text(root, key, "\n".join(lines) + "\n", out)
    return out
