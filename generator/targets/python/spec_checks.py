"""The names the generated Python derives from a spec or keeps for itself, checked with
positions before anything renders (`TARGET.check_spec`, after the generic checks).

Derived names that are only ours (decoder functions, lookup tables) are made one-to-one
by `names` and need no check here. Names a user sees (models, client methods, method
arguments, event classes) are refused with both declarations named, rather than renamed
behind the user's back.
"""

from __future__ import annotations

import keyword
from typing import TYPE_CHECKING

from ...naming import pascal
from ...problems import Position
from ...read.load import ListNode, MapNode, Node, ScalarNode
from .derived import model_stem
from .names import py_name
from .reserved import (
    CLIENT_NAMES,
    CLIENT_OPTION_NAMES,
    EVENTS_MODULE_NAMES,
    KEYWORDS,
    MODEL_ATTRIBUTE_NAMES,
    MODELS_MODULE_NAMES,
    NOT_FOR_LOCALS,
    SOFT_KEYWORDS,
)

if TYPE_CHECKING:
    from ...check.context import Validator

# what pydantic's BaseModel binds (`model_dump`, `model_config`...) or keeps for itself
_PYDANTIC_PREFIX = "model_"


def check_spec(v: Validator) -> None:
    """Report each name the Python client would use twice or cannot use."""
    models = {name: declared.position for name, declared in v.models.items()}
    for name, declared in v.models.items():
        if name in MODELS_MODULE_NAMES:
            v.report(declared.position, f"model name `{name}` is taken by the generated Python models module; choose another, such as `{name}Object`")
        computed = _entries(declared.node).get("computed")
        if isinstance(computed, MapNode):
            _check_computed(v, name, computed, _entries(declared.node).get("properties"))
    for name, position in v.client_options.items():
        if name in CLIENT_OPTION_NAMES or name in CLIENT_NAMES:
            v.report(position, f"client header option `{name}` has a name the client itself uses; rename it")
        elif name in NOT_FOR_LOCALS:
            v.report(position, f"client header option `{name}` would be a constructor keyword named like a Python keyword or builtin; rename it")
    check_properties(v, models)
    check_client_methods(v)
    for declared in v.operations.values():
        for key in ("path_parameters", "query_parameters"):
            parameters = _entries(declared.node).get(key)
            for name, position in parameters.key_positions.items() if isinstance(parameters, MapNode) else ():
                if _mangled_by_python(name):
                    v.report(position, f"parameter name `{name}` starts with `__`, which Python renames inside a class; choose a name without the leading `__`")
    check_events(v)
    check_event_classes(v, models)


def _check_computed(v: Validator, owner: str, computed: MapNode, properties: Node | None) -> None:
    fields = {py_name(name): name for name in _entries(properties) if name.isascii() and name.isidentifier()}
    for name, at in computed.key_positions.items():
        if name in KEYWORDS or name in SOFT_KEYWORDS:
            problem = "a Python keyword cannot name a property"
        elif name in MODEL_ATTRIBUTE_NAMES or name.startswith(_PYDANTIC_PREFIX):
            problem = "the model's class uses that name itself (`to_dict`, `unknown_fields`, `model_*`...)"
        elif fields.get(name, name) != name:  # the same name is a generic problem
            problem = f"the field `{fields[name]}` has that name in Python; a computed property stands beside the fields, never for one"
        else:
            continue
        v.report(at, f"computed property `{name}` of `{owner}`: {problem}")


def check_event_classes(v: Validator, models: dict[str, Position]) -> None:
    """The events module's classes (`<Stream>Event`, `<Event>Event`...) are imported
    beside the models: `events.X` and `models.X` as two different classes would make one
    name mean two things."""
    for stream, declared in v.streams.items():
        if not (stream[:1].isupper() and stream.isalnum() and stream.isascii()):
            continue  # reported as not PascalCase
        for derived in (f"{stream}Event", f"{stream}EventUnion", f"{stream}Events", f"Async{stream}Events", model_stem(stream).upper()):
            _claim_class(v, models, derived, f"stream `{stream}`", declared.position)
        entries = _entries(declared.node)
        events = entries.get("events")
        ends = {_text(entries.get("terminator")), _text(entries.get("error_event"))}
        for event, position in events.key_positions.items() if isinstance(events, MapNode) else ():
            if event not in ends:
                _claim_class(v, models, pascal(event) + "Event", f"event `{event}` of stream `{stream}`", position)


def _claim_class(v: Validator, models: dict[str, Position], name: str, what: str, position: Position) -> None:
    if name in models:
        v.report(
            position,
            f"{what} would be the class `events.{name}`, and model `{name}` ({models[name]}) is `models.{name}`: "
            "one name for two different classes; rename one",
        )


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


def _entries(node: Node | None) -> dict[str, Node]:
    return node.entries if isinstance(node, MapNode) else {}


def _text(node: Node | None) -> str | None:
    return node.value if isinstance(node, ScalarNode) and isinstance(node.value, str) else None
