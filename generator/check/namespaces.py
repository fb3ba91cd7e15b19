"""Names that meet across namespaces: models, streams and events. Split from
validate.py, which calls `check_namespaces`.

Two places put them side by side. The OpenAPI export has one `components/schemas`
table for the models, each stream (the union of its events) and each event
(`<Stream><Event>`): a stream or event named like a model would replace it there. And
the events module's classes (`<Stream>Event`, `<Event>Event`...) are imported beside the
models: `events.X` and `models.X` as two different classes would make one name mean two
things. Both are refused, naming the two declarations.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..read.load import MapNode, Node, ScalarNode
from ..naming import pascal
from ..problems import Position
from ..targets.python.derived import model_stem

if TYPE_CHECKING:
    from .validate import Validator


def check_namespaces(v: Validator) -> None:
    models = {name: declared.position for name, declared in v.models.items()}
    schemas: dict[str, tuple[str, Position]] = {}
    for stream, declared in v.streams.items():
        _claim(v, schemas, models, stream, f"stream `{stream}`", declared.position)
    for stream, declared in v.streams.items():
        events = _entries(declared.node).get("events")
        for event, position in events.key_positions.items() if isinstance(events, MapNode) else ():
            _claim(v, schemas, models, pascal(stream, event), f"event `{event}` of stream `{stream}`", position)
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


def _claim(
    v: Validator,
    schemas: dict[str, tuple[str, Position]],
    models: dict[str, Position],
    name: str,
    what: str,
    position: Position,
) -> None:
    """`name` in the OpenAPI export's `components/schemas`, for `what`."""
    if name in models:
        v.report(position, f"{what} and model `{name}` ({models[name]}) would both be `components/schemas/{name}` in the OpenAPI export; rename one")
    elif name in schemas:
        other, where = schemas[name]
        v.report(position, f"{what} and {other} ({where}) would both be `components/schemas/{name}` in the OpenAPI export; rename one")
    else:
        schemas[name] = (what, position)


def _claim_class(v: Validator, models: dict[str, Position], name: str, what: str, position: Position) -> None:
    if name in models:
        v.report(
            position,
            f"{what} would be the class `events.{name}`, and model `{name}` ({models[name]}) is `models.{name}`: "
            "one name for two different classes; rename one",
        )


def _entries(node: Node | None) -> dict[str, Node]:
    return node.entries if isinstance(node, MapNode) else {}


def _text(node: Node | None) -> str | None:
    return node.value if isinstance(node, ScalarNode) and isinstance(node.value, str) else None
