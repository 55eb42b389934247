"""CloudTrail as the organization trail delivers it: ``{"Records": [...]}`` gzip objects under
``AWSLogs/<o-id>/<acct>/CloudTrail/<region>/YYYY/MM/DD/``, one per account, Region and hour,
global-service events (IAM, console sign-in) in us-east-1, and hourly digest files.

The background is ordinary management traffic (:mod:`synth.cloudtrail`), none of which any
audit query should report. The planted incidents are added on top.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from pathlib import Path
from typing import Any, Final

from synth import incidents as inc
from synth.archive import SourceFiles, write_text
from synth.cloudtrail import Record, background_record, event_record, iam_user, workload_role
from synth.cloudtrail_delivery import (
    DIGEST_HOUR,
    HOURS_PER_FILE,
    digest_document,
    digest_key,
    log_key,
)
from synth.seeded import uuid4
from synth.world import DAY, REGION, SANDBOX

SOURCE: Final = "cloudtrail"
DATASET: Final = "cloudtrail"
MIN_RECORDS: Final = 1_500


def incident_records(r: random.Random) -> list[Record]:
    """Every planted CloudTrail event."""
    d = inc.BUCKET_DELETION
    dana = iam_user(d.account_id, "dana.ops")
    records = [
        event_record(
            r,
            d.time,
            d.account_id,
            d.region,
            dana,
            "s3.amazonaws.com",
            "DeleteBucket",
            d.source_ip,
            d.user_agent,
            {"bucketName": d.bucket, "Host": f"{d.bucket}.s3.{d.region}.amazonaws.com"},
            read_only=False,
        )
    ]
    s = inc.ROOT_SIGN_IN
    root = {
        "type": "Root",
        "principalId": s.account_id,
        "arn": s.principal_arn,
        "accountId": s.account_id,
        "accessKeyId": "",
    }
    records.append(
        event_record(
            r,
            s.time,
            s.account_id,
            s.region,
            root,
            "signin.amazonaws.com",
            "ConsoleLogin",
            s.source_ip,
            s.user_agent,
            None,
            {"ConsoleLogin": "Success"},
            read_only=False,
            event_type="AwsConsoleSignIn",
            additional={
                "LoginTo": "https://console.aws.amazon.com/console/home?state=hashArgs%23",
                "MobileVersion": "No",
                "MFAUsed": "No",
            },
        )
    )
    root_console = {**root, "accessKeyId": "ASIA5EXAMPLEROOTCON"}
    records.append(
        event_record(
            r,
            s.key_created_at,
            s.account_id,
            s.region,
            root_console,
            "iam.amazonaws.com",
            "CreateAccessKey",
            s.source_ip,
            "AWS Internal",
            None,
            {
                "accessKey": {
                    "userName": "",
                    "accessKeyId": "AKIA5EXAMPLEROOTKEY",
                    "status": "Active",
                    "createDate": f"{s.key_created_at:%b %d, %Y %I:%M:%S %p}",
                }
            },
            read_only=False,
        )
    )
    b = inc.ACCESS_DENIED_BURST
    role = workload_role(r, b.account_id)
    role["arn"] = b.principal_arn
    for calls in b.calls:
        region = inc.GLOBAL_REGION if calls.event_source == "iam.amazonaws.com" else REGION
        for i in range(calls.count):
            request = {
                "GetSecretValue": {"secretId": f"orders/db-password-{i % 3}"},
                "ListUsers": {"maxItems": 100},
                "DescribeInstances": {"instancesSet": {}, "filterSet": {}},
            }[calls.event_name]
            message = (
                f"User: {b.principal_arn} is not authorized to perform:"
                f" {calls.event_source.split('.')[0]}:{calls.event_name}"
            )
            records.append(
                event_record(
                    r,
                    calls.first + calls.spacing * i,
                    b.account_id,
                    region,
                    role,
                    calls.event_source,
                    calls.event_name,
                    b.source_ip,
                    b.user_agent,
                    request,
                    error=(calls.error_code, message),
                )
            )
    p = inc.POLICY_ATTACHED
    records.append(
        event_record(
            r,
            p.time,
            p.account_id,
            inc.GLOBAL_REGION,
            dana,
            "iam.amazonaws.com",
            "AttachRolePolicy",
            p.source_ip,
            inc.CLI_AGENT + " command/iam.attach-role-policy",
            {"roleName": p.role_name, "policyArn": p.policy_arn},
            read_only=False,
        )
    )
    g = inc.SECURITY_GROUP_OPENED
    permission = {
        "ipProtocol": "tcp",
        "fromPort": g.port,
        "toPort": g.port,
        "groups": {},
        "ipRanges": {"items": [{"cidrIp": g.cidr}]},
        "ipv6Ranges": {},
        "prefixListIds": {},
    }
    records.append(
        event_record(
            r,
            g.time,
            g.account_id,
            g.region,
            role,
            "ec2.amazonaws.com",
            "AuthorizeSecurityGroupIngress",
            g.source_ip,
            b.user_agent,
            {"groupId": g.group_id, "ipPermissions": {"items": [permission]}},
            {
                "requestId": uuid4(r),
                "_return": True,
                "securityGroupRuleSet": {
                    "items": [
                        {
                            "groupId": g.group_id,
                            "isEgress": False,
                            "ipProtocol": "tcp",
                            "fromPort": g.port,
                            "toPort": g.port,
                            "cidrIpv4": g.cidr,
                        }
                    ]
                },
            },
            read_only=False,
        )
    )
    return records


def _file_of(rec: Record) -> tuple[str, str, int]:
    return (
        rec["recipientAccountId"],
        rec["awsRegion"],
        int(rec["eventTime"][11:13]) // HOURS_PER_FILE,
    )


def generate(root: Path, text_budget: int, seed: int) -> SourceFiles:
    """About ``text_budget`` bytes of CloudTrail JSON (at least :data:`MIN_RECORDS` records)
    plus the planted events, the malformed records and one digest per account and Region."""
    r = random.Random(f"demo-cloudtrail:{seed}")
    out = SourceFiles(SOURCE, (DATASET,))
    files: dict[tuple[str, str, int], list[Record]] = defaultdict(list)
    size = count = 0
    while size < text_budget or count < MIN_RECORDS:
        rec = background_record(r)
        files[_file_of(rec)].append(rec)
        size += len(json.dumps(rec))
        count += 1
    planted = incident_records(r)
    for rec in planted:
        files[_file_of(rec)].append(rec)
    out.ok(DATASET, count + len(planted))
    # Malformed records inside an otherwise good file, as a buggy forwarder or a hand-edited
    # object would leave them.
    no_time = background_record(r)
    del no_time["eventTime"]
    bad_time = background_record(r)
    bad_time["eventTime"] = f"{DAY}T25:61:00Z"
    malformed: list[Any] = [no_time, bad_time, "ConsoleLogin"]
    out.reject(DATASET, "cloudtrail.missing_event_time")
    out.reject(DATASET, "cloudtrail.bad_event_time")
    out.reject(DATASET, "cloudtrail.invalid_record")
    broken = (SANDBOX, REGION, 2)
    delivered: dict[tuple[str, str], list[tuple[str, bytes, list[Record]]]] = defaultdict(list)
    for (account, region, hour), records in sorted(files.items()):
        key = log_key(account, region, hour, r)
        body: list[Any] = sorted(records, key=lambda x: x["eventTime"])
        if (account, region, hour) == broken:
            body += malformed
        path = write_text(root, key, json.dumps({"Records": body}, separators=(",", ":")), out)
        if hour * HOURS_PER_FILE == DIGEST_HOUR:
            delivered[(account, region)].append((key, path.read_bytes(), records))
    # An object cut off mid-upload: the whole file is one rejected record.
    truncated = json.dumps({"Records": [background_record(r)]})[:-40]
    write_text(
        root, log_key(SANDBOX, REGION, 5, r).replace(".json.gz", "_1.json.gz"), truncated, out
    )
    out.reject(DATASET, "cloudtrail.invalid_json")
    for account, region in sorted({(a, g) for a, g, _ in files}):
        digest = digest_document(account, region, delivered[(account, region)])
        write_text(root, digest_key(account, region), json.dumps(digest), out)
        out.skip(DATASET, "cloudtrail.digest")
    return out
