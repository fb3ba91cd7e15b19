"""Stage 2, names: every name the generated Python derives from the spec must be free in
its namespace, and every number must be one JSON can carry.

Derived names that are only ours (decoder functions, lookup tables) are made one-to-one
by `python_names` and need no check here. Names a user sees (models, client methods,
method arguments, event classes) are refused with both declarations named, rather than
renamed behind the user's back.
"""

from __future__ import annotations

import keyword
import math
from typing import TYPE_CHECKING, Iterator

from ..read.load import ListNode, MapNode, Node, ScalarNode
from ..naming import pascal
from ..problems import Position
from ..targets.python.derived import model_stem
from ..targets.python.reserved import CLIENT_NAMES, EVENTS_MODULE_NAMES
from .no_body import is_no_body
from .streams import stream_start

if TYPE_CHECKING:
    from .validate import Validator


def check_names(v: Validator) -> None:
    """Report every clash of generated names, and every non-finite number."""
    models = {name: declared.position for name, declared in v.models.items()}
    check_properties(v, models)
    check_client_methods(v)
    for name, declared in v.operations.items():
        if isinstance(declared.node, MapNode):
            check_arguments(v, name, declared.node)
    check_events(v)
    check_decoded_types(v)
    check_values(v)


def _entries(node: Node | None) -> dict[str, Node]:
    return node.entries if isinstance(node, MapNode) else {}


def _mangled_by_python(name: str) -> bool:
    """Python renames `__x` (not `__x__`) inside a class body to `_Class__x`."""
    return name.startswith("__") and not name.endswith("__")


def check_properties(v: Validator, models: dict[str, Position]) -> None:
    """A property named like a model would hide that model from the annotations after
    it in the generated class (mypy reads class-level names first)."""
    for owner, declared in v.models.items():
        properties = _entries(declared.node).get("properties")
        if not isinstance(properties, MapNode):
            continue
        for name, position in properties.key_positions.items():
            if _mangled_by_python(name):
                v.report(position, f"property name `{name}` starts with `__`, which Python renames inside a class; choose a name without the leading `__`")
            elif name in models:
                v.report(
                    position,
                    f"property `{name}` of model `{owner}` has the name of the model `{name}` ({models[name]}), "
                    "which the generated class could then no longer name; rename one",
                )


def check_client_methods(v: Validator) -> None:
    """Operations and the methods derived from them share the client class with the
    client's own methods and attributes."""
    methods: dict[str, tuple[str, str, Position]] = {}

    def add(name: str, kind: str, what: str, position: Position) -> None:
        if name.startswith("_"):
            v.report(position, f"{what} would be the client method `{name}`; names starting with `_` belong to the client's own machinery, rename it")
        elif name in CLIENT_NAMES:
            v.report(position, f"{what} would be the client method `{name}`, a name the client itself uses; rename it")
        elif name in v.client_options:
            v.report(position, f"{what} would be the client method `{name}`, the client's option of that name ({v.client_options[name]}); rename one")
        elif keyword.iskeyword(name):
            v.report(position, f"{what} would be the client method `{name}`, a Python keyword; rename it")
        elif name not in methods:
            methods[name] = (kind, what, position)
        elif {kind, methods[name][0]} not in ({"operation", "poll"}, {"operation", "and_poll"}):  # check_poll reports those
            _, other, where = methods[name]
            v.report(position, f"{what} and {other} ({where}) would both be the client method `{name}`; rename one")

    for name, declared in v.operations.items():
        add(name, "operation", f"operation `{name}`", declared.position)
    for name, declared in v.operations.items():
        if isinstance(declared.node, MapNode) and "stream" in declared.node.entries:
            add(f"{name}_stream", "stream", f"the streaming variant of operation `{name}`", declared.node.key_positions["stream"])
    for name, declared in v.polls.items():
        add(f"poll_{name}", "poll", f"poll `{name}`", declared.position)
        after = _entries(declared.node).get("after")
        for item in after.items if isinstance(after, ListNode) else ():
            if isinstance(item, ScalarNode) and isinstance(item.value, str) and item.value in v.operations:
                add(f"{item.value}_and_poll", "and_poll", f"poll `{name}` after `{item.value}`", item.position)


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
            if _mangled_by_python(name):
                v.report(position, f"parameter name `{name}` starts with `__`, which Python renames inside a class; choose a name without the leading `__`")
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


def check_events(v: Validator) -> None:
    """The events module binds, per stream `S`: `SEvent`, `SEventUnion`, `SEvents`,
    `AsyncSEvents`, `SEventHandler`, `AsyncSEventHandler`, `S_STREAM` (upper snake) and
    a class per event that carries data."""
    names: dict[str, tuple[str, Position]] = {}

    def add(name: str, what: str, position: Position) -> None:
        if name in EVENTS_MODULE_NAMES:
            v.report(position, f"{what} would be named `{name}` in the events module, which already uses that name; rename it")
        elif name in names:
            other, where = names[name]
            v.report(position, f"{what} and {other} ({where}) would both be named `{name}` in the events module; rename one")
        else:
            names[name] = (what, position)

    for stream, declared in v.streams.items():
        if not naming_ok(stream):
            continue
        derived_names = (f"{stream}Event", f"{stream}EventUnion", f"{stream}Events", f"Async{stream}Events")
        for derived in (*derived_names, f"{stream}EventHandler", f"Async{stream}EventHandler", model_stem(stream).upper()):
            add(derived, f"stream `{stream}`", declared.position)
    for stream, declared in v.streams.items():
        entries = _entries(declared.node)
        events = entries.get("events")
        if not isinstance(events, MapNode):
            continue
        ends = {_text(entries.get("terminator")), _text(entries.get("error_event"))}
        for event, position in events.key_positions.items():
            if event not in ends:
                add(pascal(event) + "Event", f"event `{event}` of stream `{stream}`", position)


def naming_ok(stream: str) -> bool:
    return stream[:1].isupper() and stream.isalnum() and stream.isascii()


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
