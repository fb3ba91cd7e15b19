"""Stage 2, names and values whatever the target: each argument of an operation's method
once, decoded types a client can name, and numbers JSON can carry.

The names a target language derives or reserves (Python's keywords, the client's own
methods, the events module's classes) are its own check: `Target.check_spec`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Iterator

from ..read.load import ListNode, MapNode, Node, ScalarNode
from ..problems import Position
from .no_body import is_no_body
from .streams import stream_start

if TYPE_CHECKING:
    from .context import Validator


def check_names(v: Validator) -> None:
    """Report every argument named twice, every undeclared decoded type and every
    non-finite number."""
    for name, declared in v.operations.items():
        if isinstance(declared.node, MapNode):
            check_arguments(v, name, declared.node)
    check_decoded_types(v)
    check_values(v)


def _entries(node: Node | None) -> dict[str, Node]:
    return node.entries if isinstance(node, MapNode) else {}


def check_arguments(v: Validator, operation: str, node: MapNode) -> None:
    """Path and query parameters and the body's properties are the arguments of one
    method: each name once."""
    seen: dict[str, tuple[str, Position]] = {}
    arguments: list[tuple[str, str, Position]] = []
    _, by = stream_start(node.get("stream"))
    flag = {"body": "", "query": ""}  # the parameter that asks for the stream is no argument
    if "stream" in node.entries:
        flag[by] = "stream"
    for key, what in (("path_parameters", "a path parameter"), ("query_parameters", "a query parameter")):
        parameters = node.get(key)
        for name, position in parameters.key_positions.items() if isinstance(parameters, MapNode) else ():
            if key == "query_parameters" and name == flag["query"]:
                continue
            arguments.append((name, what, position))
    body = _text(node.get("body"))
    properties = _entries(v.resolve_model(body)).get("properties") if body is not None else None
    if isinstance(properties, MapNode):
        arguments += [(name, f"a property of body `{body}`", at) for name, at in properties.key_positions.items() if name != flag["body"]]
    for name, what, position in arguments:
        if name in seen:
            other, where = seen[name]
            v.report(position, f"`{name}` is both {other} ({where}) and {what} of operation `{operation}`, whose method takes it once; rename one")
        seen.setdefault(name, (what, position))






def _text(node: Node | None) -> str | None:
    return node.value if isinstance(node, ScalarNode) and isinstance(node.value, str) else None


def check_decoded_types(v: Validator) -> None:
    """The client annotates what it decodes as `models.<Name>`: an operation responds
    with an object, union or alias model, and an event's array or map data holds no
    model (declare the array as a model and name that instead)."""
    for name, declared in v.operations.items():
        response = _entries(declared.node).get("response")
        if response is None or is_no_body(response):
            continue
        target = _ref(response)
        model = v.resolve_model(target) if target is not None and target in v.models else None
        if target is None or (model is not None and "enum" in model.entries):
            v.report(response.position, f"the response of `{name}` must name an object, union or alias model: declare this type under `models` and name it here")
    for stream, declared in v.streams.items():
        for event, definition in _entries(_entries(declared.node).get("events")).items():
            data = _entries(definition).get("data")
            if isinstance(data, MapNode) and _ref(data) is None and _holds_model(data):
                v.report(data.position, f"the data of event `{event}` holds a model inside an array or map: declare this type under `models` and name it here")


def _ref(node: Node) -> str | None:
    """The model a schema names, if it is a reference."""
    if isinstance(node, ScalarNode):
        return node.value if isinstance(node.value, str) and node.value not in ("string", "integer", "number", "boolean", "any") else None
    return _text(_entries(node).get("$ref"))


def _holds_model(node: Node | None) -> bool:
    if node is None or isinstance(node, ListNode):
        return False
    if _ref(node) is not None:
        return True
    entries = _entries(node)
    return _holds_model(entries.get("items")) or _holds_model(entries.get("additionalProperties"))


def check_values(v: Validator) -> None:
    """YAML reads `.inf`, `.nan` and numbers too large for a float (`1.0e+400`) as
    numbers that JSON cannot carry and Python cannot write as a literal. A `const: null`
    field would be a field that may not be null and is always null."""
    for spec_file in v.files:
        for node in _walk(spec_file.root):
            if isinstance(node, ScalarNode) and isinstance(node.value, float) and not math.isfinite(node.value):
                v.report(node.position, f"`{node.value}` is not a JSON number (YAML reads `.inf`, `.nan` and numbers beyond a float's range as such); write a finite number")
            const = node.entries.get("const") if isinstance(node, MapNode) else None
            if isinstance(const, ScalarNode) and const.value is None:
                v.report(const.position, "`const: null` allows only null: give the field its type and `nullable: true` instead")


def _walk(root: Node) -> Iterator[Node]:
    pending = [root]
    while pending:
        node = pending.pop()
        yield node
        if isinstance(node, MapNode):
            pending.extend(node.entries.values())
        elif isinstance(node, ListNode):
            pending.extend(node.items)
