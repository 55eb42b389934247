"""The JVM S3 access-log parser gives exactly the SQL parser's rows: on the demo's and the
benchmark's corpora, on every line variant and edge case of ``test_s3access`` written to
files in every key layout (and more: time and zone shapes, numbers, key encodings, spacing,
bytes that are not UTF-8), and on batches of lines Hypothesis mutates."""

from __future__ import annotations

import gzip
import random
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyspark.sql import SparkSession

from demo.sources import s3access as demo_s3access
from logparse import reader
from logparse.sources import s3access
from synth.lines import s3_line
from synth.world import DAY
from tests import native_diff
from tests.test_s3access import FIELDS_26, HOST_ID, OWNER, fields

PARTITIONED = "s3-access/456789012345/eu-north-1/invoices-prod/2025/03/09/{name}"
SIMPLE = "s3-access/{name}"
SIMPLE_FOLDER = "s3-access/invoices-prod/{name}"
# Keys the SQL parser reads no account (year not a number) or no date (name not a date) from,
# and one whose bucket segment input_file_name() spells URL-encoded.
ODD_KEYS = (
    "s3-access/456789012345/eu-north-1/invoices-prod/20x5/03/09/{name}",
    "s3-access/456789012345/eu-north-1/invoices-prod/2025/03/09/extra/{name}",
    "s3-access/not-a-date-{name}",
    "s3-access/2025-02-30-{name}",
    "s3-access/456789012345/eu-north-1/invoices prod é+%/2025/03/09/{name}",
)
NAME = "2025-03-09-14-20-11-6D1C0B9A8F7E6D5C"

LIFECYCLE = (
    f"{OWNER} invoices-prod [09/Mar/2025:00:41:07 +0000] - AmazonS3 94B1F0C3E2D4A657 "
    'S3.EXPIRE.OBJECT tmp/export-2025-02-01.csv "-" - - - 7340032 - - "-" "-" - '
    f"{HOST_ID} - - - - - - -"
)
ANONYMOUS = (
    f"{OWNER} invoices-prod [09/Mar/2025:14:25:02 +0000] 2001:db8:1f70::999:de8:7648:6e8 - "
    "A1C2E3G4I5K6M7O8 REST.GET.OBJECT private/report.xlsx "
    '"GET /private/report.xlsx HTTP/1.1" 403 AccessDenied 243 - 12 - "-" '
    '"curl/8.5.0 (x86_64-pc-linux-gnu)" - '
    f"{HOST_ID} - - - invoices-prod.s3.amazonaws.com - - -"
)
# A multi-object delete writes one line per key, with bare dashes for the three quoted fields.
BATCH_DELETE = (
    f"{OWNER} invoices-prod [09/Mar/2025:14:30:12 +0000] 192.0.2.81 "
    "arn:aws:sts::456789012345:assumed-role/billing-export/i-0f1e2d3c4b5a69788 "
    "8RB5E3N0Y2C9D4B7 BATCH.DELETE.OBJECT 2025/old/invoice-1.pdf - 204 - - 48213 - - - - - "
    f"{HOST_ID} SigV4 ECDHE-RSA-AES128-GCM-SHA256 AuthHeader "
    "invoices-prod.s3.eu-north-1.amazonaws.com TLSv1.3 - -"
)
TIME = "[09/Mar/2025:14:19:53 +0000]"
KEY = "2025/march/invoice%20%2314+final.pdf"


def _time(stamp: str) -> str:
    return FIELDS_26.replace(TIME, stamp)


def _key(key: str) -> str:
    return FIELDS_26.replace(f" {KEY} ", f" {key} ", 1)


def _mid(mid: str) -> str:
    return FIELDS_26.replace(" 200 - 48213 48213 41 39 ", mid)


