"""The registry of log sources: ``--source`` names mapped to parser modules.

Modules are imported lazily by name so that the registry (and the job's ``--help``) works
even when one parser module fails to import; the error then names the source and the module.
"""

from __future__ import annotations

import importlib
from types import ModuleType
from typing import Final

SOURCES: Final = ("cloudtrail", "vpcflow", "alb", "s3access", "redshift", "emr", "cloudwatch")

_REQUIRED: Final = ("READ_MODE", "DATASETS", "input_globs", "parse")


class UnknownSourceError(ValueError):
    """A ``--source`` value that is not registered, or a module that breaks the contract."""


def load_source(name: str) -> ModuleType:
    if name not in SOURCES:
        raise UnknownSourceError(f"unknown source {name!r}; expected one of {', '.join(SOURCES)}")
    module_name = f"{__name__}.{name}"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as e:
        if e.name != module_name:
            raise
        raise UnknownSourceError(
            f"source {name!r} is registered but its parser module {module_name} does not exist"
        ) from e
    lacking = [attr for attr in _REQUIRED if not hasattr(module, attr)]
    if lacking:
        raise UnknownSourceError(f"parser module {module_name} lacks {', '.join(lacking)}")
    if module.READ_MODE not in ("lines", "files"):
        raise UnknownSourceError(
            f"{module_name}.READ_MODE is {module.READ_MODE!r}; expected 'lines' or 'files'"
        )
    return module


def resolve(selection: str) -> tuple[str, ...]:
    """``all`` or a comma-separated list of source names, validated, in registry order."""
    if selection == "all":
        return SOURCES
    names = [n.strip() for n in selection.split(",") if n.strip()]
    unknown = [n for n in names if n not in SOURCES]
    if unknown or not names:
        raise UnknownSourceError(
            f"--source {selection!r}: unknown {unknown or 'empty selection'}; "
            f"expected 'all' or names from {', '.join(SOURCES)}"
        )
    return tuple(n for n in SOURCES if n in names)
