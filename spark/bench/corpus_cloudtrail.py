"""CloudTrail as an organization trail delivers it: gzip JSON objects ``{"Records":[...]}``
under ``AWSLogs/<o-id>/<acct>/CloudTrail/<region>/YYYY/MM/DD/``, one (account, Region) per
object, compact JSON as CloudTrail writes it.

The records are the ordinary management traffic of :mod:`synth.cloudtrail` (describes, role
assumptions, KMS, console sign-ins, harmless errors), with the events a parser meets less often
at low rates: service events with ``serviceEventDetails`` and ``resources``, non-ASCII tag
values, large request documents (a bucket policy), and Insights events (no eventName,
eventSource or userIdentity) in their own ``CloudTrail-Insight`` folder. One digest file per
account and Region lists the objects it covers; the job's globs read digests too and must skip
them. Keys and digests are those of :mod:`synth.cloudtrail_delivery`, as in the demo.
"""

from __future__ import annotations

import datetime
import json
import random
from pathlib import Path
from typing import Any, Final

from bench.corpus import FILE_BYTES, Corpus
from synth.archive import write_text
from synth.cloudtrail import Record, background_record
from synth.cloudtrail_delivery import HOURS_PER_FILE, digest_document, digest_key, log_key
from synth.seeded import hex_id, time_of_day, uuid4
from synth.world import ACCOUNTS, ORG_ID, REGION, iso

UNUSUAL_RATE: Final = 0.01
"""Share of records that are one of the rarer kinds (service event, unicode, large request)."""
INSIGHT_EVERY: Final = 20_000
"""One Insights event pair (start and end) per this many records, at least one pair."""


def _service_event(r: random.Random) -> Record:
    account = r.choice(ACCOUNTS)
    key = f"arn:aws:kms:{REGION}:{account}:key/{uuid4(r)}"
    return {
        "eventVersion": "1.10",
        "userIdentity": {"accountId": account, "invokedBy": "kms.amazonaws.com"},
        "eventTime": iso(time_of_day(r)),
        "eventSource": "kms.amazonaws.com",
        "eventName": "RotateKey",
        "awsRegion": REGION,
        "sourceIPAddress": "kms.amazonaws.com",
        "userAgent": "kms.amazonaws.com",
        "requestParameters": None,
        "responseElements": None,
        "additionalEventData": {"keyId": key.rsplit("/", 1)[1]},
        "eventID": uuid4(r),
        "readOnly": False,
        "resources": [{"accountId": account, "type": "AWS::KMS::Key", "ARN": key}],
        "eventType": "AwsServiceEvent",
        "managementEvent": True,
        "recipientAccountId": account,
        "serviceEventDetails": {"keyId": key.rsplit("/", 1)[1], "rotationType": "AUTOMATIC"},
        "eventCategory": "Management",
    }


def _unicode_tags(r: random.Random) -> Record:
    rec = background_record(r)
    rec["eventSource"] = "ec2.amazonaws.com"
    rec["eventName"] = "CreateTags"
    rec["readOnly"] = False
    rec["requestParameters"] = {
        "resourcesSet": {"items": [{"resourceId": f"i-0{hex_id(r, 16)}"}]},
        "tagSet": {
            "items": [
                {"key": "owner", "value": r.choice(("José Núñez", "Zoë Ødegård", "山田太郎"))},
                {"key": "note", "value": "café ☕ — “quoted”\ttab\nnewline"},
            ]
        },
    }
    return rec


def _bucket_policy(r: random.Random) -> Record:
    rec = background_record(r)
    account = rec["recipientAccountId"]
    statements = [
        {
            "Sid": f"AllowRead{n}",
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{r.choice(ACCOUNTS)}:role/reader-{n}"},
            "Action": ["s3:GetObject", "s3:ListBucket"],
            "Resource": [f"arn:aws:s3:::data-{account}", f"arn:aws:s3:::data-{account}/*"],
            "Condition": {"StringEquals": {"aws:PrincipalOrgID": ORG_ID}},
        }
        for n in range(r.randrange(5, 40))
    ]
    rec["eventSource"] = "s3.amazonaws.com"
    rec["eventName"] = "PutBucketPolicy"
    rec["readOnly"] = False
    rec["requestParameters"] = {
        "bucketName": f"data-{account}",
        "bucketPolicy": {"Version": "2012-10-17", "Statement": statements},
        "policy": "",
    }
    return rec


