"""CloudTrail: Records arrays, every userIdentity type, Insight events, free-form fields kept
as JSON text, digests and broken files."""

from __future__ import annotations

import datetime
import json

from pyspark.sql import SparkSession

from logparse import utf8
from logparse.schema import load_schema
from logparse.sources import cloudtrail
from tests.rows import bytes_frame, collect, raw_frame, row

ORG_KEY = (
    "s3://archive-bucket/AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail/eu-west-1/2024/01/15/"
    "444455556666_CloudTrail_eu-west-1_20240115T1025Z_a1B2c3D4e5F6g7H8.json.gz"
)
ACCOUNT_KEY = (
    "s3://archive-bucket/AWSLogs/777788889999/CloudTrail/us-east-1/2024/01/15/"
    "777788889999_CloudTrail_us-east-1_20240115T1030Z_Zz9Yy8Xx7Ww6Vv5U.json.gz"
)
DIGEST_KEY = (
    "s3://archive-bucket/AWSLogs/o-a1b2c3d4e5/444455556666/CloudTrail-Digest/eu-west-1/2024/01/"
    "15/444455556666_CloudTrail-Digest_eu-west-1_org-trail_eu-west-1_20240115T110000Z.json.gz"
)
T = datetime.datetime

ASSUMED_ROLE = {
    "eventVersion": "1.09",
    "userIdentity": {
        "type": "AssumedRole",
        "principalId": "AROA3EXAMPLEROLEID:ci-session",
        "arn": "arn:aws:sts::444455556666:assumed-role/ci-deployer/ci-session",
        "accountId": "444455556666",
        "accessKeyId": "ASIA3EXAMPLEKEY",
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": "AROA3EXAMPLEROLEID",
                "arn": "arn:aws:iam::444455556666:role/ci-deployer",
                "accountId": "444455556666",
                "userName": "ci-deployer",
            },
            "attributes": {"creationDate": "2024-01-15T10:00:12Z", "mfaAuthenticated": "false"},
            "sourceIdentity": "alice",
        },
    },
    "eventTime": "2024-01-15T10:21:07Z",
    "eventSource": "s3.amazonaws.com",
    "eventName": "PutBucketPolicy",
    "awsRegion": "eu-west-1",
    "sourceIPAddress": "203.0.113.45",
    "userAgent": "[aws-cli/2.15.10 Python/3.11.6]",
    "requestParameters": {"bucketName": "team-data", "policy": {"Version": "2012-10-17"}},
    "responseElements": None,
    "additionalEventData": {"SignatureVersion": "SigV4", "bytesTransferredIn": 211},
    "requestID": "Q8V1X2M3N4B5",
    "eventID": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
    "readOnly": False,
    "resources": [
        {"accountId": "444455556666", "type": "AWS::S3::Bucket", "ARN": "arn:aws:s3:::team-data"}
    ],
    "eventType": "AwsApiCall",
    "managementEvent": True,
    "recipientAccountId": "444455556666",
    "vpcEndpointId": "vpce-0a1b2c3d4e5f60718",
    "eventCategory": "Management",
    "tlsDetails": {
        "tlsVersion": "TLSv1.3",
        "cipherSuite": "TLS_AES_128_GCM_SHA256",
        "clientProvidedHostHeader": "team-data.s3.eu-west-1.amazonaws.com",
    },
}

CONSOLE_SIGNIN = {
    "eventVersion": "1.08",
    "userIdentity": {
        "type": "Root",
        "principalId": "444455556666",
        "arn": "arn:aws:iam::444455556666:root",
        "accountId": "444455556666",
    },
    "eventTime": "2024-01-15T23:59:58Z",
    "eventSource": "signin.amazonaws.com",
    "eventName": "ConsoleLogin",
    "awsRegion": "us-east-1",
    "sourceIPAddress": "198.51.100.7",
    "userAgent": "Mozilla/5.0 (X11; Linux x86_64)",
    "errorMessage": "Failed authentication",
    "requestParameters": None,
    "responseElements": {"ConsoleLogin": "Failure"},
    "additionalEventData": {"MFAUsed": "No", "MobileVersion": "No"},
    "eventID": "5a6b7c8d-0000-4e1f-9a2b-3c4d5e6f7a8b",
    "readOnly": False,
    "eventType": "AwsConsoleSignIn",
    "managementEvent": True,
    "recipientAccountId": "444455556666",
    "eventCategory": "Management",
    "sessionCredentialFromConsole": "true",
}

