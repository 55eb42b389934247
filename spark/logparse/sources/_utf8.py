"""SQL expressions for text that is not valid UTF-8 (see ``logparse/utf8.py`` for the rules).

Spark's text reader keeps a line's bytes as they are in its string, valid UTF-8 or not, but
every function that decodes the string (``split`` on a regex, ``from_json``, Python) replaces
the bad bytes with U+FFFD, and Parquet writers store them as they are, which makes a file that
Athena and DuckDB refuse. So the parsers test the bytes first and never let them through.

- :func:`is_valid`: the bytes are well-formed UTF-8. Spark 3.5 has no ``is_valid_utf8``:
  ``encode`` decodes the string with Java's UTF-8 decoder (which replaces exactly the
  ill-formed bytes) and re-encodes it, so the bytes survive the round trip only when valid.
- :func:`escaped`: the line's bytes with ``\\`` and every ill-formed byte written ``\\xHH``.
- :func:`marked`, :func:`has_marks`, :func:`escaped_marks`: for file formats, whose files are
  split into records only after decoding. :func:`marked` turns each ill-formed byte into two
  noncharacters (U+FDD0 + high nibble, U+FDE0 + low nibble; Unicode reserves U+FDD0-U+FDEF
  for a program's internal use, never for interchange) so the file can be split and parsed as
  usual; a record holding a mark is then rejected, and :func:`escaped_marks` gives its text
  with the marks as ``\\xHH``, exactly what :func:`escaped` gives for its original bytes.
  Genuine U+FDD0-U+FDEF in such a file are marked byte by byte too, so they escape to their
  own bytes.

The byte-level work is done on ``hex()`` of the bytes, two characters per byte, with one
regex that walks the valid sequences (a possessive ``*+``, which Java's regex runs as a
loop, not by recursion) and marks the byte after them. Only rows that need it pay for it.
"""

from __future__ import annotations

from typing import Final

from pyspark.sql import DataFrame

from logparse.sources._text import sql_str

# Well-formed UTF-8 byte sequences (table 3-7) as hex pairs; _CONT is one continuation byte.
_CONT: Final = "[89AB][0-9A-F]"
_MULTI_BYTE: Final = (
    f"(?:C[2-9A-F]|D[0-9A-F]){_CONT}",
    f"E0[AB][0-9A-F]{_CONT}",
    f"E[1-9A-CE]{_CONT}{_CONT}",
    f"ED[89][0-9A-F]{_CONT}",
    f"F0[9AB][0-9A-F]{_CONT}{_CONT}",
    f"F[1-3]{_CONT}{_CONT}{_CONT}",
    f"F48[0-9A-F]{_CONT}{_CONT}",
)
_EF_ANY: Final = f"EF{_CONT}{_CONT}"
# EF sequences except U+FDD0-U+FDEF (EF B7 90-AF), which marks use.
_EF_NOT_MARK: Final = f"EF(?:[89A][0-9A-F]|B[0-68-F]){_CONT}|EFB7[8B][0-9A-F]"
_HIGH_BYTE: Final = "[89A-F][0-9A-F]"


def _walk(valid: str, escaped_byte: str) -> str:
    """Regex over hex digits: the run of ``valid`` sequences up to a byte matching
    ``escaped_byte`` where no valid sequence starts; groups 1 (the run) and 2 (the byte)."""
    return f"\\G((?:{valid})*+)({escaped_byte})"


# Lines: ASCII but the backslash, which is escaped so that escaping can be undone.
_LINE_VALID: Final = "|".join(("[0-46-7][0-9A-F]|5[0-9ABD-F]", *_MULTI_BYTE, _EF_ANY))
_LINE_WALK: Final = _walk(_LINE_VALID, f"5C|{_HIGH_BYTE}")
# Files: every valid sequence but the marks' own code points.
_FILE_VALID: Final = "|".join(("[0-7][0-9A-F]", *_MULTI_BYTE, _EF_NOT_MARK))
_FILE_WALK: Final = _walk(_FILE_VALID, _HIGH_BYTE)
_MARK: Final = "EFB79(.)EFB7A(.)"
MARK_CLASS: Final = "[\\x{FDD0}-\\x{FDEF}]"


def _bytes(text: str) -> str:
    return f"CAST({text} AS BINARY)"


def _from_hex(hex_text: str) -> str:
    return f"CAST(unhex({hex_text}) AS STRING)"


def _ascii_hex_digits(hex_text: str) -> str:
    """``Yd`` (a marked hex digit) as the hex of its ASCII character, ``Y7`` -> ``37``."""
    out = f"regexp_replace({hex_text}, 'Y([0-9])', '3$1')"
    for i, letter in enumerate("ABCDEF", start=1):
        out = f"replace({out}, 'Y{letter}', '4{i}')"
    return out


def is_valid(text: str) -> str:
    """True when the bytes of string column ``text`` are well-formed UTF-8."""
    return f"(encode({text}, 'UTF-8') = {_bytes(text)})"


def escaped(text: str) -> str:
    """``text``'s bytes with ``\\`` and each ill-formed byte as ``\\xHH``; valid UTF-8."""
    walked = f"regexp_replace(hex({_bytes(text)}), {sql_str(_LINE_WALK)}, '$1G$2')"
    hexed = f"regexp_replace({walked}, 'G(.)(.)', '5C78Y$1Y$2')"
    return _from_hex(_ascii_hex_digits(hexed))


def marked(text: str) -> str:
    """``text`` with each ill-formed byte as a pair of marks; valid UTF-8."""
    walked = f"regexp_replace(hex({_bytes(text)}), {sql_str(_FILE_WALK)}, '$1G$2')"
    return _from_hex(f"regexp_replace({walked}, 'G(.)(.)', 'EFB79$1EFB7A$2')")


def has_marks(text: str) -> str:
    """True when ``text`` (cut from a :func:`marked` string) holds a mark."""
    return f"({text} RLIKE {sql_str(MARK_CLASS)})"


def escaped_marks(text: str) -> str:
    """``text`` (cut from a :func:`marked` string) with ``\\`` and the marks as ``\\xHH``.

    A mark's hex cannot appear out of step with the byte boundaries (it would need the byte
    0xFB, never valid), so it is replaced without walking the sequences; the backslash is
    replaced as a character."""
    slashes = f"replace({text}, '\\\\', '\\\\x5C')"
    hexed = f"regexp_replace(hex({_bytes(slashes)}), '{_MARK}', '5C78Y$1Y$2')"
    return _from_hex(_ascii_hex_digits(hexed))


def with_marked_text(df: DataFrame, text: str, valid: str) -> DataFrame:
    """``df`` plus the boolean column ``valid`` (``text``'s bytes are valid UTF-8) and with
    ``text`` :func:`marked` where they are not: the step before a file is split into records."""
    others = [f"`{c}`" for c in df.columns if c != text]
    return df.selectExpr(*others, f"`{text}`", f"{is_valid(f'`{text}`')} AS `{valid}`").selectExpr(
        *others,
        f"CASE WHEN `{valid}` THEN `{text}` ELSE {marked(f'`{text}`')} END AS `{text}`",
        f"`{valid}`",
    )
