"""Small strategies for the values AWS writes in log lines."""

from __future__ import annotations

import datetime

from hypothesis import strategies as st

# A window of three days: lines fall in a few lake partitions, times vary to the microsecond.
START = datetime.datetime(2025, 6, 1)
END = datetime.datetime(2025, 6, 3, 23, 59, 59, 999999)

times = st.datetimes(min_value=START, max_value=END)
ports = st.integers(0, 65535)
hex_digits = "0123456789abcdef"


def hex_id(size: int, upper: bool = False) -> st.SearchStrategy[str]:
    alphabet = hex_digits.upper() if upper else hex_digits
    return st.text(alphabet=alphabet, min_size=size, max_size=size)


def token(min_size: int = 1, max_size: int = 24) -> st.SearchStrategy[str]:
    """A token with no space or quote, and never ``-`` (which means null)."""
    alphabet = st.sampled_from(
        "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.:/=+"
    )
    return st.text(alphabet=alphabet, min_size=min_size, max_size=max_size)


ipv4 = st.tuples(*[st.integers(0, 255)] * 4).map(lambda t: ".".join(map(str, t)))
ipv6 = st.lists(hex_id(4), min_size=2, max_size=4).map(lambda g: "2001:db8:" + ":".join(g) + "::1")

# Text inside quotes: any character but the quote and line breaks (tabs and non-ASCII are fine).
quoted_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc"), blacklist_characters='"', whitelist_characters="\t"
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s != "-")


def or_dash(values: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.just("-"), values)


def null_if_dash(text: str) -> str | None:
    return None if text == "-" else text


def number(low: int, high: int) -> st.SearchStrategy[str]:
    return or_dash(st.integers(low, high).map(str))


def number_value(text: str) -> int | None:
    return None if text == "-" else int(text)