def _record(r: random.Random) -> Record:
    if r.random() >= UNUSUAL_RATE:
        return background_record(r)
    return r.choice((_service_event, _unicode_tags, _bucket_policy))(r)


def _insight(r: random.Random, account: str, state: str, t: datetime.datetime) -> Record:
    baseline = round(r.uniform(0.5, 3.0), 4)
    return {
        "eventVersion": "1.08",
        "eventTime": iso(t),
        "awsRegion": REGION,
        "eventID": uuid4(r),
        "eventType": "AwsCloudTrailInsight",
        "recipientAccountId": account,
        "sharedEventID": uuid4(r),
        "insightDetails": {
            "state": state,
            "eventSource": "ec2.amazonaws.com",
            "eventName": "RunInstances",
            "insightType": "ApiCallRateInsight",
            "insightContext": {
                "statistics": {
                    "baseline": {"average": baseline},
                    "insight": {"average": round(baseline * r.uniform(8, 30), 4)},
                }
            },
        },
        "eventCategory": "Insight",
    }


def _json(doc: Any) -> str:
    """Compact, with non-ASCII characters as UTF-8, as CloudTrail writes its objects."""
    return json.dumps(doc, separators=(",", ":"), ensure_ascii=False)


class _Writer:
    """Objects written so far, with what the digests and the corpus count need."""

    def __init__(self, root: Path, r: random.Random) -> None:
        self.root = root
        self.r = r
        self.files: list[str] = []
        self.bytes = 0
        self.records = 0
        self.delivered: dict[tuple[str, str], list[tuple[str, bytes, list[Record]]]] = {}

    def log(self, account: str, region: str, records: list[Record], folder: str) -> None:
        key = log_key(account, region, len(self.files) % (24 // HOURS_PER_FILE), self.r)
        if folder != "CloudTrail":
            key = key.replace("CloudTrail", folder)
        path = self.store(key, _json({"Records": records}))
        if folder == "CloudTrail":
            self.delivered.setdefault((account, region), []).append(
                (key, path.read_bytes(), records)
            )
        self.records += len(records)

    def store(self, key: str, text: str) -> Path:
        path = write_text(self.root, key, text, None)
        self.files.append(str(path))
        self.bytes += len(text.encode())
        return path


def write_corpus(root: Path, mb: float, seed: int = 7) -> Corpus:
    """About ``mb`` MiB of uncompressed CloudTrail objects under ``root``: records are
    delivered to their (account, Region) object, which is written when it reaches
    :data:`FILE_BYTES`; then the rest, the Insights object and one digest per account and
    Region. The same seed gives the same bytes."""
    r = random.Random(f"cloudtrail:{seed}")
    target = int(mb * 1024 * 1024)
    out = _Writer(root, r)
    pending: dict[tuple[str, str], tuple[list[Record], int]] = {}
    total = 0
    while total < target:
        rec = _record(r)
        place = (rec["recipientAccountId"], rec["awsRegion"])
        records, size = pending.get(place, ([], len('{"Records":[]}')))
        records.append(rec)
        grown = size + len(_json(rec).encode()) + 1
        total += grown - size
        pending[place] = (records, grown)
        if grown >= FILE_BYTES:
            out.log(*place, records, "CloudTrail")
            del pending[place]
    for place, (records, _) in sorted(pending.items()):
        out.log(*place, records, "CloudTrail")
    account = ACCOUNTS[0]
    insights: list[Record] = []
    for _ in range(max(1, out.records // INSIGHT_EVERY)):
        start = time_of_day(r)
        insights.append(_insight(r, account, "Start", start))
        insights.append(_insight(r, account, "End", start + datetime.timedelta(minutes=17)))
    out.log(account, REGION, insights, "CloudTrail-Insight")
    for (account, region), logs in sorted(out.delivered.items()):
        out.store(digest_key(account, region), _json(digest_document(account, region, logs)))
    return Corpus(out.files, out.bytes, out.records, skipped=len(out.delivered))
