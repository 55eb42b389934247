"""The JVM VPC flow-log parser gives exactly the SQL parser's rows: on the benchmark's and the
demo's corpora, on every line variant and edge case of ``test_vpcflow`` written to files (and
more: header positions, key layouts, epoch bounds, bytes that are not UTF-8), and on batches
of lines Hypothesis mutates, with header lines moved anywhere in their files."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyspark.sql import SparkSession

from demo.sources import vpcflow as demo_vpcflow
from logparse import native
from logparse.sources import vpcflow
from synth.lines import vpc_line
from tests import native_diff
from tests.test_vpcflow import DEFAULT_HEADER, GOOD_LINE

PLAIN = "AWSLogs/210987654321/vpcflowlogs/eu-central-1/2025/06/02/{name}.log.gz"
PLAIN_HOURLY = "AWSLogs/210987654321/vpcflowlogs/eu-central-1/2025/06/02/09/{name}.log.gz"
HIVE = (
    "AWSLogs/aws-account-id=210987654321/aws-service=vpcflowlogs/aws-region=us-west-2/"
    "year=2025/month=06/day=02/{name}.log.gz"
)
HIVE_HOURLY = HIVE.replace("day=02/", "day=02/hour=09/")
LAYOUTS = (PLAIN, PLAIN_HOURLY, HIVE, HIVE_HOURLY)

V5_HEADER = (
    "flow-direction pkt-srcaddr srcaddr dstaddr start end action traffic-path "
    "pkt-dst-aws-service version tcp-flags type az-id region vpc-id"
)
V5_LINE = (
    "egress 10.0.4.20 10.0.4.20 52.94.5.10 1748855400 1748855460 ACCEPT 2 S3 5 19 "
    "IPv4 usw2-az1 us-west-2 vpc-0d1e2f3a4b5c6d7e8"
)
ECS_HEADER = (
    "version interface-id srcaddr dstaddr action ecs-cluster-name ecs-service-name "
    "ecs-task-id ecs-container-id reject-reason start"
)
ECS_LINE = (
    "8 eni-0123456789abcdef0 10.1.0.7 10.1.2.3 REJECT payments checkout-api "
    "5c1f0e3a9b8d4f2e8a7b6c5d4e3f2a1b 8e3b1f0c2d4a5e6f BPA 1748855100"
)
TGW_HEADER = (
    "version resource-type account-id tgw-id tgw-attachment-id tgw-src-vpc-id "
    "packets-lost-no-route packets-lost-blackhole start"
)
TGW_LINE = (
    "6 TransitGatewayAttachment 210987654321 tgw-0f1e2d3c4b5a69788 "
    "tgw-attach-0a1b2c3d4e5f60718 vpc-0abcdef0123456789 3 0 1748855160"
)
NODATA = "2 210987654321 eni-07f1a2b3c4d5e6f70 - - - - - - - 1748855700 1748855760 - NODATA"
_SAMPLE = {"int": "7", "bigint": "123456789012", "epoch": "1748855700", "string": ""}
ALL_HEADER = " ".join(f.name for f in vpcflow.FIELDS)
"""Every field, so that each column's mapping is checked."""
ALL_LINE = " ".join(_SAMPLE[f.type] or f"{f.column}-v" for f in vpcflow.FIELDS)
CUSTOM_HEADER = " ".join(demo_vpcflow.CUSTOM_FIELDS)


def _good(**tokens: str) -> str:
    """:data:`GOOD_LINE` with the named default-format fields replaced."""
    names = DEFAULT_HEADER.split(" ")
    values = GOOD_LINE.split(" ")
    for name, value in tokens.items():
        values[names.index(name.replace("_", "-"))] = value
    return " ".join(values)


