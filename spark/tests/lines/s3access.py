"""S3 server access-log lines of 18 to 27 fields, unquoted multi-object delete lines among
them, with the row the parser must give for each."""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import unquote_plus

from hypothesis import strategies as st

from tests.lines.case import Case
from tests.lines.values import (
    hex_id,
    ipv4,
    ipv6,
    null_if_dash,
    number,
    number_value,
    or_dash,
    quoted_text,
    times,
    token,
)

BUCKET = "invoices-prod"
OPERATIONS = (
    "REST.GET.OBJECT",
    "REST.PUT.OBJECT",
    "REST.DELETE.OBJECT",
    "REST.POST.MULTI_OBJECT_DELETE",
    "BATCH.DELETE.OBJECT",
    "S3.EXPIRE.OBJECT",
    "REST.GET.BUCKET",
)
TAIL = (
    "version_id",
    "host_id",
    "signature_version",
    "cipher_suite",
    "authentication_type",
    "host_header",
    "tls_version",
    "access_point_arn",
    "acl_required",
)
# The key as S3 logs it: URL-encoded; "+" and %20 are spaces.
_KEY_PART = st.sampled_from(("invoices", "2025", "a.pdf", "%20", "+", "%2B", "%23", "x_y", "Ab-9"))


@st.composite
def offset(draw: st.DrawFn) -> tuple[str, datetime.timedelta]:
    minutes = draw(st.sampled_from((0, 0, 0, 60, -90, 330, -600)))
    sign = "-" if minutes < 0 else "+"
    text = f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"
    return text, datetime.timedelta(minutes=minutes)


@st.composite
def valid(draw: st.DrawFn) -> Case:
    local = draw(times)
    zone, shift = draw(offset())
    owner = draw(or_dash(hex_id(64)))
    remote = draw(or_dash(st.one_of(ipv4, ipv6)))
    requester = draw(or_dash(token().map(lambda x: f"arn:aws:iam::123456789012:user/{x}")))
    request_id = draw(hex_id(16, upper=True))
    operation = draw(st.sampled_from(OPERATIONS))
    key = draw(or_dash(st.lists(_KEY_PART, min_size=1, max_size=6).map("/".join)))
    mid = [draw(number(100, 599)), draw(or_dash(token()))]
    mid += [draw(number(0, 10**12)) for _ in range(4)]
    tail_size = draw(st.sampled_from((1, 7, 8, 9, 10)))
    tail = [draw(or_dash(token())) for _ in range(tail_size)]
    bare = operation == "BATCH.DELETE.OBJECT" and draw(st.booleans())
    if bare:
        uri, referrer, agent = "-", "-", "-"
        middle = f" - {' '.join(mid)} - - "
    else:
        uri, referrer, agent = (draw(or_dash(quoted_text)) for _ in range(3))
        middle = f' "{uri}" {" ".join(mid)} "{referrer}" "{agent}" '
    time = f"[{local:%d/%b/%Y:%H:%M:%S} {zone}]"
    line = (
        f"{owner} {BUCKET} {time} {remote} {requester} {request_id} {operation} {key}"
        f"{middle}{' '.join(tail)}"
    )
    event_time = (local - shift).replace(microsecond=0)
    expected: dict[str, Any] = {
        "event_time": event_time,
        "dt": event_time.date().isoformat(),
        "bucket": BUCKET,
        "bucket_owner": null_if_dash(owner),
        "remote_ip": null_if_dash(remote),
        "requester": null_if_dash(requester),
        "request_id": request_id,
        "operation": operation,
        "key": None if key == "-" else unquote_plus(key),
        "key_raw": null_if_dash(key),
        "request_uri": null_if_dash(uri),
        "http_status": number_value(mid[0]),
        "error_code": null_if_dash(mid[1]),
        "bytes_sent": number_value(mid[2]),
        "object_size": number_value(mid[3]),
        "total_time": number_value(mid[4]),
        "turnaround_time": number_value(mid[5]),
        "referrer": null_if_dash(referrer),
        "user_agent": null_if_dash(agent),
        **{name: null_if_dash(value) for name, value in zip(TAIL, tail, strict=False)},
    }
    return Case("valid", line.encode(), expected)


@st.composite
def damaged(draw: st.DrawFn) -> Case:
    """A valid line broken in a way that must reject it."""
    line = draw(valid()).line.decode()
    kind = draw(st.sampled_from(("cut_head", "bad_month", "bad_status")))
    tokens = line.split(" ")
    if kind == "cut_head":
        head = len(" ".join(tokens[:7]))
        return Case("damaged", line[: draw(st.integers(1, head))].encode())
    if kind == "bad_month":
        month = tokens[2][4:7]
        return Case("damaged", line.replace(f"/{month}/", "/Foo/", 1).encode())
    return Case("damaged", _with_status(line, draw(st.sampled_from(("2O4", "x", "1e3")))))


def _with_status(line: str, status: str) -> bytes:
    """``line`` with its HTTP status replaced: the first token after the request URI."""
    if '"' in line:
        before, uri, after = line.split('"', 2)
        rest = after.split(" ")
        rest[1] = status
        return f'{before}"{uri}"{" ".join(rest)}'.encode()
    tokens = line.split(" ")
    tokens[10] = status
    return " ".join(tokens).encode()
