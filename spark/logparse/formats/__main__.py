"""``python -m logparse.formats check|schema|try``: the loop of writing a format.

    check  <file>                 validate the declaration; exit 1 listing every mistake
    schema <file>                 print the dataset schema it implies (schemas/*.json shape)
    try    <file> <sample> [--key K] [--limit N] [--parsers auto|jvm|sql]
                                  parse a sample file and print its rows and rejects

``--key`` is the object key the sample would have under the archive (so the account, Region
and day the layout reads from it show); without it, those are null.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from logparse.formats import DeclarationError, Format, load, schema_doc

EXIT_INVALID = 1


def _value(v: Any) -> str:
    if v is None:
        return "null"
    text = str(v)
    return json.dumps(text, ensure_ascii=False) if ("\n" in text or " " in text) else text


def describe(fmt: Format) -> str:
    cut = "pattern" if fmt.pattern is not None else "split"
    shape = "multi-line records" if fmt.record is not None else "one record per line"
    return (
        f"{fmt.file}: format {fmt.name!r} is valid: {len(fmt.fields)} fields cut by {cut},"
        f" {shape}, partitions {', '.join(fmt.partition_keys)}, objects {fmt.keys.text}"
        f" ({fmt.compression}), schedule {fmt.schedule}"
    )


def try_sample(
    fmt: Format, sample: Path, key: str | None, limit: int, parsers: str, out: TextIO
) -> dict[str, int]:
    """Parse ``sample`` as ``fmt`` on a local Spark session and print its rows: the first
    ``limit`` ok rows, every reject with its reason and text, and the counts by outcome."""
    from logparse import native
    from logparse.formats import jvm
    from logparse.model import RAW, REASON, SOURCE_FILE, STATUS
    from logparse.session import build_session

    local = {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false"}
    spark = build_session("logparse-formats-try", "local[1]", local, log_level="ERROR")
    use_jvm = parsers == "jvm" or (parsers == "auto" and native.available(spark))
    name = f"s3://archive/{key}" if key else sample.resolve().as_uri()
    df = jvm.read_sample(spark, fmt, sample, name) if use_jvm else _sql(spark, fmt, sample, name)
    rows = df.collect()
    counts: Counter[str] = Counter()
    shown = 0
    out.write(f"parser: {'JVM library' if use_jvm else 'Spark SQL'}\n")
    for row in rows:
        status, reason = row[STATUS], row[REASON]
        counts[f"{status} {reason}" if reason else status] += 1
        if status == "ok" and shown < limit:
            shown += 1
            cells = [
                f"{k}={_value(v)}"
                for k, v in row.asDict().items()
                if k not in (STATUS, REASON, RAW, "source", SOURCE_FILE)
            ]
            out.write("ok      " + "  ".join(cells) + "\n")
        elif status != "ok":
            text = _value(row[RAW]) if row[RAW] is not None else ""
            out.write(f"{status:<7} {reason}  {text}\n".rstrip() + "\n")
    out.write("counts: " + ", ".join(f"{k} {n}" for k, n in sorted(counts.items())) + "\n")
    return dict(counts)


def _sql(spark: Any, fmt: Format, sample: Path, name: str) -> Any:
    from pyspark.sql import functions as F

    from logparse import reader
    from logparse.formats.source import FormatSource
    from logparse.model import SOURCE_FILE

    source = FormatSource(fmt)
    raw = reader.read(spark, source.READ_MODE, [str(sample.resolve())])  # type: ignore[arg-type]
    raw = raw.withColumn(SOURCE_FILE, F.lit(name))
    return source.parse(raw)[fmt.dataset]


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout) -> int:
    ap = argparse.ArgumentParser(prog="python -m logparse.formats", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)
    c = sub.add_parser("check", help="validate a declaration")
    c.add_argument("file", type=Path)
    s = sub.add_parser("schema", help="print the dataset schema a declaration implies")
    s.add_argument("file", type=Path)
    t = sub.add_parser("try", help="parse a sample file and print its rows and rejects")
    t.add_argument("file", type=Path)
    t.add_argument("sample", type=Path)
    t.add_argument("--key", help="the sample's object key under the archive root")
    t.add_argument("--limit", type=int, default=20, help="ok rows to print (default 20)")
    t.add_argument("--parsers", choices=("auto", "jvm", "sql"), default="auto")
    args = ap.parse_args(argv)
    try:
        fmt = load(args.file)
    except DeclarationError as e:
        print(e, file=sys.stderr)
        return EXIT_INVALID
    if args.command == "check":
        out.write(describe(fmt) + "\n")
    elif args.command == "schema":
        out.write(json.dumps(schema_doc(fmt), indent=2) + "\n")
    else:
        if not args.sample.is_file():
            ap.error(f"sample {args.sample} is not a file")
        try_sample(fmt, args.sample, args.key, args.limit, args.parsers, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
