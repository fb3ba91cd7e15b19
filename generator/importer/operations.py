"""One upstream operation as the format's operation: its path and query parameters, the
JSON body (an object model whose properties become keyword arguments), the JSON success
response, the stream it sends when its body's boolean `stream` is true, and whether it
is a cursor list the client pages through.

Error responses are not imported: the generated client raises a typed error for every
failing status whatever the document declares.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from ..read.nodes import MapNode, Node
from ..problems import Position
from . import names as naming
from .document import Document, doc_text, entries, items, key_position, scalar, string
from .emit import Mapping
from .context import Ctx, Out, schema_map
from .schemas import Converter, Model
from .shape import core, kind, properties

OPERATION_ORDER = (
    "method", "path", "summary", "description", "upstream", "path_parameters",
    "query_parameters", "body", "response", "stream", "paginated", "deprecated",
)  # fmt: skip
FORMAT_METHODS = ("get", "post", "put", "patch", "delete")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass
class Selected:
    """An operation chosen for import."""

    method: str  # as upstream writes it, lower case
    path: str
    node: MapNode
    item: MapNode  # its path item, whose `parameters` it shares
    operation_id: str | None
    position: Position  # of the method key
    name: str = ""  # the format's name for it
    topic: str = ""


@dataclass
class Votes:
    """How the array query parameters are named: `include[]` or `include`."""

    brackets: list[Position] = field(default_factory=list)
    plain: list[Position] = field(default_factory=list)


def operation(conv: Converter, op: Selected, votes: Votes, stream_for: Callable[[str | None, Position], str | None]) -> Mapping:
    owner = "operation:" + op.name
    mapping = Mapping(order=OPERATION_ORDER, origin=op.position, flow=False)
    mapping.set("method", op.method.upper())
    mapping.set("path", op.path)
    summary = doc_text(op.node.get("summary"))
    description = doc_text(op.node.get("description"))
    first_line = (description or "").split("\n")[0]
    mapping.set("summary", " ".join((summary or first_line or f"{op.method.upper()} {op.path}").split()))
    if description:
        mapping.set("description", description)
    if op.operation_id is not None and op.operation_id != op.name:
        mapping.set("upstream", op.operation_id)
    path_parameters, query_parameters = _parameters(conv, op, owner, votes, mapping.notes)
    if path_parameters.entries:
        mapping.set("path_parameters", path_parameters)
    if query_parameters.entries:
        mapping.set("query_parameters", query_parameters)
    body = _body(conv, op, owner, mapping)
    _response(conv, op, owner, mapping, body, stream_for)
    if scalar(op.node.get("deprecated")) is True:
        mapping.set("deprecated", True)
    return mapping


def _parameters(conv: Converter, op: Selected, owner: str, votes: Votes, notes: list[str]) -> tuple[Mapping, Mapping]:
    merged: dict[tuple[str, str], tuple[MapNode, Position]] = {}
    for source in (op.item.get("parameters"), op.node.get("parameters")):
        for entry in items(source):
            parameter, error = conv.document.follow(entry, "parameter")
            name, where = string(entries(parameter).get("name")), string(entries(parameter).get("in"))
            if not isinstance(parameter, MapNode) or name is None or where is None:
                notes.append(conv.record.limit("reference" if error else "parameter", entry.position, error or "a parameter needs a `name` and an `in`"))
                continue
            merged[(name, where)] = (parameter, entry.position)  # the operation's own wins
    path_parameters, query_parameters = Mapping(), Mapping()
    for (wire, where), (parameter, position) in merged.items():
        own = parameter.entries
        shown = f"{where} parameter `{wire}` of {op.name}"
        if where not in ("path", "query") or "schema" not in own:
            what = f"{where} parameters are" if where not in ("path", "query") else "a parameter described by `content` is"
            notes.append(conv.record.limit("parameter", position, f"{shown}: {what} not in the spec format"))
            continue
        schema = own["schema"]
        name = wire
        if where == "query" and kind(conv.document, schema) == "array":
            style, explode = string(own.get("style")) or "form", scalar(own.get("explode"))
            if style != "form" or explode is False:
                notes.append(conv.record.limit("parameter", position, f"{shown}: an array sent as `style: {style}` without `explode` is not in the spec format, which sends each item as its own `name=value`"))
                continue
            if wire.endswith("[]"):
                name = wire[:-2]
                votes.brackets.append(position)
            else:
                votes.plain.append(position)
        if not naming.IDENTIFIER.match(name):
            notes.append(conv.record.limit("name", position, f"{shown} is not an identifier, and the format cannot rename a parameter"))
            continue
        ctx = Ctx(naming.pascal(op.name, name), f"{op.name}({where} {wire})", "parameter", owner)
        converted = conv.place(conv.schema(schema, ctx), ctx, schema)
        text = doc_text(own.get("description"))
        if text:
            converted.set("description", text)
        if where == "query" and scalar(own.get("required")) is True:
            converted.set("required", True)
        if scalar(own.get("deprecated")) is True:
            converted.set("deprecated", True)
        (path_parameters if where == "path" else query_parameters).set(name, converted, origin=position)
    placeholders = list(dict.fromkeys(PLACEHOLDER.findall(op.path)))
    for placeholder in placeholders:
        if placeholder not in path_parameters:
            note = conv.record.limit("undeclared", op.position, f"the path of {op.name} has `{{{placeholder}}}`, which no path parameter describes")
            path_parameters.set(placeholder, schema_map(type="string"), comments=[note])
    rank = {name: index for index, name in enumerate(placeholders)}
    path_parameters.entries.sort(key=lambda e: rank.get(e.key, len(rank)))
    return path_parameters, query_parameters


def _json(content: dict[str, Node]) -> str | None:
    return next((t for t in content if t.split(";")[0].strip() == "application/json" or t.split(";")[0].endswith("+json")), None)


def _body(conv: Converter, op: Selected, owner: str, mapping: Mapping) -> Node | None:
    """The request body's schema, written as `body`; None when there is none."""
    if "requestBody" not in op.node.entries:
        return None
    body, error = conv.document.follow(op.node.entries["requestBody"], "request body")
    at = key_position(op.node, "requestBody")
    if body is None:
        mapping.notes.append(conv.record.limit("reference", at, error))
        return None
    content = entries(entries(body).get("content"))
    chosen = _json(content)
    if chosen is None:
        if content:
            mapping.notes.append(conv.record.limit("content-type", at, f"the request body of {op.name} is {', '.join(content)}, not JSON"))
        return None
    schema = entries(content[chosen]).get("schema")
    found = core(conv.document, schema)
    if found.node is not None and kind(conv.document, found.node) == "object" and properties(conv.document, found.node):
        if found.component is not None and string(entries(schema).get("$ref")) is not None:
            name = conv.model_ref(found.component)  # past aliases: the format wants the object itself
        else:
            ctx = Ctx(naming.pascal(op.name) + naming.BODY, f"{op.name} body", "body", owner)
            converted = conv.place(conv.schema(schema, ctx), ctx, schema)
            ref = converted.get("$ref")
            if not isinstance(ref, str):  # what it could not convert is reported already
                mapping.notes.extend(converted.notes)
                return None
            name = ref
        comments = [] if scalar(entries(body).get("required")) is True else ["upstream: the body is optional; the client always sends one"]
        mapping.set("body", name, comments=comments)
        return schema
    mapping.notes.append(conv.record.limit("body", at, f"the request body of {op.name} is {kind(conv.document, schema)}, not an object with properties; the format makes the properties of a body keyword arguments"))
    return None


