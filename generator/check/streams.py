"""Stage 2, streams: the `streams` section, and how an operation starts its stream.

Split from validate.py, which calls `check_stream` for each stream and
`check_operation_stream` for each operation; render.py calls `check_helpers`, which
needs the style. The format is in docs/spec-format.md (`streams`, and `stream` under
`operations`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from .. import ir
from ..read.load import ListNode, MapNode, Node, ScalarNode
from ..naming import member_name
from ..problems import Position, Problem, did_you_mean
from .schemas import check_schema, enum_values, json_kind

if TYPE_CHECKING:
    from .context import Declared, Validator

STREAM_KEYS = (
    "description", "terminator", "terminal_events", "error_event", "dispatch", "helpers", "events", "upstream",
)  # fmt: skip
EVENT_KEYS = ("data", "description")
START_KEYS = ("events", "by")
STARTS = ("body", "query")
DISPATCHES = ("event", "type")
EVENT_NAME = re.compile(r"\A[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*\Z")
PASCAL_CASE = re.compile(r"\A[A-Z][A-Za-z0-9]*\Z")  # names files of the style: no path, no `_`
BUILTIN_TYPES = ("string", "integer", "number", "boolean", "any")
HELPERS_FOLDER = "partials/stream_helpers"


def stream_start(node: Node | None) -> tuple[str | None, Literal["body", "query"]]:
    """An operation's `stream`, as (stream name or None, `body` or `query`): a name
    alone means `{events: <name>, by: body}`."""
    if isinstance(node, ScalarNode):
        return (node.value if isinstance(node.value, str) else None), "body"
    if isinstance(node, MapNode):
        events, by = node.get("events"), node.get("by")
        name = events.value if isinstance(events, ScalarNode) and isinstance(events.value, str) else None
        return name, ("query" if isinstance(by, ScalarNode) and by.value == "query" else "body")
    return None, "body"


def check_operation_stream(v: Validator, node: MapNode, body_name: str | None, body_model: MapNode | None) -> None:
    """The operation's `stream`: a declared stream, and the flag that asks for it (the
    body's boolean `stream` property, or a boolean `stream` query parameter)."""
    value = node.get("stream")
    if value is None:
        return
    at = value.position
    if isinstance(value, MapNode):
        v.check_keys(value, START_KEYS, "`stream`")
        v.require_keys(value, ("events",), "`stream`")
        v.string(value.get("events"), "`events` (a stream name)")
        by = v.string(value.get("by"), "`by`")
        if by is not None and by not in STARTS:
            v.report(value.entries["by"].position, f"`by` is `body` (the JSON body's `stream` is true) or `query` (`?stream=true`), not `{by}`{did_you_mean(by, STARTS)}")
            return
    elif not (isinstance(value, ScalarNode) and isinstance(value.value, str)):
        v.report(value.position, "`stream` is a stream's name, or `{events: <stream>, by: body|query}`")
        return
    stream, by = stream_start(value)
    if stream is not None and stream not in v.streams:
        where = value.entries["events"].position if isinstance(value, MapNode) else value.position
        v.report(where, f"stream `{stream}` is not declared under `streams`{did_you_mean(stream, v.streams)}")
    if by == "query":
        check_query_flag(v, node, value.entries["by"].position if isinstance(value, MapNode) else at)
    elif body_model is None and body_name is None:
        v.report(at, "a streaming operation needs a `body` with a boolean `stream` property (or `stream: {events: ..., by: query}`)")
    elif body_model is not None:
        properties = body_model.entries["properties"]
        flag = properties.get("stream") if isinstance(properties, MapNode) else None
        if flag is None:
            v.report(at, f"body `{body_name}` has no `stream` property to switch streaming on")
        elif json_kind(v, flag) != "boolean":
            v.report(at, f"body `{body_name}` has a `stream` property, but it is not a boolean")


