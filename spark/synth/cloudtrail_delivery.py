"""How the organization trail delivers: ``{"Records": [...]}`` gzip objects under
``AWSLogs/<o-id>/<acct>/CloudTrail/<region>/YYYY/MM/DD/``, one per account, Region and
:data:`HOURS_PER_FILE` hours, and the digest files that cover them.
"""

from __future__ import annotations

import hashlib
import random
from typing import Any, Final

from synth.cloudtrail import Record
from synth.seeded import hex_id
from synth.world import DAY, ORG_ID, REGION

TRAIL: Final = "acme-logs-org-trail"
HOURS_PER_FILE: Final = 6
"""Real trails deliver every few minutes; the generators fold six hours into one object so
that a local run is not dominated by opening thousands of tiny files."""
DIGEST_HOUR: Final = 12
"""The digest written for each account and Region covers the objects delivered from this
hour on (one object's hours)."""


def log_key(account: str, region: str, hour: int, r: random.Random) -> str:
    """Key of the object holding the records of ``account`` and ``region`` from hour
    ``hour * HOURS_PER_FILE`` on."""
    stamp = (
        f"{DAY:%Y%m%d}T{hour * HOURS_PER_FILE + HOURS_PER_FILE - 1:02d}{r.randrange(0, 60, 5):02d}Z"
    )
    name = f"{account}_CloudTrail_{region}_{stamp}_{hex_id(r, 16)}.json.gz"
    return f"AWSLogs/{ORG_ID}/{account}/CloudTrail/{region}/{DAY:%Y/%m/%d}/{name}"


def digest_document(account: str, region: str, logs: list[tuple[str, bytes, list[Record]]]) -> Any:
    """The digest of ``account`` and ``region`` covering ``logs`` (key, bytes, records)."""
    times = sorted(rec["eventTime"] for _, _, records in logs for rec in records)
    return {
        "awsAccountId": account,
        "digestStartTime": f"{DAY}T{DIGEST_HOUR:02d}:00:00Z",
        "digestEndTime": f"{DAY}T{DIGEST_HOUR + HOURS_PER_FILE:02d}:00:00Z",
        "digestS3Bucket": "acme-logs-archive",
        "digestS3Object": digest_key(account, region),
        "digestPublicKeyFingerprint": "9e5f4b3a2c1d0e9f8a7b6c5d4e3f2a1b",
        "digestSignatureAlgorithm": "SHA256withRSA",
        "newestEventTime": times[-1] if times else None,
        "oldestEventTime": times[0] if times else None,
        "previousDigestS3Bucket": "acme-logs-archive",
        "previousDigestS3Object": digest_key(account, region, DIGEST_HOUR - HOURS_PER_FILE),
        "previousDigestHashValue": hashlib.sha256(account.encode()).hexdigest(),
        "previousDigestHashAlgorithm": "SHA-256",
        "previousDigestSignature": hashlib.sha512(region.encode()).hexdigest(),
        "logFiles": [
            {
                "s3Bucket": "acme-logs-archive",
                "s3Object": key,
                "hashValue": hashlib.sha256(data).hexdigest(),
                "hashAlgorithm": "SHA-256",
                "newestEventTime": max(rec["eventTime"] for rec in records),
                "oldestEventTime": min(rec["eventTime"] for rec in records),
            }
            for key, data, records in logs
        ],
    }


def digest_key(account: str, region: str, hour: int = DIGEST_HOUR) -> str:
    """Key of the digest covering the objects delivered from ``hour`` on."""
    end = f"{DAY:%Y%m%d}T{hour + HOURS_PER_FILE:02d}0000Z"
    name = f"{account}_CloudTrail-Digest_{region}_{TRAIL}_{REGION}_{end}"
    return f"AWSLogs/{ORG_ID}/{account}/CloudTrail-Digest/{region}/{DAY:%Y/%m/%d}/{name}.json.gz"
