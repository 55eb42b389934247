"""The spark-submit entry point: arguments, reading, schema enforcement, writing and
accounting. Parsing lives in ``logparse.sources``.

    python -m logparse.job --source <name|all> --input <path|s3 uri> --output <path|s3 uri>
        [--rejects <path>] [--date YYYY-MM-DD] [--master local[*]]
        [--max-reject-ratio 0.01] [--summary <path>] [--catalog-database NAME]
        [--parsers auto|jvm|sql]

ALB, VPC flow and S3 access lines, and the formats declared in ``formats/``
(``logparse/formats``), are parsed by the JVM library (``spark/jvm``, see
``logparse/native.py``) when the session can load it: ``--parsers auto`` (the default) falls
back to the SQL parsers of ``logparse.sources`` without it, ``jvm`` makes its absence an error
(the EMR step passes it, so a step without the jar fails instead of running slower) and
``sql`` uses the SQL parsers. Each source's summary says which ran (``parser``).

Each source's parse output is persisted once and then aggregated for the accounting, written
to the lake and filtered for rejects, so the input is read and parsed once per source.

With ``--catalog-database NAME`` the job then registers every partition it wrote in the
table ``NAME.<dataset>`` (``ALTER TABLE … ADD IF NOT EXISTS PARTITION … LOCATION``; the
partitions come from the accounting's aggregation, not from another pass over the data), and
for ``cloudtrail`` the archive's day prefixes it read in ``NAME.cloudtrail_raw``. Spark SQL's
catalog is the Glue Data Catalog on EMR (the session is built with Hive support). A table the
catalog refuses is reported in the summary (``sources.<source>.catalog``) and makes the exit
code 4 unless another failure already set it; the data stays written and a re-run
registers idempotently. Without the option nothing is registered and the summary is as before.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import uuid
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from pyspark import StorageLevel
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import ArrayType, DataType, MapType, StructField, StructType

from logparse import catalog, hadoop, integrity, native, reader, summary, writer
from logparse.formats import DeclarationError
from logparse.model import BOOKKEEPING, OK, RAW, REASON, REJECT, SOURCE_FILE, STATUS
from logparse.schema import SchemaError, load_schema
from logparse.session import HADOOP_CONF, SQL_CONF, build_session
from logparse.sources import UnknownSourceError, all_sources, load_source, resolve

APP_NAME = "logparse"
JVM_OPTIONS = {
    # The parsers' generated code has methods over HotSpot's 8000-byte JIT limit; without this
    # flag they run interpreted, about 2x slower. Only effective when set before the JVMs
    # start, hence builder-only (and in spark-submit's --conf on EMR).
    "spark.driver.extraJavaOptions": "-XX:-DontCompileHugeMethods",
    "spark.executor.extraJavaOptions": "-XX:-DontCompileHugeMethods",
}
_PROBE_THREADS = 8
_EOF_ERROR = "java.io.EOFException"
_ZIP_ERROR = "java.util.zip.ZipException"
HIVE_CATALOG = {"spark.sql.catalogImplementation": "hive"}
"""What ``enableHiveSupport()`` sets: Spark SQL's catalog is the Hive metastore client, which
EMR's ``spark-hive-site`` classification points at the Glue Data Catalog."""
_DATABASE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,254}")


class SchemaMismatchError(ValueError):
    """A parser's output does not have exactly the columns and types of its schema file."""


@dataclass(frozen=True)
class Args:
    sources: tuple[str, ...]
    input: str
    output: str
    rejects: str
    day: datetime.date | None
    master: str | None
    max_reject_ratio: float
    summary: str
    catalog_database: str | None = None
    parsers: str = "auto"


PARSER_CHOICES = ("auto", "jvm", "sql")


class ParserUnavailableError(RuntimeError):
    """``--parsers jvm`` and the session cannot load the JVM parsers."""


def _day(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"--date {text!r} is not a date YYYY-MM-DD") from e


def _ratio(text: str) -> float:
    try:
        value = float(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"--max-reject-ratio {text!r} is not a number") from e
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"--max-reject-ratio {text!r} must be within [0, 1]")
    return value


def _database(text: str) -> str:
    if not _DATABASE_NAME.fullmatch(text):
        raise argparse.ArgumentTypeError(
            f"--catalog-database {text!r} is not a database name (letters, digits, _ and -)"
        )
    return text


