"""An event union as the format's stream.

Upstream describes server-sent events as a union of event objects in one of two ways:
objects with an `event` property (the SSE event name) and a `data` property (what the
`data:` line decodes to), or the data objects themselves, each named by its tag (`type`,
or the union's discriminator), which the server also sends as the SSE event name. Both
become `events: {name: {data: ...}}`. An event whose data is a constant text, not JSON
(`[DONE]`), is taken as the stream's terminator and the event named `error` as its error
event; comments in the output say so, since the document does not.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..read.nodes import Node
from ..problems import Position
from . import names as naming
from .document import Document, doc_text, entries
from .emit import Mapping
from .limits import Record
from .context import Ctx
from .schemas import Converter
from .shape import Members, core, properties, tag_values, union_members, values

STREAM_ORDER = ("description", "terminator", "error_event", "upstream", "events")
SSE_FIELDS = ("event", "data", "id", "retry")  # what an SSE message carries besides comments


@dataclass(frozen=True)
class Event:
    name: str
    data: Node
    description: str | None
    position: Position


def read_events(document: Document, record: Record, union: str, notes: list[str]) -> list[Event]:
    """The events of the union schema `union`, before any conversion (their data
    schemas are where the schema closure starts); `notes` gets the comments for the
    stream."""
    node = document.schemas[union]
    found = core(document, node).node
    key = next((k for k in ("oneOf", "anyOf") if found is not None and k in found.entries), None)
    members = union_members(document, found, key) if found is not None and key else Members([node])
    events: list[Event] = []
    seen: set[str] = set()
    for member in members.members:
        fields = properties(document, member)
        label = core(document, member).component or "an inline event"
        target = core(document, member).node
        description = doc_text(entries(target).get("description"))
        if "event" in fields and "data" in fields:
            names, data = tag_values(document, fields["event"]), fields["data"]
            for extra, schema in fields.items():
                if extra not in SSE_FIELDS:
                    notes.append(record.limit("event-field", schema.position, f"field `{extra}` of {label}, beside `event` and `data`: a stream event carries its data alone"))
        else:
            tag = members.discriminator or "type"
            names, data = tag_values(document, fields.get(tag)), member
        if not names:
            notes.append(record.limit("event-name", member.position, f"{label} in {union} has no event name (an `event` property, or a `type` with one value)"))
        for name in names:
            if not naming.EVENT_NAME.match(name):
                notes.append(record.limit("event-name", member.position, f"event `{name}` of {label} is not dot-separated lower-case words, and an event's name is what the server sends"))
            elif name in seen:
                notes.append(record.limit("event-name", member.position, f"event `{name}` of {label} is named twice in {union}; the first is kept"))
            else:
                seen.add(name)
                events.append(Event(name, data, description, member.position))
    return events


def stream_name(union: str, taken: naming.Taken) -> str:
    """`AssistantStreamEvent` -> `AssistantStream`; anything else gets `Stream`."""
    base = naming.model_name(union)
    for suffix in ("Events", "Event"):
        if base.endswith(suffix) and len(base) > len(suffix):
            base = base[: -len(suffix)]
            break
    if not base.endswith("Stream"):
        base += "Stream"
    return taken.claim(base)


def ends(document: Document, events: list[Event]) -> tuple[str | None, str | None]:
    """The terminator (the first event whose data is one constant text, not JSON) and
    the error event (the one named `error`), which the reader does not yield."""
    terminator = next((event.name for event in events if _constant_text(document, event.data)), None)
    error = next((event.name for event in events if event.name == "error"), None)
    return terminator, error


def _constant_text(document: Document, node: Node) -> bool:
    found = core(document, node).node
    if found is None or set(found.entries) & {"properties", "items", "oneOf", "anyOf", "allOf", "$ref"}:
        return False
    listed = values(found)
    return len(listed) == 1 and isinstance(listed[0], str)


def stream(conv: Converter, union: str, name: str, events: list[Event], notes: list[str]) -> Mapping:
    owner = "stream:" + name
    mapping = Mapping(order=STREAM_ORDER, origin=conv.document.schemas[union].position, flow=False, notes=list(notes))
    mapping.set("upstream", union)  # diff-upstream compares the events with the union's
    description = doc_text(entries(core(conv.document, conv.document.schemas[union]).node).get("description"))
    if description:
        mapping.set("description", description)
    listed = Mapping(flow=False)
    terminator, error = ends(conv.document, events)
    for event in events:
        ctx = Ctx(naming.pascal(event.name, "data"), f"event {event.name}", "data", owner)
        data = conv.place(conv.schema(event.data, ctx), ctx, event.data)
        entry = Mapping(order=("data", "description"), origin=event.position)
        entry.set("data", data)
        if event.description:
            entry.set("description", event.description)
        listed.set(event.name, entry, origin=event.position)
        if event.name == terminator:
            mapping.set("terminator", event.name, comments=["its data is constant text, not JSON: taken as the end of the stream"])
        if event.name == error:
            mapping.set("error_event", event.name, comments=["taken as the event whose data is an error the client raises"])
    mapping.set("events", listed)
    return mapping
