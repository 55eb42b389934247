"""A declared format on the JVM library (``spark/jvm``, format ``awslogs`` with
``source=declared``): the declaration compiled here into reader options, so the JVM parser
needs no YAML, no JSON and no regex scanner of its own.

Options (every value URL-encoded where a list needs separators):

- ``format.name``, ``format.mode`` (``split`` or ``pattern``), ``format.fields``: one line per
  field, ``name,type,format,time_zone,required,min,max,nulls,one_of`` (a list is ``#`` then its
  items joined by ``|``);
- split: ``format.separator``, ``format.quotes`` (the pairs, concatenated), ``format.escape``,
  ``format.extra`` (``reject``/``ignore``);
- pattern: ``format.pattern`` (groups unnamed) and ``format.groups`` (a group number per field);
- ``format.start`` and ``format.continuation`` for multi-line records, ``format.skip``
  (prefixes, ``|``-joined);
- ``format.keys`` (the key layout's regex) and ``format.keyGroups`` (``name=group`` pairs),
  ``format.partitions`` (``key=v1|v2`` per line, for projected keys).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from pyspark.sql import DataFrame, SparkSession

from logparse import native
from logparse.formats.derive import schema_doc
from logparse.formats.model import Format
from logparse.schema import parse_schema

SOURCE = "declared"


def _q(text: str | None) -> str:
    return "" if text is None else quote(text, safe="")


def _join(values: tuple[str, ...] | None) -> str:
    """A list as ``#`` then its items URL-encoded and ``|``-joined; no list: empty."""
    return "" if not values else "#" + "|".join(_q(v) for v in values)


def _number(value: float | None) -> str:
    return "" if value is None else repr(value)


def options(fmt: Format) -> dict[str, str]:
    """The reader options of ``fmt``."""
    fields = "\n".join(
        ",".join(
            (
                f.name,
                f.type,
                _q(f.format),
                _q(f.time_zone),
                "1" if f.required else "0",
                _number(f.min),
                _number(f.max),
                _join(f.nulls),
                _join(f.one_of),
            )
        )
        for f in fmt.fields
    )
    out = {
        "source": SOURCE,
        "format.name": fmt.name,
        "format.fields": fields,
        "format.skip": _join(fmt.skip_prefixes),
        "format.keys": fmt.keys.regex(),
        "format.keyGroups": ",".join(f"{p}={i + 1}" for i, p in enumerate(fmt.keys.placeholders)),
        "format.partitions": "\n".join(
            f"{key}={_join(getattr(fmt.partitions, key))}" for key in fmt.partition_keys[1:]
        ),
    }
    if fmt.record is not None:
        out["format.start"] = fmt.record.start
        out["format.continuation"] = fmt.record.continuation
    if fmt.pattern is not None:
        number = {n: i + 1 for i, n in enumerate(fmt.pattern.names) if n is not None}
        out["format.mode"] = "pattern"
        out["format.pattern"] = fmt.pattern.java
        out["format.groups"] = ",".join(str(number[f.name]) for f in fmt.fields)
    else:
        s = fmt.split
        assert s is not None
        out["format.mode"] = "split"
        out["format.separator"] = s.separator
        out["format.quotes"] = "".join(o + c for o, c in s.quotes)
        out["format.escape"] = s.escape or ""
        out["format.extra"] = s.extra_fields
    return out


def read(
    spark: SparkSession, fmt: Format, paths: list[str], damage_log: str | None = None
) -> DataFrame:
    """The parsed rows of ``paths`` (files) as :func:`logparse.native.read` gives them for a
    built-in source: the dataset's columns then ``_status``, ``_reason``, ``_raw``."""
    schema = parse_schema(fmt.file, fmt.name, schema_doc(fmt))
    reader = native.reader(spark, SOURCE, schema, damage_log)
    for key, value in options(fmt).items():
        reader = reader.option(key, value)
    return reader.load(paths)


def read_sample(spark: SparkSession, fmt: Format, sample: Path, name: str) -> DataFrame:
    """:func:`read` of one file whose rows carry ``name`` as their ``source_file``."""
    schema = parse_schema(fmt.file, fmt.name, schema_doc(fmt))
    path = str(sample.resolve())
    reader = native.reader(spark, SOURCE, schema, None).option("names", f"{path}\t{name}")
    for key, value in options(fmt).items():
        reader = reader.option(key, value)
    return reader.load([path])