def check_query_flag(v: Validator, node: MapNode, at: Position) -> None:
    """A stream started `by: query` sends `stream=true`: the operation declares that
    query parameter, a boolean, and not as required (the plain method never sends it)."""
    query = node.get("query_parameters")
    flag = query.get("stream") if isinstance(query, MapNode) else None
    if flag is None:
        v.report(at, "a stream started `by: query` needs a boolean query parameter `stream` under `query_parameters`")
    elif json_kind(v, flag) != "boolean":
        v.report(flag.position, "the query parameter `stream` starts the stream: it must be a boolean")
    elif isinstance(flag, MapNode) and _value(flag.get("required")) is True:
        v.report(flag.key_positions["required"], "the query parameter `stream` is sent by the streaming method only: it cannot be required")


def check_stream(v: Validator, name: str, declared: Declared) -> None:
    node = declared.node
    if not PASCAL_CASE.match(name):
        v.report(declared.position, f"stream name `{name}` must be PascalCase, such as `{_pascal(name)}`")
    if not isinstance(node, MapNode):
        v.report(node.position, "a stream is a mapping: " + ", ".join(f"`{k}`" for k in STREAM_KEYS))
        return
    v.check_keys(node, STREAM_KEYS, "stream")
    v.require_keys(node, ("events",), f"stream `{name}`")
    for key in ("description", "upstream"):
        v.string(node.get(key), f"`{key}`")
    events = node.get("events")
    if events is not None and not isinstance(events, MapNode):
        v.report(events.position, "`events` maps event names to `{data: <schema>}`")
        events = None
    if events is not None:
        check_events(v, name, events)
    names = events.entries if events is not None else None
    ends: dict[str, str] = {}
    for key in ("terminator", "error_event"):
        named = v.string(node.get(key), f"`{key}`")
        if named is None or names is None:
            continue
        what = key.replace("_", " ")
        if named not in names:
            v.report(node.entries[key].position, f"{what} `{named}` is not one of the stream's events{did_you_mean(named, names)}")
        elif named in ends:
            v.report(node.entries[key].position, f"`{named}` is the stream's {ends[named]} already: the terminator ends the stream and the error event is raised; name two different events")
        ends[named] = what
    check_terminal_events(v, node.get("terminal_events"), names, ends)
    dispatch = v.string(node.get("dispatch"), "`dispatch`")
    if dispatch is not None and dispatch not in DISPATCHES:
        v.report(node.entries["dispatch"].position, f"`dispatch` is `event` (the SSE `event:` line names an event) or `type` (the `type` member of its data), not `{dispatch}`{did_you_mean(dispatch, DISPATCHES)}")
    if dispatch == "type" and events is not None:
        check_typed_events(v, events, set(ends))
    helpers = v.string(node.get("helpers"), "`helpers`")
    if helpers is not None and not PASCAL_CASE.match(helpers):
        v.report(node.entries["helpers"].position, f"`helpers` names the style's stream helpers (`partials/stream_helpers/<name>.jinja`): a PascalCase name such as `{_pascal(helpers) or 'RunStream'}`, not `{helpers}`")


def check_events(v: Validator, stream: str, events: MapNode) -> None:
    members: dict[str, str] = {}
    for event, definition in events.entries.items():
        position = events.key_positions[event]
        if not EVENT_NAME.match(event):
            v.report(position, f"event name `{event}` must be dot-separated lower-case words, such as `thread.run.created`")
        elif member_name(event) in members:
            v.report(position, f"events `{event}` and `{members[member_name(event)]}` would both be named `{member_name(event)}` in generated code; rename one")
        members.setdefault(member_name(event), event)
        if not isinstance(definition, MapNode):
            v.report(definition.position, "an event is a mapping with `data` and `description`")
            continue
        v.check_keys(definition, EVENT_KEYS, "event")
        v.string(definition.get("description"), "`description`")
        data = definition.get("data")
        if data is None:
            v.report(definition.position, f"event `{event}` is missing `data`")
            continue
        ref = _ref_name(data)
        if isinstance(ref, str) and ref not in v.models and not ref.startswith("#/"):
            v.report(data.position, f"event `{event}` points at unknown object `{ref}`{did_you_mean(ref, v.models)}")
        else:
            check_schema(v, data, "variant", stream)


