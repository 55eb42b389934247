"""Redshift audit logging to S3 for the ``analytics-warehouse`` cluster: connection log
(current 22-column generation), user log, and user activity log whose SQL spans lines.

The background is a warehouse's ordinary day: ETL loads, dashboards' queries, drivers'
session setup, maintenance. No statement drops, grants or revokes anything except the
planted ``DROP TABLE``.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path
from typing import Final

from synth import incidents as inc
from synth.archive import SourceFiles, write_text
from synth.redshift import USER_IDS, activity_record, connection_line, record_time
from synth.seeded import time_of_day
from synth.world import DAY, REDSHIFT_CLUSTER, REGION, SANDBOX, at

SOURCE: Final = "redshift"
CONNECTIONLOG: Final = "redshift_connectionlog"
USERLOG: Final = "redshift_userlog"
USERACTIVITYLOG: Final = "redshift_useractivitylog"
MIN_QUERIES: Final = 1_000
FILES: Final = 6

_STATEMENTS: Final = {
    "etl_user": (
        "SET query_group TO 'etl';",
        "COPY staging.orders\nFROM 's3://acme-data-lake/exports/orders/{day}/'\n"
        "IAM_ROLE 'arn:aws:iam::{account}:role/redshift-copy'\nFORMAT AS PARQUET;",
        "INSERT INTO sales.orders\nSELECT s.*\nFROM staging.orders s\n"
        "WHERE NOT EXISTS (\n  SELECT 1 FROM sales.orders o WHERE o.order_id = s.order_id\n);",
        "ANALYZE sales.orders;",
        "VACUUM DELETE ONLY sales.orders TO 95 PERCENT;",
        "TRUNCATE staging.orders;",
    ),
    "bi_reader": (
        "SELECT o.order_date, c.segment, SUM(o.total_amount) AS revenue\nFROM sales.orders o\n"
        "JOIN sales.customers c ON c.customer_id = o.customer_id\n"
        "WHERE o.order_date >= '{day}'::date - 30\nGROUP BY 1, 2\nORDER BY 1, 3 DESC;",
        "select version();",
    ),
    "looker_svc": (
        "SELECT pg_catalog.set_config('search_path', '\"$user\", public', false);",
        '-- Looker Query Context \'{{"user_id":42,"history_slug":"a1b2"}}\'\n'
        'SELECT\n    invoices.invoice_month AS "invoices.month",\n'
        '    COUNT(*) AS "invoices.count"\nFROM finance.invoice_lines AS invoices\n'
        "GROUP BY 1\nORDER BY 1 DESC\nLIMIT 500",
    ),
    "mschmidt": (
        "SELECT * FROM finance.invoice_lines\nWHERE invoice_id = 'INV-10231'\nLIMIT 10;",
        "EXPLAIN SELECT COUNT(*) FROM finance.invoice_lines;",
    ),
}


def _key(log_type: str, hour: int) -> str:
    name = f"{SANDBOX}_redshift_{REGION}_{REDSHIFT_CLUSTER}_{log_type}_{DAY}T{hour:02d}:00.gz"
    return f"AWSLogs/{SANDBOX}/redshift/{REGION}/{DAY:%Y/%m/%d}/{name}"


def generate(root: Path, text_budget: int, seed: int) -> SourceFiles:
    """About ``text_budget`` bytes of audit log across sessions: each session connects,
    runs statements, disconnects. Plus the planted ``DROP TABLE`` in an ordinary session of
    its user, a couple of user-log entries, and malformed records: a connection line cut
    short, a user-log line with a broken time, an activity record without its ``]' LOG:``,
    and an activity file that starts mid-statement (the previous delivery's tail)."""
    r = random.Random(f"demo-redshift:{seed}")
    out = SourceFiles(SOURCE, (CONNECTIONLOG, USERLOG, USERACTIVITYLOG))
    connections: list[list[tuple[datetime.datetime, str]]] = [[] for _ in range(FILES)]
    activity: list[list[tuple[datetime.datetime, str]]] = [[] for _ in range(FILES)]
    size = queries = 0
    pid = 1_073_000_000
    xid = 9_981_000
    drop = inc.REDSHIFT_DROP
    planted = False
    while size < text_budget or queries < MIN_QUERIES or not planted:
        user = r.choice(tuple(USER_IDS))
        plant = not planted and user == drop.username
        # The planted session starts early enough that its few statements end before the drop.
        start = drop.time - datetime.timedelta(minutes=3, seconds=12) if plant else time_of_day(r)
        # Sessions end before midnight: a later record would belong to the next day's logs.
        start = min(start, at(23, 50))
        pid += r.randrange(1, 400)
        t = start
        statements = [
            s.format(day=DAY, account=SANDBOX)
            for s in r.choices(_STATEMENTS[user], k=3 if plant else r.randrange(2, 9))
        ]
        if plant:
            statements.append(drop.query)
        for sql in statements:
            t += datetime.timedelta(seconds=r.randrange(1, 40), milliseconds=r.randrange(1000))
            if plant and sql == drop.query:
                t = drop.time
                planted = True
            xid += 1
            text = activity_record(t, user, pid, xid, sql)
            activity[min(t.hour * FILES // 24, FILES - 1)].append((t, text))
            size += len(text) + 1
            queries += 1
        end = t + datetime.timedelta(seconds=r.randrange(1, 60))
        duration = int((end - start).total_seconds() * 1_000_000)
        for when, event, micros in (
            (start, "initiating session", 0),
            (start + datetime.timedelta(milliseconds=40), "authenticated", 0),
            (end, "disconnecting session", duration),
        ):
            line = connection_line(event, when, user, pid, micros)
            connections[min(when.hour * FILES // 24, FILES - 1)].append((when, line))
            size += len(line) + 1
    for n in range(FILES):
        hour = (n + 1) * 24 // FILES - 1
        conn = [line for _, line in sorted(connections[n])]
        out.ok(CONNECTIONLOG, len(conn))
        acts = [text for _, text in sorted(activity[n])]
        out.ok(USERACTIVITYLOG, len(acts))
        if n == 2:
            conn.insert(3, conn[0].split(" |password")[0])
            out.reject(CONNECTIONLOG, "redshift.too_few_fields")
            acts.insert(4, acts[0].replace("]' LOG: ", "] LOG: ", 1))
            out.reject(USERACTIVITYLOG, "redshift.malformed_header")
            acts.insert(0, "WHERE o.order_date >= CURRENT_DATE - 1\nORDER BY 1;")
            out.reject(USERACTIVITYLOG, "redshift.orphan_continuation")
        write_text(root, _key("connectionlog", hour), "\n".join(conn) + "\n", out)
        write_text(root, _key("useractivitylog", hour), "\n".join(acts) + "\n", out)
    created = drop.time - datetime.timedelta(hours=1, minutes=4)
    broken_time = f"{DAY:%a}, {DAY.day} {DAY:%b %Y} 99:00"
    users = [
        f"112|mschmidt |  |alter |0|0|0|infinity|{pid + 7}|{xid + 40}|{record_time(created)}",
        f"113|tmp_loader |  |create |0|0|0|infinity|{pid + 9}|{xid + 41}|{record_time(created)}",
        f"113|tmp_loader |  |drop |0|0|0|infinity|{pid + 11}|{xid + 42}|{broken_time}",
    ]
    out.ok(USERLOG, 2)
    out.reject(USERLOG, "redshift.bad_record_time")
    write_text(root, _key("userlog", 5), "\n".join(users) + "\n", out)
    return out
