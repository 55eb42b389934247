"""Ordinary CloudTrail management records of the organization's accounts: who calls (SSO
users, workload roles, IAM users, AWS services) and what (describes and lists, service-role
calls, KMS, console sign-ins that use MFA, harmless errors), none of which an audit query
should report. :func:`event_record` builds any record, so planted events look the same.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from typing import Any, Final

from synth import incidents as inc
from synth.seeded import hex_id, time_of_day, uuid4
from synth.world import ACCOUNTS, DAY, REGION, SANDBOX, iso

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


def workload_role(r: random.Random, account: str) -> Identity:
    """A session of one of the account's workload roles (EMR job, Lambda functions, CI)."""
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


def iam_user(account: str, name: str) -> Identity:
    """The IAM user ``name`` of ``account``, signing with its long-term access key."""
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


def event_record(
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
    """A management-event record of ``account`` delivered to ``region``, with its ids drawn
    from ``r`` and TLS details when the caller is not an AWS service."""
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
    ident = workload_role(r, a) if r.random() < 0.7 else _sso(r, a)
    request = {"maxResults": 1000, "instancesSet": {}, "filterSet": {}}
    return event_record(
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
    return event_record(
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
    return event_record(
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
    return event_record(
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
    return event_record(
        r,
        t,
        a,
        REGION,
        workload_role(r, a),
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
    return event_record(
        r,
        t,
        a,
        REGION,
        workload_role(r, a),
        "logs.amazonaws.com",
        "CreateLogStream",
        "lambda.amazonaws.com",
        "lambda.amazonaws.com",
        request,
        read_only=False,
    )


def _throttled_describe(r: random.Random, t: datetime.datetime, a: str, g: str) -> Record:
    name = r.choice(("DescribeStacks", "ListStackResources"))
    return event_record(
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
    return event_record(
        r,
        t,
        a,
        REGION,
        workload_role(r, a),
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
    return event_record(
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
    ident = iam_user(a, "dana.ops") if a == SANDBOX and r.random() < 0.3 else _sso(r, a)
    request = {"Host": "s3.amazonaws.com"}
    return event_record(
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
        ident = iam_user(a, "svc-backup")
        ident["accessKeyId"] = ""
        additional = {
            "LoginTo": "https://console.aws.amazon.com/console/home",
            "MobileVersion": "No",
            "MFAUsed": "Yes",
            "MFAIdentifier": f"arn:aws:iam::{a}:mfa/svc-backup",
        }
    return event_record(
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
    """One ordinary record at a random time of the day, of a random account."""
    makers, weights = zip(*_BACKGROUND, strict=True)
    maker = r.choices(makers, weights)[0]
    return maker(r, time_of_day(r), r.choice(ACCOUNTS), REGION)
