"""VPC Flow Logs delivered to S3 as text (and, through :func:`parse_parquet`, as Parquet).

A text file starts with a header naming its fields; custom formats choose any subset of the
fields in any order, so tokens are mapped by name, never by position. A line does not carry
its header, so each file's header is found once in a small per-file DataFrame (header lines
only, one row per file) and broadcast-joined back to the lines: the lines are never shuffled,
and the field positions are resolved once per file instead of once per line. The price is a
second scan of the input for the header lines (see docs/spark-line-parsers.md).

Header lines recur inside files (concatenated deliveries); every one becomes a ``skip`` row.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Final, Literal

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from logparse.conform import conform
from logparse.model import RAW, REASON, SOURCE_FILE, STATUS, VALUE
from logparse.sources._text import (
    failed_conversion,
    key_date,
    key_segment,
    named,
    nd,
    raw_if_rejected,
    reason_of,
    sql_str,
    status_of,
    tok,
    typed,
    utc_date,
)
from logparse.sources._utf8 import escaped, is_valid

READ_MODE: Final[Literal["lines", "files"]] = "lines"
DATASET: Final = "vpcflow"
DATASETS: Final = (DATASET,)


@dataclass(frozen=True)
class Field:
    """A flow-log field: its name in the header, its output column and its type."""

    name: str
    column: str
    type: str = "string"


# Versions 2-8 of the flow-log record, plus the Transit Gateway (v6) fields. ``start``/``end``
# are epoch seconds; they are converted to timestamps below. ``account-id`` and ``region`` are
# the record's own values, distinct from the delivering account/region in the S3 key.
FIELDS: Final = (
    Field("version", "version", "int"),
    Field("account-id", "record_account_id"),
    Field("interface-id", "interface_id"),
    Field("srcaddr", "srcaddr"),
    Field("dstaddr", "dstaddr"),
    Field("srcport", "srcport", "int"),
    Field("dstport", "dstport", "int"),
    Field("protocol", "protocol", "int"),
    Field("packets", "packets", "bigint"),
    Field("bytes", "bytes", "bigint"),
    Field("start", "start_time", "epoch"),
    Field("end", "end_time", "epoch"),
    Field("action", "action"),
    Field("log-status", "log_status"),
    Field("vpc-id", "vpc_id"),
    Field("subnet-id", "subnet_id"),
    Field("instance-id", "instance_id"),
    Field("tcp-flags", "tcp_flags", "int"),
    Field("type", "type"),
    Field("pkt-srcaddr", "pkt_srcaddr"),
    Field("pkt-dstaddr", "pkt_dstaddr"),
    Field("region", "record_region"),
    Field("az-id", "az_id"),
    Field("sublocation-type", "sublocation_type"),
    Field("sublocation-id", "sublocation_id"),
    Field("pkt-src-aws-service", "pkt_src_aws_service"),
    Field("pkt-dst-aws-service", "pkt_dst_aws_service"),
    Field("flow-direction", "flow_direction"),
    Field("traffic-path", "traffic_path", "int"),
    Field("resource-type", "resource_type"),
    Field("tgw-id", "tgw_id"),
    Field("tgw-attachment-id", "tgw_attachment_id"),
    Field("tgw-src-vpc-account-id", "tgw_src_vpc_account_id"),
    Field("tgw-dst-vpc-account-id", "tgw_dst_vpc_account_id"),
    Field("tgw-src-vpc-id", "tgw_src_vpc_id"),
    Field("tgw-dst-vpc-id", "tgw_dst_vpc_id"),
    Field("tgw-src-subnet-id", "tgw_src_subnet_id"),
    Field("tgw-dst-subnet-id", "tgw_dst_subnet_id"),
    Field("tgw-src-eni", "tgw_src_eni"),
    Field("tgw-dst-eni", "tgw_dst_eni"),
    Field("tgw-src-az-id", "tgw_src_az_id"),
    Field("tgw-dst-az-id", "tgw_dst_az_id"),
    Field("tgw-pair-attachment-id", "tgw_pair_attachment_id"),
    Field("packets-lost-no-route", "packets_lost_no_route", "bigint"),
    Field("packets-lost-blackhole", "packets_lost_blackhole", "bigint"),
    Field("packets-lost-mtu-exceeded", "packets_lost_mtu_exceeded", "bigint"),
    Field("packets-lost-ttl-expired", "packets_lost_ttl_expired", "bigint"),
    Field("ecs-cluster-arn", "ecs_cluster_arn"),
    Field("ecs-cluster-name", "ecs_cluster_name"),
    Field("ecs-container-instance-arn", "ecs_container_instance_arn"),
    Field("ecs-container-instance-id", "ecs_container_instance_id"),
    Field("ecs-container-id", "ecs_container_id"),
    Field("ecs-second-container-id", "ecs_second_container_id"),
    Field("ecs-service-name", "ecs_service_name"),
    Field("ecs-task-definition-arn", "ecs_task_definition_arn"),
    Field("ecs-task-arn", "ecs_task_arn"),
    Field("ecs-task-id", "ecs_task_id"),
    Field("reject-reason", "reject_reason"),
)

INVALID_UTF8: Final = "vpcflow.invalid_utf8"
BLANK_LINE: Final = "vpcflow.blank_line"
HEADER: Final = "vpcflow.header"
MISSING_HEADER: Final = "vpcflow.missing_header"
CONFLICTING_HEADERS: Final = "vpcflow.conflicting_headers"
FIELD_COUNT_MISMATCH: Final = "vpcflow.field_count_mismatch"
BAD_VALUE: Final = "vpcflow.bad_value"
SKIP_REASONS: Final = (BLANK_LINE, HEADER)

# Latest epoch second that is still a four-digit year; larger values overflow timestamps.
_MAX_EPOCH: Final = 253402300799

_FIRST_TOKEN: Final = f"substring_index({VALUE}, ' ', 1)"
_IS_HEADER: Final = f"{_FIRST_TOKEN} IN ({', '.join(sql_str(f.name) for f in FIELDS)})"


def input_globs(root: str, day: datetime.date | None) -> list[str]:
    """Text flow-log objects in both key layouts, daily and hourly prefixes.

    Parquet deliveries (``*.log.parquet``) are left to :func:`parquet_input_globs`.
    """
    base = root.rstrip("/") + "/AWSLogs"
    y, m, d = (f"{day:%Y}", f"{day:%m}", f"{day:%d}") if day else ("*", "*", "*")
    plain = f"{base}/*/vpcflowlogs/*/{y}/{m}/{d}"
    hive = (
        f"{base}/aws-account-id=*/aws-service=vpcflowlogs/aws-region=*/year={y}/month={m}/day={d}"
    )
    return [
        f"{plain}/*.log.gz",
        f"{plain}/*/*.log.gz",
        f"{hive}/*.log.gz",
        f"{hive}/hour=*/*.log.gz",
    ]


def parquet_input_globs(root: str, day: datetime.date | None) -> list[str]:
    """Parquet flow-log objects, in the same layouts as :func:`input_globs`."""
    return [g.removesuffix(".log.gz") + ".parquet" for g in input_globs(root, day)]


def _key_fields(path: str) -> str:
    """``struct(account_id, region, dt)`` from either S3 key layout; fields null elsewhere."""

    def seg(i: int) -> str:
        return key_segment(path, "/AWSLogs/", i)

    hive = f"{seg(1)} = 'aws-service=vpcflowlogs'"
    plain = f"{seg(1)} = 'vpcflowlogs'"

    def part(i: int) -> str:
        return (
            f"CASE WHEN {plain} THEN {seg(i)}"
            f" WHEN {hive} THEN substring_index({seg(i)}, '=', -1) END"
        )

    return (
        f"named_struct('account_id', {part(0)}, 'region', {part(2)}, "
        f"'dt', {key_date(part(3), part(4), part(5))})"
    )


def _position(i: int) -> str:
    """Column holding the 0-based position of field ``FIELDS[i]`` in the file's header."""
    return f"_p{i}"