def parse_args(argv: Sequence[str]) -> Args:
    p = argparse.ArgumentParser(
        prog="python -m logparse.job",
        description="Parse raw AWS logs from the archive into the Parquet audit lake.",
    )
    p.add_argument(
        "--source",
        required=True,
        help=f"'all' or comma-separated: {', '.join(all_sources())} (formats/ declares the"
        " ones after cloudwatch)",
    )
    p.add_argument("--input", required=True, help="archive root: local path or s3:// URI")
    p.add_argument("--output", required=True, help="lake root; datasets go to <output>/<dataset>/")
    p.add_argument("--rejects", help="rejects root (default <output>/_rejects)")
    p.add_argument("--date", type=_day, help="UTC day to process, YYYY-MM-DD (default: all)")
    p.add_argument("--master", help="Spark master, e.g. local[*] (default: spark-submit's)")
    p.add_argument("--max-reject-ratio", type=_ratio, default=0.01, help="default 0.01")
    p.add_argument("--summary", help="summary JSON path (default <output>/_runs/<run>.json)")
    p.add_argument(
        "--catalog-database",
        type=_database,
        help="register the partitions written in NAME.<dataset> (and NAME.cloudtrail_raw)",
    )
    p.add_argument(
        "--parsers",
        choices=PARSER_CHOICES,
        default="auto",
        help="JVM parsers for ALB, VPC flow, S3 access and declared formats: auto (when"
        " loadable), jvm (required), sql",
    )
    ns = p.parse_args(argv)
    try:
        sources = resolve(ns.source)
    except UnknownSourceError as e:
        p.error(str(e))
    output = ns.output.rstrip("/")
    label = f"{'all' if ns.source == 'all' else '-'.join(sources)}_{ns.date or 'all-days'}"
    return Args(
        sources=sources,
        input=ns.input.rstrip("/"),
        output=output,
        rejects=(ns.rejects or writer.join_path(output, "_rejects")).rstrip("/"),
        day=ns.date,
        master=ns.master,
        max_reject_ratio=ns.max_reject_ratio,
        summary=ns.summary or writer.join_path(output, "_runs", f"{label}.json"),
        catalog_database=ns.catalog_database,
        parsers=ns.parsers,
    )


def _loose(t: DataType) -> DataType:
    """``t`` with every nullability flag set, so schemas compare on names and types."""
    if isinstance(t, StructType):
        return StructType([StructField(f.name, _loose(f.dataType), True) for f in t.fields])
    if isinstance(t, ArrayType):
        return ArrayType(_loose(t.elementType), True)
    if isinstance(t, MapType):
        return MapType(_loose(t.keyType), _loose(t.valueType), True)
    return t


def check_schema(df: DataFrame, dataset: str) -> None:
    """The parser output must be the schema file's columns, in order, then the bookkeeping."""
    expected = _loose(load_schema(dataset).struct)
    fields = df.schema.fields
    tail = [f.name for f in fields[-len(BOOKKEEPING) :]]
    actual = _loose(StructType(fields[: -len(BOOKKEEPING)]))
    if tail != list(BOOKKEEPING) or actual != expected:
        want = [f"{f.name} {f.dataType.simpleString()}" for f in expected.fields]
        got = [f"{f.name} {f.dataType.simpleString()}" for f in fields]
        raise SchemaMismatchError(
            f"parser output for dataset {dataset!r} does not match schemas/{dataset}.json:"
            f" missing or different {sorted(set(want) - set(got))},"
            f" unexpected {sorted(set(got) - set(want) - set(BOOKKEEPING))};"
            f" expected the schema columns in order followed by {', '.join(BOOKKEEPING)}"
        )


def _parse_outputs(module: Any, name: str, raw: DataFrame) -> dict[str, DataFrame]:
    outputs = module.parse(raw)
    if set(outputs) != set(module.DATASETS):
        raise SchemaMismatchError(
            f"source {name!r} parse() returned datasets {sorted(outputs)};"
            f" its DATASETS are {sorted(module.DATASETS)}"
        )
    for dataset, df in outputs.items():
        check_schema(df, dataset)
    return outputs


