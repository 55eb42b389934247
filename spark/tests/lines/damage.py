"""Damage any line format suffers alike: bytes that are not UTF-8, and garbage."""

from __future__ import annotations

from hypothesis import strategies as st

from tests.lines.case import Case

# Ill-formed in UTF-8: a stray continuation byte, bytes never used, an overlong slash, a
# surrogate, a cut sequence (followed by ASCII), a code point above U+10FFFF, Latin-1 é.
ILL_FORMED = (
    b"\x80",
    b"\xff",
    b"\xfe",
    b"\xc0\xaf",
    b"\xed\xa0\x80",
    b"\xe2\x82",
    b"\xf4\x90\x80\x80",
    b"\xe9",
)


@st.composite
def not_utf8(draw: st.DrawFn, valid: st.SearchStrategy[Case]) -> Case:
    """A valid line with ill-formed bytes put in: rejected as ``<source>.invalid_utf8``."""
    case = draw(valid)
    line = case.line
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(line)))
        line = line[:at] + draw(st.sampled_from(ILL_FORMED)) + line[at:]
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        # Two pieces can join into a well-formed sequence ("\xe2\x82" then "\x80" is U+2080).
        line += b"\xff"
    return Case("damaged", line, reason="invalid_utf8", header=case.header)


def garbage(header: bytes | None = None) -> st.SearchStrategy[Case]:
    """Any bytes but a line break: whatever it is, it gets exactly one row."""
    text = st.text(
        alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
        max_size=80,
    ).map(str.encode)
    raw = st.binary(max_size=80).map(lambda b: b.replace(b"\n", b" ").replace(b"\r", b" "))
    return st.one_of(text, raw).map(lambda line: Case("garbage", line, header=header))
