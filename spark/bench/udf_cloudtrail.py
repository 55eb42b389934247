"""CloudTrail the way a blog post parses it: ``json.loads`` of the object, one tuple per
record with the same columns as ours (nested identity, resources and TLS structs; free-form
objects and the whole record dumped back to JSON text; booleans and the time converted).
A digest (no ``Records``) gives no rows."""

from __future__ import annotations

import json
from typing import Any, Final

from pyspark.sql.types import ArrayType, BooleanType

from bench.convert import iso_time, key_segment
from bench.file_udf import FileUdf, Row, record_schema, struct

_ISSUER: Final = struct("type", "principal_id", "arn", "account_id", "user_name")
_IDENTITY: Final = struct(
    "type",
    "principal_id",
    "arn",
    "account_id",
    "access_key_id",
    "user_name",
    "invoked_by",
    "identity_store_arn",
    "user_id",
    (
        "session_context",
        struct(
            ("attributes", struct("creation_date", "mfa_authenticated")),
            ("session_issuer", _ISSUER),
            "source_identity",
        ),
    ),
)
SCHEMA: Final = record_schema(
    "event_version",
    ("user_identity", _IDENTITY),
    "event_source",
    "event_name",
    "aws_region",
    "source_ip_address",
    "user_agent",
    "error_code",
    "error_message",
    "request_parameters",
    "response_elements",
    "additional_event_data",
    "service_event_details",
    "request_id",
    "event_id",
    ("read_only", BooleanType()),
    ("resources", ArrayType(struct("account_id", "type", "arn"))),
    "event_type",
    ("management_event", BooleanType()),
    "recipient_account_id",
    "shared_event_id",
    "vpc_endpoint_id",
    "event_category",
    ("tls_details", struct("tls_version", "cipher_suite", "client_provided_host_header")),
    ("session_credential_from_console", BooleanType()),
    "insight_details",
    "org_id",
    "raw_record",
    "account_id",
    "region",
)


def _dump(value: Any) -> str:
    # Compact and UTF-8, as CloudTrail writes it, so the text equals the record's own.
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _text(value: Any) -> str | None:
    return None if value is None else _dump(value)


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    return None if value is None else str(value).lower() == "true"


def _identity(u: dict[str, Any] | None) -> Row | None:
    if u is None:
        return None
    ctx = u.get("sessionContext")
    context = None
    if ctx is not None:
        attrs = ctx.get("attributes") or {}
        issuer = ctx.get("sessionIssuer")
        context = (
            (attrs.get("creationDate"), attrs.get("mfaAuthenticated")),
            None
            if issuer is None
            else (
                issuer.get("type"),
                issuer.get("principalId"),
                issuer.get("arn"),
                issuer.get("accountId"),
                issuer.get("userName"),
            ),
            ctx.get("sourceIdentity"),
        )
    return (
        u.get("type"),
        u.get("principalId"),
        u.get("arn"),
        u.get("accountId"),
        u.get("accessKeyId"),
        u.get("userName"),
        u.get("invokedBy"),
        u.get("identityStoreArn"),
        u.get("userId"),
        context,
    )


def _record(
    rec: dict[str, Any], org_id: str | None, account: str | None, region: str | None
) -> Row:
    time = rec.get("eventTime")
    resources = rec.get("resources")
    tls = rec.get("tlsDetails")
    return (
        None if time is None else iso_time(time),
        rec.get("eventVersion"),
        _identity(rec.get("userIdentity")),
        rec.get("eventSource"),
        rec.get("eventName"),
        rec.get("awsRegion"),
        rec.get("sourceIPAddress"),
        rec.get("userAgent"),
        rec.get("errorCode"),
        rec.get("errorMessage"),
        _text(rec.get("requestParameters")),
        _text(rec.get("responseElements")),
        _text(rec.get("additionalEventData")),
        _text(rec.get("serviceEventDetails")),
        rec.get("requestID"),
        rec.get("eventID"),
        _bool(rec.get("readOnly")),
        None
        if resources is None
        else [(x.get("accountId"), x.get("type"), x.get("ARN")) for x in resources],
        rec.get("eventType"),
        _bool(rec.get("managementEvent")),
        rec.get("recipientAccountId"),
        rec.get("sharedEventID"),
        rec.get("vpcEndpointId"),
        rec.get("eventCategory"),
        None
        if tls is None
        else (tls.get("tlsVersion"), tls.get("cipherSuite"), tls.get("clientProvidedHostHeader")),
        _bool(rec.get("sessionCredentialFromConsole")),
        _text(rec.get("insightDetails")),
        org_id,
        _dump(rec),
        account or rec.get("recipientAccountId"),
        region or rec.get("awsRegion"),
    )


def parse(text: str, key: str) -> list[Row]:
    doc = json.loads(text)
    records = doc.get("Records")
    if records is None:
        return []
    first = key_segment(key, "AWSLogs")
    shift = 1 if first is not None and first.startswith("o-") else 0
    org_id = first if shift else None
    account = key_segment(key, "AWSLogs", 1 + shift)
    region = key_segment(key, "AWSLogs", 3 + shift)
    return [_record(rec, org_id, account, region) for rec in records]


UDFS: Final = {"cloudtrail": FileUdf(parse, SCHEMA)}