# The lines of test_s3access, then more of each kind of edge.
SPEC_LINES = [
    FIELDS_26,
    *(fields(FIELDS_26, n) for n in (25, 24, 18)),
    FIELDS_26 + " us-east-1 extra",
    LIFECYCLE,
    ANONYMOUS,
    _time("[09/Mar/2025:23:30:00 -0130]"),
    _key("2025/march/invoice%2G.pdf"),
    FIELDS_26.rsplit('" ', 1)[0] + '"',
    _time("09/Mar/2025:14:19:53 +0000]"),
    _time("[9/Mar/2025:14:19:53 +0000]"),
    FIELDS_26.replace("/Mar/", "/Mrz/"),
    _mid(" OK - 48213 48213 41 39 "),
    FIELDS_26.replace("OpenJDK_64-Bit", 'OpenJDK "64"'),
    "garbage",
    "",
]
TIME_LINES = [
    _time(stamp)
    for stamp in (
        "[09/Mar/2025:14:19:53 +1800]",
        "[09/Mar/2025:14:19:53 +1801]",
        "[09/Mar/2025:14:19:53 -1759]",
        "[09/Mar/2025:14:19:53 -0000]",
        "[09/Mar/2025:14:19:53 +0060]",
        "[09/Mar/2025:14:19:53 +00:00]",
        "[09/Mar/2025:14:19:53 Z0000]",
        "[09/Mar/2025:14:19:53 +0000",
        "[09/Mar/2025:14:19:53 +000]]",
        "[29/Feb/2024:23:59:59 +0000]",
        "[29/Feb/2025:12:00:00 +0000]",
        "[31/Apr/2025:12:00:00 +0000]",
        "[00/Mar/2025:12:00:00 +0000]",
        "[09/mar/2025:14:19:53 +0000]",
        "[09/Mär/2025:14:19:53 +0000]",
        "[09éMar/2025:14:19:53 +0000]",
        "[09-Mar-2025T14:19:53 +0000]",
        "[09/Mar/0999:14:19:53 +0000]",
        "[09/Mar/0000:14:19:53 +0000]",
        "[09/Mar/+025:14:19:53 +0000]",
        "[09/Mar/2025:24:00:00 +0000]",
        "[09/Mar/2025:14:60:00 +0000]",
        "[09/Mar/2025:14:19:60 +0000]",
        "[09/Mar/2025:14.19.53 +0000]",
        "[09/Mar/2025:4:19:53  +0000]",
        "[09/Mar/2025:14:19:5x +0000]",
        "[1./Mar/2025:14:19:53 +0000]",
        "[31/Dec/2025:23:59:59 -0100]",
        "[01/Jan/1970:00:00:00 +0100]",
        "[09/Mar/2025:14:19:53]",
        "[09/Mar/2025:14:19:53+0000]",
        "(09/Mar/2025:14:19:53 +0000)",
    )
]
NUMBER_LINES = [
    _mid(mid)
    for mid in (
        " +200 - 48213 48213 41 39 ",
        " 2e2 - 48213 48213 41 39 ",
        " 200.0 - 1.5 48213 41 39 ",
        " -5 - -7 48213 41 39 ",
        " 2147483647 - 9223372036854775807 48213 41 39 ",
        " 2147483648 - 48213 48213 41 39 ",
        " 200 - 9223372036854775808 48213 41 39 ",
        " 200 - 00012 0 0 0 ",
        " - - - - - - ",
        " 200 NoSuchKey - - - - ",
        " 200 -- 48213 48213 41 39 ",
        "  200 - 48213 48213 41 39  ",
        " 200 - 48213  48213 41 39 ",
        " 200 - 48213 48213 41 ",
        " 200 - 48213 48213 41 39 40 ",
        "200 - 48213 48213 41 39 ",
        " 200 - 48213 48213 41 39",
        " ٢٠٠ - 48213 48213 41 39 ",
    )
]
KEY_LINES = [
    _key(key)
    for key in (
        "a+b",
        "a%2Bb+c",
        "%",
        "abc%4",
        "%zz",
        "%C3%A9t%C3%A9/caf%c3%a9",
        "%FF%FE",
        "%E2%82",
        "café/ü+x",
        "-",
        "%2F%2f%25",
        "%%41",
        "%-1",
        "%+1",
        "+",
        "",
    )
]
SPACING_LINES = [
    "   ",
    "\t",
    " \t ",
    " " + FIELDS_26,
    FIELDS_26.replace(" invoices-prod ", "  invoices-prod ", 1),
    FIELDS_26.replace(f"{OWNER} ", "", 1),
    FIELDS_26.replace(f"{OWNER} ", " ", 1),
    FIELDS_26 + "  ",
    FIELDS_26.replace(" SigV4 ", "  SigV4 "),
    FIELDS_26.replace(' "https', '  "https'),
    FIELDS_26.replace('billing" "aws', 'billing"  "aws'),
    FIELDS_26.replace('billing" "aws', 'billing""aws'),
    FIELDS_26.replace(' "GET', '"GET'),
    FIELDS_26.replace('" 200', '"200'),
    FIELDS_26.replace('Bit" ', 'Bit"'),
    FIELDS_26.rsplit('" ', 1)[0] + '" ',
    FIELDS_26.rsplit('" ', 1)[0] + '"  ',
    FIELDS_26.rsplit('" ', 1)[0] + '" -',
    FIELDS_26 + ' "',
    FIELDS_26 + ' ""',
    FIELDS_26.replace('"https://portal.example.com/billing"', '""'),
    FIELDS_26.replace('"https://portal.example.com/billing"', '"-"'),
    FIELDS_26.replace("aws-sdk-java", "Ünïcödé 🚀"),
    FIELDS_26.replace(" invoices-prod ", " - ", 1),
    FIELDS_26.replace(" invoices-prod ", " 🪣-bucket ", 1),
    FIELDS_26.replace(" 192.0.2.81 ", " - ", 1),
    FIELDS_26.replace(" TLSv1.3 - -", " TLSv1.3 - - - - - -"),
    FIELDS_26.replace('"', "'"),
    '"' * 6,
    ' "" "" "" ',
    '"-"'.join(FIELDS_26.split('"')[::2]),
]
# The unquoted key line of a multi-object delete, and lines nearly of its shape.
BATCH_DELETE_LINES = [
    BATCH_DELETE,
    BATCH_DELETE + " ",
    " " + BATCH_DELETE,
    BATCH_DELETE.replace(" 204 ", "  204 "),
    BATCH_DELETE.replace(" - 204 ", ' "-" 204 '),
    BATCH_DELETE.replace(" - 204 ", " x 204 "),
    BATCH_DELETE.replace(" - - - - - Zm9v", " - - - - x Zm9v"),
    BATCH_DELETE.replace(" - - - - - Zm9v", " - - - - Zm9v"),
    BATCH_DELETE.split(" Zm9v")[0],
    BATCH_DELETE.split(" Zm9v")[0] + " v",
    BATCH_DELETE.replace(" 204 ", " 2O4 "),
    BATCH_DELETE.replace("[09/Mar/2025:14:30:12", "[09/Mar/2025:14:30:61"),
    BATCH_DELETE.replace(" 192.0.2.81 ", " 192.0.2.81 extra "),
    BATCH_DELETE.replace(" 192.0.2.81 ", " "),
    BATCH_DELETE.replace("2025/old/invoice-1.pdf", "2025/old/invoice%201+%C3%A9.pdf"),
    BATCH_DELETE + "\tx",
    " ".join(["-"] * 19),
    " ".join(["-"] * 18),
]
# Not UTF-8: Spark's split decodes the line, so the bytes come out as U+FFFD in the tokens (a
# bad byte in the time's unread separator still gives a time), and the line as is in _raw.
INVALID_UTF8 = [
    FIELDS_26.encode().replace(b"OpenJDK", b"Open\xffJDK"),
    FIELDS_26.encode().replace(b"[09/Mar", b"[09\xffMar"),
    FIELDS_26.encode().replace(b"[09/Mar", b"[09\xc3Mar"),
    FIELDS_26.encode().replace(b"invoice%20", b"invoice\xe2\x82"),
    FIELDS_26.encode().replace(b" 200 ", b" 20\xa0 "),
    b"garbage \xff",
    FIELDS_26.encode().replace(b'" 200', b'\xc3" 200'),
    BATCH_DELETE.encode().replace(b" 204 ", b" 204\x80 "),
    BATCH_DELETE.encode().replace(b"[09/Mar", b"[09\xedMar"),
    b"\\ back\\slash \xf0\x9f\x9a \xf4\x90\x80\x80 \xed\xa0\x80 \xc0\xaf \xe0\x80\x80 \xff\xfe",
]
EDGE_LINES = [
    *SPEC_LINES,
    *TIME_LINES,
    *NUMBER_LINES,
    *KEY_LINES,
    *SPACING_LINES,
    *BATCH_DELETE_LINES,
]


