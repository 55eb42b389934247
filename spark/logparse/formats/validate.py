"""Reading and checking a format declaration. Every mistake is reported, all at once, as
``<file>: <key>: <what is wrong and what was expected>``; nothing is guessed."""

from __future__ import annotations

import datetime
import json
import re
import zoneinfo
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

import yaml

from logparse.formats import yaml12
from logparse.formats.groups import PatternSyntaxError, Scanned, scan
from logparse.formats.layout import KeyLayout, LayoutError, parse_layout
from logparse.formats.model import (
    DEFAULT_SCHEDULE,
    EPOCH_FORMATS,
    EVENT_TIME,
    FIELD_TYPES,
    NUMERIC_TYPES,
    Field,
    Format,
    Partitions,
    Record,
    Split,
)

NAME: Final = re.compile(r"[a-z][a-z0-9_]*")
RESERVED: Final = ("source", "source_file", "dt", "account_id", "region")
TOP_KEYS: Final = (
    "description",
    "input",
    "schedule",
    "record",
    "split",
    "pattern",
    "nulls",
    "skip_prefixes",
    "fields",
    "partitions",
)
_FIELD_KEYS: Final = (
    "name",
    "type",
    "description",
    "format",
    "time_zone",
    "nulls",
    "required",
    "min",
    "max",
    "one_of",
)
# Pattern letters Spark 3's datetime parser accepts (docs: "Datetime Patterns").
_TIME_LETTERS: Final = frozenset("GyDMLdQqEFahKkHmsSVzOXxZ")
_OFFSET_LETTERS: Final = frozenset("VzOXxZ")
_REGION: Final = re.compile(r"[a-z]{2}(?:-[a-z]+)+-[0-9]")
_ACCOUNT: Final = re.compile(r"[0-9]{12}")


class DeclarationError(ValueError):
    """A declaration with mistakes; ``problems`` lists them, the message joins them."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def cron_problem(expression: str) -> str | None:
    """EventBridge Scheduler's cron rules, as ``components/config/analytics.ts`` checks them."""
    m = re.fullmatch(r"cron\((.+)\)", expression)
    if not m:
        return "is not a cron(...) expression"
    fields = m.group(1).strip().split()
    if len(fields) != 6:
        return (
            f"has {len(fields)} fields; EventBridge Scheduler cron takes 6 (minutes hours"
            " day-of-month month day-of-week year)"
        )
    if (fields[2] == "?") == (fields[4] == "?"):
        return "must set exactly one of day-of-month and day-of-week to ?"
    if not all(re.fullmatch(r"[\d*?,/LW#A-Z-]+", f, re.IGNORECASE) for f in fields):
        return "has a field with characters cron does not accept"
    return None


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


class _Checker:
    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[str] = []

    def bad(self, key: str, message: str) -> None:
        self.problems.append(f"{self.file}: {key}: {message}")

    def mapping(self, value: Any, key: str, allowed: tuple[str, ...]) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.bad(key, f"is {_show(value)}; expected a mapping with keys {', '.join(allowed)}")
            return None
        for k in value:
            if k not in allowed:
                where = f"{key}.{k}" if key else str(k)
                self.bad(where, f"is not a known key; expected one of {', '.join(allowed)}")
        return value

    def string(self, value: Any, key: str, what: str = "a string") -> str | None:
        if not isinstance(value, str) or value == "":
            self.bad(key, f"is {_show(value)}; expected {what}")
            return None
        return value

    def strings(self, value: Any, key: str, allow_empty_items: bool) -> tuple[str, ...] | None:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.bad(key, f"is {_show(value)}; expected a list of strings (quote each item)")
            return None
        if not allow_empty_items and any(v == "" for v in value):
            self.bad(key, "holds an empty string; expected non-empty strings")
            return None
        return tuple(value)

    def regex(self, value: str, key: str) -> re.Pattern[str] | None:
        try:
            scanned = scan(value)
            return re.compile(scanned.python)
        except (PatternSyntaxError, re.error) as e:
            self.bad(key, f"is not a regular expression: {e}")
            return None