def check_terminal_events(v: Validator, node: Node | None, names: dict[str, Node] | None, ends: dict[str, str]) -> None:
    """`terminal_events`: events of the stream, each once, neither the terminator nor
    the error event (those are not yielded; a terminal event is)."""
    if node is None:
        return
    if not isinstance(node, ListNode):
        v.report(node.position, "`terminal_events` is a list of the stream's event names")
        return
    seen: set[str] = set()
    for item in node.items:
        if not (isinstance(item, ScalarNode) and isinstance(item.value, str)):
            v.report(item.position, "`terminal_events` holds event names (strings)")
            continue
        event = item.value
        if names is not None and event not in names:
            v.report(item.position, f"terminal event `{event}` is not one of the stream's events{did_you_mean(event, names)}")
        elif event in ends:
            v.report(item.position, f"`{event}` is the stream's {ends[event]}, which is not yielded; a terminal event is yielded and marks the stream complete")
        elif event in seen:
            v.report(item.position, f"terminal event `{event}` is listed twice")
        seen.add(event)


def check_typed_events(v: Validator, events: MapNode, ends: set[str]) -> None:
    """With `dispatch: type`, each event the reader yields is named by its data's `type`:
    the data is an object whose `type` property takes the event's name."""
    for event, definition in events.entries.items():
        data = definition.get("data") if isinstance(definition, MapNode) else None
        if event in ends or data is None:
            continue  # the terminator and the error event may also be told by their `event:` line
        ref = _ref_name(data)
        model = v.resolve_model(ref) if ref is not None else data if isinstance(data, MapNode) else None
        if ref is not None and ref not in v.models:
            continue  # reported already
        properties = model.get("properties") if model is not None else None
        tag = properties.get("type") if isinstance(properties, MapNode) else None
        if tag is None:
            v.report(data.position, f"with `dispatch: type` the reader names an event by its data's `type`, but the data of event `{event}` is not an object with a `type` property")
            continue
        const = tag.get("const") if isinstance(tag, MapNode) else None
        values = [const.value] if isinstance(const, ScalarNode) else enum_values(v, tag)
        if values is not None and event not in values:
            shown = f" (`{ref}`)" if ref is not None else ""
            v.report(data.position, f"with `dispatch: type` the reader names an event by its data's `type`, but the `type` of event `{event}`'s data{shown} does not take the value `{event}`")


def _value(node: Node | None) -> object:
    return node.value if isinstance(node, ScalarNode) else None


def _ref_name(node: Node) -> str | None:
    if isinstance(node, ScalarNode):
        return node.value if isinstance(node.value, str) and node.value not in BUILTIN_TYPES else None
    ref = node.get("$ref") if isinstance(node, MapNode) else None
    return ref.value if isinstance(ref, ScalarNode) and isinstance(ref.value, str) else None


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name) if part)


def check_helpers(streams: Iterable[ir.Stream], folders: Sequence[Path]) -> list[Problem]:
    """At render time: each stream's `helpers` names a partial of the style, when the
    style offers stream helpers at all (has a `partials/stream_helpers/` folder)."""
    offered = [folder / HELPERS_FOLDER for folder in folders if (folder / HELPERS_FOLDER).is_dir()]
    if not offered:
        return []
    available = sorted({p.stem for folder in offered for p in folder.glob("*.jinja") if PASCAL_CASE.match(p.stem)})
    problems = []
    for stream in streams:
        if stream.helpers is not None and stream.helpers not in available and stream.helpers_at is not None:
            listed = ", ".join(f"`{name}`" for name in available) or "none"
            problems.append(Problem(stream.helpers_at, f"the style has no stream helpers `{stream.helpers}` (`{HELPERS_FOLDER}/{stream.helpers}.jinja`){did_you_mean(stream.helpers, available)}; it has {listed}"))
    return problems
