"""A declared format parsed with Spark's built-in functions: the fallback of the JVM parser
and the oracle it is tested against. One ``split`` or one anchored regex per line (see
:mod:`logparse.formats.cutting`), each field converted once; the record's reason is the first
check it fails, in the order of :mod:`logparse.formats.reasons`.

Multi-line formats read each file whole, mark bytes that are not UTF-8
(``sources/_utf8.py``), turn ``\\r\\n`` and ``\\r`` into ``\\n`` and split the text once before
every line the start pattern matches; lines before a file's first record form a record of
their own, rejected as ``no_record_start``.
"""

from __future__ import annotations

from pyspark.sql import DataFrame

from logparse.conform import conform
from logparse.formats import reasons
from logparse.formats.cutting import LineRegex, line_regex, lit
from logparse.formats.derive import schema_doc
from logparse.formats.model import EPOCH_FORMATS, EVENT_TIME, Field, Format
from logparse.model import RAW, REASON, SOURCE_FILE, STATUS, VALUE
from logparse.schema import parse_schema
from logparse.sources._per_file import with_file_values
from logparse.sources._text import key_date, named, sql_str, status_of, utc_date
from logparse.sources._utf8 import escaped, escaped_marks, has_marks, is_valid, with_marked_text

SLOT = "\u0001"
"""Separates the fields' texts in the regex's replacement; a line holding it is malformed."""
MAX_EPOCH_SECONDS = 253402300799
"""9999-12-31T23:59:59Z: the last second Spark's timestamps format with four digits."""


def _key_values(fmt: Format) -> dict[str, str]:
    """``account_id``, ``region`` and ``_key_dt`` from the object's key, per file."""
    regex = sql_str(fmt.keys.regex())
    group = {p: i + 1 for i, p in enumerate(fmt.keys.placeholders)}

    def extract(name: str) -> str:
        return f"nullif(regexp_extract({SOURCE_FILE}, {regex}, {group[name]}), '')"

    values = {k: extract(k) for k in fmt.key_columns}
    if fmt.keys.has_date:
        values["_key_dt"] = key_date(extract("yyyy"), extract("mm"), extract("dd"))
    else:
        values["_key_dt"] = "CAST(NULL AS STRING)"
    return values


def _cut(fmt: Format, line: str) -> tuple[list[str], list[str], list[str]]:
    """Three projections, in order: the line's pieces and whether the line has the declared
    shape (``_shape``), the pieces of a well-shaped line (``_t``, null otherwise: a malformed
    line has no field values), then each field's text over ``_t``."""
    n = len(fmt.fields)
    found = line_regex(fmt)
    if found is None:
        s = fmt.split
        assert s is not None
        op = ">=" if s.extra_fields == "ignore" else "="
        pieces = [named(f"split({line}, {sql_str(lit(s.separator))}, -1)", "_p")]
        shape = [named(f"size(_p) {op} {n}", "_shape"), named("CASE WHEN _shape THEN _p END", "_t")]
        return pieces, shape, [f"get(_t, {i})" for i in range(n)]
    return _cut_regex(fmt, line, found)


def _unescape(fmt: Format, text: str) -> str:
    s = fmt.split
    assert s is not None
    if s.escape is None:
        return text
    esc = s.escape
    closes = {c for _, c in s.quotes}
    if esc in closes:
        doubled = sql_str(esc + esc)
        return (
            f"CASE WHEN contains({text}, {doubled})"
            f" THEN replace({text}, {doubled}, {sql_str(esc)}) ELSE {text} END"
        )
    return (
        f"CASE WHEN contains({text}, {sql_str(esc)})"
        f" THEN regexp_replace({text}, {sql_str(lit(esc) + '((?s:.))')}, '$1') ELSE {text} END"
    )


