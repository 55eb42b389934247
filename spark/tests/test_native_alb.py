"""The JVM ALB parser gives exactly the SQL parser's rows: on the demo's and the benchmark's
corpora and on lines Hypothesis mutates from every line variant."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from demo.sources import alb as demo_alb
from synth.lines import alb_line
from tests import native_diff
from tests.test_alb import CURRENT

KEY = "AWSLogs/345678901234/elasticloadbalancing/ap-southeast-2/2025/01/20/{name}.log.gz"


def test_benchmark_corpus(spark, tmp_path: Path) -> None:
    from bench.corpus import write_corpus

    corpus = write_corpus("alb", tmp_path, 2.0, 11)
    assert native_diff.assert_same(spark, "alb", corpus.files) > 1000


def test_demo_corpus(spark, tmp_path: Path) -> None:
    written = demo_alb.generate(tmp_path, 150_000, 5)
    files = [str(tmp_path / key) for key in written.files]
    assert native_diff.assert_same(spark, "alb", files) > 300


# Pieces a mutation splices in: the format's separators, the tokens AWS writes, and noise.
_SPLICES = st.sampled_from(
    [
        *('"', " ", "  ", "-", '"-"', ":", "[", "]", "-1", "1e3", "+7", "é", "\t", "http"),
        *("tls", "2025-01-20T23:09:58Z", "2025-02-30T00:00:00Z", "999999999999", "0.0"),
    ]
)


_BASES = st.sampled_from([CURRENT, *(alb_line(random.Random(i)) for i in range(40))])


@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=st.lists(native_diff.mutation(_BASES, _SPLICES), min_size=300, max_size=300))
def test_mutated_lines(spark, tmp_path_factory, lines: list[str]) -> None:
    path = tmp_path_factory.mktemp("alb") / KEY.format(name="mutated")
    native_diff.assert_same(spark, "alb", [native_diff.write_lines(path, lines)])


def test_lines_that_are_not_utf8(spark, tmp_path: Path) -> None:
    """Ill-formed bytes anywhere in a line (a lone continuation byte, an overlong form, a
    surrogate, a truncated sequence), next to a backslash, and valid multi-byte text."""
    base = CURRENT.encode("utf-8")
    lines = [
        base.replace(b"Firefox", b"Fire\x80fox"),
        base.replace(b"HTTP/2.0", b"HTTP/2.0\xc0\xaf"),
        base.replace(b"shop.example.net", b"shop\xed\xa0\x80.example.net"),
        base.replace(b"7 2025", b"7\xe2\x82 2025"),
        base.replace(b"Gecko", b"Ge\\cko\xff"),
        base.replace(b"Gecko", "Geckö €".encode()),
        base.replace(b"2025-01-20T23:09:58.412907Z", b"2025-01-20T23:09:58.41\xf0907Z"),
        b"\xfe",
    ]
    path = tmp_path / KEY.format(name="utf8")
    assert native_diff.assert_same(spark, "alb", [native_diff.write_lines(path, lines)]) == 8


def test_lines_longer_than_the_read_buffer(spark, tmp_path: Path) -> None:
    """The reader's buffer (256 KiB) grows for a line longer than itself and is reused after:
    a 700 KB user agent, then thousands of ordinary lines that wrap around block ends, with
    ``\\r\\n`` and ``\\r`` endings among them."""
    long_agent = CURRENT.replace("Mozilla/5.0", "Mozilla/5.0 " + "x" * 700_000)
    lines = [CURRENT, long_agent] + [alb_line(random.Random(i)) for i in range(4000)]
    lines.insert(1500, long_agent)
    data = b"".join(
        line.encode() + (b"\r\n" if i % 7 == 0 else b"\r" if i % 11 == 0 else b"\n")
        for i, line in enumerate(lines)
    )
    path = tmp_path / KEY.format(name="long")
    path.parent.mkdir(parents=True)
    path.write_bytes(gzip.compress(data, mtime=0))
    assert native_diff.assert_same(spark, "alb", ["file:" + str(path)]) == len(lines)
