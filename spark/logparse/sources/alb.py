"""Application Load Balancer access logs.

A line is unquoted tokens and ``"quoted"`` fields separated by single spaces. Splitting the
line once on ``"`` gives the quoted fields at odd positions and the runs of unquoted tokens
at even positions; only the three short unquoted runs are split again on spaces. That is two
non-regex splits per line, the cheapest tokenizer Spark's built-ins offer (``from_csv`` with
a space separator measured 5x slower). The runs between quoted fields must be exactly what
the format says (a single space, or the known tokens), which is how a quote inside a field
or a truncated line is caught instead of shifting every later column.

Variants: lines that end after ``error_reason`` (older), lines with the target lists,
classification and ``conn_trace_id`` (current), and lines with the three request-transform
fields (newest). Fields AWS appends later are ignored. NLB TLS lines and ALB connection-log
lines are recognised and rejected with their own reason codes instead of being mis-parsed.
"""

from __future__ import annotations

import datetime
from typing import Final, Literal

from pyspark.sql import DataFrame
from pyspark.sql import functions as F

from logparse.conform import conform
from logparse.model import REASON, SOURCE_FILE, VALUE
from logparse.sources._text import (
    any_unparsable,
    key_date,
    key_segment,
    list_of,
    nd,
    raw_if_rejected,
    reason_of,
    sql_str,
    status_of,
    tok,
    typed,
    utc_date,
)

READ_MODE: Final[Literal["lines", "files"]] = "lines"
DATASET: Final = "alb"
DATASETS: Final = (DATASET,)

BLANK_LINE: Final = "alb.blank_line"
NLB_LINE: Final = "alb.nlb_line"
CONNECTION_LOG_LINE: Final = "alb.connection_log_line"
UNKNOWN_TYPE: Final = "alb.unknown_type"
TOO_FEW_FIELDS: Final = "alb.too_few_fields"
MALFORMED_QUOTES: Final = "alb.malformed_quotes"
BAD_VALUE: Final = "alb.bad_value"
SKIP_REASONS: Final = (BLANK_LINE,)

# Request types an ALB writes in the first field.
ALB_TYPES: Final = ("http", "https", "h2", "grpcs", "ws", "wss")

# Pieces of split(line, '"'): quoted field k (0-based) is piece 2k+1. The oldest accepted
# lines end after error_reason, the 8th quoted field, so they split into 17 pieces.
_MIN_PIECES: Final = 17

# Unquoted head: type time elb client:port target:port rpt tpt rspt elb_status target_status
# received sent, then the space before "request" leaves an empty 13th token.
_HEAD_TOKENS: Final = 13


def input_globs(root: str, day: datetime.date | None) -> list[str]:
    """ALB access-log objects only.

    The same prefix holds NLB access logs (``..._net.<lb>_...``) and ALB connection logs
    (``conn_log.<acct>_...``); the name pattern (account id first, ``_app.`` load balancer)
    keeps them out, since neither is an ALB access log. Lines of theirs that still reach the
    parser are rejected with their own reason codes.
    """
    y, m, d = (f"{day:%Y}", f"{day:%m}", f"{day:%d}") if day else ("*", "*", "*")
    base = root.rstrip("/")
    return [
        f"{base}/AWSLogs/*/elasticloadbalancing/*/{y}/{m}/{d}/"
        "[0-9]*_elasticloadbalancing_*_app.*.log.gz"
    ]


def _piece(i: int) -> str:
    return tok("_p", i)


def _spaces(expr: str) -> str:
    return f"(length({expr}) - length(replace({expr}, ' ', '')))"


def _between(expr: str, first: bool) -> str:
    """First or last space-separated token of a run (the run starts and ends with a space)."""
    return f"substring_index(trim({expr}), ' ', {1 if first else -1})"


def _host(endpoint: str) -> str:
    """Address of ``addr:port`` or ``[v6addr]:port`` without the brackets."""
    return (
        f"translate(substring({endpoint}, 1, length({endpoint}) - "
        f"length(substring_index({endpoint}, ':', -1)) - 1), '[]', '')"
    )


def _port(endpoint: str) -> str:
    return f"substring_index({endpoint}, ':', -1)"


