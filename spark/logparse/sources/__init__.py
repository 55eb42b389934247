"""The registry of log sources: ``--source`` names mapped to parser modules, and to the
formats declared in ``formats/`` (:mod:`logparse.formats`), which follow after the built-in
sources in ``all``.

Modules are imported lazily by name so that the registry (and the job's ``--help``) works
even when one parser module fails to import; the error then names the source and the module.
"""

from __future__ import annotations

import importlib
from typing import Any, Final

SOURCES: Final = ("cloudtrail", "vpcflow", "alb", "s3access", "redshift", "emr", "cloudwatch")

_REQUIRED: Final = ("READ_MODE", "DATASETS", "input_globs", "parse")


class UnknownSourceError(ValueError):
    """A ``--source`` value that is not registered, or a module that breaks the contract."""


def all_sources() -> tuple[str, ...]:
    """The built-in sources, then the declared formats by name."""
    from logparse.formats import declared_names

    return SOURCES + tuple(n for n in declared_names() if n not in SOURCES)


def load_source(name: str) -> Any:
    """The source ``name``: a parser module, or a declared format's
    :class:`~logparse.formats.source.FormatSource` (both follow ``logparse/model.py``).
    A declared format that is not valid raises its :class:`DeclarationError`."""
    if name not in SOURCES:
        from logparse.formats import find
        from logparse.formats.source import FormatSource

        declared = find(name) if name in all_sources() else None
        if declared is not None:
            return FormatSource(declared)
        raise UnknownSourceError(
            f"unknown source {name!r}; expected one of {', '.join(all_sources())}"
        )
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
    known = all_sources()
    if selection == "all":
        return known
    names = [n.strip() for n in selection.split(",") if n.strip()]
    unknown = [n for n in names if n not in known]
    if unknown or not names:
        raise UnknownSourceError(
            f"--source {selection!r}: unknown {unknown or 'empty selection'}; "
            f"expected 'all' or names from {', '.join(known)}"
        )
    return tuple(n for n in known if n in names)
