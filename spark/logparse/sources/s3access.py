"""S3 server access logs.

A line has three quoted fields (request_uri, referrer, user_agent) among space-separated
tokens; the time is ``[06/Feb/2019:00:00:38 +0000]``, two tokens once split on spaces. As for
ALB, the line is split once on ``"``: piece 0 is the eight leading fields (ten tokens with the
time's two and the space before the URI), piece 2 the six numeric fields between URI and
referrer, piece 6 the trailing fields. Real files mix lines of 18, 24, 25 and 26 fields; any
count from 18 up is accepted, fields AWS appends later are ignored.

The key field is URL-encoded by S3: ``key`` holds it decoded, ``key_raw`` exactly as logged
(decoding a malformed escape would fail the job, so such keys keep ``key_raw`` only).

A multi-object delete is logged as the ``POST /?delete`` line plus one ``BATCH.DELETE.OBJECT``
line per key, and S3 writes those key lines with a bare ``-`` (no quotes) for request_uri,
referrer and user_agent: a line with no ``"`` at all. Such a line, when its tokens have that
shape (:func:`_unquoted_pieces`), is given the pieces the same line with ``"-"`` in those three
places would split into, so it parses exactly like that line.
"""

from __future__ import annotations

import datetime
from typing import Final, Literal

from pyspark.sql import DataFrame

