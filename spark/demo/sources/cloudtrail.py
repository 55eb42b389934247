"""CloudTrail as the organization trail delivers it: ``{"Records": [...]}`` gzip objects under
``AWSLogs/<o-id>/<acct>/CloudTrail/<region>/YYYY/MM/DD/``, one per account, Region and hour,
global-service events (IAM, console sign-in) in us-east-1, and hourly digest files.

The background is ordinary management traffic: read-only describes and lists, service-role
calls, SSO and MFA console sign-ins, and harmless errors (throttling, missing resources), none
of which any audit query should report. The planted incidents are added on top.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import random
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from demo import incidents as inc
from demo.archive import SourceFiles, write_text
from demo.sources._common import hex_id, time_of_day, uuid4
from demo.world import ACCOUNTS, DAY, ORG_ID, REGION, SANDBOX, iso

SOURCE: Final = "cloudtrail"
DATASET: Final = "cloudtrail"
TRAIL: Final = "acme-logs-org-trail"
MIN_RECORDS: Final = 1_500
HOURS_PER_FILE: Final = 6
"""Real trails deliver every few minutes; the demo folds six hours into one object so that
the local run is not dominated by opening thousands of tiny files."""
DIGEST_HOUR: Final = 12
"""The digest written for each account and Region covers the objects delivered from this
hour on (one object's hours)."""

Record = dict[str, Any]
Identity = dict[str, Any]

_SDK_AGENTS: Final = (
    inc.CLI_AGENT,
    "Boto3/1.34.120 md/Botocore#1.34.120 ua/2.0 os/linux#5.10.217 md/arch#x86_64"
    " lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.120",
    "aws-sdk-go-v2/1.30.1 os/linux lang/go#1.22.4 md/GOOS#linux md/GOARCH#amd64 api/ec2#1.165.0",
    "aws-sdk-java/2.25.60 Linux/5.10.217 OpenJDK_64-Bit_Server_VM/17.0.11+9-LTS Java/17.0.11",
    "APN/1.0 HashiCorp/1.0 Terraform/1.8.5 (+https://www.terraform.io)"
    " terraform-provider-aws/5.53.0 aws-sdk-go-v2/1.27.2",
)
_PEOPLE: Final = ("priya.nair", "tomas.berg", "ines.costa", "kenji.sato", "amara.obi")


def _sso(r: random.Random, account: str) -> Identity:
    person = r.choice(_PEOPLE)
    role = (
        f"AWSReservedSSO_{r.choice(('PlatformAdmin', 'ReadOnly', 'DataEngineer'))}_3f2a1b0c9d8e7f6a"
    )
    return {
        "type": "AssumedRole",
        "principalId": f"AROA{hex_id(r, 8).upper()}:{person}@example.com",
        "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{person}@example.com",
        "accountId": account,
        "accessKeyId": f"ASIA{hex_id(r, 8).upper()}",
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": "AROA5EXAMPLESSOROLE",
                "arn": f"arn:aws:iam::{account}:role/aws-reserved/sso.amazonaws.com/{role}",
                "accountId": account,
                "userName": role,
            },
            "attributes": {"creationDate": f"{DAY}T06:12:40Z", "mfaAuthenticated": "false"},
        },
    }


def _workload_role(r: random.Random, account: str) -> Identity:
    role = r.choice(("acme-logs-emr-job", "orders-api-lambda", "invoice-renderer", "ci-deployer"))
    session = f"i-0{hex_id(r, 16)}" if role.endswith("job") else f"session-{hex_id(r, 8)}"
    return {
        "type": "AssumedRole",
        "principalId": f"AROA{hex_id(r, 8).upper()}:{session}",
        "arn": f"arn:aws:sts::{account}:assumed-role/{role}/{session}",
        "accountId": account,
        "accessKeyId": f"ASIA{hex_id(r, 8).upper()}",
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": "AROA5EXAMPLEWORKLOAD",
                "arn": f"arn:aws:iam::{account}:role/{role}",
                "accountId": account,
                "userName": role,
            },
            "attributes": {"creationDate": f"{DAY}T00:00:05Z", "mfaAuthenticated": "false"},
        },
    }


def _iam_user(account: str, name: str) -> Identity:
    return {
        "type": "IAMUser",
        "principalId": "AIDA5EXAMPLEDANAOPS" if name == "dana.ops" else "AIDA5EXAMPLESVCUSER",
        "arn": f"arn:aws:iam::{account}:user/{name}",
        "accountId": account,
        "accessKeyId": "AKIA5EXAMPLEDANAKEY" if name == "dana.ops" else "AKIA5EXAMPLESVCKEY1",
        "userName": name,
    }


def _service(name: str) -> Identity:
    return {"type": "AWSService", "invokedBy": name}


