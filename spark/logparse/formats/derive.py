"""The dataset schema a declaration implies, in the shape of ``schemas/<dataset>.json`` (the
shape the seven built-in sources use), so the Spark job and the Glue tables read one truth.

Columns: ``event_time`` (when declared), ``source``, ``source_file``, the key's ``account_id``
and ``region`` that are not partition keys, the declared fields in order, the continuation
column of a multi-line record; partition keys ``dt`` then the projected key values.
``components/analytics/formats`` derives the same on the TypeScript side.
"""

from __future__ import annotations

from typing import Any

from logparse.formats.model import EVENT_TIME, Format

_KEY_DESCRIPTIONS = {
    "account_id": "Account id read from the object key.",
    "region": "Region read from the object key.",
}


def _column(name: str, type_: str, description: str) -> dict[str, str]:
    return {"name": name, "type": type_, "description": description}


def schema_doc(fmt: Format) -> dict[str, Any]:
    columns = []
    fields = {f.name: f for f in fmt.fields}
    if EVENT_TIME in fields:
        columns.append(_column(EVENT_TIME, "timestamp", fields[EVENT_TIME].description))
    columns.append(_column("source", "string", f"Dataset name, always '{fmt.name}'."))
    columns.append(
        _column("source_file", "string", "Full URI of the raw object the row was parsed from.")
    )
    for key in fmt.key_columns:
        if key not in fmt.partition_keys:
            columns.append(_column(key, "string", _KEY_DESCRIPTIONS[key]))
    for f in fmt.fields:
        if f.name != EVENT_TIME:
            columns.append(_column(f.name, f.type, f.description))
    if fmt.record is not None:
        columns.append(
            _column(
                fmt.record.continuation,
                "string",
                "The record's lines after its first, joined with line feeds; null when none.",
            )
        )
    day = "event_time" if EVENT_TIME in fields else "the object key's day"
    keys = [
        _column(
            "dt",
            "string",
            f"Partition: UTC date of {day}, YYYY-MM-DD (the run day for rows delivered late).",
        )
    ]
    for key in fmt.partition_keys[1:]:
        keys.append(_column(key, "string", f"Partition: {_KEY_DESCRIPTIONS[key]}"))
    return {
        "dataset": fmt.name,
        "description": fmt.description,
        "columns": columns,
        "partition_keys": keys,
    }
