"""CloudWatch Logs of two Lambda functions, centralized through the subscription → Firehose
path: each archive object under ``cloudwatch/<region>/YYYY/MM/DD/HH/`` is several gzip
payloads concatenated (Firehose stores what CloudWatch Logs sends, one gzip member per
record), including the CONTROL_MESSAGE CloudWatch Logs sends when the subscription is made.

``orders-api`` is a Node.js function (tab-separated runtime lines), ``invoice-renderer`` a
Python one with JSON application logs; both log START/END/REPORT per invocation
(:mod:`synth.cloudwatch`).
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path
from typing import Final

from synth.archive import SourceFiles, write_object
from synth.cloudwatch import Event, control_message, invocation, payload
from synth.seeded import time_of_day, time_within, uuid4
from synth.world import DAY, REGION

SOURCE: Final = "cloudwatch"
DATASET: Final = "cloudwatch_logs"
MIN_EVENTS: Final = 1_500
FILES: Final = 6
INVOCATIONS_PER_PAYLOAD: Final = 20
STREAM: Final = f"acme-logs-central-logs-{REGION}"
_FUNCTIONS: Final = ("orders-api", "invoice-renderer")


def _key(n: int, r: random.Random) -> str:
    hour = n * 24 // FILES
    stamp = f"{DAY}-{hour:02d}-{r.randrange(60):02d}-{r.randrange(60):02d}"
    return f"cloudwatch/{REGION}/{DAY:%Y/%m/%d}/{hour:02d}/{STREAM}-1-{stamp}-{uuid4(r)}.gz"


def generate(root: Path, text_budget: int, seed: int) -> SourceFiles:
    """About ``text_budget`` bytes of payload JSON, a CONTROL_MESSAGE first, and malformed
    records: a payload cut short, a log event without timestamp and one without message."""
    r = random.Random(f"demo-cloudwatch:{seed}")
    out = SourceFiles(SOURCE, (DATASET,))
    per_file = max(text_budget // FILES, 1)
    min_events = MIN_EVENTS // FILES + 1
    for n in range(FILES):
        texts: list[str] = []
        size = events = 0
        if n == 0:
            texts.append(json.dumps(control_message(time_of_day(r))))
            out.skip(DATASET, "cloudwatch.control_message")
        while size < per_file or events < min_events:
            function = r.choice(_FUNCTIONS)
            batch: list[Event] = []
            for _ in range(INVOCATIONS_PER_PAYLOAD):
                start = time_within(r, n * 24 // FILES, 24 // FILES)
                batch += invocation(function, start, r)
            batch.sort(key=lambda e: e["timestamp"])
            texts.append(json.dumps(payload(function, batch, r)))
            size += len(texts[-1])
            events += len(batch)
        out.ok(DATASET, events)
        if n == 2:
            broken = payload("orders-api", invocation("orders-api", time_of_day(r), r), r)
            del broken["logEvents"][1]["timestamp"]
            del broken["logEvents"][2]["message"]
            texts.append(json.dumps(broken))
            out.ok(DATASET, len(broken["logEvents"]) - 2)
            out.reject(DATASET, "cloudwatch.missing_timestamp")
            out.reject(DATASET, "cloudwatch.missing_message")
            cut = json.dumps(payload("orders-api", invocation("orders-api", time_of_day(r), r), r))
            texts.append(cut[: cut.rindex("}", 0, len(cut) - 3) + 1])
            out.reject(DATASET, "cloudwatch.invalid_json")
        data = b"".join(gzip.compress(t.encode("utf-8"), 6, mtime=0) for t in texts)
        write_object(root, _key(n, r), data, out, sum(len(t) for t in texts))
    return out