def _success(responses: MapNode) -> str | None:
    codes = sorted(code for code in responses.entries if re.fullmatch(r"2\d\d", code))
    return codes[0] if codes else "2XX" if "2XX" in responses.entries else None


def _response(conv: Converter, op: Selected, owner: str, mapping: Mapping, body: Node | None, stream_for: Callable[[str | None, Position], str | None]) -> None:
    responses = op.node.get("responses")
    code = _success(responses) if isinstance(responses, MapNode) else None
    name = naming.pascal(op.name) + naming.RESPONSE
    ctx = Ctx(name, f"{op.name} response", "response", owner)
    if code is None or not isinstance(responses, MapNode):
        note = conv.record.limit("operation", op.position, f"{op.name} declares no success (2xx) response")
        mapping.set("response", _stand_in(conv, ctx, op.node), comments=[note])
        return
    response, error = conv.document.follow(responses.entries[code], "response")
    at = key_position(responses, code)
    content = entries(entries(response).get("content")) if response is not None else {}
    if response is None:
        mapping.notes.append(conv.record.limit("reference", at, error))
    chosen = _json(content)
    events = content.get("text/event-stream")
    if chosen is not None:
        schema = entries(content[chosen]).get("schema")
        found = core(conv.document, schema)
        if found.component is not None and string(entries(schema).get("$ref")) is not None:
            mapping.set("response", conv.model_ref(found.component))
            conv.place(Out(schema_map(ref=found.component), found.nullable), ctx, schema)  # a null it cannot keep
        else:  # declared as a model (object, union or alias) named after the operation
            model = conv.claim(name)
            out = conv.schema(schema, Ctx(model, ctx.where, "model", owner))
            converted = conv.place(out, ctx, schema)
            mapping.set("response", conv.declare(model, converted, ctx, schema or op.node, "inline response"))
        _paginated(conv, op, mapping, schema)
    elif not content:
        mapping.set("response", None)  # answered without a body: `response: null`
    else:
        note = conv.record.limit("no-content", at, f"{op.name} responds {code} with {', '.join(content)}, no JSON body; the format decodes JSON or nothing")
        mapping.set("response", _stand_in(conv, ctx, op.node), comments=[note])
    flag = properties(conv.document, body).get("stream") if body is not None else None
    streams = flag is not None and kind(conv.document, flag) == "boolean"
    union = core(conv.document, entries(events).get("schema")).component if events is not None else None
    if streams:
        stream = stream_for(union, at)
        if stream is not None:
            mapping.set("stream", stream)
    elif events is not None:
        mapping.notes.append(conv.record.limit("stream-switch", at, f"{op.name} can respond with `text/event-stream`, but no boolean `stream` in its body switches that on (issue 12 item 1)"))