def _group_counts(
    dataset: str, df: DataFrame
) -> tuple[list[summary.GroupCount], integrity.Counted | None]:
    """The accounting rows of ``dataset``, and the gzip line metric observed on the input
    when this query was the first to read it (see ``logparse/integrity.py``)."""
    keys = [k.name for k in load_schema(dataset).partition_keys]
    grouped = df.groupBy(SOURCE_FILE, STATUS, REASON, *keys).count()
    rows = grouped.collect()
    groups = [
        summary.GroupCount(
            dataset=dataset,
            source_file=r[SOURCE_FILE] or "",
            status=r[STATUS],
            reason=r[REASON],
            dt=r["dt"],
            partition=tuple(r[k] for k in keys),
            count=int(r["count"]),
        )
        for r in rows
    ]
    return groups, integrity.counted(grouped)


def _list_parquet(spark: SparkSession, module: Any, args: Args) -> list[reader.InputFile]:
    """Objects a source receives as Parquet instead of text (``parquet_input_globs`` +
    ``parse_parquet`` in its module; VPC flow logs delivered with ``fileFormat: parquet``)."""
    if not (hasattr(module, "parquet_input_globs") and hasattr(module, "parse_parquet")):
        return []
    return reader.list_files(spark, module.parquet_input_globs(args.input, args.day))


def _union_outputs(
    first: dict[str, DataFrame], second: dict[str, DataFrame]
) -> dict[str, DataFrame]:
    merged = dict(first)
    for dataset, df in second.items():
        merged[dataset] = merged[dataset].unionByName(df) if dataset in merged else df
    return merged


def _process_source(spark: SparkSession, name: str, args: Args) -> dict[str, Any]:
    module = load_source(name)
    select_by_mtime = getattr(module, "SELECT_DAY_BY", None) == "modification_time"
    globs = module.input_globs(args.input, None if select_by_mtime else args.day)
    text_files = reader.list_files(spark, globs, args.day if select_by_mtime else None)
    parquet_files = _list_parquet(spark, module, args)
    listed = sorted(text_files + parquet_files, key=lambda f: f.path)
    run_day = args.day.isoformat() if args.day else None
    if not listed:
        empty = summary.source_summary(name, module.READ_MODE, module.DATASETS, [], [], {}, run_day)
        return _with_catalog(spark, module, args, empty, [], [])

    sniff = getattr(module, "SNIFF_GZIP", False) is True
    raw: DataFrame | None = None
    parsed_input: DataFrame | None = None
    outputs: dict[str, DataFrame] = {}
    jvm = _uses_jvm(spark, name, args, hasattr(module, "read_jvm"))
    damage_log = f"{name}-{uuid.uuid4()}" if jvm else None
    if text_files and damage_log is not None:
        paths = [f.path for f in text_files]
        if hasattr(module, "read_jvm"):
            outputs = module.read_jvm(spark, paths, damage_log)
        else:
            outputs = {
                ds: native.read(spark, name, ds, paths, damage_log) for ds in module.DATASETS
            }
        for dataset, df in outputs.items():
            check_schema(df, dataset)
    elif text_files:
        raw = reader.read(spark, module.READ_MODE, [f.path for f in text_files], sniff)
        parsed_input = integrity.observed(raw) if module.READ_MODE == "lines" else raw
        if len(module.DATASETS) > 1:
            # Several datasets are cut from one read; keep the read so it happens once.
            parsed_input = parsed_input.persist(StorageLevel.MEMORY_AND_DISK)
        outputs = _parse_outputs(module, name, parsed_input)
    if parquet_files:
        typed = module.parse_parquet(reader.read_parquet(spark, [f.path for f in parquet_files]))
        for dataset, df in typed.items():
            check_schema(df, dataset)
        outputs = _union_outputs(outputs, typed)
    cached = {ds: df.persist(StorageLevel.MEMORY_AND_DISK) for ds, df in outputs.items()}
    gzip_lines: integrity.Counted | None = None
    try:
        groups: list[summary.GroupCount] = []
        for ds, df in cached.items():
            counts, observed = _group_counts(ds, df)
            groups += counts
            gzip_lines = gzip_lines or observed
        input_bytes = sum(f.size for f in listed)
        total_ok = sum(g.count for g in groups if g.status == OK) or 1
        for ds, df in cached.items():
            _write_dataset(ds, df, args, groups, input_bytes, total_ok)
        _write_rejects(spark, name, cached, args, groups)
    finally:
        for df in cached.values():
            df.unpersist()
        if parsed_input is not None:
            parsed_input.unpersist()

    probes, damaged = _unread_input(spark, module, listed, raw, groups, gzip_lines)
    if damage_log is not None:
        damaged = damaged + _jvm_damage(spark, damage_log)
    doc = summary.source_summary(
        name, module.READ_MODE, module.DATASETS, listed, groups, probes, run_day, damaged
    )
    doc["parser"] = "jvm" if jvm else "sql"
    return _with_catalog(spark, module, args, doc, groups, listed)