def test_benchmark_corpus(spark: SparkSession, tmp_path: Path) -> None:
    from bench.corpus import write_corpus

    corpus = write_corpus("s3access", tmp_path, 2.0, 11)
    # Stored uncompressed under names without an extension, found by the job's own globs.
    listed = reader.list_files(spark, s3access.input_globs(str(tmp_path), DAY))
    assert sorted(Path(f.path.removeprefix("file:")) for f in listed) == sorted(
        Path(f) for f in corpus.files
    )
    assert native_diff.assert_same(spark, "s3access", [f.path for f in listed]) > 1000


def test_demo_corpus(spark: SparkSession, tmp_path: Path) -> None:
    written = demo_s3access.generate(tmp_path, 150_000, 5)
    files = [str(tmp_path / key) for key in written.files]
    assert native_diff.assert_same(spark, "s3access", files) > 300


def test_every_variant_in_every_key_layout(spark: SparkSession, tmp_path: Path) -> None:
    layouts = (PARTITIONED, SIMPLE, SIMPLE_FOLDER, *ODD_KEYS)
    files = [
        native_diff.write_lines(tmp_path / layout.format(name=NAME), EDGE_LINES, compress=False)
        for layout in layouts
    ]
    bytes_file = tmp_path / PARTITIONED.format(name=NAME + "-bytes")
    files.append(native_diff.write_lines(bytes_file, INVALID_UTF8, compress=False))
    rows = native_diff.assert_same(spark, "s3access", files)
    assert rows == len(layouts) * len(EDGE_LINES) + len(INVALID_UTF8)


