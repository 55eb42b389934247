"""Redshift audit logging as S3 receives it: gzip connection, user and user activity logs of
one cluster under ``AWSLogs/<acct>/redshift/<region>/YYYY/MM/DD/``, the log type in the key.

A day of sessions: each connects (``initiating session``, ``authenticated``), runs
statements and disconnects. Statements vary the way a warehouse's do (ids, dates, lists of
values, multi-line SQL with comments, blank lines and quoted text). Rarer cases at low rates:
connection lines in the first, 14-column format, failed authentications, very long
statements, non-ASCII text, and user-log entries (one per few hundred sessions).
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path
from typing import Final

from bench.corpus import FILE_BYTES, Corpus
from synth.archive import write_text
from synth.redshift import activity_record, connection_line, record_time
from synth.seeded import time_of_day
from synth.world import DAY, REDSHIFT_CLUSTER, REGION, SANDBOX, at

USERS: Final = ("etl_user", "bi_reader", "looker_svc", "mschmidt")
"""Users of :data:`synth.redshift.USER_IDS` (its line builders look up each user's client)."""
OLD_FORMAT_RATE: Final = 0.02
FAILED_LOGIN_RATE: Final = 0.01
LONG_SQL_RATE: Final = 0.005
USER_CHANGE_EVERY: Final = 300
"""One user-log entry per this many sessions, at least one."""
LOG_TYPES: Final = ("connectionlog", "useractivitylog", "userlog")

_TABLES: Final = (
    "sales.orders",
    "sales.customers",
    "sales.order_lines",
    "finance.invoice_lines",
    "staging.orders",
    "marketing.campaign_clicks",
)


def _sql(r: random.Random) -> str:
    table = r.choice(_TABLES)
    day = DAY - datetime.timedelta(days=r.randrange(400))
    n = r.random()
    if n < 0.3:
        return (
            f"SELECT * FROM {table} WHERE id = {r.randrange(10**9)} "
            f"AND updated_at >= '{day}' LIMIT {r.choice((10, 100, 500))};"
        )
    if n < 0.55:
        return (
            f"-- dashboard {r.randrange(900)}: revenue by segment\n"
            f"SELECT c.segment, date_trunc('week', o.order_date) AS week,\n"
            f"       SUM(o.total_amount) AS revenue, COUNT(DISTINCT o.customer_id)\n"
            f"FROM {table} o\n"
            f"JOIN sales.customers c ON c.customer_id = o.customer_id\n"
            f"WHERE o.order_date BETWEEN '{day}' AND '{DAY}'\n"
            f"  AND c.country IN ('DE', 'FR', '{r.choice(('NL', 'PL', 'ES', 'IT'))}')\n"
            f"GROUP BY 1, 2\nORDER BY 2 DESC, 3 DESC;"
        )
    if n < 0.7:
        return (
            f"COPY {table}\nFROM 's3://acme-data-lake/exports/{table}/{day}/"
            f"part-{r.randrange(10**5):05d}.parquet'\n"
            f"IAM_ROLE 'arn:aws:iam::{SANDBOX}:role/redshift-copy'\nFORMAT AS PARQUET;"
        )
    if n < 0.8:
        return (
            f"INSERT INTO {table}\nSELECT s.*\nFROM staging.orders s\n\n"
            f"WHERE s.batch_id = '{r.getrandbits(64):016x}'\n"
            f"  AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = s.id);"
        )
    if n < 0.9:
        return r.choice(
            (
                "SET query_group TO 'etl';",
                "select version();",
                "SELECT pg_catalog.set_config('search_path', '\"$user\", public', false);",
                f"ANALYZE {table};",
                f"VACUUM DELETE ONLY {table} TO 95 PERCENT;",
            )
        )
    return (
        f"UPDATE {table}\nSET note = 'Rückfrage | Kunde #{r.randrange(10**6)}: “bitte prüfen”'\n"
        f"WHERE id = {r.randrange(10**9)};"
    )


def _long_sql(r: random.Random) -> str:
    ids = ",\n    ".join(str(r.randrange(10**9)) for _ in range(r.randrange(300, 2000)))
    return f"SELECT *\nFROM {r.choice(_TABLES)}\nWHERE id IN (\n    {ids}\n);"


def _old_format(line: str) -> str:
    """The first connection-log generation ended after ``sslexpansion`` (14 columns)."""
    return "|".join(line.split("|")[:14]) + "|"


class _Logs:
    """Lines of each log type waiting for their object, written at :data:`FILE_BYTES`."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.pending: dict[str, list[tuple[datetime.datetime, str]]] = {t: [] for t in LOG_TYPES}
        self.sizes = dict.fromkeys(LOG_TYPES, 0)
        self.files: list[str] = []
        self.bytes = 0
        self.records = 0

    def add(self, log_type: str, t: datetime.datetime, text: str) -> None:
        self.pending[log_type].append((t, text))
        self.sizes[log_type] += len(text.encode()) + 1
        self.records += 1
        if self.sizes[log_type] >= FILE_BYTES:
            self.flush(log_type)

    def flush(self, log_type: str) -> None:
        records = sorted(self.pending[log_type], key=lambda x: x[0])
        if not records:
            return
        n = len(self.files)
        stamp = f"{DAY}T{n % 24:02d}:{n // 24 % 60:02d}"
        name = f"{SANDBOX}_redshift_{REGION}_{REDSHIFT_CLUSTER}_{log_type}_{stamp}.gz"
        key = f"AWSLogs/{SANDBOX}/redshift/{REGION}/{DAY:%Y/%m/%d}/{name}"
        text = "\n".join(text for _, text in records) + "\n"
        self.files.append(str(write_text(self.root, key, text, None)))
        self.bytes += len(text.encode())
        self.pending[log_type] = []
        self.sizes[log_type] = 0


def _session(logs: _Logs, r: random.Random, pid: int, xid: int) -> int:
    """One session's connection and activity records; returns the next transaction id."""
    user = r.choice(USERS)
    start = min(time_of_day(r), at(23, 50))
    old = r.random() < OLD_FORMAT_RATE

    def connection(event: str, t: datetime.datetime, duration: int) -> None:
        line = connection_line(event, t, user, pid, duration)
        logs.add("connectionlog", t, _old_format(line) if old else line)

    connection("initiating session", start, 0)
    if r.random() < FAILED_LOGIN_RATE:
        connection("authentication failure", start + datetime.timedelta(milliseconds=35), 0)
        return xid
    connection("authenticated", start + datetime.timedelta(milliseconds=40), 0)
    t = start
    for _ in range(r.randrange(2, 12)):
        t += datetime.timedelta(seconds=r.randrange(1, 40), milliseconds=r.randrange(1000))
        sql = _long_sql(r) if r.random() < LONG_SQL_RATE else _sql(r)
        xid += 1
        logs.add("useractivitylog", t, activity_record(t, user, pid, xid, sql))
    end = t + datetime.timedelta(seconds=r.randrange(1, 60))
    connection("disconnecting session", end, int((end - start).total_seconds() * 1_000_000))
    return xid


def _user_change(r: random.Random, pid: int, xid: int) -> tuple[datetime.datetime, str]:
    t = time_of_day(r)
    userid = r.randrange(100, 400)
    action = r.choice(("create", "alter", "drop"))
    super_user = int(r.random() < 0.05)
    return t, (
        f"{userid}|tmp_user_{userid} |  |{action} |0|{super_user}|0|infinity|{pid}|{xid}"
        f"|{record_time(t)}"
    )


def write_corpus(root: Path, mb: float, seed: int = 7) -> Corpus:
    """About ``mb`` MiB of uncompressed audit logs under ``root``, each log type in objects
    of :data:`FILE_BYTES`; the same seed gives the same bytes."""
    r = random.Random(f"redshift:{seed}")
    target = int(mb * 1024 * 1024)
    logs = _Logs(root)
    pid, xid, sessions = 1_073_000_000, 9_981_000, 0
    while logs.bytes + sum(logs.sizes.values()) < target:
        pid += r.randrange(1, 400)
        xid = _session(logs, r, pid, xid)
        sessions += 1
    for _ in range(max(1, sessions // USER_CHANGE_EVERY)):
        xid += 1
        logs.add("userlog", *_user_change(r, pid, xid))
    for log_type in LOG_TYPES:
        logs.flush(log_type)
    return Corpus(logs.files, logs.bytes, logs.records)
