"""YAML read with the scalar rules of YAML 1.2's core schema, the rules the TypeScript side's
``yaml`` package applies: ``yes``/``no``/``on``/``off`` stay strings, so do ``2025-01-01`` and
``1:20`` (YAML 1.1, PyYAML's default, makes them a boolean, a date and the number 80). A
declaration therefore means the same to the Spark job and to the Glue tables Pulumi builds.
"""

from __future__ import annotations

import re
from typing import Any

import yaml


class _Core(yaml.SafeLoader):
    """PyYAML's safe loader with YAML 1.2 core-schema implicit types only."""


_Core.yaml_implicit_resolvers = {}
_RESOLVERS = (
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", [*"~nN", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+0123456789."),
    ),
)
for _tag, _regex, _first in _RESOLVERS:
    _Core.add_implicit_resolver(_tag, re.compile(_regex), _first)


def _int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


_Core.add_constructor("tag:yaml.org,2002:int", _int)


def load(text: str) -> Any:
    """The document in ``text``; ``yaml.YAMLError`` when it is not YAML."""
    return yaml.load(text, Loader=_Core)