INSIGHT = {
    "eventVersion": "1.07",
    "eventTime": "2024-01-15T10:00:00Z",
    "awsRegion": "eu-west-1",
    "eventID": "9e8d7c6b-1111-4a2b-8c3d-4e5f6a7b8c9d",
    "eventType": "AwsCloudTrailInsight",
    "recipientAccountId": "444455556666",
    "sharedEventID": "12ab34cd-5678-4ef0-9abc-def012345678",
    "insightDetails": {
        "state": "Start",
        "eventSource": "ec2.amazonaws.com",
        "eventName": "RunInstances",
        "insightType": "ApiCallRateInsight",
    },
    "eventCategory": "Insight",
}

SERVICE_EVENT = {
    "eventVersion": "1.08",
    "userIdentity": {"accountId": "444455556666", "invokedBy": "kms.amazonaws.com"},
    "eventTime": "2024-01-15T04:12:00Z",
    "eventSource": "kms.amazonaws.com",
    "eventName": "RotateKey",
    "awsRegion": "eu-west-1",
    "sourceIPAddress": "kms.amazonaws.com",
    "eventID": "77aa88bb-99cc-4dd0-8ee1-ff0011223344",
    "readOnly": False,
    "eventType": "AwsServiceEvent",
    "managementEvent": True,
    "recipientAccountId": "444455556666",
    "serviceEventDetails": {"keyId": "1234abcd-12ab-34cd-56ef-1234567890ab"},
    "eventCategory": "Management",
}


def compact(value: object) -> str:
    return json.dumps(value, separators=(",", ":"))


def parse_one(spark: SparkSession, key: str, body: str) -> list[dict[str, object]]:
    out = cloudtrail.parse(raw_frame(spark, [(key, body)]))["cloudtrail"]
    assert out.schema.fields[:-3] == load_schema("cloudtrail").struct.fields
    return collect(out)


def test_assumed_role_api_call_keeps_free_form_fields_as_json_text(spark: SparkSession) -> None:
    rows = parse_one(spark, ORG_KEY, json.dumps({"Records": [ASSUMED_ROLE]}))
    assert rows == [
        row(
            "cloudtrail",
            event_time=T(2024, 1, 15, 10, 21, 7),
            source_file=ORG_KEY,
            event_version="1.09",
            user_identity={
                "type": "AssumedRole",
                "principal_id": "AROA3EXAMPLEROLEID:ci-session",
                "arn": "arn:aws:sts::444455556666:assumed-role/ci-deployer/ci-session",
                "account_id": "444455556666",
                "access_key_id": "ASIA3EXAMPLEKEY",
                "user_name": None,
                "invoked_by": None,
                "identity_store_arn": None,
                "user_id": None,
                "session_context": {
                    "attributes": {
                        "creation_date": "2024-01-15T10:00:12Z",
                        "mfa_authenticated": "false",
                    },
                    "session_issuer": {
                        "type": "Role",
                        "principal_id": "AROA3EXAMPLEROLEID",
                        "arn": "arn:aws:iam::444455556666:role/ci-deployer",
                        "account_id": "444455556666",
                        "user_name": "ci-deployer",
                    },
                    "source_identity": "alice",
                },
            },
            event_source="s3.amazonaws.com",
            event_name="PutBucketPolicy",
            aws_region="eu-west-1",
            source_ip_address="203.0.113.45",
            user_agent="[aws-cli/2.15.10 Python/3.11.6]",
            request_parameters='{"bucketName":"team-data","policy":{"Version":"2012-10-17"}}',
            additional_event_data='{"SignatureVersion":"SigV4","bytesTransferredIn":211}',
            request_id="Q8V1X2M3N4B5",
            event_id="0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
            read_only=False,
            resources=[
                {
                    "account_id": "444455556666",
                    "type": "AWS::S3::Bucket",
                    "arn": "arn:aws:s3:::team-data",
                }
            ],
            event_type="AwsApiCall",
            management_event=True,
            recipient_account_id="444455556666",
            vpc_endpoint_id="vpce-0a1b2c3d4e5f60718",
            event_category="Management",
            tls_details={
                "tls_version": "TLSv1.3",
                "cipher_suite": "TLS_AES_128_GCM_SHA256",
                "client_provided_host_header": "team-data.s3.eu-west-1.amazonaws.com",
            },
            org_id="o-a1b2c3d4e5",
            raw_record=compact(ASSUMED_ROLE),
            dt="2024-01-15",
            account_id="444455556666",
            region="eu-west-1",
        )
    ]