def _cut_regex(fmt: Format, line: str, found: LineRegex) -> tuple[list[str], list[str], list[str]]:
    """The regex runs once: a matching line becomes its texts, each after a :data:`SLOT`."""
    replacement = "".join(SLOT + "".join(f"${g}" for g in groups) for groups in found.slots)
    pieces = [
        named(f"regexp_replace({line}, {sql_str(found.regex)}, {sql_str(replacement)})", "_p")
    ]
    shape = [
        named(
            f"startswith(_p, {sql_str(SLOT)}) AND NOT contains({line}, {sql_str(SLOT)})", "_shape"
        ),
        named(f"CASE WHEN _shape THEN split(substring(_p, 2), {sql_str(SLOT)}, -1) END", "_t"),
    ]
    if not found.quoted:
        return pieces, shape, [f"get(_t, {i})" for i in range(len(fmt.fields))]
    texts = []
    for i in range(len(fmt.fields)):
        quoted, bare = f"get(_t, {2 * i})", f"get(_t, {2 * i + 1})"
        texts.append(f"CASE WHEN {quoted} <> '' THEN {_unescape(fmt, quoted)} ELSE {bare} END")
    return pieces, shape, texts


def _typed(f: Field, text: str) -> str:
    """``text`` (null markers already null) as the field's type; null when it does not parse."""
    if f.type == "string":
        return text
    if f.type != "timestamp":
        return f"try_cast({text} AS {f.type})"
    if f.format is None:
        return f"try_cast({text} AS TIMESTAMP)"
    if f.format in EPOCH_FORMATS:
        scale = 1 if f.format == "epoch_seconds" else 1000
        limit = MAX_EPOCH_SECONDS * scale + scale - 1
        number = f"try_cast({text} AS BIGINT)"
        convert = "timestamp_seconds" if scale == 1 else "timestamp_millis"
        return f"CASE WHEN {number} BETWEEN 0 AND {limit} THEN {convert}({number}) END"
    parsed = f"try_to_timestamp({text}, {sql_str(f.format)})"
    if f.time_zone is not None:
        return f"to_utc_timestamp({parsed}, {sql_str(f.time_zone)})"
    return parsed


def _value_rules(fmt: Format) -> list[tuple[str, str]]:
    rules = []
    for i, f in enumerate(fmt.fields):
        rules.append((f"_x{i} IS NULL AND _s{i} IS NOT NULL", reasons.bad_value(f.name)))
    for i, f in enumerate(fmt.fields):
        if f.required:
            rules.append((f"_x{i} IS NULL", reasons.missing(f.name)))
    for i, f in enumerate(fmt.fields):
        if f.min is not None or f.max is not None:
            bounds = []
            if f.min is not None:
                bounds.append(f"_x{i} < {f.min!r}")
            if f.max is not None:
                bounds.append(f"_x{i} > {f.max!r}")
            rules.append((" OR ".join(bounds), reasons.out_of_range(f.name)))
        if f.one_of is not None:
            listed = ", ".join(sql_str(v) for v in f.one_of)
            rules.append((f"NOT _x{i} IN ({listed})", reasons.not_allowed(f.name)))
    for key in fmt.partition_keys[1:]:
        listed = getattr(fmt.partitions, key)
        values = ", ".join(sql_str(v) for v in listed)
        rules.append((f"{key} IS NULL OR NOT {key} IN ({values})", reasons.unprojected(key)))
    return rules


def _records(fmt: Format, raw: DataFrame, keys: dict[str, str]) -> DataFrame:
    """One row per record: ``_line`` (its first line), ``_rec`` (all of it), ``_cont`` (the
    rest), ``_valid``, ``_raw_text`` (the rejected form), and the key values."""
    key_cols = list(keys)
    if fmt.record is None:
        return with_file_values(raw, keys).selectExpr(
            f"{VALUE} AS _line",
            f"{VALUE} AS _rec",
            "CAST(NULL AS STRING) AS _cont",
            SOURCE_FILE,
            *key_cols,
            f"{is_valid(VALUE)} AS _valid",
            f"CASE WHEN {is_valid(VALUE)} THEN {VALUE} ELSE {escaped(VALUE)} END AS _bad_text",
            f"trim(BOTH ' \\t' FROM {VALUE}) = '' AS _blank",
        )
    marked = with_marked_text(with_file_values(raw, keys), VALUE, "_file_valid")
    text = f"regexp_replace({VALUE}, '\\r\\n?', '\\n')"
    stripped = (
        "CASE WHEN endswith(_text, '\\n') THEN substring(_text, 1, length(_text) - 1)"
        " ELSE _text END"
    )
    split_at = sql_str(f"(?m)\\n(?=(?:{fmt.record.start}))")
    pieces = marked.selectExpr("*", f"{text} AS _text").selectExpr(
        SOURCE_FILE,
        *key_cols,
        "_file_valid",
        f"explode(CASE WHEN _text = '' THEN array() ELSE split({stripped}, {split_at}) END)"
        " AS _rec",
    )
    valid = f"(_file_valid OR NOT {has_marks('_rec')})"
    return pieces.selectExpr(
        "substring_index(_rec, '\\n', 1) AS _line",
        "_rec",
        "CASE WHEN instr(_rec, '\\n') > 0 THEN substring(_rec, instr(_rec, '\\n') + 1) END"
        " AS _cont",
        SOURCE_FILE,
        *key_cols,
        f"{valid} AS _valid",
        f"CASE WHEN {valid} THEN _rec ELSE {escaped_marks('_rec')} END AS _bad_text",
        "trim(BOTH ' \\t\\n' FROM _rec) = '' AS _blank",
    )


