"""`runs-codegen import-openapi`: selected operations of an OpenAPI 3 document, the
schemas they reach and an event union, as a spec in our format (docs/import-openapi.md).

The steps, one module each: read the document with positions (document.py); choose the
operations and find the schemas they reach and the file each goes to (select.py);
name the schemas clear of the classes derived from the streams (namespaces.py); convert
schemas (schemas.py, with compose.py for `allOf`, unions.py and tags.py for unions and
their discriminators, shape.py to look at upstream schemas before converting them);
convert operations and event streams (operations.py, events.py); lay the result out in
files by topic and write it as YAML (layout.py, emit.py); validate it as `generate` would
(check.py). Whatever the format cannot express is recorded with its place in the
document (limits.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..problems import Position
from . import events as streams
from .check import check
from .document import ImportFailed, read_document
from .layout import api_section, layout
from .limits import LIMITS, ImportProblem, Record
from .names import Taken, model_name
from .namespaces import Namer, derived
from .operations import Votes, event_stream_union, operation
from .schemas import Converter, Model
from .select import event_union, select, topics

__all__ = ["Imported", "ImportFailed", "ImportProblem", "LIMITS", "import_openapi"]


@dataclass(frozen=True)
class Imported:
    files: dict[str, str]  # file name -> YAML text
    record: Record
    operations: int
    models: int
    events: int


def import_openapi(path: Path, operation_ids: Iterable[str] = (), paths: Iterable[str] = (), events: str | None = None) -> Imported:
    """Import the chosen operations (all when none are named) of the document at `path`;
    ImportFailed when the document or the choice cannot be used at all."""
    document = read_document(path)
    record = Record()
    selected = select(document, record, operation_ids, paths)
    if events is not None:
        event_union(document, events)
    unions = [events] if events is not None else []
    for op in selected:
        found = event_stream_union(document, op)
        if found is not None and found not in unions:
            unions.append(found)
    stream_notes: dict[str, list[str]] = {union: [] for union in unions}
    event_lists = {union: streams.read_events(document, record, union, stream_notes[union]) for union in unions}
    roots = [event.data for listed in event_lists.values() for event in listed]
    components, component_topics = topics(document, selected, roots)

    namer = Namer(Taken(), record, everyone={model_name(schema) for schema in document.schemas})
    conv = Converter(document, record, {}, namer)
    wanted = Taken({model_name(component) for component in components})
    stream_names = {union: streams.stream_name(union, wanted) for union in unions}  # clear of the models
    for union in unions:
        ends = {name for name in streams.ends(document, event_lists[union]) if name is not None}
        namer.reserve(derived(stream_names[union], [event.name for event in event_lists[union]], ends))
    for component in components:
        conv.names[component] = namer.name(component, conv.position(component))
    for component in components:
        conv.component(component)

    def stream_for(union: str | None, at: Position) -> str | None:
        chosen = union or events
        if chosen is None:
            record.limit("stream-switch", at, "the body's boolean `stream` switches on a stream whose events the document does not name: give --events <schema>")
            return None
        return stream_names[chosen]

    votes = Votes()
    converted = [(op, operation(conv, op, votes, stream_for)) for op in selected]
    stream_maps = [(stream_names[union], streams.stream(conv, union, stream_names[union], event_lists[union], stream_notes[union])) for union in unions]
    while conv.pending:  # schemas reached only in ways the closure walk does not look
        conv.component(conv.pending.pop(0))
    api = api_section(document, record, votes)
    models = [model for model in conv.models.values() if isinstance(model, Model)]
    files = layout(document, api, converted, stream_maps, models, component_topics, record)
    check(files, record, document)
    count = sum(len(listed) for listed in event_lists.values())
    return Imported({file.name: file.text for file in files}, record, len(converted), len(models), count)
