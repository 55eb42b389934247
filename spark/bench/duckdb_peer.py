"""The peer a user could pick instead: DuckDB's CSV reader over the same line-log files, on
one thread, with the column layout and types a user would write for each format. Every column
is aggregated, so none is skipped; the CPU seconds are the process's own (DuckDB runs in it).
"""

from __future__ import annotations

import resource
from dataclasses import dataclass
from typing import Final

import duckdb

_ALB: Final = {
    "type": "VARCHAR",
    "time": "TIMESTAMP",
    "elb": "VARCHAR",
    "client": "VARCHAR",
    "target": "VARCHAR",
    "request_processing_time": "DOUBLE",
    "target_processing_time": "DOUBLE",
    "response_processing_time": "DOUBLE",
    "elb_status_code": "INTEGER",
    "target_status_code": "INTEGER",
    "received_bytes": "BIGINT",
    "sent_bytes": "BIGINT",
    "request": "VARCHAR",
    "user_agent": "VARCHAR",
    "ssl_cipher": "VARCHAR",
    "ssl_protocol": "VARCHAR",
    "target_group_arn": "VARCHAR",
    "trace_id": "VARCHAR",
    "domain_name": "VARCHAR",
    "chosen_cert_arn": "VARCHAR",
    "matched_rule_priority": "INTEGER",
    "request_creation_time": "TIMESTAMP",
    "actions_executed": "VARCHAR",
    "redirect_url": "VARCHAR",
    "error_reason": "VARCHAR",
    "target_port_list": "VARCHAR",
    "target_status_code_list": "VARCHAR",
    "classification": "VARCHAR",
    "classification_reason": "VARCHAR",
    "conn_trace_id": "VARCHAR",
}
_VPC: Final = {
    "version": "INTEGER",
    "account_id": "VARCHAR",
    "interface_id": "VARCHAR",
    "srcaddr": "VARCHAR",
    "dstaddr": "VARCHAR",
    "srcport": "INTEGER",
    "dstport": "INTEGER",
    "protocol": "INTEGER",
    "packets": "BIGINT",
    "bytes": "BIGINT",
    "start": "BIGINT",
    "end": "BIGINT",
    "action": "VARCHAR",
    "log_status": "VARCHAR",
}
# The bracketed time holds a space, so a space-delimited reader sees it as two columns.
_S3: Final = {
    "bucket_owner": "VARCHAR",
    "bucket": "VARCHAR",
    "time": "VARCHAR",
    "time_zone": "VARCHAR",
    "remote_ip": "VARCHAR",
    "requester": "VARCHAR",
    "request_id": "VARCHAR",
    "operation": "VARCHAR",
    "key": "VARCHAR",
    "request_uri": "VARCHAR",
    "http_status": "INTEGER",
    "error_code": "VARCHAR",
    "bytes_sent": "BIGINT",
    "object_size": "BIGINT",
    "total_time": "INTEGER",
    "turn_around_time": "INTEGER",
    "referrer": "VARCHAR",
    "user_agent": "VARCHAR",
    "version_id": "VARCHAR",
    "host_id": "VARCHAR",
    "signature_version": "VARCHAR",
    "cipher_suite": "VARCHAR",
    "authentication_type": "VARCHAR",
    "host_header": "VARCHAR",
    "tls_version": "VARCHAR",
    "access_point_arn": "VARCHAR",
    "acl_required": "VARCHAR",
}
LAYOUTS: Final = {"alb": (_ALB, False), "vpcflow": (_VPC, True), "s3access": (_S3, False)}


@dataclass(frozen=True)
class PeerTiming:
    cpu: float
    """CPU seconds the process spent in the query (user + system)."""
    wall: float
    rows: int


def _cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def read_csv_sql(source: str, files: list[str]) -> str:
    """The query: every column of the format, typed, aggregated so each one is converted."""
    columns, header = LAYOUTS[source]
    spec = ", ".join(f"'{name}': '{t}'" for name, t in columns.items())
    listing = ", ".join(f"'{f}'" for f in files)
    aggregates = ", ".join(f'max("{name}")' for name in columns)
    return (
        f"SELECT count(*), {aggregates} FROM read_csv([{listing}], delim=' ', quote='\"', "
        f"escape='\"', header={str(header).lower()}, nullstr='-', columns={{{spec}}}, "
        "auto_detect=false, null_padding=true)"
    )


def measure(source: str, files: list[str], repeat: int) -> PeerTiming:
    """Best of ``repeat`` runs by CPU, one thread."""
    import time

    con = duckdb.connect()
    con.execute("SET threads = 1")
    sql = read_csv_sql(source, files)
    best: PeerTiming | None = None
    for _ in range(repeat + 1):  # the first run warms the file cache and is not counted
        before, start = _cpu(), time.perf_counter()
        rows = con.execute(sql).fetchone()
        timing = PeerTiming(_cpu() - before, time.perf_counter() - start, int(rows[0]))
        if best is None or timing.cpu < best.cpu:
            best = timing
    con.close()
    assert best is not None
    return best