def parse(fmt: Format, raw: DataFrame) -> dict[str, DataFrame]:
    keys = _key_values(fmt)
    records = _records(fmt, raw, keys)
    pieces, shape, texts = _cut(fmt, "_line")
    cut = records.selectExpr("*", *pieces).selectExpr("*", shape[0]).selectExpr("*", shape[1])
    strings = []
    for i, (f, text) in enumerate(zip(fmt.fields, texts, strict=True)):
        nulls = ", ".join(sql_str(v) for v in f.nulls)
        value = f"CASE WHEN _v{i} IN ({nulls}) THEN NULL ELSE _v{i} END" if f.nulls else f"_v{i}"
        strings.append((named(text, f"_v{i}"), named(value, f"_s{i}")))
    with_texts = cut.selectExpr("*", *[v for v, _ in strings]).selectExpr(
        "*", *[s for _, s in strings]
    )
    typed = with_texts.selectExpr(
        "*", *[named(_typed(f, f"_s{i}"), f"_x{i}") for i, f in enumerate(fmt.fields)]
    )
    rules: list[tuple[str, str]] = [
        ("NOT _valid", reasons.INVALID_UTF8),
        ("_blank", reasons.BLANK),
    ]
    if fmt.skip_prefixes:
        starts = " OR ".join(f"startswith(_line, {sql_str(p)})" for p in fmt.skip_prefixes)
        rules.append((starts, reasons.SKIPPED_PREFIX))
    if fmt.record is not None:
        start = sql_str(f"^(?:{fmt.record.start})")
        rules.append((f"NOT _line RLIKE {start}", reasons.NO_RECORD_START))
    rules.append(("NOT _shape", reasons.MALFORMED))
    rules += _value_rules(fmt)
    cases = " ".join(f"WHEN {cond} THEN {sql_str(fmt.reason(code))}" for cond, code in rules)
    checked = typed.selectExpr("*", named(f"CASE {cases} ELSE NULL END", REASON))
    index = {f.name: i for i, f in enumerate(fmt.fields)}
    if EVENT_TIME in index:
        ts = f"_x{index[EVENT_TIME]}"
        dt = f"CASE WHEN {ts} IS NOT NULL THEN {utc_date(ts)} ELSE _key_dt END"
    else:
        dt = "_key_dt"
    columns = [named(f"_x{i}", f.name) for i, f in enumerate(fmt.fields)]
    if fmt.record is not None:
        columns.append(named("_cont", fmt.record.continuation))
    out = checked.selectExpr(
        SOURCE_FILE,
        *fmt.key_columns,
        *columns,
        named(dt, "dt"),
        status_of([fmt.reason(c) for c in reasons.SKIP_CODES]),
        REASON,
        "_bad_text",
    ).selectExpr("*", named(f"CASE WHEN {STATUS} = 'reject' THEN _bad_text END", RAW))
    keep = tuple(k for k in fmt.key_columns if k not in fmt.partition_keys)
    schema = parse_schema(fmt.file, fmt.name, schema_doc(fmt))
    return {fmt.dataset: conform(out, fmt.dataset, keep_on_reject=keep, schema=schema)}