def _key_fields() -> str:
    """``struct(account_id, region, dt)`` from the ``AWSLogs/<acct>/elasticloadbalancing/`` key."""

    def seg(i: int) -> str:
        return key_segment(SOURCE_FILE, "/AWSLogs/", i)

    ok = f"{seg(1)} = 'elasticloadbalancing'"
    return (
        f"named_struct('account_id', CASE WHEN {ok} THEN {seg(0)} END, "
        f"'region', CASE WHEN {ok} THEN {seg(2)} END, "
        f"'dt', CASE WHEN {ok} THEN {key_date(seg(3), seg(4), seg(5))} END)"
    )


# Columns taken from the tokens as (possibly null) strings, then typed.
_STRING_FIELDS: Final = {
    "type": tok("_h", 0),
    "time": tok("_h", 1),
    "elb": tok("_h", 2),
    "_client": tok("_h", 3),
    "_target": tok("_h", 4),
    "request_processing_time": tok("_h", 5),
    "target_processing_time": tok("_h", 6),
    "response_processing_time": tok("_h", 7),
    "elb_status_code": tok("_h", 8),
    "target_status_code": tok("_h", 9),
    "received_bytes": tok("_h", 10),
    "sent_bytes": tok("_h", 11),
    "_request": _piece(1),
    "user_agent": _piece(3),
    "ssl_cipher": _between(_piece(4), first=True),
    "ssl_protocol": (f"substring_index(substring_index(trim({_piece(4)}), ' ', 2), ' ', -1)"),
    "target_group_arn": _between(_piece(4), first=False),
    "trace_id": _piece(5),
    "domain_name": _piece(7),
    "chosen_cert_arn": _piece(9),
    "matched_rule_priority": _between(_piece(10), first=True),
    "request_creation_time": _between(_piece(10), first=False),
    "actions_executed": _piece(11),
    "redirect_url": _piece(13),
    "error_reason": _piece(15),
    "target_port_list": _piece(17),
    "target_status_code_list": _piece(19),
    "classification": _piece(21),
    "classification_reason": _piece(23),
    "conn_trace_id": f"nullif(trim({_piece(24)}), '')",
    "transformed_host": _piece(25),
    "transformed_uri": _piece(27),
    "request_transform_status": _piece(29),
}

_TYPED: Final = (
    ("time", "timestamp"),
    ("request_processing_time", "double"),
    ("target_processing_time", "double"),
    ("response_processing_time", "double"),
    ("elb_status_code", "int"),
    ("target_status_code", "int"),
    ("received_bytes", "bigint"),
    ("sent_bytes", "bigint"),
    ("_client_port", "int"),
    ("_target_port", "int"),
    ("matched_rule_priority", "int"),
    ("request_creation_time", "timestamp"),
)


def _structure_ok() -> str:
    """The runs between quoted fields are what the format puts there, and quotes balance.

    A run between two quoted fields is one space; the run that ends the line is empty. The
    runs holding unquoted tokens (cipher/protocol/target group, rule priority/creation time,
    conn_trace_id) hold exactly that many non-empty tokens.
    """
    checks = ["size(_p) % 2 = 1", f"get(_h, {_HEAD_TOKENS - 1}) = ''"]
    for i in (2, 6, 8, 12, 14, 16, 18, 20, 22, 26, 28, 30):
        checks.append(
            f"coalesce({_piece(i)} = ' ' OR ({_piece(i)} = '' AND size(_p) = {i + 1}), true)"
        )
    checks.append(_run_of(4, 3))
    checks.append(_run_of(10, 2))
    p24 = _piece(24)
    checks.append(
        f"coalesce(CASE WHEN size(_p) = 25 THEN {p24} = '' OR ({p24} LIKE ' %' AND "
        f"{_spaces(p24)} = 1 AND {p24} <> ' ') ELSE {_run_of(24, 1)} END, true)"
    )
    return " AND ".join(f"({c})" for c in checks)


def _run_of(i: int, tokens: int) -> str:
    """Piece ``i`` is `` tok1 ... tokN `` with single spaces and non-empty tokens."""
    p = _piece(i)
    return (
        f"({p} LIKE ' %' AND {p} LIKE '% ' AND {_spaces(p)} = {tokens + 1} "
        f"AND instr({p}, '  ') = 0)"
    )