_NUMBERS = (
    *("-1", "0", "-0", "+7", "007", "7.0", "1e3", "0x10", "2147483647", "2147483648"),
    *("-2147483648", "-2147483649", "9223372036854775807", "9223372036854775808"),
    *("-9223372036854775808", "99999999999999999999", "\u0663", "\uff17", "7\t", "--"),
)
_EPOCHS = (
    *("-1", "0", "-0", "253402300799", "253402300800", "99999999999999", "+1748855700"),
    *("1748855700.5", "1e9", "01748855700", "-", "9223372036854775807", "x"),
)

EDGE_FILES: dict[str, tuple[str, list[str]]] = {
    "default": (
        PLAIN,
        [
            DEFAULT_HEADER,
            GOOD_LINE,
            GOOD_LINE.replace("172.31.16.139", "198.51.100.17").replace(" ACCEPT ", " REJECT "),
            GOOD_LINE.replace("210987654321", "unknown"),
            DEFAULT_HEADER,
            NODATA,
            NODATA.replace("NODATA", "SKIPDATA"),
            "",
        ],
    ),
    "custom_v5_header_in_the_middle": (
        HIVE_HOURLY,
        [V5_LINE, V5_LINE.replace(" 2 S3 ", " - - "), V5_HEADER, V5_LINE, V5_HEADER],
    ),
    "ecs": (PLAIN, [ECS_HEADER, ECS_LINE]),
    "tgw": (PLAIN_HOURLY, [TGW_HEADER, TGW_LINE]),
    "all_fields": (HIVE, [ALL_HEADER, ALL_LINE, ALL_LINE.replace(" 7 ", " - ")]),
    "headerless": (PLAIN, [GOOD_LINE, "", "   ", "VERSION start", NODATA]),
    "blank_only": (PLAIN, ["", "  ", ""]),
    "conflicting": (PLAIN, [DEFAULT_HEADER, "srcaddr dstaddr", GOOD_LINE, "", NODATA]),
    "conflict_after_data": (HIVE, [GOOD_LINE, GOOD_LINE, DEFAULT_HEADER, GOOD_LINE, V5_HEADER]),
    "prefix_headers": (PLAIN, ["version start", GOOD_LINE, "2 1748855700", "version start end"]),
    "data_looks_like_a_header": (PLAIN, [DEFAULT_HEADER, "version " + GOOD_LINE, GOOD_LINE]),
    "header_last": (PLAIN, [GOOD_LINE, NODATA, "", GOOD_LINE + " ", DEFAULT_HEADER]),
    "rejects_numbers_epochs": (
        PLAIN_HOURLY,
        [
            DEFAULT_HEADER,
            GOOD_LINE.removesuffix(" OK"),
            GOOD_LINE + " ",
            " " + GOOD_LINE,
            GOOD_LINE.replace(" ", "  ", 1),
            _good(protocol="udp"),
            _good(protocol="\\x41"),
            _good(end="99999999999999"),
            _good(start="x", end="y"),
            "-",
            "- -",
            " ".join(["-"] * 14),
            "x",
            " ".join(["1748855700"] * 1000),
            " " * 1000,
        ]
        + [_good(**{field: n}) for n in _NUMBERS for field in ("srcport", "packets")]
        + [_good(version=n) for n in _NUMBERS]
        + [_good(start=n) for n in _EPOCHS]
        + [_good(end=n) for n in _EPOCHS]
        + [_good(start=n, end=n, protocol="udp") for n in _EPOCHS],
    ),
    "duplicate_names": (
        HIVE,
        ["srcaddr srcaddr start start version", "a b 1748855700 5 2", "a b - 5 2", "a b 5 - 2"],
    ),
    "empty_header_tokens": (
        PLAIN,
        ["version  start end ", "2  1748855700 1748855760 ", "2 x 1748855700 1748855760 "],
    ),
    "one_field": (PLAIN, ["version", "2", "3 4", "x", "-", ""]),
    "unknown_names": (PLAIN, ["version foo start bar", "2 x 1748855700 y", "2 x 0 y"]),
    "no_start": (HIVE, ["srcaddr dstaddr action", "10.0.0.1 10.0.0.2 ACCEPT"]),
    "non_ascii": (
        PLAIN,
        [
            DEFAULT_HEADER,
            _good(interface_id="eni-é"),
            _good(srcport="\uff17"),
            _good(action="ACCEPT\u00a0"),
            "version\u00a0" + GOOD_LINE,
        ],
    ),
    "bad_key_date": (
        "AWSLogs/210987654321/vpcflowlogs/eu-central-1/2025/13/40/{name}.log.gz",
        [DEFAULT_HEADER, GOOD_LINE, _good(start="-")],
    ),
    "short_key": ("AWSLogs/210987654321/vpcflowlogs/{name}.log.gz", [DEFAULT_HEADER, NODATA]),
    "other_service": (
        "AWSLogs/210987654321/elasticloadbalancing/eu-central-1/2025/06/02/{name}.log.gz",
        [DEFAULT_HEADER, GOOD_LINE, _good(start="-"), "x"],
    ),
    "hive_without_start": (HIVE_HOURLY, ["version", "2", "x"]),
}