def load_document(path: Path) -> Any:
    """The declaration's document: YAML (``.yaml``/``.yml``, YAML 1.2 scalars) or JSON (what
    the EMR bundle ships)."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    return yaml12.load(text)


def load_format(path: Path | str, builtin_names: frozenset[str] = frozenset()) -> Format:
    """The validated declaration in ``path``; :class:`DeclarationError` lists every mistake.
    ``builtin_names`` are the sources and datasets a format may not be named after."""
    path = Path(path)
    file = str(path)
    try:
        doc = load_document(path)
    except FileNotFoundError as e:
        raise DeclarationError([f"{file}: the file does not exist"]) from e
    except IsADirectoryError as e:
        raise DeclarationError(
            [f"{file}: is a directory; expected one declaration file, formats/<name>.yaml"]
        ) from e
    except UnicodeDecodeError as e:
        raise DeclarationError(
            [
                f"{file}: the byte at offset {e.start} is not UTF-8;"
                " a declaration is a UTF-8 text file"
            ]
        ) from e
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
        raise DeclarationError([f"{file}: not a YAML document: {where}{e.problem}"]) from e
    except (yaml.YAMLError, json.JSONDecodeError) as e:
        flat = " ".join(str(e).split())
        raise DeclarationError([f"{file}: not a YAML document: {flat}"]) from e
    return check(file, path.stem, doc, builtin_names)


def check(file: str, name: str, doc: Any, builtin_names: frozenset[str] = frozenset()) -> Format:
    """The :class:`Format` of the document ``doc`` declared in ``file`` as format ``name``."""
    c = _Checker(file)
    if not NAME.fullmatch(name):
        c.bad(
            "file name",
            f"{name!r} is not a dataset name; name the file <name>.yaml with lowercase letters,"
            " digits and _, starting with a letter",
        )
    elif name in builtin_names:
        c.bad("file name", f"{name!r} is a built-in source or dataset; choose another name")
    top = c.mapping(doc, "", TOP_KEYS) if doc is not None else None
    if doc is None:
        c.bad("document", "is empty; expected a mapping with keys " + ", ".join(TOP_KEYS))
    if top is None:
        raise DeclarationError(c.problems)
    for required in ("description", "input", "fields", "partitions"):
        if required not in top:
            c.bad(required, "is missing")
    description = c.string(top.get("description", "x"), "description") or ""
    if len(description) > 2048:
        c.bad("description", f"is {len(description)} characters; at most 2048 (Glue's limit)")
    layout, compression = _input(c, top.get("input"))
    schedule = _schedule(c, top.get("schedule", DEFAULT_SCHEDULE))
    nulls = c.strings(top.get("nulls", [""]), "nulls", allow_empty_items=True) or ("",)
    skips = c.strings(top.get("skip_prefixes", []), "skip_prefixes", allow_empty_items=False)
    record = _record(c, top["record"]) if "record" in top else None
    fields = _fields(c, top.get("fields"), nulls, record)
    split, pattern = _cutting(c, top, fields)
    partitions = _partitions(c, top.get("partitions"), layout)
    dated = layout is None or layout.has_date
    if fields and not dated and not any(f.name == EVENT_TIME for f in fields):
        c.bad(
            "fields",
            "no field is named event_time and input.keys has no {yyyy}/{mm}/{dd}; dt is the"
            " UTC day of event_time (a timestamp field) or the key's day",
        )
    if c.problems:
        raise DeclarationError(c.problems)
    assert layout is not None and compression is not None and partitions is not None
    return Format(
        name=name,
        file=file,
        description=description,
        keys=layout,
        compression=compression,
        schedule=schedule or DEFAULT_SCHEDULE,
        record=record,
        split=split,
        pattern=pattern,
        pattern_text=top.get("pattern") if pattern is not None else None,
        fields=fields,
        partitions=partitions,
        skip_prefixes=skips or (),
    )


def _input(c: _Checker, value: Any) -> tuple[KeyLayout | None, str | None]:
    if value is None:
        return None, None
    m = c.mapping(value, "input", ("keys", "compression"))
    if m is None:
        return None, None
    layout = None
    keys = c.string(m.get("keys"), "input.keys", "a key layout such as logs/{yyyy}/{mm}/{dd}/*.gz")
    if keys is not None:
        try:
            layout = parse_layout(keys)
        except LayoutError as e:
            c.bad("input.keys", str(e))
    compression = m.get("compression")
    if compression not in ("gzip", "none"):
        c.bad("input.compression", f"is {_show(compression)}; expected gzip or none")
        return layout, None
    if layout is not None and (compression == "gzip") != keys.endswith(".gz"):  # type: ignore[union-attr]
        c.bad(
            "input.compression",
            f"is {compression} but input.keys {'does not end' if compression == 'gzip' else 'ends'}"
            " in .gz; objects are decompressed by their name, so gzip objects end in .gz and"
            " others do not",
        )
    return layout, compression


def _schedule(c: _Checker, value: Any) -> str | None:
    text = c.string(value, "schedule", "an EventBridge Scheduler cron(...) expression")
    if text is None:
        return None
    problem = cron_problem(text)
    if problem:
        c.bad("schedule", f"{_show(text)} {problem}")
        return None
    return text


def _record(c: _Checker, value: Any) -> Record | None:
    m = c.mapping(value, "record", ("start", "continuation"))
    if m is None:
        return None
    start = c.string(m.get("start"), "record.start", "a regex matching the first line of a record")
    continuation = c.string(
        m.get("continuation"), "record.continuation", "the name of the column for the other lines"
    )
    if start is not None:
        compiled = c.regex(start, "record.start")
        if compiled is not None and compiled.match(""):
            c.bad(
                "record.start",
                f"{_show(start)} matches an empty line; every line would start a record",
            )
        if compiled is not None and compiled.groups:
            c.bad("record.start", "has capturing groups; use (?:…) in a start pattern")
    if continuation is not None and (not NAME.fullmatch(continuation) or continuation in RESERVED):
        c.bad(
            "record.continuation",
            f"{_show(continuation)} is not a column name (lowercase letters, digits, _) or is"
            f" reserved ({', '.join(RESERVED)})",
        )
    if start is None or continuation is None:
        return None
    return Record(start, continuation)


def _number(c: _Checker, value: Any, key: str) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        c.bad(key, f"is {_show(value)}; expected a number")
        return None
    return value


def _time(c: _Checker, key: str, fmt: Any, zone: Any) -> tuple[str | None, str | None]:
    if fmt is not None:
        fmt = c.string(
            fmt, f"{key}.format", "a Spark datetime pattern, epoch_seconds or epoch_millis"
        )
    if zone is not None:
        zone = c.string(zone, f"{key}.time_zone", "an IANA time zone such as Europe/Paris")
        if zone is not None:
            try:
                zoneinfo.ZoneInfo(zone)
            except (zoneinfo.ZoneInfoNotFoundError, ValueError):
                c.bad(
                    f"{key}.time_zone",
                    f"{_show(zone)} is not an IANA time zone (such as Europe/Paris)",
                )
                zone = None
    if fmt is None or fmt in EPOCH_FORMATS:
        if fmt in EPOCH_FORMATS and zone is not None:
            c.bad(f"{key}.time_zone", f"is set but {fmt} is an instant; drop time_zone")
        return fmt, zone
    letters = set(re.sub(r"'[^']*'", "", fmt)) & set(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    )
    unknown = sorted(letters - _TIME_LETTERS)
    if unknown:
        c.bad(
            f"{key}.format",
            f"{_show(fmt)} uses pattern letter(s) {', '.join(unknown)}, which Spark's datetime"
            f" parser does not accept; letters: {' '.join(sorted(_TIME_LETTERS))}",
        )
    if zone is not None and letters & _OFFSET_LETTERS:
        c.bad(
            f"{key}.time_zone",
            f"is set but format {_show(fmt)} reads the offset from the text; drop time_zone",
        )
    return fmt, zone


def _field(
    c: _Checker, i: int, value: Any, nulls: tuple[str, ...], taken: set[str]
) -> Field | None:
    key = f"fields[{i}]"
    m = c.mapping(value, key, _FIELD_KEYS)
    if m is None:
        return None
    name = m.get("name")
    if not isinstance(name, str) or not NAME.fullmatch(name):
        c.bad(
            f"{key}.name",
            f"is {_show(name)}; expected lowercase letters, digits and _, starting with a letter",
        )
        name = None
    elif name in RESERVED:
        c.bad(
            f"{key}.name",
            f"{_show(name)} is a column the platform fills; reserved: {', '.join(RESERVED)}",
        )
        name = None
    elif name in taken:
        c.bad(f"{key}.name", f"{_show(name)} is declared twice")
        name = None
    else:
        taken.add(name)
        key = f"fields[{i}] ({name})"
    type_ = m.get("type")
    if type_ not in FIELD_TYPES:
        c.bad(f"{key}.type", f"is {_show(type_)}; expected one of {', '.join(FIELD_TYPES)}")
        type_ = None
    if name == EVENT_TIME and type_ not in (None, "timestamp"):
        c.bad(f"{key}.type", f"is {type_}; event_time must be a timestamp")
    description = m.get("description", "")
    if not isinstance(description, str):
        c.bad(f"{key}.description", f"is {_show(description)}; expected a string")
        description = ""
    fmt, zone = None, None
    if type_ == "timestamp":
        fmt, zone = _time(c, key, m.get("format"), m.get("time_zone"))
    else:
        for k in ("format", "time_zone"):
            if k in m and type_ is not None:
                c.bad(f"{key}.{k}", f"is set on a {type_} field; only timestamps take it")
    field_nulls = nulls
    if "nulls" in m:
        field_nulls = c.strings(m["nulls"], f"{key}.nulls", allow_empty_items=True) or nulls
    required = m.get("required", False)
    if not isinstance(required, bool):
        c.bad(f"{key}.required", f"is {_show(required)}; expected true or false")
        required = False
    low = _number(c, m["min"], f"{key}.min") if "min" in m else None
    high = _number(c, m["max"], f"{key}.max") if "max" in m else None
    if ("min" in m or "max" in m) and type_ is not None and type_ not in NUMERIC_TYPES:
        c.bad(key, f"min/max apply to {', '.join(NUMERIC_TYPES)} fields, not {type_}")
    if low is not None and high is not None and low > high:
        c.bad(f"{key}.min", f"{low} is above max {high}")
    one_of = None
    if "one_of" in m:
        one_of = c.strings(m["one_of"], f"{key}.one_of", allow_empty_items=False)
        if one_of is not None and not one_of:
            c.bad(f"{key}.one_of", "is empty; list the values a row may hold")
        if type_ is not None and type_ != "string":
            c.bad(f"{key}.one_of", f"is set on a {type_} field; only strings take it")
    if name is None or type_ is None:
        return None
    return Field(name, type_, description, fmt, zone, field_nulls, required, low, high, one_of)


def _fields(
    c: _Checker, value: Any, nulls: tuple[str, ...], record: Record | None
) -> tuple[Field, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        c.bad("fields", f"is {_show(value)}; expected a non-empty list of fields")
        return ()
    taken: set[str] = set()
    if record is not None:
        taken.add(record.continuation)
    fields = tuple(
        f for i, v in enumerate(value) if (f := _field(c, i, v, nulls, taken)) is not None
    )
    return fields if len(fields) == len(value) else ()


def _single_char(c: _Checker, value: Any, key: str) -> str | None:
    if not isinstance(value, str) or len(value) != 1 or not " " <= value <= "~":
        c.bad(key, f"is {_show(value)}; expected one printable ASCII character")
        return None
    return value


def _split(c: _Checker, value: Any) -> Split | None:
    m = c.mapping(value, "split", ("separator", "quotes", "escape", "extra_fields"))
    if m is None:
        return None
    sep = _single_char(c, m.get("separator"), "split.separator")
    pairs: list[tuple[str, str]] = []
    quotes_ok = False
    raw_quotes = m.get("quotes", [])
    if not isinstance(raw_quotes, list) or not all(
        isinstance(q, str) and len(q) == 2 and all("!" <= ch <= "~" for ch in q) for q in raw_quotes
    ):
        c.bad(
            "split.quotes",
            f"is {_show(raw_quotes)}; expected a list of two printable ASCII characters, open"
            " then close ('\"\"', '[]')",
        )
    else:
        quotes_ok = True
        pairs = [(q[0], q[1]) for q in raw_quotes]
        opens = [o for o, _ in pairs]
        if len(set(opens)) != len(opens):
            c.bad("split.quotes", "two pairs open with the same character")
        if sep is not None and any(sep in q for q in raw_quotes):
            c.bad("split.quotes", f"holds the separator {_show(sep)}")
    escape = None
    if "escape" in m:
        escape = _single_char(c, m["escape"], "split.escape")
        if escape is not None and quotes_ok and not pairs:
            c.bad("split.escape", "is set without quotes; it applies inside quoted fields only")
        if escape is not None and escape == sep:
            c.bad("split.escape", "is the separator")
    extra = m.get("extra_fields", "reject")
    if extra not in ("reject", "ignore"):
        c.bad("split.extra_fields", f"is {_show(extra)}; expected reject or ignore")
    if sep is None or extra not in ("reject", "ignore"):
        return None
    return Split(sep, tuple(pairs), escape, extra)


def _pattern(c: _Checker, value: Any, fields: tuple[Field, ...]) -> Scanned | None:
    text = c.string(value, "pattern", "a regex with a (?<field_name>…) group per field")
    if text is None:
        return None
    try:
        scanned = scan(text)
        compiled = re.compile(scanned.python)
    except (PatternSyntaxError, re.error) as e:
        c.bad("pattern", f"is not a regular expression: {e}")
        return None
    named = [n for n in scanned.names if n is not None]
    assert sorted(named) == sorted(compiled.groupindex), "group scan disagrees with re"
    declared = [f.name for f in fields]
    for n in dict.fromkeys(named):
        if n not in declared:
            c.bad("pattern", f"group (?<{n}>…) names no field; declare it under fields")
    if not fields:
        return scanned
    for i, f in enumerate(fields):
        if f.name not in named:
            c.bad(f"fields[{i}] ({f.name})", f"has no (?<{f.name}>…) group in pattern")
    return scanned


def _cutting(
    c: _Checker, top: dict[str, Any], fields: tuple[Field, ...]
) -> tuple[Split | None, Scanned | None]:
    has_split, has_pattern = "split" in top, "pattern" in top
    if has_split == has_pattern:
        state = "both are set" if has_split else "neither is set"
        c.bad(
            "split/pattern",
            f"{state}; declare exactly one: split (a delimited line) or pattern (a regex with"
            " named groups)",
        )
        return None, None
    if has_split:
        return _split(c, top["split"]), None
    return None, _pattern(c, top["pattern"], fields)


def _date(c: _Checker, value: Any, key: str) -> str | None:
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            datetime.date.fromisoformat(value)
            return value
        except ValueError:
            pass
    c.bad(key, f"is {_show(value)}; expected a date YYYY-MM-DD in quotes")
    return None


def _enum(
    c: _Checker,
    m: dict[str, Any],
    key: str,
    check: Callable[[str], bool],
    what: str,
    layout: KeyLayout | None,
) -> tuple[str, ...] | None:
    if key not in m:
        return None
    values = c.strings(m[key], f"partitions.{key}", allow_empty_items=False)
    if values is None:
        return None
    if not values:
        c.bad(f"partitions.{key}", f"is empty; list the {what} the table projects")
    bad = [v for v in values if not check(v)]
    if bad:
        c.bad(f"partitions.{key}", f"{_show(bad)} are not {what}")
    if layout is not None and key not in layout.placeholders:
        c.bad(f"partitions.{key}", f"is set but input.keys has no {{{key}}} to read it from")
    return values


def _partitions(c: _Checker, value: Any, layout: KeyLayout | None) -> Partitions | None:
    if value is None:
        return None
    m = c.mapping(value, "partitions", ("since", "account_id", "region"))
    if m is None:
        return None
    since = _date(c, m.get("since"), "partitions.since")
    accounts = _enum(
        c, m, "account_id", lambda v: bool(_ACCOUNT.fullmatch(v)), "12-digit account ids", layout
    )
    regions = _enum(c, m, "region", lambda v: bool(_REGION.fullmatch(v)), "Region names", layout)
    if since is None:
        return None
    return Partitions(since, accounts, regions)
