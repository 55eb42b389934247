"""CloudWatch Logs subscription exports as Firehose stores them under
``cloudwatch/<region>/YYYY/MM/DD/HH/``: each object is gzip members concatenated, one per
payload CloudWatch Logs sent (so the decompressed text is payloads back to back, ``}{``).

Three Lambda functions log: the demo's Node.js function (tab-separated runtime lines) and
Python function (JSON application logs), both with START/END/REPORT text lines, and one with
Lambda's JSON log format, whose platform records (``platform.start``,
``platform.runtimeDone``, ``platform.report``) are JSON too. Payloads carry 1 to 40
invocations. At low rates: Node errors with a multi-line stack trace, non-ASCII messages,
two payloads in one gzip member, and the CONTROL_MESSAGE a new subscription sends (skipped).
"""

from __future__ import annotations

import datetime
import gzip
import json
import random
from pathlib import Path
from typing import Any, Final

from bench.corpus import FILE_BYTES, Corpus
from synth.archive import write_object
from synth.cloudwatch import Event, control_message, invocation, payload
from synth.seeded import time_of_day, time_within, uuid4
from synth.world import DAY, REGION

FUNCTIONS: Final = ("orders-api", "invoice-renderer", "report-builder")
"""The demo's Node.js and Python functions, and one with the JSON log format."""
JSON_FORMAT: Final = "report-builder"
ERROR_RATE: Final = 0.01
SHARED_MEMBER_RATE: Final = 0.02
"""Share of payloads stored in the same gzip member as the payload before."""
STREAM: Final = f"central-logs-{REGION}"


def _ms(t: datetime.datetime) -> int:
    return int(t.timestamp() * 1000)


def _stamp(t: datetime.datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _event(t: datetime.datetime, doc: dict[str, Any], r: random.Random) -> Event:
    message = json.dumps(doc, ensure_ascii=False)
    return {"id": f"{_ms(t)}{r.getrandbits(60):019d}", "timestamp": _ms(t), "message": message}


def _json_format_invocation(t: datetime.datetime, r: random.Random) -> list[Event]:
    """An invocation of a function using Lambda's JSON log format."""
    req = uuid4(r)
    duration = r.uniform(20, 4000)
    end = t + datetime.timedelta(milliseconds=duration)
    metrics: dict[str, Any] = {
        "durationMs": round(duration, 3),
        "billedDurationMs": int(duration) + 1,
        "memorySizeMB": 2048,
        "maxMemoryUsedMB": r.randrange(180, 1400),
    }
    if r.random() < 0.1:
        metrics["initDurationMs"] = round(r.uniform(200, 1500), 3)
    rows = r.randrange(10, 10**6)
    return [
        _event(
            t,
            {
                "time": _stamp(t),
                "type": "platform.start",
                "record": {"requestId": req, "version": "$LATEST"},
            },
            r,
        ),
        _event(
            t,
            {
                "timestamp": _stamp(t),
                "level": r.choice(("INFO", "INFO", "INFO", "WARN")),
                "message": f"report {r.randrange(10**5)} built: {rows} rows, grüße an das Team",
                "logger": "reports.builder",
                "requestId": req,
            },
            r,
        ),
        _event(
            end,
            {
                "time": _stamp(end),
                "type": "platform.runtimeDone",
                "record": {
                    "requestId": req,
                    "status": "success",
                    "metrics": {"durationMs": round(duration - 0.4, 3), "producedBytes": 0},
                },
            },
            r,
        ),
        _event(
            end,
            {
                "time": _stamp(end),
                "type": "platform.report",
                "record": {"requestId": req, "metrics": metrics, "status": "success"},
            },
            r,
        ),
    ]


def _node_error(t: datetime.datetime, r: random.Random) -> Event:
    req = uuid4(r)
    message = (
        f"{_stamp(t)}\t{req}\tERROR\tInvoke Error \t"
        '{"errorType":"TypeError","errorMessage":"Cannot read properties of undefined'
        ' (reading \'sku\')","stack":["TypeError: Cannot read properties of undefined'
        ' (reading \'sku\')","    at Runtime.handler (/var/task/index.js:42:17)"]}\n'
        "    at Runtime.handler (/var/task/index.js:42:17)\n"
        "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)\n"
    )
    return {"id": f"{_ms(t)}{r.getrandbits(60):019d}", "timestamp": _ms(t), "message": message}


def _events(function: str, hour: int, r: random.Random) -> list[Event]:
    events: list[Event] = []
    for _ in range(r.randrange(1, 41)):
        start = time_within(r, hour, 1)
        if function == JSON_FORMAT:
            events += _json_format_invocation(start, r)
        else:
            events += invocation(function, start, r)
            if function == "orders-api" and r.random() < ERROR_RATE:
                events.append(_node_error(start, r))
    events.sort(key=lambda e: e["timestamp"])
    return events


def _key(n: int, r: random.Random) -> str:
    hour = n % 24
    stamp = f"{DAY}-{hour:02d}-{r.randrange(60):02d}-{r.randrange(60):02d}"
    return f"cloudwatch/{REGION}/{DAY:%Y/%m/%d}/{hour:02d}/{STREAM}-1-{stamp}-{uuid4(r)}.gz"


def write_corpus(root: Path, mb: float, seed: int = 7) -> Corpus:
    """About ``mb`` MiB of uncompressed payload JSON under ``root``, in objects of about
    :data:`FILE_BYTES`, the first starting with a CONTROL_MESSAGE; the same seed gives the
    same bytes."""
    r = random.Random(f"cloudwatch:{seed}")
    target = int(mb * 1024 * 1024)
    files: list[str] = []
    total = events = 0
    n = 0
    while total < target:
        members: list[str] = []
        size = 0
        if n == 0:
            members.append(json.dumps(control_message(time_of_day(r))))
            size += len(members[0])
        while size < min(FILE_BYTES, target - total):
            function = r.choice(FUNCTIONS)
            batch = _events(function, n % 24, r)
            text = json.dumps(payload(function, batch, r), ensure_ascii=False)
            if members and r.random() < SHARED_MEMBER_RATE:
                members[-1] += text
            else:
                members.append(text)
            size += len(text.encode())
            events += len(batch)
        data = b"".join(gzip.compress(m.encode(), 6, mtime=0) for m in members)
        files.append(str(write_object(root, _key(n, r), data, None, size)))
        total += size
        n += 1
    return Corpus(files, total, events, skipped=1)
