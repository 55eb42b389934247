"""The capturing groups of a declared pattern, and the pattern as Java runs it.

A declaration names a field's group ``(?<field_name>…)``. Java's named groups cannot hold an
underscore, so the platform numbers the groups instead: the pattern handed to Java has every
named group turned into a plain one, and each field is read by its group's number. The
scanner follows the syntax shared by Java's and Python's regexes: escapes, character classes
(where ``(`` is literal), ``(?:``/lookaround/flag groups (not capturing) and plain ``(``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class PatternSyntaxError(ValueError):
    """The pattern cannot be scanned for its groups."""


@dataclass(frozen=True)
class Scanned:
    """``names[i]`` is the name of capturing group ``i + 1`` (None when unnamed)."""

    names: tuple[str | None, ...]
    java: str
    """The pattern with named groups turned into plain groups."""
    python: str
    """The pattern with ``(?<name>`` spelled ``(?P<name>``, for Python's ``re``."""


def _class_end(p: str, i: int) -> int:
    """Index after the character class that starts at ``p[i] == '['``."""
    j = i + 1
    if j < len(p) and p[j] == "^":
        j += 1
    if j < len(p) and p[j] == "]":
        j += 1
    while j < len(p):
        c = p[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            raise PatternSyntaxError(
                f"a '[' inside a character class at offset {j}: Java reads it as a nested class,"
                " Python as a character; escape it as \\["
            )
        if c == "]":
            return j + 1
        j += 1
    raise PatternSyntaxError(f"the character class opened at offset {i} is not closed")


def scan(pattern: str) -> Scanned:
    names: list[str | None] = []
    java: list[str] = []
    python: list[str] = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            if pattern.startswith("\\Q", i):
                raise PatternSyntaxError(
                    f"\\Q…\\E quoting at offset {i} is Java-only; escape each character instead"
                )
            piece = pattern[i : i + 2]
            i += 2
        elif c == "[":
            end = _class_end(pattern, i)
            piece = pattern[i:end]
            i = end
        elif c == "(" and pattern.startswith("(?P", i):
            raise PatternSyntaxError(
                f"(?P… at offset {i} is Python-only; name a group (?<field_name>…)"
            )
        elif c == "(" and pattern.startswith("(?<", i) and pattern[i + 3 : i + 4] not in "=!":
            m = _NAME.match(pattern, i + 3)
            if m is None or pattern[m.end() : m.end() + 1] != ">":
                raise PatternSyntaxError(
                    f"the group at offset {i} is not (?<name>…) with a name of letters, digits"
                    " and _"
                )
            names.append(m.group(0))
            java.append("(")
            python.append(f"(?P<{m.group(0)}>")
            i = m.end() + 1
            continue
        elif c == "(" and pattern.startswith("(?", i):
            piece = "(?"
            i += 2
        elif c == "(":
            names.append(None)
            piece = "("
            i += 1
        else:
            piece = c
            i += 1
        java.append(piece)
        python.append(piece)
    return Scanned(tuple(names), "".join(java), "".join(python))