def parse(raw: DataFrame) -> dict[str, DataFrame]:
    tokens = raw.select(
        VALUE,
        SOURCE_FILE,
        F.expr(f"split({VALUE}, '\"')").alias("_p"),
    ).select(
        VALUE,
        SOURCE_FILE,
        "_p",
        F.expr(f"split({_piece(0)}, ' ')").alias("_h"),
    )
    strings = tokens.select(
        VALUE,
        SOURCE_FILE,
        "_p",
        "_h",
        *[F.expr(nd(expr)).alias(name) for name, expr in _STRING_FIELDS.items()],
    ).select(
        "*",
        F.expr(nd(_port("_client"))).alias("_client_port"),
        F.expr(nd(_port("_target"))).alias("_target_port"),
    )
    first = tok("_h", 0)
    known_types = ", ".join(sql_str(t) for t in ALB_TYPES)
    checked = strings.select(
        "*",
        reason_of(
            [
                (f"{first} = '' AND trim({VALUE}) = ''", BLANK_LINE),
                (f"{first} = 'tls'", NLB_LINE),
                # Connection-log lines start with their ISO timestamp; the cast only runs on
                # lines whose first token is not an ALB request type.
                (
                    f"NOT {first} IN ({known_types})"
                    f" AND try_cast({first} AS TIMESTAMP) IS NOT NULL",
                    CONNECTION_LOG_LINE,
                ),
                (f"NOT {first} IN ({known_types})", UNKNOWN_TYPE),
                (f"size(_p) < {_MIN_PIECES} OR size(_h) < {_HEAD_TOKENS}", TOO_FEW_FIELDS),
                (f"size(_h) > {_HEAD_TOKENS} OR NOT ({_structure_ok()})", MALFORMED_QUOTES),
                (any_unparsable(_TYPED), BAD_VALUE),
            ]
        ),
    )
    converted = {name: typed(name, t) for name, t in _TYPED}
    out = checked.select(
        F.expr(converted["time"]).alias("event_time"),
        F.lit(DATASET).alias("source"),
        SOURCE_FILE,
        "type",
        "elb",
        F.expr(f"CASE WHEN _client IS NOT NULL THEN {_host('_client')} END").alias("client_ip"),
        F.expr(converted["_client_port"]).alias("client_port"),
        F.expr(f"CASE WHEN _target IS NOT NULL THEN {_host('_target')} END").alias("target_ip"),
        F.expr(converted["_target_port"]).alias("target_port"),
        # -1 means no target was reached (or the connection broke): not a duration.
        *[
            F.expr(f"nullif({converted[c]}, -1.0)").alias(c)
            for c in (
                "request_processing_time",
                "target_processing_time",
                "response_processing_time",
            )
        ],
        *[
            F.expr(converted[c]).alias(c)
            for c in ("elb_status_code", "target_status_code", "received_bytes", "sent_bytes")
        ],
        F.expr(nd("substring_index(_request, ' ', 1)")).alias("request_verb"),
        F.expr(
            "CASE WHEN instr(_request, ' ') > 0 THEN nullif(substring(_request, "
            "length(substring_index(_request, ' ', 1)) + 2, length(_request) - "
            "length(substring_index(_request, ' ', 1)) - "
            "length(substring_index(_request, ' ', -1)) - 2), '') END"
        ).alias("request_url"),
        F.expr(
            "CASE WHEN instr(_request, ' ') > 0 THEN "
            "nullif(substring_index(_request, ' ', -1), '') END"
        ).alias("request_protocol"),
        "user_agent",
        "ssl_cipher",
        "ssl_protocol",
        "target_group_arn",
        "trace_id",
        "domain_name",
        "chosen_cert_arn",
        F.expr(converted["matched_rule_priority"]).alias("matched_rule_priority"),
        F.expr(converted["request_creation_time"]).alias("request_creation_time"),
        F.expr(list_of("actions_executed", ",")).alias("actions_executed"),
        "redirect_url",
        "error_reason",
        F.expr(list_of("target_port_list", " ")).alias("target_port_list"),
        F.expr(list_of("target_status_code_list", " ")).alias("target_status_code_list"),
        "classification",
        "classification_reason",
        "conn_trace_id",
        "transformed_host",
        "transformed_uri",
        "request_transform_status",
        F.expr(_key_fields()).alias("_key"),
        status_of(SKIP_REASONS),
        REASON,
        VALUE,
    ).select(
        "*",
        raw_if_rejected(VALUE),
        F.expr(f"coalesce({utc_date('event_time')}, _key.dt)").alias("dt"),
        F.expr("_key.account_id").alias("account_id"),
        F.expr("_key.region").alias("region"),
    )
    return {DATASET: conform(out, DATASET)}
