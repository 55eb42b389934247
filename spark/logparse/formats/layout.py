"""Where a format's objects are: the key layout under the archive root, with placeholders for
the values the key carries (``{account_id}``, ``{region}``, ``{yyyy}``/``{mm}``/``{dd}``).

The layout gives the Hadoop globs the job lists (a day's run puts the day's digits in place of
the date placeholders) and the regex that reads the values back out of each object's key,
once per file.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Final

PLACEHOLDERS: Final = {
    "account_id": r"([0-9]{12})",
    "region": r"([a-z]{2}(?:-[a-z]+)+-[0-9])",
    "yyyy": r"([0-9]{4})",
    "mm": r"([0-9]{2})",
    "dd": r"([0-9]{2})",
}
DATE_PARTS: Final = ("yyyy", "mm", "dd")
_TOKEN: Final = re.compile(r"\{([^{}]*)\}|([{}])|([*?])|([^{}*?]+)")


class LayoutError(ValueError):
    """A key layout that is not a valid layout (the message says what is wrong)."""


@dataclass(frozen=True)
class KeyLayout:
    text: str
    parts: tuple[tuple[str, str], ...]
    """``("literal" | "placeholder" | "wildcard", text)`` in order."""

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(t for kind, t in self.parts if kind == "placeholder")

    @property
    def has_date(self) -> bool:
        return "yyyy" in self.placeholders

    def glob(self, root: str, day: datetime.date | None) -> str:
        """The Hadoop glob of the objects under ``root``, for ``day`` (None: every day)."""
        values = {"yyyy": f"{day:%Y}", "mm": f"{day:%m}", "dd": f"{day:%d}"} if day else {}
        out = []
        for kind, text in self.parts:
            if kind == "placeholder":
                out.append(values.get(text, "*"))
            else:
                out.append(text)
        return f"{root.rstrip('/')}/{''.join(out)}"

    def regex(self) -> str:
        """A regex (Java and Python alike) matching the end of an object's URI; group ``i + 1``
        holds ``placeholders[i]``."""
        out = []
        for kind, text in self.parts:
            if kind == "placeholder":
                out.append(PLACEHOLDERS[text])
            elif kind == "wildcard":
                out.append("[^/]*" if text == "*" else "[^/]")
            else:
                out.append(re.escape(text))
        return "/" + "".join(out) + "$"


def parse_layout(text: str) -> KeyLayout:
    """The layout of ``text``; :class:`LayoutError` says what is wrong."""
    if not text:
        raise LayoutError("is empty; expected a key layout such as logs/{yyyy}/{mm}/{dd}/*.gz")
    if text.startswith("/"):
        raise LayoutError(f"{text!r} starts with '/'; keys are relative to the archive root")
    if "//" in text:
        raise LayoutError(f"{text!r} has an empty path segment ('//')")
    parts: list[tuple[str, str]] = []
    seen: set[str] = set()
    for m in _TOKEN.finditer(text):
        name, brace, wildcard, literal = m.groups()
        if brace is not None:
            raise LayoutError(
                f"{text!r} has an unmatched {brace!r}; placeholders are"
                f" {', '.join('{' + p + '}' for p in PLACEHOLDERS)}"
            )
        if name is not None:
            if name not in PLACEHOLDERS:
                raise LayoutError(
                    f"{{{name}}} is not a placeholder; expected one of"
                    f" {', '.join('{' + p + '}' for p in PLACEHOLDERS)}"
                )
            if name in seen:
                raise LayoutError(f"{{{name}}} appears twice")
            seen.add(name)
            parts.append(("placeholder", name))
        elif wildcard is not None:
            parts.append(("wildcard", wildcard))
        else:
            bad = sorted(set(literal) & set("[]\\,"))
            if bad:
                raise LayoutError(
                    f"{text!r} holds {''.join(bad)!r}; a layout uses literal text, * and ?"
                    " and the placeholders"
                )
            parts.append(("literal", literal))
    dates = [p for p in DATE_PARTS if p in seen]
    if dates and len(dates) != len(DATE_PARTS):
        raise LayoutError(
            f"has {', '.join('{' + d + '}' for d in dates)} but not all of {{yyyy}}, {{mm}} and"
            " {dd}; the day is read from the three together"
        )
    return KeyLayout(text, tuple(parts))
