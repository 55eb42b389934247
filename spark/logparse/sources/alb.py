"""Application Load Balancer access logs.

A line is unquoted tokens and ``"quoted"`` fields separated by single spaces. Splitting the
line once on ``"`` gives the quoted fields at odd positions and the runs of unquoted tokens
at even positions; the short runs that hold unquoted tokens are split again on spaces. Those
splits are the only pass over the line (``from_csv`` with a space separator measured 5x
slower). The runs between quoted fields must be exactly what the format says (a single space,
or the known tokens), which is how a quote inside a field or a truncated line is caught
instead of shifting every later column.

Variants: lines that end after ``error_reason`` (older), lines with the target lists,
classification and ``conn_trace_id`` (current), and lines with the three request-transform
fields (newest). Fields AWS appends later are ignored. NLB TLS lines and ALB connection-log
lines are recognised and rejected with their own reason codes instead of being mis-parsed.

The work is laid out as a chain of small projections (tokens, strings, typed values, checks,
output), each converting a field exactly once; see docs/spark-benchmark.md for why the shape
matters to Spark's code generation.
"""

from __future__ import annotations

import datetime
from typing import Final, Literal

from pyspark.sql import DataFrame

from logparse.conform import conform
from logparse.model import REASON, SOURCE_FILE, VALUE
from logparse.sources._text import (
    failed_conversion,
    key_date,
    key_prefix,
    key_segment_of,
    list_of,
    named,
    nd,
    raw_if_rejected,
    reason_of,
    sql_str,
    status_of,
    tok,
    utc_date_of_iso,
)
from logparse.sources._utf8 import escaped, is_valid

READ_MODE: Final[Literal["lines", "files"]] = "lines"
DATASET: Final = "alb"
DATASETS: Final = (DATASET,)

INVALID_UTF8: Final = "alb.invalid_utf8"
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

# Runs between quoted fields that hold unquoted tokens, split on spaces: piece -> the number
# of tokens (the run starts and ends with a space, so the split has two more, empty, items).
_RUNS: Final = {4: 3, 10: 2}
# Pieces that separate two quoted fields: a single space, or empty when the line ends there.
_SEPARATORS: Final = (2, 6, 8, 12, 14, 16, 18, 20, 22, 26, 28, 30)


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


def _run(i: int) -> str:
    return f"_r{i}"


# Every field as the token it comes from (before ``-`` becomes null).
_TOKENS: Final = {
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
    "ssl_cipher": tok(_run(4), 1),
    "ssl_protocol": tok(_run(4), 2),
    "target_group_arn": tok(_run(4), 3),
    "trace_id": _piece(5),
    "domain_name": _piece(7),
    "chosen_cert_arn": _piece(9),
    "matched_rule_priority": tok(_run(10), 1),
    "request_creation_time": tok(_run(10), 2),
    "actions_executed": _piece(11),
    "redirect_url": _piece(13),
    "error_reason": _piece(15),
    "target_port_list": _piece(17),
    "target_status_code_list": _piece(19),
    "classification": _piece(21),
    "classification_reason": _piece(23),
    # After the last quoted field of the current format: " TID_..." then end of line, or
    # " TID_... " before the newest format's quoted fields.
    "conn_trace_id": f"nullif({tok('_r24', 1)}, '')",
    "transformed_host": _piece(25),
    "transformed_uri": _piece(27),
    "request_transform_status": _piece(29),
}

# Fields converted from text, each exactly once; a token present but unconvertible rejects
# the line as ``alb.bad_value``.
_TYPED: Final = {
    "time": "timestamp",
    "request_processing_time": "double",
    "target_processing_time": "double",
    "response_processing_time": "double",
    "elb_status_code": "int",
    "target_status_code": "int",
    "received_bytes": "bigint",
    "sent_bytes": "bigint",
    "_client_port": "int",
    "_target_port": "int",
    "matched_rule_priority": "int",
    "request_creation_time": "timestamp",
}


# After the request's last space; AWS writes "-" for a protocol it could not read, as for the
# verb ("- http://host:80- -").
_PROTOCOL: Final = nd("nullif(substring_index(_request, ' ', -1), '')")


def _typed_name(name: str) -> str:
    return f"{name}__t"


def _host(endpoint: str) -> str:
    """Address of ``addr:port`` or ``[v6addr]:port`` without the brackets."""
    host = (
        f"substring({endpoint}, 1, length({endpoint}) - "
        f"length(substring_index({endpoint}, ':', -1)) - 1)"
    )
    # translate looks every character up in a map; most addresses have no bracket to drop.
    return (
        f"CASE WHEN contains({endpoint}, '[') OR contains({endpoint}, ']') "
        f"THEN translate({host}, '[]', '') ELSE {host} END"
    )


def _port(endpoint: str) -> str:
    return f"substring_index({endpoint}, ':', -1)"


def _structure_ok() -> str:
    """The runs between quoted fields are what the format puts there, and quotes balance.

    A run between two quoted fields is one space; the run that ends the line is empty. The
    runs holding unquoted tokens (cipher/protocol/target group, rule priority/creation time,
    conn_trace_id) hold exactly that many non-empty tokens.
    """
    checks = ["size(_p) % 2 = 1", f"{tok('_h', _HEAD_TOKENS - 1)} = ''"]
    for i in _SEPARATORS:
        checks.append(
            f"coalesce({_piece(i)} = ' ' OR ({_piece(i)} = '' AND size(_p) = {i + 1}), true)"
        )
    checks.extend(_run_of(i, n) for i, n in _RUNS.items())
    # conn_trace_id: the last piece (" TID", or nothing) or a run of one token (" TID ").
    r24 = _run(24)
    checks.append(
        f"size(_p) < 25 OR CASE WHEN size(_p) = 25 THEN {_piece(24)} = '' OR (size({r24}) = 2 "
        f"AND {tok(r24, 0)} = '' AND {tok(r24, 1)} <> '') ELSE {_run_of(24, 1)} END"
    )
    return " AND ".join(f"({c})" for c in checks)


