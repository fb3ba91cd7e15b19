"""Stage 2's shared state: the tables of keys the spec format allows, the declared names,
and the `Validator` every check reports into, with the small readers they share
(`string`, `check_keys`, `resolve_model`...). The checks themselves are functions in the
modules beside this one; `validate.py` runs them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from ..problems import Position, Problem, did_you_mean
from ..read.load import ListNode, MapNode, Node, ScalarNode, SpecFile

SECTIONS = ("api", "models", "operations", "streams", "polls")
API_KEYS = (
    "name", "title", "version", "base_url", "headers", "query_arrays", "description", "environment", "client_headers",
    "auth", "request_id_header",
)  # fmt: skip
API_REQUIRED = ("name", "base_url")
QUERY_ARRAY_STYLES = ("brackets", "repeat")
PRIMITIVES = ("string", "integer", "number", "boolean", "any")
TYPES = ("string", "integer", "number", "boolean", "array", "object")
SCHEMA_KEYS = (
    "type", "$ref", "nullable", "description", "enum", "const", "default", "format",
    "minimum", "maximum", "minLength", "maxLength", "items", "minItems", "maxItems",
    "properties", "required", "additionalProperties", "maxProperties", "propertyNames",
    "oneOf", "anyOf", "allOf", "discriminator", "deprecated", "title",
)  # fmt: skip
UNION_KEYS = ("oneOf", "anyOf")
MODEL_ONLY_KEYS = ("upstream", "computed")
PARAMETER_KEYS = SCHEMA_KEYS  # with `required: true|false` instead of a list of names
OPERATION_KEYS = (
    "method", "path", "summary", "description", "upstream", "path_parameters",
    "query_parameters", "body", "response", "stream", "paginated", "deprecated",
)  # fmt: skip
OPERATION_REQUIRED = ("method", "path", "summary")  # and `response`: validate_no_body
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
POLL_KEYS = ("description", "operation", "arguments", "field", "until", "interval_header", "after")
POLL_REQUIRED = ("operation", "arguments", "field", "until")
INT_KEYS = ("minLength", "maxLength", "minItems", "maxItems", "maxProperties")

IDENTIFIER = re.compile(r"\A[A-Za-z_][A-Za-z0-9_]*\Z")  # \Z: `$` would accept a final newline
PASCAL_CASE = re.compile(r"\A[A-Z][A-Za-z0-9]*\Z")
SNAKE_CASE = re.compile(r"\A[a-z_][a-z0-9_]*\Z")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Declared:
    node: Node
    position: Position  # of the name


@dataclass
class Validator:
    files: list[SpecFile]
    problems: list[Problem] = field(default_factory=list)
    models: dict[str, Declared] = field(default_factory=dict)
    streams: dict[str, Declared] = field(default_factory=dict)
    operations: dict[str, Declared] = field(default_factory=dict)
    polls: dict[str, Declared] = field(default_factory=dict)
    client_options: dict[str, Position] = field(default_factory=dict)
    """The names of `api.client_headers`: client attributes, which operations may not take."""

    def report(self, position: Position, message: str) -> None:
        self.problems.append(Problem(position, message))

    def check_keys(self, node: MapNode, allowed: Iterable[str], what: str) -> None:
        allowed = tuple(allowed)
        for key, position in node.key_positions.items():
            if key not in allowed:
                self.report(position, f"unknown {what} key `{key}`{did_you_mean(key, allowed)}")

    def require_keys(self, node: MapNode, keys: Iterable[str], what: str) -> None:
        for key in keys:
            if key not in node.entries:
                self.report(node.position, f"{what} is missing `{key}`")

    def string(self, node: Node | None, what: str) -> str | None:
        if node is None:
            return None
        if isinstance(node, ScalarNode) and isinstance(node.value, str):
            return node.value
        self.report(node.position, f"{what} must be a string")
        return None

    def boolean(self, node: Node | None, what: str) -> None:
        if node is not None and not (isinstance(node, ScalarNode) and isinstance(node.value, bool)):
            self.report(node.position, f"{what} must be `true` or `false`")

    def model_name_exists(self, name: str, position: Position, what: str) -> bool:
        if name in self.models:
            return True
        self.report(position, f"{what} `{name}` is not a declared model{did_you_mean(name, self.models)}")
        return False

    def aliased(self, name: str) -> str | None:
        """The model `name` is an alias of (`Kitten: Cat` or `{$ref: Cat}`), if it is one."""
        declared = self.models.get(name)
        if declared is None:
            return None
        node = declared.node
        if isinstance(node, MapNode):
            if set(node.entries) - {"$ref", "description", "upstream", "deprecated", "title"}:
                return None
            node = node.entries.get("$ref") or node
        target = node.value if isinstance(node, ScalarNode) else None
        return target if isinstance(target, str) and target in self.models else None

    def resolve_model(self, name: str) -> MapNode | None:
        """The definition behind `name`, following aliases; None for a cycle or a primitive."""
        seen = {name}
        while (target := self.aliased(name)) is not None:
            if target in seen:
                return None
            seen.add(target)
            name = target
        declared = self.models.get(name)
        return declared.node if declared is not None and isinstance(declared.node, MapNode) else None

def response_node(operation: Node) -> Node | None:
    return operation.get("response") if isinstance(operation, MapNode) else None


def declared_names(node: Node | None, what: str, report: Callable[[Position, str], None]) -> list[tuple[str, Position]]:
    """The strings of a list node, reporting anything else."""
    if node is None:
        return []
    if not isinstance(node, ListNode):
        report(node.position, f"{what} is a list of names")
        return []
    found = []
    for item in node.items:
        if isinstance(item, ScalarNode) and isinstance(item.value, str):
            found.append((item.value, item.position))
        else:
            report(item.position, f"{what} holds names (strings)")
    return found


def describes_a_type(entries: dict[str, Node]) -> bool:
    return any(key in entries for key in ("type", "oneOf", "anyOf", "$ref", "enum", "const"))


def ref_name(node: Node | None) -> str | None:
    if isinstance(node, ScalarNode):
        return node.value if isinstance(node.value, str) and node.value not in PRIMITIVES else None
    if isinstance(node, MapNode):
        ref = node.get("$ref")
        if isinstance(ref, ScalarNode) and isinstance(ref.value, str):
            return ref.value
    return None


def kind_of_type(name: str) -> str | None:
    return {"integer": "number", "number": "number"}.get(name, name if name in TYPES else None)


def kind_of_value(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if value is None:
        return "null"
    return "string"


def quoted_list(names: Iterable[str]) -> str:
    return ", ".join(f"`{n}`" for n in names)


def pascal_example(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name) if part)


def snake_example(name: str) -> str:
    spaced = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    return re.sub(r"[^a-z0-9_]+", "_", spaced.lower()).strip("_")