def test_console_sign_in_insight_and_service_event_from_an_account_trail(
    spark: SparkSession,
) -> None:
    body = json.dumps({"Records": [CONSOLE_SIGNIN, INSIGHT, SERVICE_EVENT]})
    rows = {r["event_id"]: r for r in parse_one(spark, ACCOUNT_KEY, body)}
    signin = rows["5a6b7c8d-0000-4e1f-9a2b-3c4d5e6f7a8b"]
    assert (signin["event_type"], signin["error_message"], signin["request_parameters"]) == (
        "AwsConsoleSignIn",
        "Failed authentication",
        None,
    )
    assert signin["response_elements"] == '{"ConsoleLogin":"Failure"}'
    assert signin["session_credential_from_console"] is True
    assert (signin["org_id"], signin["account_id"], signin["region"]) == (
        None,
        "777788889999",
        "us-east-1",
    )
    assert rows["9e8d7c6b-1111-4a2b-8c3d-4e5f6a7b8c9d"] == row(
        "cloudtrail",
        event_time=T(2024, 1, 15, 10, 0, 0),
        source_file=ACCOUNT_KEY,
        event_version="1.07",
        aws_region="eu-west-1",
        event_id="9e8d7c6b-1111-4a2b-8c3d-4e5f6a7b8c9d",
        event_type="AwsCloudTrailInsight",
        recipient_account_id="444455556666",
        shared_event_id="12ab34cd-5678-4ef0-9abc-def012345678",
        event_category="Insight",
        insight_details=compact(INSIGHT["insightDetails"]),
        raw_record=compact(INSIGHT),
        dt="2024-01-15",
        account_id="777788889999",
        region="us-east-1",
    )
    service = rows["77aa88bb-99cc-4dd0-8ee1-ff0011223344"]
    assert service["service_event_details"] == '{"keyId":"1234abcd-12ab-34cd-56ef-1234567890ab"}'
    assert service["user_identity"]["invoked_by"] == "kms.amazonaws.com"
    assert service["user_identity"]["type"] is None


IDENTITIES = {
    "Root": {
        "type": "Root",
        "principalId": "444455556666",
        "arn": "arn:aws:iam::444455556666:root",
        "accountId": "444455556666",
    },
    "IAMUser": {
        "type": "IAMUser",
        "principalId": "AIDA2EXAMPLE",
        "arn": "arn:aws:iam::444455556666:user/ops",
        "accountId": "444455556666",
        "accessKeyId": "AKIA2EXAMPLE",
        "userName": "ops",
    },
    "Role": {
        "type": "Role",
        "principalId": "AROA4EXAMPLE",
        "arn": "arn:aws:iam::444455556666:role/batch",
        "accountId": "444455556666",
        "userName": "batch",
    },
    "FederatedUser": {
        "type": "FederatedUser",
        "principalId": "444455556666:carol",
        "arn": "arn:aws:sts::444455556666:federated-user/carol",
        "accountId": "444455556666",
        "sessionContext": {"sessionIssuer": {"type": "IAMUser", "userName": "broker"}},
    },
    "Directory": {"type": "Directory", "principalId": "d-9067example", "userName": "dave"},
    "AWSAccount": {
        "type": "AWSAccount",
        "principalId": "AIDA5EXAMPLE",
        "accountId": "999900001111",
    },
    "AWSService": {"type": "AWSService", "invokedBy": "cloudformation.amazonaws.com"},
    "Unknown": {"type": "Unknown", "principalId": "", "userName": "erin@example.com"},
    "SAMLUser": {"type": "SAMLUser", "principalId": "SAMLissuer:frank", "userName": "frank"},
    "WebIdentityUser": {
        "type": "WebIdentityUser",
        "principalId": "accounts.google.com:app:123",
        "userName": "123",
    },
    "IdentityCenterUser": {
        "type": "IdentityCenterUser",
        "accountId": "444455556666",
        "onBehalfOf": {"userId": "u-1"},
        "identityStoreArn": "arn:aws:identitystore::444455556666:identitystore/d-1234567890",
        "userId": "94482488-3041-7026-18f3-be45837cd0e4",
    },
}


