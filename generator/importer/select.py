"""Which operations to import, which schemas they reach, and which file each goes to.

Operations are chosen by operationId and by path (every operation of the path), or all
of them. The closure is every component schema their parameters, bodies and responses
reach through `$ref`s, and those the chosen event union's events carry (not the event
wrappers themselves: they become the stream). Files are by topic, as Fern's importer
groups endpoints: an operation's topic is its first tag (else its path's first segment);
a schema goes with the one topic that reaches it, or to `common` when several do, or to
`events` when only the stream does.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..read.nodes import ListNode, MapNode, Node
from ..problems import Position, Problem, did_you_mean
from . import names as naming
from .document import METHODS, Document, ImportFailed, entries, items, key_position, string
from .limits import Record
from .operations import FORMAT_METHODS, Selected

COMMON = "common"
EVENTS = "events"
SKIPPED = ("example", "examples", "externalDocs", "x-oaiMeta")  # text, not schemas
EVENT_STREAM = "text/event-stream"


def all_operations(document: Document, record: Record) -> list[Selected]:
    found: list[Selected] = []
    paths = document.root.entries["paths"]
    assert isinstance(paths, MapNode)
    for path, item in paths.entries.items():
        item_node, error = document.follow(item, "path item")
        if not isinstance(item_node, MapNode):
            record.limit("reference" if error else "operation", paths.key_positions[path], error or f"path `{path}` is not a mapping of operations")
            continue
        for method, node in item_node.entries.items():
            if method not in METHODS or not isinstance(node, MapNode):
                continue
            found.append(Selected(method, path, node, item_node, string(node.get("operationId")), item_node.key_positions[method]))
    return found


def select(document: Document, record: Record, operation_ids: Iterable[str], paths: Iterable[str]) -> list[Selected]:
    """The chosen operations in document order, named; ImportFailed when a choice names
    nothing in the document."""
    available = all_operations(document, record)
    wanted_ids, wanted_paths = list(dict.fromkeys(operation_ids)), list(dict.fromkeys(paths))
    at = key_position(document.root, "paths")
    known_ids = [op.operation_id for op in available if op.operation_id]
    known_paths = list(dict.fromkeys(op.path for op in available))
    problems = [
        Problem(at, f"no operation has the operationId `{wanted}`{did_you_mean(wanted, known_ids)}")
        for wanted in wanted_ids
        if wanted not in known_ids
    ]
    problems += [
        Problem(at, f"no path `{wanted}` under `paths`{did_you_mean(wanted, known_paths)}")
        for wanted in wanted_paths
        if wanted not in known_paths
    ]
    if problems:
        raise ImportFailed(problems)
    chosen = [
        op
        for op in available
        if (not wanted_ids and not wanted_paths) or op.operation_id in wanted_ids or op.path in wanted_paths
    ]
    if not chosen:
        raise ImportFailed([Problem(at, "the document declares no operations under `paths`")])
    taken = naming.Taken()
    selected = []
    for op in chosen:
        if op.method not in FORMAT_METHODS:
            record.limit("operation", op.position, f"`{op.method.upper()} {op.path}`: the format's operations are {', '.join(m.upper() for m in FORMAT_METHODS)}")
            continue
        op.name = taken.claim(naming.operation_name(op.operation_id or f"{op.method} {op.path}"), "_")
        tag = next((string(t) for t in items(op.node.get("tags")) if string(t)), None)
        segment = next((part for part in op.path.split("/") if part and not part.startswith("{")), "operations")
        op.topic = naming.file_name(tag or segment)  # `Responses` and `responses` are one topic
        selected.append(op)
    return selected


def operation_roots(document: Document, op: Selected) -> list[Node]:
    """Where an operation's schemas start. A `text/event-stream` body is left out: its
    union is the stream, whose events are roots of their own (an event union is a model
    only when something else names it)."""
    roots = [node for node in (op.item.get("parameters"), op.node.get("parameters"), op.node.get("requestBody")) if node is not None]
    for code in entries(op.node.get("responses")).values():
        response, _ = document.follow(code, "response")
        for key, value in entries(response).items():
            if key != "content":
                roots.append(value)
                continue
            roots.extend(media for kind, media in entries(value).items() if kind.split(";")[0].strip() != EVENT_STREAM)
    return roots


def references(document: Document, roots: list[Node]) -> list[str]:
    """The component schemas `roots` name, not looking inside those schemas (but inside
    any other part of the document a `$ref` points at)."""
    found: dict[str, None] = {}
    seen: set[int] = set()
    pending = list(reversed(roots))
    while pending:
        node = pending.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ListNode):
            pending.extend(reversed(node.items))
            continue
        if not isinstance(node, MapNode):
            continue
        ref = string(node.get("$ref"))
        resolved = document.resolve(ref) if ref is not None else None
        if id(node) in document.recursive:
            found.setdefault(document.recursive[id(node)], None)
        elif resolved is not None and resolved.component is not None:
            found.setdefault(resolved.component, None)
        elif resolved is not None and resolved.node is not None:
            pending.append(resolved.node)
        pending.extend(reversed([v for k, v in node.entries.items() if k not in SKIPPED and not k.startswith("x-")]))
    return list(found)


def topics(document: Document, selected: list[Selected], event_roots: list[Node]) -> tuple[list[str], dict[str, str]]:
    """The schemas the operations and events reach (the closure), in document order, and
    the file (topic) of each. Each schema's references are read once, and a schema is
    walked from at most two topics: once two reach it, everything it reaches is common."""
    roots: dict[str, list[Node]] = {}
    for op in selected:
        roots.setdefault(op.topic, []).extend(operation_roots(document, op))
    if event_roots:
        roots.setdefault(EVENTS, []).extend(event_roots)
    edges: dict[str, list[str]] = {}
    reached: dict[str, set[str]] = {}
    for topic, nodes in roots.items():
        pending = list(reversed(references(document, nodes)))
        while pending:
            name = pending.pop()
            seen = reached.setdefault(name, set())
            if topic in seen or len(seen) >= 2:
                continue
            seen.add(topic)
            if name not in edges:
                edges[name] = references(document, [document.schemas[name]])
            pending.extend(reversed(edges[name]))
    order = {name: index for index, name in enumerate(document.schemas)}
    names = sorted(reached, key=lambda n: order.get(n, len(order)))
    files = {name: next(iter(reached[name])) if len(reached[name]) == 1 else COMMON for name in names}
    return names, files


def event_union(document: Document, name: str) -> None:
    """Check that `--events` names a schema of the document."""
    if name not in document.schemas:
        at = document.schemas_node()
        where = at.position if at is not None else Position(document.display, 1, 1)
        raise ImportFailed([Problem(where, f"no schema `{name}` under `components.schemas` for --events{did_you_mean(name, document.schemas)}")])