def _file_headers(raw: DataFrame) -> DataFrame:
    """One row per file that has a header line: each field's position, the header's field
    count, a conflict flag and the key fields, all computed once per file.

    ``min``/``max`` of the header lines detect a file whose headers disagree; its lines are
    rejected rather than mapped by a guess. Positions are separate columns (null when the
    header lacks the field) so a line reads each one as a plain column of the joined row.
    """
    positions = [
        named(f"CAST(nullif(array_position(_h, {sql_str(f.name)}), 0) - 1 AS INT)", _position(i))
        for i, f in enumerate(FIELDS)
    ]
    return (
        raw.where(_IS_HEADER)
        .groupBy(SOURCE_FILE)
        .agg(F.min(VALUE).alias("_hmin"), F.max(VALUE).alias("_hmax"))
        .selectExpr(
            SOURCE_FILE,
            named("_hmin <> _hmax", "_hconflict"),
            named("split(_hmin, ' ')", "_h"),
            named(_key_fields(SOURCE_FILE), "_key"),
        )
        .selectExpr(
            SOURCE_FILE,
            "_hconflict",
            named("size(_h)", "_hsize"),
            *positions,
            named("_key.account_id", "_hacct"),
            named("_key.region", "_hregion"),
            named("_key.dt", "_hdt"),
        )
    )


def _typed_name(f: Field) -> str:
    return f"{f.column}__t"


