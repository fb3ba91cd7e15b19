"""Every string-valued position of the spec format, for tests/test_spec_text.py.

`probe_spec()` is a small valid spec that uses every construct docs/spec-format.md
documents. `TEXT` lists the positions that hold free text (descriptions, values, paths):
each plants a string there and says how to find it, unchanged, in the generated package.
`NAMES` lists the positions that hold a name, which the validator must refuse unless it is
one. `NOT_TEXT` lists the keys whose values are not strings. Between them they must cover
every key the format documents (tests/test_spec_text.py checks).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Spec = dict[str, Any]

# the path text, base URL and header values of the probe: what HTTP carries as written
PATH_CHARACTERS = re.compile(r"[^\x21-\x7e]|[?#{}]")


def path_text(text: str) -> str:
    return PATH_CHARACTERS.sub("", text) or "x"


def header_text(text: str) -> str:
    return re.sub(r"[^\x20-\x7e]", "", text).strip() or "x"


def probe_spec() -> Spec:
    return {
        "api": {
            "name": "probe",
            "title": "Probe",
            "version": "1",
            "description": "The probe.",
            "base_url": "https://example.invalid/v1",
            "headers": {"X-Probe": "v"},
            "query_arrays": "repeat",
            "environment": {"api_key": "PROBE_API_KEY", "base_url": "PROBE_BASE_URL", "log": "PROBE_LOG"},
            "client_headers": {"tenant": {"header": "X-Tenant", "environment": "PROBE_TENANT", "description": "The tenant."}},
            "auth": {"header": "X-Probe-Key", "scheme": "Token"},
            "request_id_header": "X-Probe-Request",
        },
        "models": {
            "Item": {
                "type": "object",
                "description": "An item.",
                "title": "Item",
                "upstream": "ItemObject",
                "required": ["id", "kind", "tag", "status"],
                "properties": {
                    "id": {"type": "string", "description": "The id.", "format": "id", "default": "i", "title": "Id"},
                    "kind": {"$ref": "Kind"},
                    "tag": {"const": "item"},
                    "status": {"type": "string", "enum": ["running", "done"], "description": "The state."},
                    "pet": "Pet",
                    "feeding": "Feeding",
                    "labels": "Labels",
                    "note": {"type": "string", "nullable": True, "deprecated": True},
                    "sizes": {"type": "array", "items": "integer", "minItems": 0, "maxItems": 4},
                    "weight": {"type": "number", "minimum": 0, "maximum": 9},
                    "box": {"type": "object", "description": "A box.", "properties": {"size": "integer"}},
                },
                "computed": {"label": {"helper": "ProbeLabel", "description": "The label."}},  # tests/fixtures/computed_style
            },
            "Kind": {"type": "string", "enum": ["alpha", "beta"], "description": "Kinds."},
            "Cat": {"type": "object", "required": ["type"], "properties": {"type": {"const": "cat"}, "lives": "integer"}},
            "Dog": {"type": "object", "required": ["type"], "properties": {"type": {"const": "dog"}}},
            "Pet": {"oneOf": ["Cat", "Dog"], "discriminator": "type", "description": "A pet."},
            "Feeding": {"oneOf": [{"type": "string", "minLength": 1, "maxLength": 9}, "Cat"], "description": "Either."},
            "Plain": {"type": "object", "properties": {"note": "string"}},
            "Choice": {"anyOf": ["Cat", "Dog", "Plain"], "discriminator": {"property": ["type"], "default": "Plain"}, "description": "A choice."},
            "Composed": {"allOf": ["Cat", {"type": "object", "properties": {"extra": "string"}}], "description": "Composed."},
            "Labels": {
                "type": "object",
                "additionalProperties": "string",
                "maxProperties": 4,
                "propertyNames": {"maxLength": 8},
                "description": "A map.",
            },
            "Thing": {"$ref": "Item", "description": "An alias."},
            "ItemList": {
                "type": "object",
                "required": ["data", "has_more", "last_id"],
                "properties": {"data": {"type": "array", "items": "Item"}, "has_more": "boolean", "last_id": {"type": "string", "nullable": True}},
            },
            "CreateItem": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"name": {"type": "string", "description": "Its name."}, "stream": "boolean"},
            },
            "Failure": {"type": "object", "required": ["message"], "properties": {"message": "string"}},
        },
        "operations": {
            "get_item": {
                "method": "GET",
                "path": "/items/{item_id}/x",
                "summary": "Get an item.",
                "description": "More.",
                "upstream": "getItem",
                "path_parameters": {"item_id": {"type": "string", "description": "Which."}},
                "query_parameters": {
                    "include": {"type": "array", "items": "string", "description": "Extra.", "default": "none", "required": False}
                },
                "response": "Item",
            },
            "list_items": {
                "method": "GET",
                "path": "/list",
                "summary": "List items.",
                "query_parameters": {"after": "string"},
                "response": "ItemList",
                "paginated": True,
            },
            "create_item": {
                "method": "POST",
                "path": "/items",
                "summary": "Create an item.",
                "body": "CreateItem",
                "response": "Item",
                "stream": "ItemStream",
                "deprecated": True,
            },
        },
        "streams": {
            "ItemStream": {
                "description": "Item events.",
                "terminator": "done",
                "error_event": "error",
                "events": {
                    "item.created": {"data": "Item", "description": "Created."},
                    "error": {"data": "Failure"},
                    "done": {"data": {"const": "[DONE]"}},
                },
            }
        },
        "polls": {
            "item": {
                "description": "Wait for an item.",
                "operation": "get_item",
                "arguments": {"item_id": "id"},
                "field": "status",
                "until": ["done"],
                "interval_header": "x-poll-after-ms",
                "after": ["create_item"],
            }
        },
    }


@dataclass(frozen=True)
class Text:
    """A position that holds free text: `plant` puts a string there (fitted by `fit`
    where the position holds only some characters), `found` lists where the generated
    package must hold it unchanged (see tests/test_spec_text.py for the places)."""

    key: tuple[str, str]  # (context, key) as documented
    plant: Callable[[Spec, str], None]
    found: tuple[str, ...]
    fit: Callable[[str], str] = lambda text: text


@dataclass(frozen=True)
class Name:
    """A position that holds a name: anything else must be refused, positioned."""

    key: tuple[str, str]
    plant: Callable[[Spec, str], None]


def _set(*path: str) -> Callable[[Spec, str], None]:
    def plant(spec: Spec, text: str) -> None:
        node = spec
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = text

    return plant


def _rename(*path: str) -> Callable[[Spec, str], None]:
    """Give the last key of `path` the name `text`, keeping its place and value."""

    def plant(spec: Spec, text: str) -> None:
        node = spec
        for key in path[:-1]:
            node = node[key]
        items = [(text if key == path[-1] else key, value) for key, value in node.items()]
        node.clear()
        node.update(items)

    return plant


# an enum value planted next to others starts with this, so that its member name
# (made of its letters and digits) cannot be one of theirs
ENUM_PREFIX = "planted "


def _until(spec: Spec, text: str) -> None:
    spec["models"]["Item"]["properties"]["status"]["enum"].append(ENUM_PREFIX + text)
    spec["polls"]["item"]["until"] = [ENUM_PREFIX + text]


def _enum_value(spec: Spec, text: str) -> None:
    spec["models"]["Kind"]["enum"].append(ENUM_PREFIX + text)


def _headers(spec: Spec, text: str) -> None:
    spec["api"]["headers"]["X-Probe"] = text


ITEM = ("models", "Item")
ITEM_ID = (*ITEM, "properties", "id")
GET = ("operations", "get_item")
STREAM = ("streams", "ItemStream")
POLL = ("polls", "item")

TEXT = [
    Text(("api", "title"), _set("api", "title"), ("doc:models", "doc:Client")),
    Text(("api", "version"), _set("api", "version"), ("constant:API_VERSION",), header_text),  # in the User-Agent
    Text(("api", "description"), _set("api", "description"), ("openapi",)),
    Text(("api", "base_url"), lambda s, t: _set("api", "base_url")(s, "https://example.invalid/" + t), ("constant:DEFAULT_BASE_URL",), path_text),
    Text(("api", "headers"), _headers, ("header:X-Probe",), header_text),
    Text(("client_header", "description"), _set("api", "client_headers", "tenant", "description"), ("doc:Client.tenant",)),
    Text(("schema", "description"), _set(*ITEM, "description"), ("doc:models.Item",)),
    Text(("schema", "description"), _set("models", "Kind", "description"), ("doc:models.Kind",)),  # enums: a template of their own
    Text(("schema", "description"), _set(*ITEM, "properties", "box", "description"), ("doc:models.ItemBox",)),  # an inline object
    Text(("property", "description"), _set(*ITEM_ID, "description"), ("attribute-doc:Item.id",)),
    Text(("schema", "enum"), _enum_value, ("enum:Kind",)),
    Text(("schema", "const"), _set(*ITEM, "properties", "tag", "const"), ("const:Item.tag",)),
    Text(("schema", "default"), _set(*ITEM_ID, "default"), ("openapi",)),
    Text(("schema", "format"), _set(*ITEM_ID, "format"), ("openapi",)),
    Text(("schema", "title"), _set(*ITEM_ID, "title"), ()),  # documentation for people: not exported
    Text(("model", "upstream"), _set(*ITEM, "upstream"), ()),  # traceability only
    Text(("computed", "description"), _set(*ITEM, "computed", "label", "description"), ("doc:models.Item.label",)),
    Text(("operation", "summary"), _set(*GET, "summary"), ("doc:Client.get_item",)),
    Text(("operation", "description"), _set(*GET, "description"), ("doc:Client.get_item",)),
    Text(("operation", "path"), lambda s, t: _set(*GET, "path")(s, "/items/{item_id}/" + t), ("path:get_item", "doc:Client.get_item"), path_text),
    Text(("operation", "upstream"), _set(*GET, "upstream"), ("openapi",)),
    Text(("parameter", "description"), _set(*GET, "path_parameters", "item_id", "description"), ("doc:Client.get_item",)),
    Text(("parameter", "default"), _set(*GET, "query_parameters", "include", "default"), ("openapi",)),
    Text(("stream", "description"), _set(*STREAM, "description"), ("doc:events.ItemStreamEvent",)),
    Text(("stream", "upstream"), _set(*STREAM, "upstream"), ()),  # traceability only
    Text(("event", "description"), _set(*STREAM, "events", "item.created", "description"), ("doc:events.ItemCreatedEvent",)),
    Text(("event", "data"), _set(*STREAM, "events", "done", "data", "const"), ("openapi",)),
    Text(("poll", "description"), _set(*POLL, "description"), ("doc:Client.poll_item",)),
    Text(("poll", "until"), _until, ("poll-until",)),
]

NAMES = [
    Name(("api", "name"), _set("api", "name")),
    Name(("api", "query_arrays"), _set("api", "query_arrays")),
    Name(("header", "name"), _rename("api", "headers", "X-Probe")),
    Name(("environment", "api_key"), _set("api", "environment", "api_key")),
    Name(("environment", "base_url"), _set("api", "environment", "base_url")),
    Name(("environment", "log"), _set("api", "environment", "log")),
    Name(("client_headers", "name"), _rename("api", "client_headers", "tenant")),
    Name(("client_header", "header"), _set("api", "client_headers", "tenant", "header")),
    Name(("client_header", "environment"), _set("api", "client_headers", "tenant", "environment")),
    Name(("api", "auth"), _set("api", "auth")),
    Name(("auth", "header"), _set("api", "auth", "header")),
    Name(("auth", "scheme"), _set("api", "auth", "scheme")),
    Name(("api", "request_id_header"), _set("api", "request_id_header")),
    Name(("models", "name"), _rename("models", "Kind")),
    Name(("schema", "type"), _set(*ITEM_ID, "type")),
    Name(("schema", "$ref"), _set(*ITEM, "properties", "kind", "$ref")),
    Name(("schema", "properties"), _rename(*ITEM, "properties", "id")),
    Name(("schema", "required"), lambda s, t: s["models"]["Item"]["required"].append(t)),
    Name(("schema", "oneOf"), lambda s, t: s["models"]["Pet"]["oneOf"].append(t)),
    Name(("schema", "discriminator"), _set("models", "Pet", "discriminator")),
    Name(("schema", "anyOf"), lambda s, t: s["models"]["Choice"]["anyOf"].append(t)),
    Name(("schema", "allOf"), lambda s, t: s["models"]["Composed"]["allOf"].append(t)),
    Name(("discriminator", "property"), _set("models", "Choice", "discriminator", "property")),
    Name(("discriminator", "default"), _set("models", "Choice", "discriminator", "default")),
    Name(("schema", "items"), _set(*ITEM, "properties", "sizes", "items")),
    Name(("model", "computed"), _rename(*ITEM, "computed", "label")),
    Name(("computed", "helper"), _set(*ITEM, "computed", "label", "helper")),
    Name(("schema", "additionalProperties"), _set("models", "Labels", "additionalProperties")),
    Name(("operations", "name"), _rename("operations", "get_item")),
    Name(("operation", "method"), _set(*GET, "method")),
    Name(("operation", "path_parameters"), _rename(*GET, "path_parameters", "item_id")),
    Name(("operation", "query_parameters"), _rename(*GET, "query_parameters", "include")),
    Name(("operation", "body"), _set("operations", "create_item", "body")),
    Name(("operation", "response"), _set(*GET, "response")),
    Name(("operation", "stream"), _set("operations", "create_item", "stream")),
    Name(("stream_start", "events"), lambda s, t: _set("operations", "create_item", "stream")(s, {"events": t})),  # type: ignore[arg-type]
    Name(("stream_start", "by"), lambda s, t: _set("operations", "create_item", "stream")(s, {"events": "ItemStream", "by": t})),  # type: ignore[arg-type]
    Name(("streams", "name"), _rename("streams", "ItemStream")),
    Name(("stream", "terminator"), _set(*STREAM, "terminator")),
    Name(("stream", "error_event"), _set(*STREAM, "error_event")),
    Name(("stream", "terminal_events"), lambda s, t: _set(*STREAM, "terminal_events")(s, [t])),  # type: ignore[arg-type]
    Name(("stream", "dispatch"), _set(*STREAM, "dispatch")),
    Name(("stream", "helpers"), _set(*STREAM, "helpers")),
    Name(("stream", "events"), _rename(*STREAM, "events", "item.created")),
    Name(("event", "data"), _set(*STREAM, "events", "item.created", "data")),
    Name(("polls", "name"), _rename("polls", "item")),
    Name(("poll", "operation"), _set(*POLL, "operation")),
    Name(("poll", "arguments"), _set(*POLL, "arguments", "item_id")),
    Name(("poll", "argument"), _rename(*POLL, "arguments", "item_id")),
    Name(("poll", "field"), _set(*POLL, "field")),
    Name(("poll", "interval_header"), _set(*POLL, "interval_header")),
    Name(("poll", "after"), lambda s, t: _set(*POLL, "after")(s, [t])),  # type: ignore[arg-type]
]

# keys whose values are not strings (numbers, booleans, lists and mappings of other
# positions), so no text can be planted in them as such
NOT_TEXT = {
    ("schema", key)
    for key in (
        "nullable", "deprecated", "minimum", "maximum", "minLength", "maxLength", "minItems", "maxItems",
        "maxProperties", "propertyNames", "required",
    )
} | {("operation", "paginated"), ("operation", "deprecated"), ("parameter", "required"), ("operation", "path_parameters"), ("operation", "query_parameters"), ("poll", "arguments"), ("api", "headers"), ("stream", "events"), ("schema", "computed")} | {("api", "environment"), ("api", "client_headers")}  # fmt: skip
