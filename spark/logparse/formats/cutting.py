"""How a line is cut into its fields' texts, as one regex when the SQL parser needs one.

- ``split`` without quotes: Spark's ``split`` on the separator (no regex).
- ``split`` with quotes, and ``pattern``: one anchored regex for the whole line, applied once
  per line. Each field's text is one group (``pattern``) or, for a delimited field, two: the
  inside of whichever quotes it had, and the field as it stands when unquoted.

The JVM parser tokenizes delimited lines itself and runs ``pattern`` with ``matches()``; both
give the texts this regex gives (the differential test checks it).
"""

from __future__ import annotations

from dataclasses import dataclass

from logparse.formats.model import Format, Split


def lit(c: str) -> str:
    """``c`` as a literal in a Java (and Python) regex, outside or inside a character class."""
    return c if c.isalnum() else "\\" + c


def _quoted_content(close: str, escape: str | None) -> str:
    if escape is None:
        return f"[^{lit(close)}]*"
    if escape == close:
        return f"(?:[^{lit(close)}]|{lit(close)}{lit(close)})*"
    return f"(?:[^{lit(close)}{lit(escape)}]|{lit(escape)}(?s:.))*"


def _split_field(s: Split) -> str:
    """One delimited field: ``open(content)close`` for each quote pair, or unquoted text that
    does not start with an opening quote (or nothing)."""
    alternatives = [f"{lit(o)}({_quoted_content(c, s.escape)}){lit(c)}" for o, c in s.quotes]
    first = "".join(lit(o) for o, _ in s.quotes)
    alternatives.append(f"((?:[^{lit(s.separator)}{first}][^{lit(s.separator)}]*)?)")
    return "(?:" + "|".join(alternatives) + ")"


@dataclass(frozen=True)
class LineRegex:
    regex: str
    """Anchored at both ends (``\\z``: a line ending in U+2028 is not cut before it), so it
    matches exactly where Java's ``matches()`` does."""
    slots: tuple[tuple[int, ...], ...]
    """Per output slot, the groups whose texts (only one takes part) make it."""
    quoted: bool
    """Slots come in pairs per field: quoted content, unquoted text."""


def line_regex(fmt: Format) -> LineRegex | None:
    """The regex of ``fmt``'s lines; None for a delimited format without quotes."""
    if fmt.pattern is not None:
        number = {n: i + 1 for i, n in enumerate(fmt.pattern.names) if n is not None}
        slots = tuple((number[f.name],) for f in fmt.fields)
        return LineRegex(f"^(?:{fmt.pattern.java})\\z", slots, False)
    s = fmt.split
    assert s is not None
    if not s.quotes:
        return None
    field = _split_field(s)
    per_field = len(s.quotes) + 1
    tail = f"(?:{lit(s.separator)}(?s:.*))?" if s.extra_fields == "ignore" else ""
    regex = "^" + lit(s.separator).join([field] * len(fmt.fields)) + tail + "\\z"
    slots: list[tuple[int, ...]] = []
    for i in range(len(fmt.fields)):
        base = i * per_field
        slots.append(tuple(range(base + 1, base + per_field)))
        slots.append((base + per_field,))
    return LineRegex(regex, tuple(slots), True)
