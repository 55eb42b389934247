"""SQL expression builders shared by the line-format parsers (ALB, S3 access, VPC flow).

Parsers build their projections from these strings so that everything stays on Spark's
code-generated path: no Python UDFs and no regex per column. A projection goes to the JVM as
one ``selectExpr`` call: each ``pyspark.sql.functions`` call is a Py4J round trip that
resolves ``functions`` through PySpark's wildcard imports, a class-path search costing
milliseconds of driver CPU, and a parser built column by column made hundreds per query.

The expressions are ANSI-proof on purpose: ``get`` returns null past the end of an array and
``try_cast`` returns null for a malformed token, so a bad line becomes a reject row instead of
a failed job whatever ``spark.sql.ansi.enabled`` says.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from logparse.model import OK, RAW, REASON, REJECT, SKIP, STATUS


def sql_str(text: str) -> str:
    """A SQL string literal."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def named(expr: str, name: str) -> str:
    """``expr AS name`` for ``selectExpr``."""
    return f"{expr} AS `{name}`"


def tok(array: str, index: int | str) -> str:
    """The ``index``-th (0-based) element of an array column, null when the line is shorter."""
    return f"get({array}, {index})"


def nd(expr: str) -> str:
    """AWS writes ``-`` for "not applicable"; null says the same to SQL."""
    return f"nullif({expr}, '-')"


def typed(expr: str, ddl_type: str) -> str:
    """``expr`` (already dash-nulled) converted to ``ddl_type``; null when it does not parse."""
    return f"try_cast({expr} AS {ddl_type})"


def failed_conversion(text: str, converted: str) -> str:
    """True when column ``text`` holds a token but its conversion, column ``converted``, is null.

    Parsers convert each field once, in a projection of their own, and derive the reject check
    from the result, rather than converting again inside the check.
    """
    return f"({converted} IS NULL AND {text} IS NOT NULL)"


def list_of(expr: str, sep: str) -> str:
    """A separator-delimited token as an array; ``-`` and empty give null."""
    return (
        f"CASE WHEN {expr} IS NULL OR {expr} IN ('-', '') THEN NULL"
        f" ELSE split({expr}, {sql_str(sep)}) END"
    )


def reason_of(rules: Sequence[tuple[str, str]]) -> str:
    """``_reason`` from the first matching ``(condition, reason)`` rule; null when none matches.

    Rules are tried in order, so a line gets the reason of the first check it fails.
    """
    cases = " ".join(f"WHEN {condition} THEN {sql_str(reason)}" for condition, reason in rules)
    return named(f"CASE {cases} ELSE NULL END", REASON)


def status_of(skip_reasons: Iterable[str]) -> str:
    """``_status`` from ``_reason``: no reason is ok, a skip reason is skip, any other rejects.

    Deriving status from the reason (rather than repeating the rules) keeps the two consistent
    and evaluates the checks once.
    """
    skips = ", ".join(sql_str(r) for r in skip_reasons) or "NULL"
    return named(
        f"CASE WHEN {REASON} IS NULL THEN {sql_str(OK)}"
        f" WHEN {REASON} IN ({skips}) THEN {sql_str(SKIP)} ELSE {sql_str(REJECT)} END",
        STATUS,
    )


def raw_if_rejected(value: str, instead: tuple[str, str] | None = None) -> str:
    """``_raw``: the line on reject rows (where it is needed to investigate), null elsewhere.

    ``instead`` is ``(reason, expression)``: rows rejected with that reason keep the
    expression (the escaped line of an ``invalid_utf8`` reject, see ``sources/_utf8.py``)."""
    kept = value
    if instead is not None:
        reason, expression = instead
        kept = f"CASE WHEN {REASON} = {sql_str(reason)} THEN {expression} ELSE {value} END"
    return named(f"CASE WHEN {STATUS} = {sql_str(REJECT)} THEN {kept} END", RAW)


def utc_date(ts: str) -> str:
    """``YYYY-MM-DD`` of a timestamp in UTC, whatever the session time zone is."""
    return f"CAST(date_from_unix_date(CAST(floor(unix_seconds({ts}) / 86400) AS INT)) AS STRING)"


def key_date(year: str, month: str, day: str) -> str:
    """``YYYY-MM-DD`` from S3 key path segments, or null when they do not form a date."""
    return f"CAST(try_cast(concat_ws('-', {year}, {month}, {day}) AS DATE) AS STRING)"


def utc_date_of_iso(token: str, ts: str) -> str:
    """:func:`utc_date` of ``ts`` = ``try_cast(token AS TIMESTAMP)``, read off the token when it
    is ``yyyy-mm-ddT...Z`` (what AWS writes): a successful cast of such a token is at UTC on
    that date, and cutting ten characters is much cheaper than formatting a date per row."""
    return (
        f"CASE WHEN ascii({token}) BETWEEN 48 AND 57 AND substring({token}, 5, 1) = '-' "
        f"AND substring({token}, 8, 1) = '-' AND substring({token}, 11, 1) = 'T' "
        f"AND endswith({token}, 'Z') THEN substring({token}, 1, 10) ELSE {utc_date(ts)} END"
    )


def key_prefix(path: str, marker: str, segments: int) -> str:
    """The first ``segments`` ``/``-separated segments after the last ``marker`` in an S3 key
    (the whole key when the marker is absent): a short string to take segments from with
    :func:`key_segment_of`, cut once per row instead of once per segment."""
    return f"substring_index(substring_index({path}, {sql_str(marker)}, -1), '/', {segments})"


def key_segment_of(prefix: str, index: int) -> str:
    """The ``index``-th (0-based) ``/``-separated segment of ``prefix``; past the last segment
    it yields the last one, so callers validate what they read."""
    return f"substring_index(substring_index({prefix}, '/', {index + 1}), '/', -1)"


def key_segment(path: str, marker: str, index: int) -> str:
    """The ``index``-th (0-based) ``/``-separated segment after ``marker`` in an S3 key.

    Byte-level ``substring_index`` keeps this code-generated and cheap enough to run per line
    (a ``split`` bound with ``transform`` is interpreted and cost more than the whole parse).
    Past the last segment it yields the last one, so callers validate what they read.
    """
    tail = f"substring_index({path}, {sql_str(marker)}, -1)"
    return f"substring_index(substring_index({tail}, '/', {index + 1}), '/', -1)"