def _uses_jvm(spark: SparkSession, name: str, args: Args, declared: bool = False) -> bool:
    """Whether ``name`` is parsed by the JVM library (see the module docstring); ``declared``:
    it is a format declared in ``formats/``, which the JVM library's generic parser reads."""
    if args.parsers == "sql" or (name not in native.SOURCES and not declared):
        return False
    if native.available(spark):
        return True
    if args.parsers == "jvm":
        raise ParserUnavailableError(
            f"--parsers jvm: the session cannot load {native.SOURCE_CLASS} to parse {name!r};"
            f" ship spark/jvm's awslogs-{native.VERSION}.jar with spark-submit --jars"
            " (build it with `make jar`), or pass --parsers auto to fall back to the SQL parsers"
        )
    return False


def _jvm_damage(spark: SparkSession, damage_log: str) -> list[integrity.Damage]:
    """The files the JVM parsers' reads found broken part way (``native.damaged``), classed as
    the driver's probe classes them: end of stream → truncated, another gzip error → corrupt;
    any other read error → unreadable."""
    found = []
    for path, lines_read, error in native.damaged(spark, damage_log):
        if error.startswith(_EOF_ERROR):
            reason = reader.TRUNCATED_GZIP
        elif error.startswith(_ZIP_ERROR):
            reason = reader.CORRUPT_GZIP
        else:
            reason = reader.UNREADABLE_FILE
        found.append(integrity.Damage(path, reason, error, lines_read))
    return found


def _unread_input(
    spark: SparkSession,
    module: Any,
    listed: list[reader.InputFile],
    raw: DataFrame | None,
    groups: list[summary.GroupCount],
    gzip_lines: integrity.Counted | None,
) -> tuple[dict[str, reader.ProbeResult], list[integrity.Damage]]:
    """Why each listed file that produced no row did not (keyed by canonical path), and the
    lines-mode gzip files that broke after some lines (``logparse/integrity.py``)."""
    sniff = getattr(module, "SNIFF_GZIP", False) is True

    def probe(f: reader.InputFile) -> reader.ProbeResult:
        return reader.probe(spark, f.path, f.size, sniff)

    rows_per_file: dict[str, int] = {}
    for g in groups:
        key = reader.canonical(g.source_file)
        rows_per_file[key] = rows_per_file.get(key, 0) + g.count
    silent = [f for f in listed if reader.canonical(f.path) not in rows_per_file]
    with ThreadPoolExecutor(max_workers=_PROBE_THREADS) as pool:
        results = list(pool.map(probe, silent))
    probes = {reader.canonical(f.path): r for f, r in zip(silent, results, strict=True)}
    if raw is None or module.READ_MODE != "lines":
        return probes, []
    return probes, integrity.damaged(spark, raw, listed, rows_per_file, gzip_lines, probe)


def _with_catalog(
    spark: SparkSession,
    module: Any,
    args: Args,
    doc: dict[str, Any],
    groups: list[summary.GroupCount],
    listed: list[reader.InputFile],
) -> dict[str, Any]:
    """With ``--catalog-database``, register the partitions the source wrote (the ok rows'
    partition values from ``groups``) and, for a module with ``RAW_TABLE``, those of the raw
    files it listed; record the outcome in the source's summary ``doc``."""
    database = args.catalog_database
    if database is None:
        return doc
    run_day = args.day.isoformat() if args.day else None
    registrations = []
    for ds in module.DATASETS:
        keys = [k.name for k in load_schema(ds).partition_keys]
        root = catalog.qualified_path(spark, writer.join_path(args.output, ds))
        written = summary.written_partitions(groups, ds, run_day)
        partitions = catalog.dataset_partitions(spark, root, keys, written)
        registrations.append(catalog.register(spark, database, ds, partitions))
    raw_table = getattr(module, "RAW_TABLE", None)
    if raw_table is not None:
        raw = module.raw_partitions(f.path for f in listed)
        registrations.append(catalog.register(spark, database, raw_table, raw))
    summary.add_catalog(doc, registrations)
    return doc


