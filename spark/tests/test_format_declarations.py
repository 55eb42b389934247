"""Declared formats without Spark: every kind of mistake in a declaration, with the exact
message ``python -m logparse.formats check`` prints; the YAML rules; the key layout; and the
declarations the repository ships."""

from __future__ import annotations

import copy
import datetime
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from logparse.formats import __main__ as cli
from logparse.formats import declared_names, find, load
from logparse.formats.layout import parse_layout
from logparse.formats.validate import DeclarationError
from logparse.formats.yaml12 import load as load_yaml

BASE: dict[str, Any] = {
    "description": "Orders service log.",
    "input": {"keys": "apps/orders/{account_id}/{yyyy}/{mm}/{dd}/*.log.gz", "compression": "gzip"},
    "split": {"separator": "|", "quotes": ['""'], "escape": "\\"},
    "fields": [
        {"name": "event_time", "type": "timestamp", "format": "yyyy-MM-dd HH:mm:ss"},
        {"name": "order_id", "type": "bigint", "required": True},
        {"name": "state", "type": "string", "one_of": ["new", "paid"]},
    ],
    "partitions": {"since": "2025-03-01"},
}


def write(tmp_path: Path, doc: Any, name: str = "orders") -> Path:
    path = tmp_path / f"{name}.yaml"
    text = doc if isinstance(doc, str) else yaml.safe_dump(doc, sort_keys=False)
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, doc: Any, name: str = "orders") -> str:
    path = write(tmp_path, doc, name)
    with pytest.raises(DeclarationError) as raised:
        load(path)
    return str(raised.value).replace(str(path), "F")


def changed(path: str, value: Any) -> dict[str, Any]:
    """BASE with the value at ``path`` (``a.b.0.c``) replaced, or removed when ``value`` is
    ``DELETE``."""
    doc = copy.deepcopy(BASE)
    *parents, last = path.split(".")
    node: Any = doc
    for p in parents:
        node = node[int(p)] if isinstance(node, list) else node[p]
    key: Any = int(last) if isinstance(node, list) else last
    if value is DELETE:
        del node[key]
    else:
        node[key] = value
    return doc


DELETE = object()