def parse(raw: DataFrame) -> dict[str, DataFrame]:
    lines = raw.join(F.broadcast(_file_headers(raw)), on=SOURCE_FILE, how="left")
    header_columns = ["_hconflict", "_hsize", "_hacct", "_hregion", "_hdt"]
    tokens = lines.selectExpr(
        VALUE,
        SOURCE_FILE,
        *header_columns,
        *[_position(i) for i in range(len(FIELDS))],
        named(f"split({VALUE}, ' ')", "_t"),
    )
    strings = tokens.selectExpr(
        VALUE,
        SOURCE_FILE,
        *header_columns,
        named("size(_t)", "_tsize"),
        *[named(nd(tok("_t", _position(i))), f.column) for i, f in enumerate(FIELDS)],
    )
    converted = [f for f in FIELDS if f.type != "string"]
    typed_cols = strings.selectExpr(
        "*",
        *[
            named(typed(f.column, "bigint" if f.type == "epoch" else f.type), _typed_name(f))
            for f in converted
        ],
    )
    checked = typed_cols.selectExpr(
        "*",
        reason_of(
            [
                (f"NOT {is_valid(VALUE)}", INVALID_UTF8),
                (f"trim({VALUE}) = ''", BLANK_LINE),
                (_IS_HEADER, HEADER),
                ("_hsize IS NULL", MISSING_HEADER),
                ("_hconflict", CONFLICTING_HEADERS),
                ("_tsize <> _hsize", FIELD_COUNT_MISMATCH),
                (
                    " OR ".join(failed_conversion(f.column, _typed_name(f)) for f in converted),
                    BAD_VALUE,
                ),
                (_epoch_out_of_range(), BAD_VALUE),
            ]
        ),
    )

    def key(header_value: str, part: str) -> str:
        # Files without a header have no row in the per-file frame: their (rejected) lines
        # still carry the key's partition values, computed per line.
        per_line = f"{_key_fields(SOURCE_FILE)}.{part}"
        return f"CASE WHEN _hsize IS NULL THEN {per_line} ELSE {header_value} END"

    out = checked.selectExpr(
        *[named(_converted(f), f.column) for f in FIELDS],
        SOURCE_FILE,
        named(key("_hacct", "account_id"), "account_id"),
        named(key("_hregion", "region"), "region"),
        named(key("_hdt", "dt"), "_key_dt"),
        status_of(SKIP_REASONS),
        REASON,
        VALUE,
    ).selectExpr(
        "*",
        raw_if_rejected(VALUE, (INVALID_UTF8, escaped(VALUE))),
        named("start_time", "event_time"),
        named(f"coalesce({utc_date('start_time')}, _key_dt)", "dt"),
    )
    return {DATASET: conform(out, DATASET)}


def _epoch_out_of_range() -> str:
    epochs = [f for f in FIELDS if f.type == "epoch"]
    return " OR ".join(
        f"NOT coalesce({_typed_name(f)} BETWEEN 0 AND {_MAX_EPOCH}, {f.column} IS NULL)"
        for f in epochs
    )


def _converted(f: Field) -> str:
    if f.type == "epoch":
        seconds = _typed_name(f)
        return (
            f"CASE WHEN {seconds} BETWEEN 0 AND {_MAX_EPOCH} THEN timestamp_seconds({seconds}) END"
        )
    return f.column if f.type == "string" else _typed_name(f)


def parse_parquet(flows: DataFrame) -> dict[str, DataFrame]:
    """Flow logs delivered as Parquet: the same dataset, no text parsing.

    ``flows`` is ``spark.read.parquet(...)`` plus a :data:`~logparse.model.SOURCE_FILE` column.
    Parquet columns are the header names with ``_`` for ``-``; fields the flow log did not
    select are absent and come out null. Every row is ``ok``: the values are typed already.
    """
    present = set(flows.columns)
    cols = []
    for f in FIELDS:
        name = f.name.replace("-", "_")
        if name not in present:
            cols.append(F.lit(None).alias(f.column))
        elif f.type == "epoch":
            seconds = F.col(name).cast("bigint")
            cols.append(
                F.when(seconds.between(0, _MAX_EPOCH), F.timestamp_seconds(seconds)).alias(f.column)
            )
        else:
            cols.append(F.col(name).cast(f.type).alias(f.column))
    out = flows.select(
        *cols,
        F.lit(DATASET).alias("source"),
        SOURCE_FILE,
        F.expr(_key_fields(SOURCE_FILE)).alias("_key"),
    ).select(
        "*",
        F.col("start_time").alias("event_time"),
        F.expr("_key.account_id").alias("account_id"),
        F.expr("_key.region").alias("region"),
        F.expr(f"coalesce({utc_date('start_time')}, _key.dt)").alias("dt"),
        F.lit("ok").alias(STATUS),
        F.lit(None).cast("string").alias(REASON),
        F.lit(None).cast("string").alias(RAW),
    )
    return {DATASET: conform(out, DATASET)}