from logparse.conform import conform
from logparse.model import REASON, SOURCE_FILE, STATUS, VALUE
from logparse.sources._per_file import with_file_values
from logparse.sources._text import (
    failed_conversion,
    key_date,
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
DATASET: Final = "s3access"
DATASETS: Final = (DATASET,)

# Where the platform's bucket-logging targets put access logs under the archive root; the
# key after it is either <yyyy-mm-dd-...> (simple prefix, optionally below one more folder)
# or <src-account>/<src-region>/<src-bucket>/yyyy/mm/dd/<yyyy-mm-dd-...> (date-partitioned).
KEY_PREFIX: Final = "s3-access/"

INVALID_UTF8: Final = "s3access.invalid_utf8"
BLANK_LINE: Final = "s3access.blank_line"
TOO_FEW_FIELDS: Final = "s3access.too_few_fields"
MALFORMED_QUOTES: Final = "s3access.malformed_quotes"
BAD_TIME: Final = "s3access.bad_time"
BAD_VALUE: Final = "s3access.bad_value"
SKIP_REASONS: Final = (BLANK_LINE,)

_MONTHS: Final = "JanFebMarAprMayJunJulAugSepOctNovDec"

# Piece 0 split on spaces: owner, bucket, [time, zone], remote_ip, requester, request_id,
# operation, key, then the empty token left by the space before the quoted request_uri.
_HEAD_TOKENS: Final = 10
# Piece 2 between request_uri and referrer: http_status error_code bytes_sent object_size
# total_time turnaround_time.
_MID_TOKENS: Final = 6
# The unquoted form, split on spaces: the 10 head tokens (owner … key, the time being two),
# request_uri, the 6 mid tokens, referrer, user_agent, then at least version_id.
_UNQUOTED_MIN_TOKENS: Final = 19
_UNQUOTED_DASHES: Final = (9, 16, 17)
_TAIL: Final = (
    "version_id",
    "host_id",
    "signature_version",
    "cipher_suite",
    "authentication_type",
    "host_header",
    "tls_version",
    "access_point_arn",
    "acl_required",
)


def input_globs(root: str, day: datetime.date | None) -> list[str]:
    """Access-log objects of ``day`` in both S3 key formats below :data:`KEY_PREFIX`."""
    y, m, d = (f"{day:%Y}", f"{day:%m}", f"{day:%d}") if day else ("*", "*", "*")
    base = root.rstrip("/") + "/" + KEY_PREFIX
    name = f"{y}-{m}-{d}-*"
    return [f"{base}{name}", f"{base}*/{name}", f"{base}*/*/*/{y}/{m}/{d}/{name}"]


def _key_fields() -> str:
    """``struct(account_id, region, bucket, dt)`` from the S3 key.

    The object name starts with its delivery time in both formats, so ``dt`` is known for
    every file; account, region and source bucket only in the date-partitioned format
    (``<acct>/<region>/<bucket>/yyyy/mm/dd/<name>``), counted back from the name.
    """

    def back(i: int) -> str:
        return f"substring_index(substring_index({SOURCE_FILE}, '/', -{i + 1}), '/', 1)"

    year = back(3)
    partitioned = (
        f"{back(7)} = {sql_str(KEY_PREFIX.rstrip('/'))} "
        f"AND length({year}) = 4 AND try_cast({year} AS INT) IS NOT NULL"
    )
    name = back(0)
    dt = key_date(*(f"substring({name}, {i}, {n})" for i, n in ((1, 4), (6, 2), (9, 2))))
    return (
        f"named_struct("
        f"'account_id', CASE WHEN {partitioned} THEN {back(6)} END, "
        f"'region', CASE WHEN {partitioned} THEN {back(5)} END, "
        f"'bucket', CASE WHEN {partitioned} THEN {back(4)} END, "
        f"'dt', {dt})"
    )


def _time() -> str:
    """``[06/Feb/2019:00:00:38`` + ``+0000]`` as an ISO-8601 string Spark casts exactly.

    Assembled from fixed offsets because ``to_timestamp`` with a pattern throws (rather than
    returning null) on some malformed inputs under Spark 3's parser-upgrade check.
    """
    t, z = tok("_h", 2), tok("_h", 3)
    month = f"instr('{_MONTHS}', substring({t}, 5, 3))"
    return (
        f"CASE WHEN length({t}) = 21 AND {t} LIKE '[%' AND length({z}) = 6 AND {z} LIKE '%]' "
        f"AND {month} % 3 = 1 THEN try_cast(concat(substring({t}, 9, 4), '-', "
        f"lpad(CAST(({month} + 2) DIV 3 AS STRING), 2, '0'), '-', substring({t}, 2, 2), 'T', "
        f"substring({t}, 14, 8), substring({z}, 1, 5)) AS TIMESTAMP) END"
    )


def _unquoted_pieces(line: str) -> str:
    """What ``split(line, '"')`` gives for ``line`` with its bare request_uri, referrer and
    user_agent written ``"-"``; null unless ``line`` has that shape: at least 19 tokens on a
    split on single spaces, none empty, ``-`` at the three places (and no ``"``, which the
    caller checks)."""
    u = f"split({line}, ' ')"

    def run(start: int, count: str | int) -> str:
        return f"array_join(slice({u}, {start + 1}, {count}), ' ')"

    dashes = " AND ".join(f"{tok(u, i)} = '-'" for i in _UNQUOTED_DASHES)
    tail = f"size({u}) - {_UNQUOTED_MIN_TOKENS - 1}"
    return (
        f"CASE WHEN size({u}) >= {_UNQUOTED_MIN_TOKENS} AND NOT array_contains({u}, '')"
        f" AND {dashes} THEN array(concat({run(0, 9)}, ' '), '-', concat(' ', {run(10, 6)}, ' '),"
        f" '-', ' ', '-', concat(' ', {run(18, tail)})) END"
    )


def _decoded_key(raw_key: str) -> str:
    """``url_decode`` only where every ``%`` starts a valid escape (it throws otherwise)."""
    return (
        f"CASE WHEN instr({raw_key}, '%') = 0 THEN url_decode({raw_key}) "
        f"WHEN NOT {raw_key} RLIKE '%(?![0-9A-Fa-f]{{2}})' THEN url_decode({raw_key}) END"
    )


_TYPED: Final = (
    ("http_status", "int"),
    ("bytes_sent", "bigint"),
    ("object_size", "bigint"),
    ("total_time", "bigint"),
    ("turnaround_time", "bigint"),
)


def _typed_name(name: str) -> str:
    """The column holding ``name`` converted to its type, once per line."""
    return f"{name}__t"


def parse(raw: DataFrame) -> dict[str, DataFrame]:
    keyed = with_file_values(raw, {"_key": _key_fields()})
    tokens = (
        keyed.selectExpr(VALUE, SOURCE_FILE, "_key", named(f"split({VALUE}, '\"')", "_q"))
        .selectExpr(
            VALUE,
            SOURCE_FILE,
            "_key",
            named(
                f"CASE WHEN size(_q) = 1 THEN coalesce({_unquoted_pieces(VALUE)}, _q) ELSE _q END",
                "_p",
            ),
        )
        .selectExpr(
            VALUE,
            SOURCE_FILE,
            "_key",
            "_p",
            named("split(get(_p, 0), ' ')", "_h"),
            named("split(trim(get(_p, 2)), ' ')", "_m"),
            named("split(trim(get(_p, 6)), ' ')", "_t"),
        )
    )
    head = ("bucket_owner", "bucket", None, None, "remote_ip", "requester", "request_id")
    mid = ("http_status", "error_code", "bytes_sent", "object_size", "total_time")
    strings = tokens.selectExpr(
        VALUE,
        SOURCE_FILE,
        "_key",
        "_p",
        "_h",
        "_m",
        "_t",
        named(_time(), "event_time"),
        *[named(nd(tok("_h", i)), n) for i, n in enumerate(head) if n],
        named(nd(tok("_h", 7)), "operation"),
        named(nd(tok("_h", 8)), "key_raw"),
        named(nd(tok("_p", 1)), "request_uri"),
        *[named(nd(tok("_m", i)), n) for i, n in enumerate(mid)],
        named(nd(tok("_m", 5)), "turnaround_time"),
        named(nd(tok("_p", 3)), "referrer"),
        named(nd(tok("_p", 5)), "user_agent"),
        *[named(nd(tok("_t", i)), n) for i, n in enumerate(_TAIL)],
    ).selectExpr("*", *[named(typed(c, t), _typed_name(c)) for c, t in _TYPED])
    structure = (
        "size(_p) = 7 AND get(_p, 2) LIKE ' %' AND get(_p, 2) LIKE '% ' AND get(_p, 4) = ' '"
        f" AND size(_h) = {_HEAD_TOKENS} AND get(_h, {_HEAD_TOKENS - 1}) = ''"
        f" AND size(_m) = {_MID_TOKENS} AND NOT array_contains(_m, '')"
        " AND (get(_p, 6) = '' OR (get(_p, 6) LIKE ' %' AND NOT array_contains(_t, '')))"
    )
    checked = strings.selectExpr(
        "*",
        reason_of(
            [
                (f"NOT {is_valid(VALUE)}", INVALID_UTF8),
                (f"{tok('_h', 0)} = '' AND trim({VALUE}) = ''", BLANK_LINE),
                # 18 fields is the oldest format: through version_id, the first tail field.
                (f"size(_p) < 7 OR get(_p, 6) = '' OR size(_h) < {_HEAD_TOKENS}", TOO_FEW_FIELDS),
                (f"NOT ({structure})", MALFORMED_QUOTES),
                ("event_time IS NULL", BAD_TIME),
                (
                    " OR ".join(failed_conversion(c, _typed_name(c)) for c, _ in _TYPED),
                    BAD_VALUE,
                ),
            ]
        ),
    )
    out = checked.selectExpr(
        "event_time",
        SOURCE_FILE,
        "bucket_owner",
        named("bucket", "_line_bucket"),
        "remote_ip",
        "requester",
        "request_id",
        "operation",
        named(f"CASE WHEN key_raw IS NOT NULL THEN {_decoded_key('key_raw')} END", "key"),
        "key_raw",
        "request_uri",
        named(_typed_name("http_status"), "http_status"),
        "error_code",
        *[named(_typed_name(c), c) for c, _ in _TYPED if c != "http_status"],
        "referrer",
        "user_agent",
        *_TAIL,
        "_key",
        status_of(SKIP_REASONS),
        REASON,
        VALUE,
    ).selectExpr(
        "*",
        raw_if_rejected(VALUE, (INVALID_UTF8, escaped(VALUE))),
        named("_key.account_id", "account_id"),
        named("_key.region", "region"),
        named(f"coalesce({utc_date('event_time')}, _key.dt)", "dt"),
        # The bucket stays on rejected rows; on a line that did not parse, only the key's
        # bucket is trusted.
        named(
            f"CASE WHEN {STATUS} = 'ok' THEN coalesce(_line_bucket, _key.bucket) "
            "ELSE _key.bucket END",
            "bucket",
        ),
    )
    return {DATASET: conform(out, DATASET, keep_on_reject=("account_id", "region", "bucket"))}
