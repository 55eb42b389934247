"""CloudTrail S3 delivery: one JSON document ``{"Records": [...]}`` per object.

The file is parsed once into its Records as JSON strings (``array<string>`` keeps each
record's text), then each record is parsed with an explicit schema. Free-form objects
(requestParameters, responseElements, additionalEventData, serviceEventDetails,
insightDetails) are declared ``string``: Spark's JSON reader then keeps their JSON text
instead of inferring a struct. Digest files (``CloudTrail-Digest`` in the key, or a body with
``digestStartTime`` and no ``Records``) are skipped.

A file whose bytes are not valid UTF-8 is parsed with its bad bytes marked
(``sources/_utf8.py``); a record holding a mark is rejected as ``cloudtrail.invalid_utf8`` with
its text escaped, the others are parsed as usual. A file rejected whole (not JSON, no
``Records``) whose bytes are not valid UTF-8 is rejected as ``cloudtrail.invalid_utf8`` too,
so that an escaped ``_raw`` always goes with that reason.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from typing import Final, Literal

from pyspark.sql import Column, DataFrame
from pyspark.sql import functions as F

from logparse.catalog import Partition
from logparse.conform import conform, date_partition, status_reason
from logparse.model import RAW, REASON, REJECT, SKIP, SOURCE_FILE, STATUS, VALUE
from logparse.sources._utf8 import escaped, escaped_marks, has_marks, is_valid, marked

READ_MODE: Final[Literal["files"]] = "files"
DATASETS: Final = ("cloudtrail",)
INVALID_UTF8: Final = "cloudtrail.invalid_utf8"

RAW_TABLE: Final = "cloudtrail_raw"
"""The catalog table over the organization trail's files as delivered (CloudTrail SerDe),
partitioned by ``account_id, region, dt`` with ``dt`` as ``yyyy/MM/dd``; with
``--catalog-database`` the job registers :func:`raw_partitions` of the files it listed."""
_RAW_KEY: Final = re.compile(
    r"/AWSLogs/o-[^/]+/(?P<account>[^/]+)/CloudTrail/(?P<region>[^/]+)"
    r"/(?P<y>[0-9]{4})/(?P<m>[0-9]{2})/(?P<d>[0-9]{2})/[^/]+$"
)

_CORRUPT: Final = "_corrupt"
_FILE_SCHEMA: Final = f"Records array<string>, digestStartTime string, {_CORRUPT} string"

# camelCase as CloudTrail writes it; the order of every struct matches the snake_case struct in
# schemas/cloudtrail.json so that a cast renames the fields.
_RECORD_SCHEMA: Final = ", ".join(
    [
        "eventVersion string",
        "userIdentity struct<type: string, principalId: string, arn: string, accountId: string,"
        " accessKeyId: string, userName: string, invokedBy: string, identityStoreArn: string,"
        " userId: string, sessionContext: struct<attributes: struct<creationDate: string,"
        " mfaAuthenticated: string>, sessionIssuer: struct<type: string, principalId: string,"
        " arn: string, accountId: string, userName: string>, sourceIdentity: string>>",
        "eventTime string",
        "eventSource string",
        "eventName string",
        "awsRegion string",
        "sourceIPAddress string",
        "userAgent string",
        "errorCode string",
        "errorMessage string",
        "requestParameters string",
        "responseElements string",
        "additionalEventData string",
        "serviceEventDetails string",
        "requestID string",
        "eventID string",
        "readOnly string",
        "resources array<struct<accountId: string, type: string, ARN: string>>",
        "eventType string",
        "managementEvent string",
        "recipientAccountId string",
        "sharedEventID string",
        "vpcEndpointId string",
        "eventCategory string",
        "tlsDetails struct<tlsVersion: string, cipherSuite: string,"
        " clientProvidedHostHeader: string>",
        "sessionCredentialFromConsole string",
        "insightDetails string",
        f"{_CORRUPT} string",
    ]
)

_JSON_OPTIONS: Final = {"columnNameOfCorruptRecord": _CORRUPT}


def input_globs(root: str, day: datetime.date | None) -> list[str]:
    """Account trails (``AWSLogs/<acct>/CloudTrail*/…``) and organization trails
    (``AWSLogs/<o-id>/<acct>/CloudTrail*/…``); ``CloudTrail*`` also matches the
    ``CloudTrail-Digest`` and ``CloudTrail-Insight`` folders, so digests are counted."""
    base = root.rstrip("/")
    date = day.strftime("%Y/%m/%d") if day else "*/*/*"
    return [
        f"{base}/AWSLogs/[0-9]*/CloudTrail*/*/{date}/*",
        f"{base}/AWSLogs/o-*/*/CloudTrail*/*/{date}/*",
    ]


def raw_partitions(paths: Iterable[str]) -> list[Partition]:
    """The day prefixes ``…/AWSLogs/<o-id>/<acct>/CloudTrail/<region>/<yyyy>/<MM>/<dd>/`` of
    the organization-trail log files among ``paths``, as partitions of :data:`RAW_TABLE`,
    sorted. Digests (``CloudTrail-Digest/``), Insights (``CloudTrail-Insight/``) and
    account-trail keys (``AWSLogs/<acct>/CloudTrail/…``, outside the table's
    ``AWSLogs/<o-id>/``) are not partitions of it."""
    found: dict[tuple[str, str, str], str] = {}
    for path in sorted(paths):
        m = _RAW_KEY.search(path)
        if m is None:
            continue
        values = (m["account"], m["region"], f"{m['y']}/{m['m']}/{m['d']}")
        found.setdefault(values, path[: m.end("d")] + "/")
    return [
        Partition(tuple(zip(("account_id", "region", "dt"), values, strict=True)), location)
        for values, location in sorted(found.items())
    ]


def _key_fields(path: Column) -> tuple[Column, Column, Column]:
    """``(org_id, account_id, region)`` from ``…/AWSLogs/[<o-id>/]<acct>/CloudTrail*/<region>``."""
    parts = F.split(path, "/")
    at = F.array_position(parts, "AWSLogs")
    first = F.element_at(parts, (at + 1).cast("int"))
    is_org = (at > 0) & first.startswith("o-")
    shift = F.when(is_org, 1).otherwise(0)
    org_id = F.when(is_org, first)
    account = F.when(at > 0, F.element_at(parts, (at + 1 + shift).cast("int")))
    region = F.when(at > 0, F.element_at(parts, (at + 3 + shift).cast("int")))
    return org_id, account, region


def parse(raw: DataFrame) -> dict[str, DataFrame]:
    valid = F.col("file_valid")
    text = F.when(valid, F.col(VALUE)).otherwise(F.expr(marked(VALUE)))
    doc = F.from_json(text, _FILE_SCHEMA, _JSON_OPTIONS)
    files = raw.select(
        F.col(SOURCE_FILE), F.col(VALUE), F.expr(is_valid(VALUE)).alias("file_valid")
    ).select("*", doc.alias("doc"))
    records = F.col("doc.Records")
    is_digest = F.col(SOURCE_FILE).contains("/CloudTrail-Digest/") | (
        records.isNull() & F.col("doc.digestStartTime").isNotNull()
    )
    invalid_json = F.col("doc").isNull() | F.col(f"doc.{_CORRUPT}").isNotNull()
    file_cases = [
        (is_digest, SKIP, "cloudtrail.digest"),
        (~valid & (invalid_json | records.isNull()), REJECT, INVALID_UTF8),
        (invalid_json, REJECT, "cloudtrail.invalid_json"),
        (records.isNull(), REJECT, "cloudtrail.no_records"),
        (F.size(records) == 0, SKIP, "cloudtrail.empty_records"),
    ]
    file_status, file_reason = status_reason(file_cases)
    # The object's text is kept (as file_raw) only for a rejected file, and dropped before the
    # explode: carried past it, every record row of the file would copy the whole object.
    per_file = files.select(
        F.col(SOURCE_FILE),
        valid,
        file_status.alias("file_status"),
        file_reason.alias("file_reason"),
        records.alias("records"),
        F.when(
            file_status == REJECT, F.when(valid, F.col(VALUE)).otherwise(F.expr(escaped(VALUE)))
        ).alias("file_raw"),
    )
    rows = per_file.select(
        F.col(SOURCE_FILE),
        valid,
        F.col("file_status"),
        F.col("file_reason"),
        F.col("file_raw"),
        F.explode_outer(F.when(F.col("file_reason").isNull(), F.col("records"))).alias("record"),
    )
    rec = F.from_json(F.col("record"), _RECORD_SCHEMA, _JSON_OPTIONS)
    parsed = rows.select("*", rec.alias("r")).withColumn(
        "event_time", F.to_timestamp(F.col("r.eventTime"))
    )
    status, reason = status_reason(
        [
            (F.col("file_reason").isNotNull(), "file", "file"),
            (~valid & F.expr(has_marks("record")), REJECT, INVALID_UTF8),
            (
                F.col("r").isNull() | F.col(f"r.{_CORRUPT}").isNotNull(),
                REJECT,
                "cloudtrail.invalid_record",
            ),
            (F.col("r.eventTime").isNull(), REJECT, "cloudtrail.missing_event_time"),
            (F.col("event_time").isNull(), REJECT, "cloudtrail.bad_event_time"),
        ]
    )
    org_id, key_account, key_region = _key_fields(F.col(SOURCE_FILE))
    r = "r."
    out = parsed.select(
        F.col("event_time"),
        F.col(SOURCE_FILE),
        F.col(f"{r}eventVersion").alias("event_version"),
        F.col(f"{r}userIdentity").alias("user_identity"),
        F.col(f"{r}eventSource").alias("event_source"),
        F.col(f"{r}eventName").alias("event_name"),
        F.col(f"{r}awsRegion").alias("aws_region"),
        F.col(f"{r}sourceIPAddress").alias("source_ip_address"),
        F.col(f"{r}userAgent").alias("user_agent"),
        F.col(f"{r}errorCode").alias("error_code"),
        F.col(f"{r}errorMessage").alias("error_message"),
        F.col(f"{r}requestParameters").alias("request_parameters"),
        F.col(f"{r}responseElements").alias("response_elements"),
        F.col(f"{r}additionalEventData").alias("additional_event_data"),
        F.col(f"{r}serviceEventDetails").alias("service_event_details"),
        F.col(f"{r}requestID").alias("request_id"),
        F.col(f"{r}eventID").alias("event_id"),
        F.col(f"{r}readOnly").alias("read_only"),
        F.col(f"{r}resources").alias("resources"),
        F.col(f"{r}eventType").alias("event_type"),
        F.col(f"{r}managementEvent").alias("management_event"),
        F.col(f"{r}recipientAccountId").alias("recipient_account_id"),
        F.col(f"{r}sharedEventID").alias("shared_event_id"),
        F.col(f"{r}vpcEndpointId").alias("vpc_endpoint_id"),
        F.col(f"{r}eventCategory").alias("event_category"),
        F.col(f"{r}tlsDetails").alias("tls_details"),
        F.col(f"{r}sessionCredentialFromConsole").alias("session_credential_from_console"),
        F.col(f"{r}insightDetails").alias("insight_details"),
        org_id.alias("org_id"),
        F.col("record").alias("raw_record"),
        date_partition(F.col("event_time")).alias("dt"),
        F.coalesce(key_account, F.col(f"{r}recipientAccountId")).alias("account_id"),
        F.coalesce(key_region, F.col(f"{r}awsRegion")).alias("region"),
        F.when(status == "file", F.col("file_status")).otherwise(status).alias(STATUS),
        F.when(status == "file", F.col("file_reason")).otherwise(reason).alias(REASON),
        F.when(status == "file", F.col("file_raw"))
        .when(reason == INVALID_UTF8, F.expr(escaped_marks("record")))
        .when(status == REJECT, F.coalesce(F.col("record"), F.lit("null")))
        .alias(RAW),
    )
    return {"cloudtrail": conform(out, "cloudtrail", keep_on_reject=("org_id",))}
