"""Names in the spec format for what upstream names otherwise.

Operation names are snake_case method names and models PascalCase class names; where
upstream's name differs, the spec keeps it as `upstream:`. Shapes upstream writes inline
are named by their place, as the format names inline enums (`Run.status` -> `RunStatus`,
`+Item` for array items, `+Value` for map values, `+Enum` for a union's string enum);
an inline object variant of a union is named as the format names it, after its first value
of each discriminating property (`Tool` + `web_search` -> `ToolWebSearch`), or else by
its position (`ToolVariant2`).
"""

from __future__ import annotations

import keyword
import re
from dataclasses import dataclass, field

from .. import naming
from ..targets.python.reserved import CLIENT_NAMES, MODELS_MODULE_NAMES

ITEMS = naming.ITEMS
VALUES = naming.VALUES
UNION_ENUM = naming.UNION_ENUM
VARIANT = "Variant"
BODY = "Request"  # an inline request body: `create_run` -> `CreateRunRequest`
RESPONSE = "Response"  # an inline response: `list_runs` -> `ListRunsResponse`

IDENTIFIER = re.compile(r"\A[A-Za-z_][A-Za-z0-9_]*\Z")
PASCAL_CASE = re.compile(r"\A[A-Z][A-Za-z0-9]*\Z")
EVENT_NAME = re.compile(r"\A[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*\Z")


def pascal(*parts: str) -> str:
    return naming.pascal(*parts)


def snake(text: str) -> str:
    """`createRun` -> `create_run`, `getHTTPHeaders` -> `get_http_headers`."""
    spaced = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", text)
    spaced = re.sub(r"(?<=[A-Z])([A-Z][a-z])", r"_\1", spaced)
    return re.sub(r"[^a-z0-9]+", "_", spaced.lower()).strip("_")


def model_name(upstream: str) -> str:
    """A PascalCase class name for a component schema name."""
    if PASCAL_CASE.match(upstream) and upstream not in MODELS_MODULE_NAMES:
        return upstream
    name = pascal(upstream) or "Model"
    if name[0].isdigit():
        name = "Model" + name
    name = name[0].upper() + name[1:]
    return name + "Object" if name in MODELS_MODULE_NAMES else name


def operation_name(upstream: str) -> str:
    """A snake_case method name for an operationId (or `method path` without one)."""
    name = snake(upstream) or "operation"
    if name[0].isdigit():
        name = "call_" + name
    if keyword.iskeyword(name) or name in CLIENT_NAMES or keyword.issoftkeyword(name):
        name += "_operation"
    return name


def file_name(topic: str) -> str:
    return snake(topic) or "operations"


@dataclass
class Taken:
    """Names in use in one namespace; `claim` makes a name unique by a number suffix."""

    names: set[str] = field(default_factory=set)

    def claim(self, wanted: str, separator: str = "") -> str:
        name, number = wanted, 1
        while name in self.names:
            number += 1
            name = f"{wanted}{separator}{number}"
        self.names.add(name)
        return name

    def __contains__(self, name: str) -> bool:
        return name in self.names