def _with(line: str, token: str, raw: bytes) -> bytes:
    """``line`` as bytes with its first ``token`` replaced by ``raw``."""
    return line.encode().replace(token.encode(), raw, 1)


# Lines that are not UTF-8 (rejected, with _raw escaped, but dt read off their start field as
# Spark's split reads it: decoded, bad bytes as U+FFFD) and header lines that are not UTF-8
# (still the file's header); Windows line endings; no line ending at the end of the file.
RAW_FILES: dict[str, tuple[str, bytes]] = {
    "invalid_utf8": (
        PLAIN,
        b"\n".join(
            [
                DEFAULT_HEADER.encode(),
                _with(GOOD_LINE, "eni-07f1a2b3c4d5e6f70", b"eni-\xff"),
                _with(GOOD_LINE, "ACCEPT", b"AC\xe2\x82"),
                _with(GOOD_LINE, "20641", b"7\xff"),
                _with(GOOD_LINE, "ACCEPT", b"\xc0\xaf\\x41\xed\xa0\x80\xf4\x90\x80\x80"),
                _with(GOOD_LINE, " OK", b" OK\xf0\x9f\x98"),
                _with(GOOD_LINE, "ACCEPT", "\u00e9\\\U0001f600\ufffd".encode()),
                b"\xe2\x82 " + GOOD_LINE.encode(),
                b"version\xff " + GOOD_LINE.encode(),
                b"\xff",
                b"",
            ]
        ),
    ),
    "invalid_header": (
        HIVE,
        b"2 1748855700 1748855760 x\nversion start end \xff\n2 1 2 3\n2 - 1748855760 \xe2\n",
    ),
    "invalid_conflicting_header": (
        PLAIN_HOURLY,
        b"version start end\nversion start end\xff\n2 1748855700 1748855760",
    ),
    "crlf": (HIVE, (DEFAULT_HEADER + "\r\n" + GOOD_LINE + "\r\n\r\n" + NODATA).encode()),
}


def _write(root: Path, key: str, name: str, lines: list[str]) -> str:
    return native_diff.write_lines(root / key.format(name=name), lines)


def _write_raw(root: Path, key: str, name: str, data: bytes) -> str:
    path = root / key.format(name=name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data, mtime=0))
    return "file:" + str(path)


def test_benchmark_corpus(spark: SparkSession, tmp_path: Path) -> None:
    from bench.corpus import write_corpus

    corpus = write_corpus("vpcflow", tmp_path, 2.0, 11)
    assert native_diff.assert_same(spark, "vpcflow", corpus.files) > 10_000


def test_demo_corpus(spark: SparkSession, tmp_path: Path) -> None:
    written = demo_vpcflow.generate(tmp_path, 150_000, 5)
    files = [str(tmp_path / key) for key in written.files]
    assert native_diff.assert_same(spark, "vpcflow", files) > 1_500