def _run_of(i: int, tokens: int) -> str:
    """Piece ``i`` is `` tok1 ... tokN `` with single spaces and non-empty tokens: its split
    on spaces is an empty item, N non-empty tokens and an empty item."""
    r = _run(i)
    nonempty = " AND ".join(f"{tok(r, k)} <> ''" for k in range(1, tokens + 1))
    return (
        f"(size({r}) = {tokens + 2} AND {tok(r, 0)} = '' AND {tok(r, tokens + 1)} = '' "
        f"AND {nonempty})"
    )


def _key_fields() -> list[str]:
    """``account_id``, ``region`` and the key's date from ``AWSLogs/<acct>/elasticloadbalancing/
    <region>/yyyy/mm/dd/``; all null for any other key. ``_k`` holds those six segments."""

    def seg(i: int) -> str:
        return key_segment_of("_k", i)

    ok = f"{seg(1)} = 'elasticloadbalancing'"
    return [
        f"CASE WHEN {ok} THEN {seg(0)} END",
        f"CASE WHEN {ok} THEN {seg(2)} END",
        f"CASE WHEN {ok} THEN {key_date(seg(3), seg(4), seg(5))} END",
    ]


def parse(raw: DataFrame) -> dict[str, DataFrame]:
    pieces = raw.selectExpr(VALUE, SOURCE_FILE, named(f"split({VALUE}, '\"')", "_p"))
    tokens = pieces.selectExpr(
        VALUE,
        SOURCE_FILE,
        "_p",
        named(f"split({_piece(0)}, ' ')", "_h"),
        *[named(f"split({_piece(i)}, ' ')", _run(i)) for i in (*_RUNS, 24)],
        named(key_prefix(SOURCE_FILE, "/AWSLogs/", 6), "_k"),
    )
    strings = tokens.selectExpr(
        "*",
        *[named(nd(expr), name) for name, expr in _TOKENS.items()],
    ).selectExpr(
        "*",
        named(nd(_port("_client")), "_client_port"),
        named(nd(_port("_target")), "_target_port"),
    )
    typed = strings.selectExpr(
        "*",
        *[named(f"try_cast({name} AS {t})", _typed_name(name)) for name, t in _TYPED.items()],
    )
    first = tok("_h", 0)
    known_types = ", ".join(sql_str(t) for t in ALB_TYPES)
    checked = typed.selectExpr(
        "*",
        reason_of(
            [
                (f"NOT {is_valid(VALUE)}", INVALID_UTF8),
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
                (
                    " OR ".join(failed_conversion(name, _typed_name(name)) for name in _TYPED),
                    BAD_VALUE,
                ),
            ]
        ),
    )
    account, region, key_dt = _key_fields()
    t = {name: _typed_name(name) for name in _TYPED}
    out = checked.selectExpr(
        named(t["time"], "event_time"),
        SOURCE_FILE,
        "type",
        "elb",
        named(f"CASE WHEN _client IS NOT NULL THEN {_host('_client')} END", "client_ip"),
        named(t["_client_port"], "client_port"),
        named(f"CASE WHEN _target IS NOT NULL THEN {_host('_target')} END", "target_ip"),
        named(t["_target_port"], "target_port"),
        # -1 means no target was reached (or the connection broke): not a duration.
        *[
            named(f"nullif({t[c]}, -1.0)", c)
            for c in (
                "request_processing_time",
                "target_processing_time",
                "response_processing_time",
            )
        ],
        *[
            named(t[c], c)
            for c in ("elb_status_code", "target_status_code", "received_bytes", "sent_bytes")
        ],
        named(nd("substring_index(_request, ' ', 1)"), "request_verb"),
        named(
            "CASE WHEN instr(_request, ' ') > 0 THEN nullif(substring(_request, "
            "length(substring_index(_request, ' ', 1)) + 2, length(_request) - "
            "length(substring_index(_request, ' ', 1)) - "
            "length(substring_index(_request, ' ', -1)) - 2), '') END",
            "request_url",
        ),
        named(f"CASE WHEN instr(_request, ' ') > 0 THEN {_PROTOCOL} END", "request_protocol"),
        "user_agent",
        "ssl_cipher",
        "ssl_protocol",
        "target_group_arn",
        "trace_id",
        "domain_name",
        "chosen_cert_arn",
        named(t["matched_rule_priority"], "matched_rule_priority"),
        named(t["request_creation_time"], "request_creation_time"),
        named(list_of("actions_executed", ","), "actions_executed"),
        "redirect_url",
        "error_reason",
        named(list_of("target_port_list", " "), "target_port_list"),
        named(list_of("target_status_code_list", " "), "target_status_code_list"),
        "classification",
        "classification_reason",
        "conn_trace_id",
        "transformed_host",
        "transformed_uri",
        "request_transform_status",
        named(account, "account_id"),
        named(region, "region"),
        named(
            f"CASE WHEN {t['time']} IS NULL THEN {key_dt} "
            f"ELSE {utc_date_of_iso('time', t['time'])} END",
            "dt",
        ),
        status_of(SKIP_REASONS),
        REASON,
        VALUE,
    ).selectExpr("*", raw_if_rejected(VALUE, (INVALID_UTF8, escaped(VALUE))))
    return {DATASET: conform(out, DATASET)}
