"""The billing service's legacy application log (declared format
``formats/legacy_app.yaml``): three hosts' files of records in Paris local time, the planted
payment-gateway timeouts with their stack traces, a few unrelated errors, and malformed
records: a rotation banner before a file's first record, a record with a level the service
does not use, and one whose timestamp is not a time."""

from __future__ import annotations

import datetime
import random
from pathlib import Path
from typing import Final

from synth import incidents as inc
from synth.archive import SourceFiles, write_text
from synth.seeded import time_within
from synth.weblogs import BACKGROUND_CODES, COMPONENTS, TRACE, app_record, background_record
from synth.world import DAY, REGION, SANDBOX

SOURCE: Final = "legacy_app"
DATASET: Final = "legacy_app"
MIN_RECORDS: Final = 1_200
HOSTS: Final = ("billing-a", "billing-b", "billing-c")
ERRORS_PER_CODE: Final = 4
"""Unrelated errors stay well below the named query's threshold of ten per code."""


def _errors(r: random.Random) -> list[tuple[datetime.datetime, str]]:
    """A few ERROR records per background code, without a stack trace."""
    out = []
    for code in BACKGROUND_CODES:
        for _ in range(r.randrange(1, ERRORS_PER_CODE + 1)):
            t = time_within(r, 0, 22)
            out.append((t, app_record(t, "ERROR", code, r.choice(COMPONENTS), f"{code} raised")))
    return out


def generate(root: Path, text_budget: int, seed: int) -> SourceFiles:
    r = random.Random(f"demo-legacy-app:{seed}")
    out = SourceFiles(SOURCE, (DATASET,))
    per_host = max(text_budget // len(HOSTS), 1)
    p = inc.PAYMENT_TIMEOUTS
    errors = _errors(r)
    for n, host in enumerate(HOSTS):
        records: list[tuple[datetime.datetime, str]] = []
        size = 0
        while size < per_host or len(records) < MIN_RECORDS // len(HOSTS) + 1:
            t = time_within(r, 0, 22)
            records.append((t, background_record(r, t)))
            size += len(records[-1][1]) + 1
        records += errors[n :: len(HOSTS)]
        if n == 0:
            records += [
                (t, app_record(t, "ERROR", p.error_code, p.component, p.message, TRACE))
                for t in p.burst.times()
            ]
        records.sort(key=lambda item: item[0])
        texts = [text for _, text in records]
        out.ok(DATASET, len(texts))
        if n == 1:
            texts.insert(0, "=== log rotated by logrotate 3.21.0 ===")
            out.reject(DATASET, "legacy_app.no_record_start")
            t = records[49][0]
            texts.insert(50, app_record(t, "NOTICE", None, "billing.Api", "Quota at 80%"))
            out.reject(DATASET, "legacy_app.not_allowed.severity")
            clock = f"{DAY:%Y-%m-%d} 25:61:00,000 INFO  [-] billing.Api - Clock skew detected"
            texts.insert(60, clock)
            out.reject(DATASET, "legacy_app.bad_value.event_time")
        key = f"applogs/billing/{SANDBOX}/{REGION}/{DAY:%Y/%m/%d}/billing-{host}.log.gz"
        write_text(root, key, "\n".join(texts) + "\n", out)
    return out