def _record(
    r: random.Random,
    t: datetime.datetime,
    account: str,
    region: str,
    identity: Identity,
    source: str,
    name: str,
    ip: str,
    agent: str,
    request: dict[str, Any] | None = None,
    response: dict[str, Any] | None = None,
    read_only: bool = True,
    error: tuple[str, str] | None = None,
    event_type: str = "AwsApiCall",
    additional: dict[str, Any] | None = None,
) -> Record:
    rec: Record = {
        "eventVersion": "1.10" if event_type == "AwsApiCall" else "1.09",
        "userIdentity": identity,
        "eventTime": iso(t),
        "eventSource": source,
        "eventName": name,
        "awsRegion": region,
        "sourceIPAddress": ip,
        "userAgent": agent,
    }
    if error:
        rec["errorCode"], rec["errorMessage"] = error
    rec["requestParameters"] = request
    rec["responseElements"] = response
    if additional is not None:
        rec["additionalEventData"] = additional
    rec["requestID"] = uuid4(r)
    rec["eventID"] = uuid4(r)
    rec["readOnly"] = read_only
    rec["eventType"] = event_type
    rec["managementEvent"] = True
    rec["recipientAccountId"] = account
    rec["eventCategory"] = "Management"
    if event_type == "AwsApiCall" and not ip.endswith(".amazonaws.com"):
        rec["tlsDetails"] = {
            "tlsVersion": "TLSv1.3",
            "cipherSuite": "TLS_AES_128_GCM_SHA256",
            "clientProvidedHostHeader": f"{source.split('.')[0]}.{region}.amazonaws.com",
        }
    return rec


def _client_ip(r: random.Random) -> str:
    return f"10.{r.randrange(64, 80)}.{r.randrange(256)}.{r.randrange(1, 255)}"


# Each background maker returns one ordinary record; the region argument is where the
# record is delivered (global services only ever get us-east-1).
def _describe_instances(r: random.Random, t: datetime.datetime, a: str, g: str) -> Record:
    ident = _workload_role(r, a) if r.random() < 0.7 else _sso(r, a)
    request = {"maxResults": 1000, "instancesSet": {}, "filterSet": {}}
    return _record(
        r,
        t,
        a,
        REGION,
        ident,
        "ec2.amazonaws.com",
        "DescribeInstances",
        _client_ip(r),
        r.choice(_SDK_AGENTS),
        request,
    )


def _s3_bucket_read(r: random.Random, t: datetime.datetime, a: str, g: str) -> Record:
    name = r.choice(
        ("GetBucketAcl", "GetBucketEncryption", "GetBucketVersioning", "GetBucketPolicy")
    )
    bucket = r.choice(
        ("acme-logs-archive", "orders-assets", "media-bucket", "acme-sandbox-exports")
    )
    error = None
    if name == "GetBucketPolicy" and r.random() < 0.5:
        error = ("NoSuchBucketPolicy", "The bucket policy does not exist")
    ident = {
        "type": "AssumedRole",
        "principalId": "AROA5EXAMPLECONFIG:AWSConfig-Describe",
        "arn": f"arn:aws:sts::{a}:assumed-role/AWSServiceRoleForConfig/AWSConfig-Describe",
        "accountId": a,
        "invokedBy": "config.amazonaws.com",
    }
    request = {
        "bucketName": bucket,
        "Host": f"{bucket}.s3.{REGION}.amazonaws.com",
        name[9:].lower(): "",
    }
    return _record(
        r,
        t,
        a,
        REGION,
        ident,
        "s3.amazonaws.com",
        name,
        "config.amazonaws.com",
        "config.amazonaws.com",
        request,
        error=error,
    )


def _assume_role(r: random.Random, t: datetime.datetime, a: str, g: str) -> Record:
    service = r.choice(
        ("lambda.amazonaws.com", "elasticmapreduce.amazonaws.com", "ec2.amazonaws.com")
    )
    role = {"lambda.amazonaws.com": "orders-api-lambda"}.get(service, "acme-logs-emr-job")
    session = f"session-{hex_id(r, 8)}"
    request = {"roleArn": f"arn:aws:iam::{a}:role/{role}", "roleSessionName": session}
    response = {
        "credentials": {
            "accessKeyId": f"ASIA{hex_id(r, 8).upper()}",
            "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE" + hex_id(r, 24),
            "expiration": f"{DAY} {t:%H}:59:59 PM",
        },
        "assumedRoleUser": {
            "assumedRoleId": f"AROA{hex_id(r, 8).upper()}:{session}",
            "arn": f"arn:aws:sts::{a}:assumed-role/{role}/{session}",
        },
    }
    return _record(
        r,
        t,
        a,
        g,
        _service(service),
        "sts.amazonaws.com",
        "AssumeRole",
        service,
        service,
        request,
        response,
    )


