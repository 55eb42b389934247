"""Seeded lines of the two worked declared formats (``formats/nginx_access.yaml``,
``formats/legacy_app.yaml``): nginx/Apache combined access-log lines and the billing
service's legacy application log, whose records are written in Paris local time and whose
errors carry a Java stack trace on the lines after them."""

from __future__ import annotations

import datetime
import random
import zoneinfo
from typing import Final

from synth.seeded import time_within

PARIS: Final = zoneinfo.ZoneInfo("Europe/Paris")
LEVELS: Final = ("DEBUG", "INFO", "INFO", "INFO", "INFO", "INFO", "WARN")
COMPONENTS: Final = (
    "billing.InvoiceService",
    "billing.PaymentGateway",
    "billing.LedgerWriter",
    "billing.Api",
    "billing.TaxRules",
)
BACKGROUND_CODES: Final = ("DB-1205", "TAX-311", "LED-042", "API-429", "PAY-402")
_MESSAGES: Final = (
    "Invoice {n} issued for customer C{m}",
    "Ledger batch {n} committed ({m} entries)",
    "Tax rule set {n} loaded",
    "Request {n} served in {m} ms",
    "Retrying payment {n} (attempt {m})",
)
_PATHS: Final = ("/", "/cart", "/checkout", "/api/v1/items", "/api/v1/orders", "/static/app.js")
_AGENTS: Final = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
    "curl/8.7.1",
    "kube-probe/1.30",
)
TRACE: Final = (
    "java.net.SocketTimeoutException: Read timed out\n"
    "\tat java.base/sun.nio.ch.NioSocketImpl.timedRead(NioSocketImpl.java:288)\n"
    "\tat java.base/java.net.Socket$SocketInputStream.read(Socket.java:1099)\n"
    "\tat billing.gateway.AcquirerClient.authorize(AcquirerClient.java:212)\n"
    "\tat billing.PaymentGateway.charge(PaymentGateway.java:87)\n"
    "\tat java.base/java.lang.Thread.run(Thread.java:1583)"
)


def clf_time(t: datetime.datetime) -> str:
    """Common Log Format time, ``02/Jun/2025:03:14:07 +0000`` (month names in English)."""
    month = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    return f"{t:%d}/{month[t.month - 1]}/{t:%Y:%H:%M:%S} +0000"


def access_line(
    r: random.Random,
    t: datetime.datetime | None = None,
    client: str | None = None,
    path: str | None = None,
    status: int | None = None,
    agent: str | None = None,
) -> str:
    """One combined-format line (nginx appends ``$request_time``), UTC."""
    t = t or time_within(r, 0, 24)
    client = client or f"198.51.{r.randrange(100)}.{r.randrange(1, 255)}"
    path = path or r.choice(_PATHS) + (f"?page={r.randrange(50)}" if r.random() < 0.3 else "")
    method = "POST" if path.startswith("/checkout") else "GET"
    status = status or r.choice((200, 200, 200, 200, 304, 302, 201))
    size = "-" if status in (304, 302) else str(r.randrange(200, 90_000))
    user = f"user{r.randrange(500)}" if r.random() < 0.1 else "-"
    referer = f'"https://shop.example.com{r.choice(_PATHS)}"' if r.random() < 0.6 else '"-"'
    agent = agent or r.choice(_AGENTS)
    return (
        f'{client} - {user} [{clf_time(t)}] "{method} {path} HTTP/1.1" {status} {size}'
        f' {referer} "{agent}" 0.{r.randrange(1000):03d}'
    )


def app_time(t: datetime.datetime) -> str:
    """The service's timestamp: Paris local time with milliseconds."""
    local = t.astimezone(PARIS)
    return f"{local:%Y-%m-%d %H:%M:%S},{local.microsecond // 1000:03d}"


def app_record(
    t: datetime.datetime,
    severity: str,
    code: str | None,
    component: str,
    message: str,
    trace: str | None = None,
) -> str:
    """One record: its first line, then the stack trace lines when there is one."""
    head = f"{app_time(t)} {severity:<5} [{code or '-'}] {component} - {message}"
    return head if trace is None else f"{head}\n{trace}"


def background_record(r: random.Random, t: datetime.datetime) -> str:
    """An ordinary record: no error code, mostly INFO."""
    message = r.choice(_MESSAGES).format(n=r.randrange(10**6), m=r.randrange(1000))
    return app_record(t, r.choice(LEVELS), None, r.choice(COMPONENTS), message)


def lines_of(record: str) -> int:
    return record.count("\n") + 1
