"""Redshift audit-log records of the ``analytics-warehouse`` cluster's users: connection-log
lines (current 22-column generation) and user-activity records, whose SQL spans lines.
"""

from __future__ import annotations

import datetime
from typing import Final

USER_IDS: Final = {"etl_user": 104, "bi_reader": 105, "looker_svc": 106, "mschmidt": 112}
"""The cluster's users and their user ids."""
_CLIENTS: Final = {
    "etl_user": ("10.20.3.7", "psql", "Linux 5.10.217-205.860.amzn2.x86_64", "libpq 15.4"),
    "bi_reader": ("10.20.4.21", "DBeaver 24.1.0", "Mac OS X 14.5", "Redshift JDBC 2.1.0.29"),
    "looker_svc": ("10.20.5.9", "Looker", "Linux 5.15.0", "Redshift JDBC 2.1.0.26"),
    "mschmidt": ("10.20.4.37", "DataGrip 2024.1", "Mac OS X 14.4", "Redshift JDBC 2.1.0.29"),
}


def record_time(t: datetime.datetime) -> str:
    """The connection and user logs' time: ``Mon, 2 Jun 2025 10:01:55:177``."""
    return f"{t:%a}, {t.day} {t:%b %Y %H:%M:%S}:{t.microsecond // 1000:03d}"


def connection_line(event: str, t: datetime.datetime, user: str, pid: int, duration: int) -> str:
    """A connection-log line (current, 22-column generation) of ``user``'s client."""
    host, app, os_version, driver = _CLIENTS[user]
    return (
        f"{event} |{record_time(t)}|::ffff:{host} |{50000 + pid % 10000} |{pid}|analytics"
        f" |{user} |password |{duration}|TLSv1.3 |TLS_AES_256_GCM_SHA384 |9001| | | |{app}"
        f" |{os_version} |{driver} | |3 |{pid:08x}-0000-4e5f-8a9b-0c1d2e3f4a5b |off |"
    )


def activity_record(t: datetime.datetime, user: str, pid: int, xid: int, sql: str) -> str:
    """A user-activity-log record: its header, then ``sql`` as it was sent (lines and all)."""
    return (
        f"'{t:%Y-%m-%dT%H:%M:%SZ} UTC [ db=analytics user={user} pid={pid}"
        f" userid={USER_IDS[user]} xid={xid} ]' LOG: {sql}"
    )
