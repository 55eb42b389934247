"""VPC flow-log files of any custom format (a subset of the fields, in any order), one record
each, with the row the parser must give for it."""

from __future__ import annotations

import datetime
from typing import Any

from hypothesis import strategies as st

from logparse.sources.vpcflow import FIELDS, Field
from tests.lines.case import Case
from tests.lines.values import END, START, hex_id, ipv4, number, or_dash

ACCOUNT = "123456789012"
REGION = "eu-west-1"
_EPOCHS = st.integers(int(START.timestamp()), int(END.timestamp()))
_RANGES = {
    "version": (2, 8),
    "srcport": (0, 65535),
    "dstport": (0, 65535),
    "protocol": (0, 255),
    "tcp-flags": (0, 255),
    "traffic-path": (1, 8),
}


def _value(f: Field) -> st.SearchStrategy[str]:
    if f.type == "epoch":
        return or_dash(_EPOCHS.map(str))
    if f.type in ("int", "bigint"):
        low, high = _RANGES.get(f.name, (0, 10**12))
        return number(low, high)
    if f.name in ("srcaddr", "dstaddr", "pkt-srcaddr", "pkt-dstaddr"):
        return or_dash(ipv4)
    if f.name == "account-id":
        return st.sampled_from(("123456789012", "unknown", "-"))
    # Values start with a digit or "x-", so none is mistaken for a header's first name.
    return or_dash(hex_id(8).map(lambda h: f"x-{h}"))


def _expected(f: Field, text: str) -> Any:
    if text == "-":
        return None
    if f.type == "epoch":
        return datetime.datetime.fromtimestamp(int(text))
    return int(text) if f.type in ("int", "bigint") else text


@st.composite
def valid(draw: st.DrawFn) -> Case:
    chosen = draw(st.lists(st.sampled_from(FIELDS), min_size=1, max_size=20, unique=True))
    values = [draw(_value(f)) for f in chosen]
    header = " ".join(f.name for f in chosen)
    expected: dict[str, Any] = {
        f.column: _expected(f, v) for f, v in zip(chosen, values, strict=True)
    }
    start = expected.get("start_time")
    expected |= {
        "event_time": start,
        "account_id": ACCOUNT,
        "region": REGION,
        "dt": (start.date() if start else datetime.date(2025, 6, 2)).isoformat(),
    }
    return Case("valid", " ".join(values).encode(), expected, header=header.encode())


@st.composite
def damaged(draw: st.DrawFn) -> Case:
    """A valid record broken in a way that must reject it: a token lost, or a number that is
    not one."""
    case = draw(valid().filter(lambda c: c.line.count(b" ") >= 1))
    tokens = case.line.decode().split(" ")
    header = case.header.decode().split(" ") if case.header else []
    numeric = [i for i, name in enumerate(header) if _is_number(name)]
    if numeric and draw(st.booleans()):
        tokens[draw(st.sampled_from(numeric))] = draw(st.sampled_from(("x1", "1.5e", "--")))
    else:
        del tokens[draw(st.integers(0, len(tokens) - 1))]
    return Case("damaged", " ".join(tokens).encode(), header=case.header)


def _is_number(name: str) -> bool:
    return next(f for f in FIELDS if f.name == name).type != "string"
