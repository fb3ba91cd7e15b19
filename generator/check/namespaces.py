"""Names that meet in the OpenAPI export: models, streams and events. Split from
validate.py, which calls `check_namespaces`.

The export has one `components/schemas` table for the models, each stream (the union of
its events) and each event (`<Stream><Event>`): a stream or event named like a model
would replace it there, so that is refused, naming the two declarations. (Where a
target's code puts such names side by side, its own check says so.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..read.load import MapNode, Node
from ..naming import pascal
from ..problems import Position

if TYPE_CHECKING:
    from .context import Validator


def check_namespaces(v: Validator) -> None:
    models = {name: declared.position for name, declared in v.models.items()}
    schemas: dict[str, tuple[str, Position]] = {}
    for stream, declared in v.streams.items():
        _claim(v, schemas, models, stream, f"stream `{stream}`", declared.position)
    for stream, declared in v.streams.items():
        events = _entries(declared.node).get("events")
        for event, position in events.key_positions.items() if isinstance(events, MapNode) else ():
            _claim(v, schemas, models, pascal(stream, event), f"event `{event}` of stream `{stream}`", position)


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


def _entries(node: Node | None) -> dict[str, Node]:
    return node.entries if isinstance(node, MapNode) else {}