def test_a_plain_object_that_starts_like_gzip_is_read_as_text(
    spark: SparkSession, tmp_path: Path
) -> None:
    # 1f 8b without CM 08 is not a gzip header: the line is a reject, not a damaged file.
    lines = [b"\x1f\x8b not a gzip header", FIELDS_26.encode()]
    path = tmp_path / PARTITIONED.format(name=NAME + "-magic")
    assert (
        native_diff.assert_same(spark, "s3access", [native_diff.write_lines(path, lines, False)])
        == 2
    )


# Pieces a mutation splices in: the format's separators, the tokens AWS writes, and noise,
# bytes that are not UTF-8 among it.
_SPLICES = st.sampled_from(
    [
        *(b'"', b" ", b"  ", b"-", b'"-"', b"[", b"]", b"[09/Mar/2025:14:19:53", b"+0000]"),
        *(b"-0130]", b"%", b"%2", b"%41", b"+", b"0", b"7", b"-1", b"99999999999", b"1e3"),
        *("é".encode(), b"\t", b"/Feb/", b"\xff", b"\xc3", b"\xe2\x82", b"\\"),
    ]
)
_BASES = tuple(
    line.encode()
    for line in (
        FIELDS_26,
        LIFECYCLE,
        ANONYMOUS,
        BATCH_DELETE,
        fields(FIELDS_26, 18),
        *(s3_line(random.Random(i)) for i in range(40)),
    )
)


@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    lines=st.lists(
        native_diff.mutation(st.sampled_from(_BASES), _SPLICES), min_size=300, max_size=300
    )
)
def test_mutated_lines(
    spark: SparkSession, tmp_path_factory: pytest.TempPathFactory, lines: list[bytes]
) -> None:
    path = tmp_path_factory.mktemp("s3access") / PARTITIONED.format(name=NAME)
    native_diff.assert_same(spark, "s3access", [native_diff.write_lines(path, lines, False)])


def _endings_corpus() -> tuple[bytes, int]:
    """Lines cut at every length of a few real ones (so a line ends in each of the parser's
    phases and at each byte of a word), ordinary lines, blank ones and a 700 KB one, ended by
    ``\\n``, ``\\r\\n`` and ``\\r`` in turn, the last without an ending; a ``\\r\\n`` is
    placed across the reader's first block end (256 KiB). Returns the bytes and the count of
    lines (a ``\r`` then an empty line's ``\n`` is one ``\r\n``: fewer than written)."""
    bases = [FIELDS_26.encode(), BATCH_DELETE.encode(), ANONYMOUS.encode() + b' "x" tail']
    lines = [base[:k] for base in bases for k in range(len(base) + 1)]
    lines += [s3_line(random.Random(i)).encode() for i in range(1500)]
    lines.insert(700, FIELDS_26.replace("SigV4", "SigV4 " + "y" * 700_000).encode())
    lines.insert(900, b"")
    endings = (b"\n", b"\r\n", b"\r")
    data = bytearray()
    for i, line in enumerate(lines):
        data += line
        if i < len(lines) - 1:
            data += endings[i % 3]
    block = 1 << 18
    # The line that crosses the block end: cut short so its \r is the block's last byte.
    at = max(i for i in range(len(data)) if i < block and data[i - 1 : i] in (b"\n", b"\r"))
    filler = b"x" * (block - 1 - at)
    data = data[:at] + filler + b"\r\n" + data[at:]
    assert data[block - 1 : block + 1] == b"\r\n"
    endings_seen = len(re.findall(rb"\r\n|\r|\n", data))
    return bytes(data), endings_seen + (0 if data.endswith((b"\n", b"\r")) else 1)


@pytest.mark.parametrize("compress", [False, True], ids=["plain", "gzip"])
def test_every_line_ending_in_every_phase_and_across_block_ends(
    spark: SparkSession, tmp_path: Path, compress: bool
) -> None:
    """The parser finds a line's end in the pass that cuts it: wherever the ending falls."""
    data, count = _endings_corpus()
    # Named .gz when compressed: the SQL parser's text source goes by the name, ours by content.
    path = tmp_path / PARTITIONED.format(name=NAME + ("-endings.gz" if compress else "-endings"))
    path.parent.mkdir(parents=True)
    path.write_bytes(gzip.compress(data, mtime=0) if compress else data)
    assert native_diff.assert_same(spark, "s3access", ["file:" + str(path)]) == count