CASES: list[tuple[str, str, Any, str]] = [
    # (case id, path, new value, message)
    (
        "unknown key",
        "colour",
        "red",
        "F: colour: is not a known key; expected one of description, input, schedule, record, split, pattern, nulls, skip_prefixes, fields, partitions",
    ),
    ("no description", "description", DELETE, "F: description: is missing"),
    ("description not text", "description", 3, "F: description: is 3; expected a string"),
    (
        "description too long",
        "description",
        "x" * 2049,
        "F: description: is 2049 characters; at most 2048 (Glue's limit)",
    ),
    ("no input", "input", DELETE, "F: input: is missing"),
    (
        "input not a mapping",
        "input",
        "s3://x",
        'F: input: is "s3://x"; expected a mapping with keys keys, compression',
    ),
    (
        "unknown input key",
        "input.bucket",
        "b",
        "F: input.bucket: is not a known key; expected one of keys, compression",
    ),
    (
        "no keys",
        "input.keys",
        DELETE,
        "F: input.keys: is null; expected a key layout such as logs/{yyyy}/{mm}/{dd}/*.gz",
    ),
    (
        "absolute keys",
        "input.keys",
        "/apps/*.gz",
        "F: input.keys: '/apps/*.gz' starts with '/'; keys are relative to the archive root",
    ),
    (
        "empty segment",
        "input.keys",
        "apps//x.gz",
        "F: input.keys: 'apps//x.gz' has an empty path segment ('//')",
    ),
    (
        "unknown placeholder",
        "input.keys",
        "apps/{app}/x.gz",
        "F: input.keys: {app} is not a placeholder; expected one of {account_id}, {region}, {yyyy}, {mm}, {dd}",
    ),
    (
        "placeholder twice",
        "input.keys",
        "a/{region}/{region}/x.gz",
        "F: input.keys: {region} appears twice",
    ),
    (
        "unmatched brace",
        "input.keys",
        "a/{region/x.gz",
        "F: input.keys: 'a/{region/x.gz' has an unmatched '{'; placeholders are {account_id}, {region}, {yyyy}, {mm}, {dd}",
    ),
    (
        "glob class",
        "input.keys",
        "a/[0-9]/{yyyy}/{mm}/{dd}/x.gz",
        "F: input.keys: 'a/[0-9]/{yyyy}/{mm}/{dd}/x.gz' holds '[]'; a layout uses literal text, * and ? and the placeholders",
    ),
    (
        "part of the date",
        "input.keys",
        "a/{yyyy}/{mm}/x.gz",
        "F: input.keys: has {yyyy}, {mm} but not all of {yyyy}, {mm} and {dd}; the day is read from the three together",
    ),
    (
        "compression unknown",
        "input.compression",
        "zstd",
        'F: input.compression: is "zstd"; expected gzip or none',
    ),
    (
        "gzip without .gz",
        "input.keys",
        "a/{yyyy}/{mm}/{dd}/*.log",
        "F: input.compression: is gzip but input.keys does not end in .gz; objects are decompressed by their name, so gzip objects end in .gz and others do not",
    ),
    (
        "none with .gz",
        "input.compression",
        "none",
        "F: input.compression: is none but input.keys ends in .gz; objects are decompressed by their name, so gzip objects end in .gz and others do not",
    ),
    (
        "schedule not cron",
        "schedule",
        "daily",
        'F: schedule: "daily" is not a cron(...) expression',
    ),
    (
        "schedule five fields",
        "schedule",
        "cron(0 4 * * *)",
        'F: schedule: "cron(0 4 * * *)" has 5 fields; EventBridge Scheduler cron takes 6 (minutes hours day-of-month month day-of-week year)',
    ),
    (
        "schedule two days",
        "schedule",
        "cron(0 4 * * * *)",
        'F: schedule: "cron(0 4 * * * *)" must set exactly one of day-of-month and day-of-week to ?',
    ),
    (
        "record not a mapping",
        "record",
        "multi",
        'F: record: is "multi"; expected a mapping with keys start, continuation',
    ),
    (
        "record without start",
        "record",
        {"continuation": "trace"},
        "F: record.start: is null; expected a regex matching the first line of a record",
    ),
    (
        "record start not a regex",
        "record",
        {"start": "(\\d", "continuation": "trace"},
        "F: record.start: is not a regular expression: missing ), unterminated subpattern at position 0",
    ),
    (
        "record start matches empty",
        "record",
        {"start": "\\d*", "continuation": "trace"},
        'F: record.start: "\\\\d*" matches an empty line; every line would start a record',
    ),
    (
        "record start captures",
        "record",
        {"start": "(\\d+) ", "continuation": "trace"},
        "F: record.start: has capturing groups; use (?:…) in a start pattern",
    ),
    (
        "continuation reserved",
        "record",
        {"start": "\\d ", "continuation": "dt"},
        'F: record.continuation: "dt" is not a column name (lowercase letters, digits, _) or is reserved (source, source_file, dt, account_id, region)',
    ),
    (
        "continuation is a field",
        "record",
        {"start": "\\d ", "continuation": "state"},
        'F: fields[2].name: "state" is declared twice',
    ),
    (
        "split and pattern",
        "pattern",
        "(?<order_id>\\d+)",
        "F: split/pattern: both are set; declare exactly one: split (a delimited line) or pattern (a regex with named groups)",
    ),
    (
        "neither split nor pattern",
        "split",
        DELETE,
        "F: split/pattern: neither is set; declare exactly one: split (a delimited line) or pattern (a regex with named groups)",
    ),
    (
        "separator two chars",
        "split.separator",
        "||",
        'F: split.separator: is "||"; expected one printable ASCII character',
    ),
    (
        "separator not ASCII",
        "split.separator",
        "¦",
        'F: split.separator: is "¦"; expected one printable ASCII character',
    ),
    (
        "quotes not pairs",
        "split.quotes",
        ['"'],
        'F: split.quotes: is ["\\""]; expected a list of two printable ASCII characters, open then close (\'""\', \'[]\')',
    ),
    (
        "quotes hold the separator",
        "split.quotes",
        ["||"],
        'F: split.quotes: holds the separator "|"',
    ),
    (
        "quotes open alike",
        "split.quotes",
        ['""', "\"'"],
        "F: split.quotes: two pairs open with the same character",
    ),
    (
        "escape without quotes",
        "split.quotes",
        DELETE,
        "F: split.escape: is set without quotes; it applies inside quoted fields only",
    ),
    ("escape is the separator", "split.escape", "|", "F: split.escape: is the separator"),
    (
        "extra fields unknown",
        "split.extra_fields",
        "keep",
        'F: split.extra_fields: is "keep"; expected reject or ignore',
    ),
    (
        "nulls not strings",
        "nulls",
        ["-", 0],
        'F: nulls: is ["-", 0]; expected a list of strings (quote each item)',
    ),
    (
        "skip prefix empty",
        "skip_prefixes",
        [""],
        "F: skip_prefixes: holds an empty string; expected non-empty strings",
    ),
    ("no fields", "fields", [], "F: fields: is []; expected a non-empty list of fields"),
    (
        "field not a mapping",
        "fields.1",
        "order_id",
        'F: fields[1]: is "order_id"; expected a mapping with keys name, type, description, format, time_zone, nulls, required, min, max, one_of',
    ),
    (
        "field unknown key",
        "fields.1.unit",
        "kg",
        "F: fields[1].unit: is not a known key; expected one of name, type, description, format, time_zone, nulls, required, min, max, one_of",
    ),
    (
        "field name not lowercase",
        "fields.1.name",
        "OrderId",
        'F: fields[1].name: is "OrderId"; expected lowercase letters, digits and _, starting with a letter',
    ),
    (
        "field name reserved",
        "fields.1.name",
        "source",
        'F: fields[1].name: "source" is a column the platform fills; reserved: source, source_file, dt, account_id, region',
    ),
    (
        "field declared twice",
        "fields.2.name",
        "order_id",
        'F: fields[2].name: "order_id" is declared twice',
    ),
    (
        "field type unknown",
        "fields.1.type",
        "long",
        'F: fields[1] (order_id).type: is "long"; expected one of string, int, bigint, double, boolean, timestamp',
    ),
    (
        "event_time not a timestamp",
        "fields.0",
        {"name": "event_time", "type": "string"},
        "F: fields[0] (event_time).type: is string; event_time must be a timestamp",
    ),
    (
        "description not text",
        "fields.1.description",
        ["x"],
        'F: fields[1] (order_id).description: is ["x"]; expected a string',
    ),
    (
        "format on a number",
        "fields.1.format",
        "0.00",
        "F: fields[1] (order_id).format: is set on a bigint field; only timestamps take it",
    ),
    (
        "unknown pattern letter",
        "fields.0.format",
        "YYYY-MM-dd HH:mm:ss",
        'F: fields[0] (event_time).format: "YYYY-MM-dd HH:mm:ss" uses pattern letter(s) Y, which Spark\'s datetime parser does not accept; letters: D E F G H K L M O Q S V X Z a d h k m q s x y z',
    ),
    (
        "unknown zone",
        "fields.0.time_zone",
        "Mars/Olympus",
        'F: fields[0] (event_time).time_zone: "Mars/Olympus" is not an IANA time zone (such as Europe/Paris)',
    ),
    (
        "zone and offset",
        "fields.0",
        {
            "name": "event_time",
            "type": "timestamp",
            "format": "yyyy-MM-dd HH:mm:ssXXX",
            "time_zone": "UTC",
        },
        'F: fields[0] (event_time).time_zone: is set but format "yyyy-MM-dd HH:mm:ssXXX" reads the offset from the text; drop time_zone',
    ),
    (
        "zone and epoch",
        "fields.0",
        {"name": "event_time", "type": "timestamp", "format": "epoch_millis", "time_zone": "UTC"},
        "F: fields[0] (event_time).time_zone: is set but epoch_millis is an instant; drop time_zone",
    ),
    (
        "required not boolean",
        "fields.1.required",
        "yes",
        'F: fields[1] (order_id).required: is "yes"; expected true or false',
    ),
    (
        "min not a number",
        "fields.1.min",
        "0",
        'F: fields[1] (order_id).min: is "0"; expected a number',
    ),
    (
        "range on a string",
        "fields.2.max",
        3,
        "F: fields[2] (state): min/max apply to int, bigint, double fields, not string",
    ),
    (
        "min above max",
        "fields.1",
        {"name": "order_id", "type": "bigint", "min": 10, "max": 1},
        "F: fields[1] (order_id).min: 10 is above max 1",
    ),
    (
        "one_of on a number",
        "fields.1.one_of",
        ["1"],
        "F: fields[1] (order_id).one_of: is set on a bigint field; only strings take it",
    ),
    (
        "one_of empty",
        "fields.2.one_of",
        [],
        "F: fields[2] (state).one_of: is empty; list the values a row may hold",
    ),
    ("no day at all", "input.keys", "apps/orders/*.log.gz", DELETE),
    ("no partitions", "partitions", DELETE, "F: partitions: is missing"),
    (
        "partitions unknown key",
        "partitions.bucket",
        ["b"],
        "F: partitions.bucket: is not a known key; expected one of since, account_id, region",
    ),
    (
        "since unquoted month",
        "partitions.since",
        "2025-03",
        'F: partitions.since: is "2025-03"; expected a date YYYY-MM-DD in quotes',
    ),
    (
        "since not a day",
        "partitions.since",
        "2025-02-30",
        'F: partitions.since: is "2025-02-30"; expected a date YYYY-MM-DD in quotes',
    ),
    (
        "account ids not ids",
        "partitions.account_id",
        ["1234"],
        'F: partitions.account_id: ["1234"] are not 12-digit account ids',
    ),
    (
        "account id a number",
        "partitions.account_id",
        [111122223333],
        "F: partitions.account_id: is [111122223333]; expected a list of strings (quote each item)",
    ),
    (
        "region without placeholder",
        "partitions.region",
        ["eu-west-1"],
        "F: partitions.region: is set but input.keys has no {region} to read it from",
    ),
    (
        "regions empty",
        "partitions.account_id",
        [],
        "F: partitions.account_id: is empty; list the 12-digit account ids the table projects",
    ),
]
NO_DAY = (
    "F: fields: no field is named event_time and input.keys has no {yyyy}/{mm}/{dd}; dt is the"
    " UTC day of event_time (a timestamp field) or the key's day"
)