def test_every_user_identity_type_is_kept(spark: SparkSession) -> None:
    records = [
        {**ASSUMED_ROLE, "userIdentity": identity, "eventID": f"id-{kind}"}
        for kind, identity in IDENTITIES.items()
    ]
    parsed = {r["event_id"]: r for r in parse_one(spark, ORG_KEY, json.dumps({"Records": records}))}
    assert sorted(parsed) == sorted(f"id-{kind}" for kind in IDENTITIES)
    for kind, identity in IDENTITIES.items():
        ui = parsed[f"id-{kind}"]["user_identity"]
        assert (parsed[f"id-{kind}"]["_status"], ui["type"]) == ("ok", kind)
        assert ui["principal_id"] == identity.get("principalId"), kind
        assert ui["arn"] == identity.get("arn"), kind
        assert ui["account_id"] == identity.get("accountId"), kind
        assert ui["access_key_id"] == identity.get("accessKeyId"), kind
        assert ui["user_name"] == identity.get("userName"), kind
        assert ui["invoked_by"] == identity.get("invokedBy"), kind
        assert ui["identity_store_arn"] == identity.get("identityStoreArn"), kind
        assert ui["user_id"] == identity.get("userId"), kind
    issuer = parsed["id-FederatedUser"]["user_identity"]["session_context"]["session_issuer"]
    assert (issuer["type"], issuer["user_name"]) == ("IAMUser", "broker")


def test_digest_files_are_skipped_by_key_and_by_body(spark: SparkSession) -> None:
    digest = json.dumps(
        {"awsAccountId": "444455556666", "digestStartTime": "2024-01-15T10:00:00Z", "logFiles": []}
    )
    out = cloudtrail.parse(
        raw_frame(spark, [(DIGEST_KEY, digest), (ORG_KEY, digest), (DIGEST_KEY, "{}")])
    )
    rows = collect(out["cloudtrail"])
    common = {"org_id": "o-a1b2c3d4e5", "account_id": "444455556666", "region": "eu-west-1"}
    assert rows == [
        row("cloudtrail", "skip", "cloudtrail.digest", source_file=DIGEST_KEY, **common),
        row("cloudtrail", "skip", "cloudtrail.digest", source_file=ORG_KEY, **common),
        row("cloudtrail", "skip", "cloudtrail.digest", source_file=DIGEST_KEY, **common),
    ]


