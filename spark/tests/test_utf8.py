"""Bytes that are not UTF-8: the escape (``logparse/utf8.py``) and the Spark expressions that
compute it in the parsers (``logparse/sources/_utf8.py``), checked against it on bytes
Hypothesis generates, the expressions on all of them in one query."""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pyspark.sql import SparkSession

from logparse import utf8
from logparse.sources import _utf8
from tests.lines.batch import draw, failures

# Pieces that make bytes interesting: well-formed sequences of every length, the backslash,
# and the ill-formed kinds (stray continuation, overlong, surrogate, cut, beyond U+10FFFF).
PIECES = [
    b"a",
    b" ",
    b"\\",
    b"\\x41",
    b"\xc3\xa9",
    b"\xe2\x82\xac",
    b"\xf0\x9f\x98\x80",
    b"\xf4\x8f\xbf\xbf",
    b"\x80",
    b"\xbf",
    b"\xc0\xaf",
    b"\xc2",
    b"\xe0\x80\x80",
    b"\xed\xa0\x80",
    b"\xe2\x82",
    b"\xf4\x90\x80\x80",
    b"\xf8\x88\x80\x80\x80",
    b"\xff",
]
any_bytes = st.one_of(
    st.binary(max_size=40),
    st.lists(st.one_of(st.sampled_from(PIECES), st.binary(max_size=3)), max_size=12).map(b"".join),
)
NONCHARACTERS = [bytes([0xEF, 0xB7, b]) for b in range(0x90, 0xB0)]


@settings(max_examples=300, deadline=None)
@given(any_bytes)
def test_escaping_is_valid_utf8_and_undone_exactly(data: bytes) -> None:
    escaped = utf8.escape(data)
    assert escaped.encode("utf-8").decode("utf-8") == escaped
    assert utf8.unescape(escaped) == data
    # A backslash left in the escaped text only ever starts an escape.
    assert escaped.count("\\") == len(re.findall(r"\\x[0-9A-F]{2}", escaped))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_valid_text_is_escaped_only_at_its_backslashes(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    if utf8.is_valid(data):
        assert utf8.escape(data) == text.replace("\\", "\\x5C")


def test_spark_computes_the_same_escape(spark: SparkSession) -> None:
    samples = [*draw(any_bytes, 300), b"ok \\ \xef\xb7\x90 \xff"]
    frame = spark.createDataFrame([(bytearray(b),) for b in samples], "b binary").selectExpr(
        "b", "CAST(b AS STRING) AS v"
    )
    rows = frame.selectExpr(
        "b",
        f"{_utf8.is_valid('v')} AS valid",
        f"{_utf8.escaped('v')} AS escaped",
        f"{_utf8.has_marks(_utf8.marked('v'))} AS marked",
        f"{_utf8.escaped_marks(_utf8.marked('v'))} AS unmarked",
    ).collect()

    def check(row: Any) -> str | None:
        data = bytes(row["b"])
        if row["valid"] != utf8.is_valid(data):
            return f"is_valid {row['valid']}"
        if row["escaped"] != utf8.escape(data):
            return f"escaped {row['escaped']!r}"
        if utf8.is_valid(data):
            return "marks in valid bytes" if row["marked"] else None
        # In marked text, U+FDD0-U+FDEF (the marks' code points) stand for bytes too.
        genuine = any(n in data for n in NONCHARACTERS)
        if not row["marked"] or (not genuine and row["unmarked"] != utf8.escape(data)):
            return f"marks {row['marked']}, unmarked {row['unmarked']!r}"
        return None

    problems = failures(rows, check)
    assert not problems, problems
    assert rows[-1]["unmarked"] == "ok \\x5C \\xEF\\xB7\\x90 \\xFF"
