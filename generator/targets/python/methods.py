"""The generated client's methods: their arguments (`call_arguments`, each named clear of
what the method itself uses), request paths, event classes and page items."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ... import ir
from ...naming import pascal
from .names import literal, py_name, type_hint
from .params import param_hint


@dataclass(frozen=True)
class Argument:
    """One argument of a generated client method."""

    name: str
    """The name in the JSON body, the query string or the path."""
    py_name: str
    """The argument's name in Python: `name` through `py_name`."""
    hint: str
    """The annotation (see `param_hint`), with `| None` and `| Unset` as they apply."""
    required: bool
    """The caller must pass it; optional arguments default to `UNSET` and are not sent."""
    location: str
    """Where it is sent: `path`, `query` or `body`."""
    description: str
    """From the spec."""


CLIENT_METHOD_NAMES = frozenset(
    {
        # the client methods' own parameters and locals
        "self", "extra_headers", "extra_query", "extra_body", "timeout", "poll_interval", "event_handler",
        "spec", "decode", "next_page", "started",
        # module names their bodies call
        "RequestSpec", "path_parameter", "functools", "models", "events", "SyncPage", "AsyncPage",
    }
)  # fmt: skip


def argument_name(name: str) -> str:
    """A path, query or body parameter's name as a client method argument: `py_name`,
    plus a `_` for names the method itself uses (`timeout` -> `timeout_`)."""
    python = py_name(name)
    return python + "_" if python.rstrip("_") in CLIENT_METHOD_NAMES else python


def call_arguments(api: ir.Api, operation: ir.Operation) -> list[Argument]:
    """A client method's arguments as `Argument`s: path parameters (positional), then
    the body's fields and the query parameters as keywords, required ones first.

    The flag that asks for a stream (the body's `stream` property, or the `stream`
    query parameter) is not an argument: streaming has methods of its own. Names
    go through `argument_name`, not `py_identifier`: they are the method's public
    keywords and mirror the JSON (`input=`, `type=`), and a parameter shadowing a builtin
    is harmless in method bodies that call no builtins.
    """
    def argument(item: ir.Field | ir.Parameter, location: str) -> Argument:
        hint = param_hint(api, item.type) + (" | None" if item.nullable else "") + ("" if item.required else " | Unset")
        return Argument(item.name, argument_name(item.name), hint, item.required, location, item.description)

    body = operation.body.fields if operation.body else ()
    flag = operation.stream_by if operation.stream else None
    keywords = [argument(f, "body") for f in body if not (flag == "body" and f.name == "stream")]
    keywords += [argument(p, "query") for p in operation.query_parameters if not (flag == "query" and p.name == "stream")]
    return [argument(p, "path") for p in operation.path_parameters] + sorted(keywords, key=lambda a: not a.required)


def event_class(event: ir.Event) -> str:
    """The class of a typed event: `thread.run.created` -> `ThreadRunCreatedEvent`."""
    return pascal(event.name) + "Event"


def path_expression(operation: ir.Operation) -> str:
    """The request path as a Python f-string with each parameter escaped."""
    pieces = re.split(r"\{([^{}]*)\}", operation.path)
    out = []
    for index, piece in enumerate(pieces):
        if index % 2:
            out.append(f"{{path_parameter({argument_name(piece)}, '{piece}')}}")  # placeholders are identifiers
        else:
            escaped = literal(piece)[1:-1]
            out.append(escaped.replace("{", "{{").replace("}", "}}"))
    prefix = "f" if len(pieces) > 1 else ""
    return prefix + '"' + "".join(out) + '"'


def page_item_hint(api: ir.Api, operation: ir.Operation) -> str:
    """The item type of a paginated operation's `data` list."""
    response = operation.response
    assert isinstance(response, ir.ModelRef)
    model = api.model(response.name)
    assert isinstance(model, ir.ObjectModel)
    data = next(f for f in model.fields if f.name == "data")
    assert isinstance(data.type, ir.ListOf)
    return "models." + type_hint(data.type.item)


FILTERS = {
    "path_expression": path_expression,
    "event_class": event_class,
}
GLOBALS = {
    "call_arguments": call_arguments,
    "page_item_hint": page_item_hint,
}