def _write_dataset(
    dataset: str,
    df: DataFrame,
    args: Args,
    groups: list[summary.GroupCount],
    input_bytes: int,
    total_ok: int,
) -> None:
    records = sum(g.count for g in groups if g.dataset == dataset and g.status == OK)
    if records == 0:
        return
    keys = [k.name for k in load_schema(dataset).partition_keys]
    columns = [c.name for c in load_schema(dataset).all_columns]
    ok = df.filter(F.col(STATUS) == OK).select(*columns)
    run_day = args.day.isoformat() if args.day else None
    if run_day is not None:
        # A run for a day owns that day's partitions only: rows delivered late (event time on
        # another day) stay in the run day's partition instead of overwriting another day.
        ok = ok.withColumn("dt", F.lit(run_day))
    partitions = summary.written_partitions(groups, dataset, run_day)
    share = input_bytes * records // total_ok
    writer.write_dataset(ok, writer.join_path(args.output, dataset), keys, share, len(partitions))


def _write_rejects(
    spark: SparkSession,
    name: str,
    cached: dict[str, DataFrame],
    args: Args,
    groups: list[summary.GroupCount],
) -> None:
    rows = sum(g.count for g in groups if g.status == REJECT)
    path = writer.join_path(args.rejects, name)
    if rows == 0:
        if args.day is not None:
            writer.delete(spark, f"{path}/dt={args.day.isoformat()}")
        return
    dt = F.lit(args.day.isoformat()) if args.day else F.coalesce(F.col("dt"), F.lit("unknown"))
    frames = [
        df.filter(F.col(STATUS) == REJECT).select(
            F.lit(name).alias("source"),
            F.col(SOURCE_FILE).alias("source_file"),
            F.col(REASON).alias("reason"),
            F.col(RAW).alias("raw"),
            dt.alias("dt"),
        )
        for df in cached.values()
    ]
    rejects = frames[0]
    for frame in frames[1:]:
        rejects = rejects.unionByName(frame)
    writer.write_rejects(rejects, path, rows)


def run(spark: SparkSession, args: Args) -> tuple[int, dict[str, Any]]:
    """Process every selected source, write outputs, rejects and the summary; return the
    exit code and the summary."""
    for key, value in SQL_CONF.items():
        if key != "spark.sql.parquet.compression.codec":
            spark.conf.set(key, value)
    for key, value in HADOOP_CONF.items():
        hadoop.conf(spark).set(key, value)
    started = datetime.datetime.now(datetime.timezone.utc)
    per_source = {name: _process_source(spark, name, args) for name in args.sources}
    code, status, messages = summary.verdict(per_source, args.max_reject_ratio)
    doc = {
        "run": {
            "started_at": started.isoformat(timespec="seconds"),
            "finished_at": datetime.datetime.now(datetime.timezone.utc).isoformat(
                timespec="seconds"
            ),
            "sources": list(args.sources),
            "input": args.input,
            "output": args.output,
            "rejects": args.rejects,
            "date": args.day.isoformat() if args.day else None,
            "max_reject_ratio": args.max_reject_ratio,
            "spark_version": spark.version,
            **({"catalog_database": args.catalog_database} if args.catalog_database else {}),
        },
        "status": status,
        "exit_code": code,
        "messages": messages,
        "totals": summary.totals(per_source),
        "sources": per_source,
    }
    text = json.dumps(doc, indent=2, sort_keys=False)
    writer.write_text(spark, args.summary, text + "\n")
    print(text)
    return code, doc


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    hive = HIVE_CATALOG if args.catalog_database else {}
    spark = build_session(APP_NAME, args.master, {**JVM_OPTIONS, **hive})
    try:
        return run(spark, args)[0]
    except (
        SchemaMismatchError,
        SchemaError,
        UnknownSourceError,
        ParserUnavailableError,
        DeclarationError,
    ) as e:
        print(f"logparse: {e}", file=sys.stderr)
        return summary.EXIT_USAGE
    finally:
        spark.stop()


if __name__ == "__main__":
    sys.exit(main())
