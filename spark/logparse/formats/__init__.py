"""Log formats declared in files (``formats/<name>.yaml``): the declaration's validation, the
dataset schema it implies, and the source it becomes for the job. See docs/custom-formats.md.

The folder is ``$LOGPARSE_FORMATS`` when set (the EMR step points it at the bundle's copy),
else the repository's ``formats/``.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path
from typing import Any

from logparse.formats.derive import schema_doc
from logparse.formats.model import Format
from logparse.formats.validate import DeclarationError, load_format
from logparse.schema import DatasetSchema, parse_schema

__all__ = [
    "DeclarationError",
    "Format",
    "dataset_schema",
    "declared_names",
    "find",
    "formats_dir",
    "load",
    "schema_doc",
    "schema_doc_of",
]

ENV = "LOGPARSE_FORMATS"
SUFFIXES = (".yaml", ".yml", ".json")
_REPO_FORMATS = Path(__file__).resolve().parents[3] / "formats"


def formats_dir() -> Path | None:
    override = os.environ.get(ENV)
    if override:
        return Path(override)
    return _REPO_FORMATS if _REPO_FORMATS.is_dir() else None


def _files() -> dict[str, Path]:
    folder = formats_dir()
    if folder is None or not folder.is_dir():
        return {}
    found: dict[str, Path] = {}
    for path in sorted(folder.iterdir()):
        if path.suffix in SUFFIXES and path.is_file():
            if path.stem in found:
                raise DeclarationError(
                    [f"{path}: format {path.stem!r} is declared twice (also {found[path.stem]})"]
                )
            found[path.stem] = path
    return found


def declared_names() -> tuple[str, ...]:
    """The formats the folder declares, by name."""
    return tuple(sorted(_files()))


def builtin_names() -> frozenset[str]:
    """Names a format may not take: the built-in sources and the datasets of ``schemas/``."""
    from logparse.schema import schemas_dir
    from logparse.sources import SOURCES

    return frozenset(SOURCES) | {p.stem for p in schemas_dir().glob("*.json")}


def load(path: Path | str) -> Format:
    """The validated declaration in ``path`` (any folder)."""
    return load_format(path, builtin_names())


@cache
def find(name: str) -> Format | None:
    """The declared format ``name`` of the formats folder, validated; None when undeclared."""
    path = _files().get(name)
    return None if path is None else load(path)


def dataset_schema(fmt: Format) -> DatasetSchema:
    """The dataset schema ``fmt`` implies, checked as a schema file is."""
    return parse_schema(fmt.file, fmt.name, schema_doc(fmt))


def schema_doc_of(dataset: str) -> dict[str, Any] | None:
    """The schema document of the declared format ``dataset``; None when undeclared."""
    fmt = find(dataset)
    return None if fmt is None else schema_doc(fmt)
