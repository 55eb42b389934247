"""How the job writes text that is not valid UTF-8, as a pure function of its bytes.

A rejected line or record whose bytes are not well-formed UTF-8 (Unicode 15, table 3-7: no
overlong forms, no surrogates, nothing above U+10FFFF) is stored in ``rejects/`` with reason
``<source>.invalid_utf8`` and ``raw`` escaped: every byte that is not part of a well-formed
sequence, and every backslash (0x5C), is written ``\\xHH`` (two upper-case hex digits); all
other bytes are copied. The result is valid UTF-8, so Athena and DuckDB read the rejects file,
and :func:`unescape` gives the original bytes back: after escaping, a backslash only ever
starts ``\\xHH``.

These functions are the reference the Spark expressions in ``logparse/sources/_utf8.py`` are
tested against, and what a reader of the rejects uses to recover the bytes.
"""

from __future__ import annotations

import re
from typing import Final

_ESCAPE: Final = re.compile(rb"\\x([0-9A-F]{2})")
_BACKSLASH: Final = 0x5C


def _sequence_length(data: bytes, at: int) -> int:
    """Length of the well-formed UTF-8 sequence starting at ``data[at]``, or 0."""
    first = data[at]
    if first < 0x80:
        return 1
    # (length, allowed range of the second byte) per lead byte, as in table 3-7.
    if 0xC2 <= first <= 0xDF:
        length, low, high = 2, 0x80, 0xBF
    elif first == 0xE0:
        length, low, high = 3, 0xA0, 0xBF
    elif 0xE1 <= first <= 0xEC or first in (0xEE, 0xEF):
        length, low, high = 3, 0x80, 0xBF
    elif first == 0xED:
        length, low, high = 3, 0x80, 0x9F
    elif first == 0xF0:
        length, low, high = 4, 0x90, 0xBF
    elif 0xF1 <= first <= 0xF3:
        length, low, high = 4, 0x80, 0xBF
    elif first == 0xF4:
        length, low, high = 4, 0x80, 0x8F
    else:
        return 0
    tail = data[at + 1 : at + length]
    if len(tail) < length - 1 or not low <= tail[0] <= high:
        return 0
    return length if all(0x80 <= b <= 0xBF for b in tail[1:]) else 0


def is_valid(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def escape(data: bytes) -> str:
    """``data`` with backslashes and the bytes of no well-formed sequence as ``\\xHH``."""
    out: list[str] = []
    at = 0
    while at < len(data):
        length = _sequence_length(data, at)
        if length == 0 or data[at] == _BACKSLASH:
            out.append(f"\\x{data[at]:02X}")
            at += 1
        else:
            out.append(data[at : at + length].decode("utf-8"))
            at += length
    return "".join(out)


def unescape(text: str) -> bytes:
    """The bytes :func:`escape` was given."""
    return _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), text.encode("utf-8"))