def _kms(r: random.Random, t: datetime.datetime, a: str, g: str) -> Record:
    name = r.choice(("Decrypt", "GenerateDataKey"))
    key = f"arn:aws:kms:{REGION}:{a}:key/{uuid4(r)}"
    request = {"encryptionAlgorithm": "SYMMETRIC_DEFAULT", "keyId": key}
    if name == "GenerateDataKey":
        request = {"keyId": key, "keySpec": "AES_256"}
    return _record(
        r,
        t,
        a,
        REGION,
        _service("s3.amazonaws.com"),
        "kms.amazonaws.com",
        name,
        "s3.amazonaws.com",
        "s3.amazonaws.com",
        request,
    )


def _ssm_parameter(r: random.Random, t: datetime.datetime, a: str, g: str) -> Record:
    name = r.choice(("/orders/db-host", "/orders/feature-flags", "/shared/ami-id"))
    missing = r.random() < 0.05
    error = ("ParameterNotFound", f"Parameter {name} not found.") if missing else None
    return _record(
        r,
        t,
        a,
        REGION,
        _workload_role(r, a),
        "ssm.amazonaws.com",
        "GetParameter",
        _client_ip(r),
        r.choice(_SDK_AGENTS),
        {"name": name, "withDecryption": True},
        error=error,
    )


def _log_stream(r: random.Random, t: datetime.datetime, a: str, g: str) -> Record:
    group = r.choice(("/aws/lambda/orders-api", "/aws/lambda/invoice-renderer"))
    request = {"logGroupName": group, "logStreamName": f"{DAY:%Y/%m/%d}/[$LATEST]{hex_id(r, 32)}"}
    return _record(
        r,
        t,
        a,
        REGION,
        _workload_role(r, a),
        "logs.amazonaws.com",
        "CreateLogStream",
        "lambda.amazonaws.com",
        "lambda.amazonaws.com",
        request,
        read_only=False,
    )


def _throttled_describe(r: random.Random, t: datetime.datetime, a: str, g: str) -> Record:
    name = r.choice(("DescribeStacks", "ListStackResources"))
    return _record(
        r,
        t,
        a,
        REGION,
        _sso(r, a),
        "cloudformation.amazonaws.com",
        name,
        _client_ip(r),
        _SDK_AGENTS[4],
        {"stackName": "orders-service"},
        error=("ThrottlingException", "Rate exceeded") if r.random() < 0.1 else None,
    )


def _create_tags(r: random.Random, t: datetime.datetime, a: str, g: str) -> Record:
    request = {
        "resourcesSet": {"items": [{"resourceId": f"i-0{hex_id(r, 16)}"}]},
        "tagSet": {"items": [{"key": "team", "value": "orders"}]},
    }
    return _record(
        r,
        t,
        a,
        REGION,
        _workload_role(r, a),
        "ec2.amazonaws.com",
        "CreateTags",
        _client_ip(r),
        _SDK_AGENTS[2],
        request,
        {"_return": True},
        read_only=False,
    )


