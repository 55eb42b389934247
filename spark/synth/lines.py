"""Seeded, realistic lines of the three line formats: ALB access logs, VPC flow logs (default
format) and S3 server access logs, one line per call, of :data:`~synth.world.DAY`.

Values vary the way real traffic does (addresses, ports, sizes, paths, user agents, status
codes) so that compression ratio and line lengths are close to real logs; the edge cases the
parsers handle (``-1`` times, IPv6 clients, spaces in URIs, NODATA records, lifecycle lines)
appear at low rates. Every line names :data:`ACCOUNT`; the demo puts its own account in its
place.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from typing import Final

from synth.world import DAY, REGION

ACCOUNT: Final = "123456789012"
"""The account the generated lines belong to."""

_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 Version/17.5 Safari/605.1",
    "curl/8.7.1",
    "aws-sdk-go-v2/1.30.1 os/linux lang/go#1.22.4 md/GOOS#linux api/s3#1.58.0",
    "python-requests/2.32.3",
    "kube-probe/1.30",
)
_PATHS = ("/api/v1/orders", "/api/v1/items", "/static/app.js", "/login", "/health", "/cart")


def _epoch(r: random.Random) -> int:
    start = int(datetime.datetime(DAY.year, DAY.month, DAY.day, tzinfo=datetime.UTC).timestamp())
    return start + r.randrange(86_000)


def _iso(epoch: int, r: random.Random) -> str:
    t = datetime.datetime.fromtimestamp(epoch, datetime.UTC)
    return t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{r.randrange(1_000_000):06d}Z"


def _ip(r: random.Random, prefix: str = "10") -> str:
    return f"{prefix}.{r.randrange(256)}.{r.randrange(256)}.{r.randrange(1, 255)}"


def alb_line(r: random.Random) -> str:
    epoch = _epoch(r)
    client = (
        f"[2001:db8:{r.randrange(65536):x}::{r.randrange(65536):x}]:{r.randrange(1024, 65535)}"
        if r.random() < 0.05
        else f"{_ip(r, '198')}:{r.randrange(1024, 65535)}"
    )
    reached = r.random() > 0.03
    target = f"{_ip(r)}:{r.choice((80, 8080, 8443))}" if reached else "-"
    times = f"0.{r.randrange(4):03d} 0.{r.randrange(999):03d} 0.000" if reached else "-1 -1 -1"
    status = r.choice((200, 200, 200, 201, 204, 301, 304, 404, 500)) if reached else 503
    path = r.choice(_PATHS) + (f"/{r.randrange(100000)}" if r.random() < 0.5 else "")
    if r.random() < 0.01:
        path += " copy"
    tg = (
        f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:"
        f"targetgroup/web-{r.randrange(4)}/73e2d6bc24d8a067"
    )
    return (
        f"https {_iso(epoch, r)} app/shop-alb/50dc6c495c0c9188 {client} {target} {times} "
        f"{status} {status if reached else '-'} {r.randrange(200, 2000)} {r.randrange(100, 90000)} "
        f'"{r.choice(("GET", "GET", "POST", "PUT"))} '
        f'https://shop.example.com:443{path}?q={r.randrange(999)} HTTP/1.1" '
        f'"{r.choice(_AGENTS)}" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 {tg} '
        f'"Root=1-{epoch:08x}-{r.getrandbits(96):024x}" "shop.example.com" '
        f'"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/12345678-1234-1234-1234-123456789012" '
        f'{r.randrange(1, 20)} {_iso(epoch, r)} "forward" "-" "-" "{target}" '
        f'"{status if reached else "-"}" "Acceptable" "-" TID_{r.getrandbits(64):016x}'
    )


VPC_HEADER = (
    "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes "
    "start end action log-status"
)


def vpc_line(r: random.Random) -> str:
    start = _epoch(r)
    eni = f"eni-{r.getrandbits(68):017x}"
    if r.random() < 0.02:
        return f"2 {ACCOUNT} {eni} - - - - - - - {start} {start + 60} - NODATA"
    return (
        f"2 {ACCOUNT} {eni} {_ip(r)} {_ip(r)} {r.randrange(1, 65535)} "
        f"{r.choice((443, 80, 22, 53, 5432))} "
        f"{r.choice((6, 6, 17))} {r.randrange(1, 500)} {r.randrange(40, 900000)} {start} "
        f"{start + 60} {r.choice(('ACCEPT', 'ACCEPT', 'REJECT'))} OK"
    )


def s3_line(r: random.Random) -> str:
    epoch = _epoch(r)
    t = datetime.datetime.fromtimestamp(epoch, datetime.UTC).strftime("%d/%b/%Y:%H:%M:%S")
    key = f"data/{r.randrange(1000)}/part-{r.randrange(100000):05d}.parquet"
    owner = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"
    rid = f"{r.getrandbits(64):016X}"
    host_id = f"{r.getrandbits(400):0100x}="
    if r.random() < 0.02:
        return (
            f"{owner} media-bucket [{t} +0000] - AmazonS3 {rid} S3.EXPIRE.OBJECT {key} "
            f'"-" - - - {r.randrange(10**7)} - - "-" "-" - {host_id} - - - - - - -'
        )
    op = r.choice(("REST.GET.OBJECT", "REST.PUT.OBJECT", "REST.HEAD.OBJECT"))
    verb = op.split(".")[1]
    size = r.randrange(10**7)
    return (
        f"{owner} media-bucket [{t} +0000] {_ip(r, '192')} "
        f"arn:aws:iam::{ACCOUNT}:user/etl-{r.randrange(9)} {rid} {op} {key} "
        f'"{verb} /media-bucket/{key} HTTP/1.1" 200 - {size} {size} {r.randrange(1, 900)} '
        f'{r.randrange(1, 90)} "-" "{r.choice(_AGENTS)}" - {host_id} SigV4 '
        "ECDHE-RSA-AES128-GCM-SHA256 AuthHeader media-bucket.s3.eu-west-1.amazonaws.com TLSv1.2 - -"
    )


GENERATORS: Final[dict[str, Callable[[random.Random], str]]] = {
    "alb": alb_line,
    "vpcflow": vpc_line,
    "s3access": s3_line,
}
"""Each line format's generator, by source name."""
