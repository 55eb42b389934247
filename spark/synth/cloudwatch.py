"""Lambda functions' CloudWatch Logs events as the runtime writes them, and the payloads a
subscription filter sends to Firehose (``DATA_MESSAGE``, and the ``CONTROL_MESSAGE`` sent when
the subscription is made).

``orders-api`` is a Node.js function (tab-separated runtime lines), any other function a
Python one with JSON application logs; both log START/END/REPORT per invocation.
"""

from __future__ import annotations

import datetime
import json
import random
from typing import Any, Final

from synth.seeded import hex_id, uuid4
from synth.world import DAY, SANDBOX

_FILTER: Final = "acme-logs-central-logs"

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
    """The ``DATA_MESSAGE`` carrying ``events`` of ``function``'s log group."""
    return {
        "messageType": "DATA_MESSAGE",
        "owner": SANDBOX,
        "logGroup": f"/aws/lambda/{function}",
        "logStream": f"{DAY:%Y/%m/%d}/[$LATEST]{hex_id(r, 32)}",
        "subscriptionFilters": [_FILTER],
        "logEvents": events,
    }


def control_message(t: datetime.datetime) -> dict[str, Any]:
    """The message CloudWatch Logs sends to check a new subscription's destination."""
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