@pytest.mark.parametrize(
    ("path", "value", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_a_mistake_is_named_by_file_and_key(
    tmp_path: Path, path: str, value: Any, message: Any
) -> None:
    doc = changed(path, value)
    if message is DELETE:  # "no day at all": the layout has no day and no event_time field
        doc["fields"] = doc["fields"][1:]
        message = NO_DAY
    assert problems(tmp_path, doc) == message


PATTERN_CASES = [
    (
        "group names no field",
        "(?<order_id>\\d+) (?<colour>\\w+) (?<state>\\w+) (?<event_time>.*)",
        "F: pattern: group (?<colour>…) names no field; declare it under fields",
    ),
    (
        "field without a group",
        "(?<order_id>\\d+) (?<event_time>.*)",
        "F: fields[2] (state): has no (?<state>…) group in pattern",
    ),
    (
        "python group",
        "(?P<order_id>\\d+)",
        "F: pattern: is not a regular expression: (?P… at offset 0 is Python-only; name a group (?<field_name>…)",
    ),
    (
        "java quoting",
        "\\Q|\\E(?<order_id>)",
        "F: pattern: is not a regular expression: \\Q…\\E quoting at offset 0 is Java-only; escape each character instead",
    ),
    (
        "nested class",
        "[a[b]](?<order_id>)",
        "F: pattern: is not a regular expression: a '[' inside a character class at offset 2: Java reads it as a nested class, Python as a character; escape it as \\[",
    ),
    (
        "unclosed class",
        "(?<order_id>[0-9)",
        "F: pattern: is not a regular expression: the character class opened at offset 12 is not closed",
    ),
    (
        "bad group name",
        "(?<order-id>\\d)",
        "F: pattern: is not a regular expression: the group at offset 0 is not (?<name>…) with a name of letters, digits and _",
    ),
    (
        "pattern not text",
        42,
        "F: pattern: is 42; expected a regex with a (?<field_name>…) group per field",
    ),
]


@pytest.mark.parametrize(
    ("pattern", "message"), [c[1:] for c in PATTERN_CASES], ids=[c[0] for c in PATTERN_CASES]
)
def test_a_pattern_mistake_is_named(tmp_path: Path, pattern: Any, message: str) -> None:
    doc = copy.deepcopy(BASE)
    del doc["split"]
    doc["pattern"] = pattern
    assert problems(tmp_path, doc) == message


def test_file_level_mistakes(tmp_path: Path) -> None:
    assert problems(tmp_path, BASE, "Orders") == (
        "F: file name: 'Orders' is not a dataset name; name the file <name>.yaml with"
        " lowercase letters, digits and _, starting with a letter"
    )
    assert problems(tmp_path, BASE, "alb") == (
        "F: file name: 'alb' is a built-in source or dataset; choose another name"
    )
    assert problems(tmp_path, "") == (
        "F: document: is empty; expected a mapping with keys description, input, schedule,"
        " record, split, pattern, nulls, skip_prefixes, fields, partitions"
    )
    assert problems(tmp_path, "- a\n- b\n") == (
        'F: : is ["a", "b"]; expected a mapping with keys description, input, schedule, record,'
        " split, pattern, nulls, skip_prefixes, fields, partitions"
    )
    assert problems(tmp_path, "description: [unclosed\n") == (
        "F: not a YAML document: line 2, column 1: expected ',' or ']', but got '<stream end>'"
    )
    with pytest.raises(DeclarationError) as raised:
        load(tmp_path / "absent.yaml")
    assert str(raised.value) == f"{tmp_path / 'absent.yaml'}: the file does not exist"
    with pytest.raises(DeclarationError) as raised:
        load(tmp_path)
    assert str(raised.value) == (
        f"{tmp_path}: is a directory; expected one declaration file, formats/<name>.yaml"
    )
    binary = tmp_path / "binary.yaml"
    binary.write_bytes(b"description: caf\xe9\n")
    with pytest.raises(DeclarationError) as raised:
        load(binary)
    assert (
        str(raised.value)
        == f"{binary}: the byte at offset 16 is not UTF-8; a declaration is a UTF-8 text file"
    )


def test_every_mistake_is_reported_at_once(tmp_path: Path) -> None:
    doc = changed("schedule", "daily")
    doc["fields"][1]["type"] = "long"
    doc["partitions"]["since"] = "soon"
    assert problems(tmp_path, doc).splitlines() == [
        'F: schedule: "daily" is not a cron(...) expression',
        'F: fields[1] (order_id).type: is "long"; expected one of string, int, bigint, double,'
        " boolean, timestamp",
        'F: partitions.since: is "soon"; expected a date YYYY-MM-DD in quotes',
    ]


def test_yaml_scalars_follow_yaml_1_2_as_the_typescript_side_reads_them() -> None:
    doc = load_yaml("a: yes\nb: 2025-01-01\nc: 1:20\nd: 0o17\ne: 0x1F\nf: true\ng: ~\nh: '-'\n")
    assert doc == {
        "a": "yes",
        "b": "2025-01-01",
        "c": "1:20",
        "d": 15,
        "e": 31,
        "f": True,
        "g": None,
        "h": "-",
    }


def test_the_layout_gives_the_globs_of_a_day_and_reads_the_key_back() -> None:
    layout = parse_layout("apps/{account_id}/{region}/{yyyy}/{mm}/{dd}/app-?.log.gz")
    assert layout.glob("s3://archive/", datetime.date(2025, 6, 2)) == (
        "s3://archive/apps/*/*/2025/06/02/app-?.log.gz"
    )
    assert layout.glob("/data", None) == "/data/apps/*/*/*/*/*/app-?.log.gz"
    import re

    found = re.search(
        layout.regex(), "s3://b/x/apps/111122223333/eu-west-1/2025/06/02/app-a.log.gz"
    )
    assert found is not None and found.groups() == ("111122223333", "eu-west-1", "2025", "06", "02")


def test_the_shipped_declarations_are_valid_and_check_says_what_they_declare() -> None:
    assert declared_names() == ("legacy_app", "nginx_access")
    out = io.StringIO()
    fmt = find("nginx_access")
    assert fmt is not None
    assert cli.main(["check", fmt.file], out) == 0
    assert out.getvalue() == (
        f"{fmt.file}: format 'nginx_access' is valid: 9 fields cut by split, one record per"
        " line, partitions dt, region, objects"
        " applogs/web/{account_id}/{region}/{yyyy}/{mm}/{dd}/access-*.log.gz (gzip), schedule"
        " cron(30 3 * * ? *)\n"
    )


def test_check_exits_1_and_prints_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, changed("input.compression", "zstd"))
    assert cli.main(["check", str(path)]) == cli.EXIT_INVALID
    assert (
        capsys.readouterr().err == f'{path}: input.compression: is "zstd"; expected gzip or none\n'
    )


def test_schema_prints_the_schemas_json_shape(tmp_path: Path) -> None:
    out = io.StringIO()
    assert cli.main(["schema", str(write(tmp_path, BASE))], out) == 0
    doc = json.loads(out.getvalue())
    assert [c["name"] for c in doc["columns"]] == [
        "event_time",
        "source",
        "source_file",
        "account_id",
        "order_id",
        "state",
    ]
    assert [k["name"] for k in doc["partition_keys"]] == ["dt"]


def test_a_format_declared_twice_in_the_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path, BASE)
    (tmp_path / "orders.json").write_text(json.dumps(BASE))
    monkeypatch.setenv("LOGPARSE_FORMATS", str(tmp_path))
    with pytest.raises(DeclarationError) as raised:
        declared_names()
    assert str(raised.value) == (
        f"{tmp_path / 'orders.yaml'}: format 'orders' is declared twice (also"
        f" {tmp_path / 'orders.json'})"
    )
