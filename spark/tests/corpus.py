"""A small on-disk archive laid out like the real one, for job-level tests."""

from __future__ import annotations

import datetime
import gzip
import json
import os
from pathlib import Path

ACCOUNT = "111122223333"
MEMBER = "444455556666"
ORG = "o-a1b2c3d4e5"
REGION = "eu-west-1"


def write_gz(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    return path


def ct_record(event_id: str, time: str, name: str, **extra: object) -> dict[str, object]:
    record: dict[str, object] = {
        "eventVersion": "1.09",
        "userIdentity": {
            "type": "IAMUser",
            "principalId": "AIDA2EXAMPLEPRINCIPAL",
            "arn": f"arn:aws:iam::{MEMBER}:user/deploy-bot",
            "accountId": MEMBER,
            "accessKeyId": "AKIA2EXAMPLEKEYID",
            "userName": "deploy-bot",
        },
        "eventTime": time,
        "eventSource": "ec2.amazonaws.com",
        "eventName": name,
        "awsRegion": REGION,
        "sourceIPAddress": "198.51.100.23",
        "userAgent": "aws-cli/2.15.10",
        "requestParameters": {"instancesSet": {"items": [{"instanceId": "i-0abc"}]}},
        "responseElements": None,
        "requestID": f"req-{event_id}",
        "eventID": event_id,
        "readOnly": False,
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": MEMBER,
        "eventCategory": "Management",
    }
    record.update(extra)
    return record


def cloudtrail_key(root: Path, day: str, stamp: str, org: bool = True) -> Path:
    y, m, d = day.split("-")
    prefix = root / "AWSLogs" / ORG / MEMBER if org else root / "AWSLogs" / MEMBER
    name = f"{MEMBER}_CloudTrail_{REGION}_{stamp}_a1B2c3D4e5F6g7H8.json.gz"
    return prefix / "CloudTrail" / REGION / y / m / d / name


def write_cloudtrail_day(root: Path, day: str, records: list[dict[str, object]]) -> Path:
    stamp = day.replace("-", "") + "T1025Z"
    return write_gz(cloudtrail_key(root, day, stamp), json.dumps({"Records": records}))


def write_digest(root: Path, day: str) -> Path:
    y, m, d = day.split("-")
    stamp = day.replace("-", "") + "T110000Z"
    name = f"{MEMBER}_CloudTrail-Digest_{REGION}_org-trail_{REGION}_{stamp}.json.gz"
    key = root / "AWSLogs" / ORG / MEMBER / "CloudTrail-Digest" / REGION / y / m / d / name
    body = {
        "awsAccountId": MEMBER,
        "digestStartTime": f"{day}T10:00:00Z",
        "digestEndTime": f"{day}T11:00:00Z",
        "digestS3Bucket": "archive",
        "logFiles": [],
    }
    return write_gz(key, json.dumps(body))


def redshift_key(root: Path, day: str, log_type: str) -> Path:
    y, m, d = day.split("-")
    name = f"{ACCOUNT}_redshift_{REGION}_analytics-prod_{log_type}_{day}T10:00.gz"
    return root / "AWSLogs" / ACCOUNT / "redshift" / REGION / y / m / d / name


def activity_record(time: str, xid: int, sql: str) -> str:
    return f"'{time} UTC [ db=analytics user=etl_user pid=40211 userid=104 xid={xid} ]' LOG: {sql}"


def connection_line(time: str) -> str:
    return (
        f"authenticated |{time}|10.20.3.7 |52134 |40211|analytics |etl_user |password |0"
        "|TLSv1.2 |ECDHE-RSA-AES256-GCM-SHA384 |1500| | | | | | | | | | |"
    )


def emr_key(root: Path) -> Path:
    return (
        root
        / "emr-logs"
        / "j-2AB3CD4EF5GH6"
        / "containers"
        / "application_1705312800000_0007"
        / "container_1705312800000_0007_01_000002"
        / "stderr.gz"
    )


def write_with_mtime(path: Path, text: str, day: str) -> Path:
    """EMR keys have no date; the job selects a day by modification time."""
    write_gz(path, text)
    stamp = datetime.datetime.fromisoformat(f"{day}T12:00:00+00:00").timestamp()
    os.utime(path, (stamp, stamp))
    return path


def cloudwatch_key(root: Path, day: str, n: int = 0) -> Path:
    y, m, d = day.split("-")
    name = f"cwl-to-archive-1-{day}-10-20-00-0b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d{n:02d}.gz"
    return root / "cloudwatch" / REGION / y / m / d / "10" / name


def cloudwatch_payload(events: list[tuple[int, str]], control: bool = False) -> str:
    return json.dumps(
        {
            "messageType": "CONTROL_MESSAGE" if control else "DATA_MESSAGE",
            "owner": MEMBER,
            "logGroup": "/aws/lambda/orders-api",
            "logStream": "2024/01/15/[$LATEST]4c5d6e7f",
            "subscriptionFilters": ["to-archive"],
            "logEvents": [
                {"id": f"{ms}{i}", "timestamp": ms, "message": msg}
                for i, (ms, msg) in enumerate(events)
            ],
        }
    )