def _stand_in(conv: Converter, ctx: Ctx, node: Node) -> str:
    """An alias of `any` to name as the response where there is no JSON response."""
    name = conv.claim(ctx.name)
    conv.store(Model(name, "any", ctx.owner, node.position, [f"upstream: no JSON response for {ctx.where.removesuffix(' response')}"]))
    return name


def _paginated(conv: Converter, op: Selected, mapping: Mapping, schema: Node | None) -> None:
    """A cursor list: an `after` query parameter, and a response with `data`,
    `has_more` and `last_id` among its required properties."""
    query = mapping.get("query_parameters")
    if not (isinstance(query, Mapping) and "after" in query):
        return
    found = core(conv.document, schema).node
    fields = properties(conv.document, found)
    required = {string(r) for r in items(entries(found).get("required"))}
    expected = {"data": "array", "has_more": "boolean", "last_id": "string"}
    if all(name in fields and name in required and kind(conv.document, fields[name]) == want for name, want in expected.items()):
        mapping.set("paginated", True)


def event_stream_union(document: Document, op: Selected) -> str | None:
    """The union schema a `text/event-stream` success response names, if any."""
    responses = op.node.get("responses")
    code = _success(responses) if isinstance(responses, MapNode) else None
    if code is None or not isinstance(responses, MapNode):
        return None
    response, _ = document.follow(responses.entries[code], "response")
    events = entries(entries(entries(response).get("content")).get("text/event-stream")).get("schema")
    return core(document, events).component if events is not None else None