def _iam_read(r: random.Random, t: datetime.datetime, a: str, g: str) -> Record:
    name = r.choice(("GetRole", "ListRoles", "ListAttachedRolePolicies", "GetPolicy"))
    request: dict[str, Any] = {"roleName": r.choice(("ci-deployer", "orders-api-lambda"))}
    if name == "ListRoles":
        request = {"maxItems": 100}
    if name == "GetPolicy":
        request = {"policyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}
    return _record(
        r,
        t,
        a,
        inc.GLOBAL_REGION,
        _sso(r, a),
        "iam.amazonaws.com",
        name,
        _client_ip(r),
        r.choice(_SDK_AGENTS),
        request,
    )


def _list_buckets(r: random.Random, t: datetime.datetime, a: str, g: str) -> Record:
    ident = _iam_user(a, "dana.ops") if a == SANDBOX and r.random() < 0.3 else _sso(r, a)
    request = {"Host": "s3.amazonaws.com"}
    return _record(
        r,
        t,
        a,
        inc.GLOBAL_REGION,
        ident,
        "s3.amazonaws.com",
        "ListBuckets",
        inc.DANA_IP if ident["type"] == "IAMUser" else _client_ip(r),
        inc.CLI_AGENT,
        request,
    )


def _console_login(r: random.Random, t: datetime.datetime, a: str, g: str) -> Record:
    """Sign-ins that must not be reported: SSO (the identity provider enforces MFA) or an IAM
    user who used MFA."""
    if r.random() < 0.8:
        ident = _sso(r, a)
        ident.pop("accessKeyId")
        additional = {"MobileVersion": "No", "MFAUsed": "No"}
    else:
        ident = _iam_user(a, "svc-backup")
        ident["accessKeyId"] = ""
        additional = {
            "LoginTo": "https://console.aws.amazon.com/console/home",
            "MobileVersion": "No",
            "MFAUsed": "Yes",
            "MFAIdentifier": f"arn:aws:iam::{a}:mfa/svc-backup",
        }
    return _record(
        r,
        t,
        a,
        inc.GLOBAL_REGION,
        ident,
        "signin.amazonaws.com",
        "ConsoleLogin",
        f"198.51.100.{r.randrange(1, 100)}",
        inc.BROWSER,
        None,
        {"ConsoleLogin": "Success"},
        read_only=False,
        event_type="AwsConsoleSignIn",
        additional=additional,
    )


_Maker = Callable[[random.Random, datetime.datetime, str, str], Record]
_BACKGROUND: Final[tuple[tuple[_Maker, int], ...]] = (
    (_describe_instances, 20),
    (_s3_bucket_read, 15),
    (_assume_role, 20),
    (_kms, 20),
    (_ssm_parameter, 8),
    (_log_stream, 8),
    (_throttled_describe, 4),
    (_create_tags, 3),
    (_iam_read, 5),
    (_list_buckets, 3),
    (_console_login, 1),
)


def background_record(r: random.Random) -> Record:
    makers, weights = zip(*_BACKGROUND, strict=True)
    maker = r.choices(makers, weights)[0]
    return maker(r, time_of_day(r), r.choice(ACCOUNTS), REGION)


def incident_records(r: random.Random) -> list[Record]:
    """Every planted CloudTrail event."""
    d = inc.BUCKET_DELETION
    dana = _iam_user(d.account_id, "dana.ops")
    records = [
        _record(
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
        _record(
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
        _record(
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
    role = _workload_role(r, b.account_id)
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
                _record(
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
        _record(
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
        _record(
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


def _key(account: str, region: str, hour: int, r: random.Random) -> str:
    stamp = (
        f"{DAY:%Y%m%d}T{hour * HOURS_PER_FILE + HOURS_PER_FILE - 1:02d}{r.randrange(0, 60, 5):02d}Z"
    )
    name = f"{account}_CloudTrail_{region}_{stamp}_{hex_id(r, 16)}.json.gz"
    return f"AWSLogs/{ORG_ID}/{account}/CloudTrail/{region}/{DAY:%Y/%m/%d}/{name}"


def _digest(account: str, region: str, logs: list[tuple[str, bytes, list[Record]]]) -> Any:
    times = sorted(rec["eventTime"] for _, _, records in logs for rec in records)
    return {
        "awsAccountId": account,
        "digestStartTime": f"{DAY}T{DIGEST_HOUR:02d}:00:00Z",
        "digestEndTime": f"{DAY}T{DIGEST_HOUR + HOURS_PER_FILE:02d}:00:00Z",
        "digestS3Bucket": "acme-logs-archive",
        "digestS3Object": _digest_key(account, region),
        "digestPublicKeyFingerprint": "9e5f4b3a2c1d0e9f8a7b6c5d4e3f2a1b",
        "digestSignatureAlgorithm": "SHA256withRSA",
        "newestEventTime": times[-1] if times else None,
        "oldestEventTime": times[0] if times else None,
        "previousDigestS3Bucket": "acme-logs-archive",
        "previousDigestS3Object": _digest_key(account, region, DIGEST_HOUR - HOURS_PER_FILE),
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


def _digest_key(account: str, region: str, hour: int = DIGEST_HOUR) -> str:
    end = f"{DAY:%Y%m%d}T{hour + HOURS_PER_FILE:02d}0000Z"
    name = f"{account}_CloudTrail-Digest_{region}_{TRAIL}_{REGION}_{end}"
    return f"AWSLogs/{ORG_ID}/{account}/CloudTrail-Digest/{region}/{DAY:%Y/%m/%d}/{name}.json.gz"


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
        key = _key(account, region, hour, r)
        body: list[Any] = sorted(records, key=lambda x: x["eventTime"])
        if (account, region, hour) == broken:
            body += malformed
        path = write_text(root, key, json.dumps({"Records": body}, separators=(",", ":")), out)
        if hour * HOURS_PER_FILE == DIGEST_HOUR:
            delivered[(account, region)].append((key, path.read_bytes(), records))
    # An object cut off mid-upload: the whole file is one rejected record.
    truncated = json.dumps({"Records": [background_record(r)]})[:-40]
    write_text(root, _key(SANDBOX, REGION, 5, r).replace(".json.gz", "_1.json.gz"), truncated, out)
    out.reject(DATASET, "cloudtrail.invalid_json")
    for account, region in sorted({(a, g) for a, g, _ in files}):
        digest = _digest(account, region, delivered[(account, region)])
        write_text(root, _digest_key(account, region), json.dumps(digest), out)
        out.skip(DATASET, "cloudtrail.digest")
    return out
