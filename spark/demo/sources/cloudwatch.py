"""CloudWatch Logs of two Lambda functions, centralized through the subscription → Firehose
path: each archive object under ``cloudwatch/<region>/YYYY/MM/DD/HH/`` is several gzip
payloads concatenated (Firehose stores what CloudWatch Logs sends, one gzip member per
record), including the CONTROL_MESSAGE CloudWatch Logs sends when the subscription is made.

``orders-api`` is a Node.js function (tab-separated runtime lines), ``invoice-renderer`` a
Python one with JSON application logs; both log START/END/REPORT per invocation.
"""

from __future__ import annotations

import datetime
import gzip
import json
import random
from pathlib import Path
from typing import Any, Final

from demo.archive import SourceFiles, write_object
from demo.sources._common import hex_id, time_of_day, time_within, uuid4
from demo.world import DAY, REGION, SANDBOX

SOURCE: Final = "cloudwatch"
DATASET: Final = "cloudwatch_logs"
MIN_EVENTS: Final = 1_500
FILES: Final = 6
INVOCATIONS_PER_PAYLOAD: Final = 20
STREAM: Final = f"acme-logs-central-logs-{REGION}"
_FILTER: Final = "acme-logs-central-logs"
_FUNCTIONS: Final = ("orders-api", "invoice-renderer")

Event = dict[str, Any]


def _ms(t: datetime.datetime) -> int:
    return int(t.timestamp() * 1000)


def _event(t: datetime.datetime, message: str, r: random.Random) -> Event:
    return {"id": f"{_ms(t)}{r.getrandbits(40):013d}", "timestamp": _ms(t), "message": message}


def invocation(function: str, t: datetime.datetime, r: random.Random) -> list[Event]:
    """One invocation's log events, as the Lambda runtime writes them."""
    req = uuid4(r)
    events = [_event(t, f"START RequestId: {req} Version: $LATEST\n", r)]
    if function == "orders-api":
        stamp = t.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
        order = r.randrange(100000, 999999)
        events.append(_event(t, f"{stamp}\t{req}\tINFO\tloaded order {order}\n", r))
        if r.random() < 0.05:
            events.append(_event(t, f"{stamp}\t{req}\tWARN\tinventory cache miss {order}\n", r))
    else:
        for level, message in (("INFO", "rendering invoice"), ("INFO", "stored PDF")):
            doc = {
                "timestamp": t.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "level": level,
                "message": message,
                "logger": "renderer",
                "requestId": req,
            }
            events.append(_event(t, json.dumps(doc) + "\n", r))
    duration = r.randrange(80, 3000) + r.randrange(100) / 100
    end = t + datetime.timedelta(milliseconds=duration)
    memory = 512 if function == "orders-api" else 1024
    cold = (
        f"\tInit Duration: {r.randrange(150, 900)}.{r.randrange(10, 99)} ms"
        if r.random() < 0.1
        else ""
    )
    events.append(_event(end, f"END RequestId: {req}\n", r))
    events.append(
        _event(
            end,
            f"REPORT RequestId: {req}\tDuration: {duration:.2f} ms\tBilled Duration:"
            f" {int(duration) + 1} ms\tMemory Size: {memory} MB\tMax Memory Used:"
            f" {r.randrange(90, memory // 2)} MB{cold}\t\n",
            r,
        )
    )
    return events


def payload(function: str, events: list[Event], r: random.Random) -> dict[str, Any]:
    return {
        "messageType": "DATA_MESSAGE",
        "owner": SANDBOX,
        "logGroup": f"/aws/lambda/{function}",
        "logStream": f"{DAY:%Y/%m/%d}/[$LATEST]{hex_id(r, 32)}",
        "subscriptionFilters": [_FILTER],
        "logEvents": events,
    }


def control_message(t: datetime.datetime) -> dict[str, Any]:
    return {
        "messageType": "CONTROL_MESSAGE",
        "owner": "CloudwatchLogs",
        "logGroup": "",
        "logStream": "",
        "subscriptionFilters": [],
        "logEvents": [
            {
                "id": "",
                "timestamp": _ms(t),
                "message": "CWL CONTROL MESSAGE: Checking health of destination Firehose.",
            }
        ],
    }


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
