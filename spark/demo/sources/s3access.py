"""S3 server access logs of two sandbox buckets, delivered with date-partitioned keys
(``s3-access/<acct>/<region>/<bucket>/YYYY/MM/DD/<time>-<unique>``).

Requests come from the shared line generator (:mod:`synth.lines`): ``media-bucket`` as
generated (uploads, downloads, lifecycle expirations) and ``invoices-prod`` the same traffic
retargeted, without lifecycle expirations since invoices are kept. The planted deletions are
one user's.
"""

from __future__ import annotations

import datetime
import random
from pathlib import Path
from typing import Final

from synth import incidents as inc
from synth.archive import SourceFiles, write_uncompressed
from synth.lines import ACCOUNT, s3_line
from synth.seeded import hex_id
from synth.world import DAY, INVOICE_BUCKET, REGION, SANDBOX

SOURCE: Final = "s3access"
DATASET: Final = "s3access"
MIN_LINES: Final = 1_500
FILES_PER_BUCKET: Final = 6
MEDIA_BUCKET: Final = "media-bucket"
_OWNER: Final = "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"


def _background(bucket: str, r: random.Random) -> str:
    while True:
        line = s3_line(r).replace(ACCOUNT, SANDBOX)
        if bucket == MEDIA_BUCKET:
            return line
        if " S3.EXPIRE.OBJECT " not in line:
            return line.replace(MEDIA_BUCKET, bucket)


def _line(
    t: datetime.datetime,
    request_id: str,
    operation: str,
    key: str,
    request: str,
    status: int,
    r: random.Random,
) -> str:
    d = inc.OBJECT_DELETIONS
    size = "-" if operation == "REST.DELETE.OBJECT" else str(r.randrange(20_000, 90_000))
    sent = "1350" if operation == "REST.POST.MULTI_OBJECT_DELETE" else "-"
    return (
        f"{_OWNER} {d.bucket} [{t:%d/%b/%Y:%H:%M:%S} +0000] {d.source_ip} {d.requester}"
        f' {request_id} {operation} {key} "{request}" {status} - {sent} {size}'
        f' {r.randrange(20, 120)} - "-" "{inc.CLI_AGENT} command/s3.rm" - {_tail(r)}'
    )


def _batch_key_line(t: datetime.datetime, request_id: str, key: str, r: random.Random) -> str:
    """One key of a DeleteObjects call as S3 logs it: request-URI, referrer and user-agent are
    a bare ``-``, not quoted, and the line carries no sizes or times but the object's size."""
    d = inc.OBJECT_DELETIONS
    return (
        f"{_OWNER} {d.bucket} [{t:%d/%b/%Y:%H:%M:%S} +0000] {d.source_ip} {d.requester}"
        f" {request_id} BATCH.DELETE.OBJECT {key} - 204 - - {r.randrange(20_000, 90_000)}"
        f" - - - - - {_tail(r)}"
    )


def _tail(r: random.Random) -> str:
    """host id … acl_required, after the version id."""
    d = inc.OBJECT_DELETIONS
    return (
        f"{hex_id(r, 76)}= SigV4 TLS_AES_128_GCM_SHA256 AuthHeader"
        f" {d.bucket}.s3.{REGION}.amazonaws.com TLSv1.3 - -"
    )


def deletion_lines(r: random.Random) -> list[str]:
    """One user removing invoices one by one, then a batch with one DeleteObjects call,
    logged as the POST plus one BATCH.DELETE.OBJECT line per key (unquoted, as S3 writes
    them), all under the POST's request id."""
    d = inc.OBJECT_DELETIONS
    step = (d.last - d.first) / (d.single_deletes - 1)
    lines = []
    for i in range(d.single_deletes):
        key = f"invoices/2025/05/INV-{10231 + i}.pdf"
        request = f"DELETE /{key} HTTP/1.1"
        t = d.first + step * i
        rid = hex_id(r, 16).upper()
        lines.append(_line(t, rid, "REST.DELETE.OBJECT", key, request, 204, r))
    post = f"POST /{d.bucket}?delete= HTTP/1.1"
    rid = hex_id(r, 16).upper()
    t = d.batch_delete_at
    lines.append(_line(t, rid, "REST.POST.MULTI_OBJECT_DELETE", "-", post, 200, r))
    for i in range(d.batch_keys):
        key = f"invoices/2025/04/INV-{9901 + i}.pdf"
        lines.append(_batch_key_line(t, rid, key, r))
    return lines


def _key(bucket: str, n: int, r: random.Random) -> str:
    hour = (n + 1) * 24 // FILES_PER_BUCKET - 1
    name = f"{DAY:%Y-%m-%d}-{hour:02d}-5{n}-{r.randrange(60):02d}-{hex_id(r, 16).upper()}"
    return f"s3-access/{SANDBOX}/{REGION}/{bucket}/{DAY:%Y/%m/%d}/{name}"


def generate(root: Path, text_budget: int, seed: int) -> SourceFiles:
    """About ``text_budget`` bytes of access-log lines over the two buckets, the planted
    deletions, and malformed lines: one cut short, one with an impossible time, one with a
    garbled HTTP status."""
    r = random.Random(f"demo-s3access:{seed}")
    out = SourceFiles(SOURCE, (DATASET,))
    per_file = max(text_budget // (2 * FILES_PER_BUCKET), 1)
    min_lines = MIN_LINES // (2 * FILES_PER_BUCKET) + 1
    for bucket in (MEDIA_BUCKET, INVOICE_BUCKET):
        for n in range(FILES_PER_BUCKET):
            lines: list[str] = []
            size = 0
            while size < per_file or len(lines) < min_lines:
                lines.append(_background(bucket, r))
                size += len(lines[-1]) + 1
            out.ok(DATASET, len(lines))
            if bucket == INVOICE_BUCKET and n == 0:
                planted = deletion_lines(r)
                lines += planted
                out.ok(DATASET, len(planted))
            if bucket == MEDIA_BUCKET and n == 2:
                lines.insert(5, lines[0][: lines[0].index(' "')])
                out.reject(DATASET, "s3access.too_few_fields")
                at = lines[1].index("[") + 1
                lines.insert(15, lines[1][:at] + f"{DAY:%d/%b/%Y}:25:99:00" + lines[1][at + 20 :])
                out.reject(DATASET, "s3access.bad_time")
                served = next(line for line in lines if '" 200 ' in line)
                lines.insert(25, served.replace('" 200 ', '" 2O0 ', 1))
                out.reject(DATASET, "s3access.bad_value")
            write_uncompressed(root, _key(bucket, n, r), "\n".join(lines) + "\n", out)
    return out