def test_broken_files_and_records_are_rejected_with_their_text(spark: SparkSession) -> None:
    truncated = '{"Records":[{"eventTime":"2024-01-15T10:00:00Z"'
    bad_records = json.dumps(
        {"Records": [{"eventName": "NoTime"}, {"eventTime": "15/01/2024"}, 42, None]}
    )
    out = cloudtrail.parse(
        raw_frame(
            spark,
            [
                (ACCOUNT_KEY, truncated),
                (ACCOUNT_KEY, '{"Events":[]}'),
                (ACCOUNT_KEY, bad_records),
                (ACCOUNT_KEY, '{"Records":[]}'),
            ],
        )
    )
    key = {"source_file": ACCOUNT_KEY, "account_id": "777788889999", "region": "us-east-1"}
    assert collect(out["cloudtrail"]) == [
        row("cloudtrail", "reject", "cloudtrail.invalid_json", truncated, **key),
        row("cloudtrail", "reject", "cloudtrail.no_records", '{"Events":[]}', **key),
        row(
            "cloudtrail", "reject", "cloudtrail.missing_event_time", '{"eventName":"NoTime"}', **key
        ),
        row(
            "cloudtrail", "reject", "cloudtrail.bad_event_time", '{"eventTime":"15/01/2024"}', **key
        ),
        row("cloudtrail", "reject", "cloudtrail.invalid_record", "42", **key),
        row("cloudtrail", "reject", "cloudtrail.invalid_record", "null", **key),
        row("cloudtrail", "skip", "cloudtrail.empty_records", **key),
    ]


def test_input_globs_cover_account_and_organization_trails() -> None:
    assert cloudtrail.input_globs("s3://archive/", datetime.date(2024, 1, 5)) == [
        "s3://archive/AWSLogs/[0-9]*/CloudTrail*/*/2024/01/05/*",
        "s3://archive/AWSLogs/o-*/*/CloudTrail*/*/2024/01/05/*",
    ]
    assert cloudtrail.input_globs("/data", None)[0] == "/data/AWSLogs/[0-9]*/CloudTrail*/*/*/*/*/*"


def test_a_record_that_is_not_utf8_is_rejected_and_its_neighbours_are_not(
    spark: SparkSession,
) -> None:
    """A record whose eventName holds two bytes that are not UTF-8 (X, 0xFF 0xFE, Y): rejected
    with its text escaped (used to be accepted as ``X\\ufffd\\ufffdY``). The file's other
    record, with a backslash and an é of its own, is parsed as usual."""
    good = {"eventTime": "2024-01-15T10:21:07Z", "eventName": "PutObject", "userAgent": "a\\b é"}
    bad = {"eventTime": "2024-01-15T10:21:08Z", "eventName": "X__Y"}
    body = json.dumps({"Records": [good, bad]}, ensure_ascii=False).encode()
    body = body.replace(b"X__Y", b"X\xff\xfeY")
    out = cloudtrail.parse(bytes_frame(spark, [(ORG_KEY, body)]))["cloudtrail"]
    raw = '{"eventTime":"2024-01-15T10:21:08Z","eventName":"X\\xFF\\xFEY"}'
    key = {
        "source_file": ORG_KEY,
        "org_id": "o-a1b2c3d4e5",
        "account_id": "444455556666",
        "region": "eu-west-1",
    }
    assert collect(out) == [
        row(
            "cloudtrail",
            event_time=T(2024, 1, 15, 10, 21, 7),
            event_name="PutObject",
            user_agent="a\\b é",
            raw_record=json.dumps(good, separators=(",", ":"), ensure_ascii=False),
            dt="2024-01-15",
            **key,
        ),
        row("cloudtrail", "reject", "cloudtrail.invalid_utf8", raw, dt="2024-01-15", **key),
    ]
    assert utf8.unescape(raw) == compact(bad).encode().replace(b"X__Y", b"X\xff\xfeY")


def test_a_file_rejected_whole_that_is_not_utf8_keeps_its_bytes_escaped(
    spark: SparkSession,
) -> None:
    cut = b'{"Records":[{"eventTime":"2024-01-15T10:00:00Z","userAgent":"caf\xe9'
    out = cloudtrail.parse(bytes_frame(spark, [(ACCOUNT_KEY, cut)]))["cloudtrail"]
    raw = '{"Records":[{"eventTime":"2024-01-15T10:00:00Z","userAgent":"caf\\xE9'
    key = {"source_file": ACCOUNT_KEY, "account_id": "777788889999", "region": "us-east-1"}
    assert collect(out) == [row("cloudtrail", "reject", "cloudtrail.invalid_utf8", raw, **key)]