def test_every_variant_and_edge_case(spark: SparkSession, tmp_path: Path) -> None:
    files = [_write(tmp_path, key, name, lines) for name, (key, lines) in EDGE_FILES.items()]
    files += [_write_raw(tmp_path, key, name, data) for name, (key, data) in RAW_FILES.items()]
    odd = tmp_path / "flowlogs" / "export.log"
    files.append(native_diff.write_lines(odd, [DEFAULT_HEADER, NODATA], compress=False))
    native_diff.assert_same(spark, "vpcflow", files)
    # The files reach every outcome, so the agreement above covers each of them.
    rows = native.read(spark, "vpcflow", "vpcflow", files).select("_reason").distinct().collect()
    assert {r["_reason"] for r in rows} == {
        None,
        vpcflow.INVALID_UTF8,
        vpcflow.BLANK_LINE,
        vpcflow.HEADER,
        vpcflow.MISSING_HEADER,
        vpcflow.CONFLICTING_HEADERS,
        vpcflow.FIELD_COUNT_MISMATCH,
        vpcflow.BAD_VALUE,
    }


# A format: its header and lines in it to mutate.
FORMATS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (DEFAULT_HEADER, (GOOD_LINE, NODATA, *(vpc_line(random.Random(i)) for i in range(20)))),
    (
        CUSTOM_HEADER,
        tuple(demo_vpcflow.relay(vpc_line(random.Random(i)), random.Random(i)) for i in range(20)),
    ),
    (V5_HEADER, (V5_LINE,)),
    (ECS_HEADER, (ECS_LINE,)),
    (TGW_HEADER, (TGW_LINE,)),
    (ALL_HEADER, (ALL_LINE,)),
)
HEADERS = tuple(header for header, _ in FORMATS)

# Pieces a mutation splices in: the separator, what AWS writes, numbers at and past the
# bounds, header names, and characters outside ASCII.
_SPLICES = st.sampled_from(
    [
        *(" ", "  ", "-", "0", "7", "-1", "+7", "1748855700", "253402300799", "253402300800"),
        *("99999999999999999999", "2147483648", "version", "start", "end", "srcaddr"),
        *("log-status", "é", "\u00a0", "\t", "\u0663", ""),
    ]
)


@st.composite
def mutated(draw: st.DrawFn, base: str) -> str:
    """``base`` with up to three edits: a splice inserted, a span deleted, the line cut, or a
    whole token replaced."""
    line = base
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(line)))
        kind = draw(st.sampled_from(["insert", "delete", "cut", "token"]))
        if kind == "insert":
            line = line[:at] + draw(_SPLICES) + line[at:]
        elif kind == "delete":
            line = line[:at] + line[at + draw(st.integers(1, 12)) :]
        elif kind == "cut":
            line = line[:at]
        else:
            tokens = line.split(" ")
            tokens[draw(st.integers(0, len(tokens) - 1))] = draw(_SPLICES)
            line = " ".join(tokens)
    return line


@st.composite
def flow_file(draw: st.DrawFn) -> tuple[str, list[str]]:
    """A key layout and 100 mutated lines of one format with up to three header lines anywhere
    among them: the format's own (repeated, or mutated) or another format's (conflicting)."""
    layout = draw(st.sampled_from(LAYOUTS))
    header, bases = draw(st.sampled_from(FORMATS))
    lines = [draw(mutated(draw(st.sampled_from(bases)))) for _ in range(100)]
    headers = st.one_of(st.just(header), mutated(header), st.sampled_from(HEADERS))
    for h in draw(st.lists(headers, min_size=0, max_size=3)):
        lines.insert(draw(st.integers(0, len(lines))), h)
    return layout, lines


@settings(
    max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(files=st.lists(flow_file(), min_size=3, max_size=3))
def test_mutated_lines(
    spark: SparkSession,
    tmp_path_factory: pytest.TempPathFactory,
    files: list[tuple[str, list[str]]],
) -> None:
    root = tmp_path_factory.mktemp("vpcflow")
    paths = [_write(root, key, f"mutated{i}", lines) for i, (key, lines) in enumerate(files)]
    native_diff.assert_same(spark, "vpcflow", paths)
