"""Stage 2, operations and polls: method and path, parameters, body and response,
pagination, and the polls that repeat an operation until a field says it is done."""

from __future__ import annotations

import re

from ..read.load import ListNode, MapNode, Node, ScalarNode
from ..problems import Position, did_you_mean
from .no_body import check_response
from .references import check_polled_field
from .schemas import check_schema, enum_values, json_kind
from .streams import check_operation_stream
from .context import Declared, IDENTIFIER, METHODS, OPERATION_KEYS, OPERATION_REQUIRED, PLACEHOLDER, POLL_KEYS, POLL_REQUIRED, SNAKE_CASE, Validator, quoted_list, declared_names, ref_name, response_node, snake_example


def check_operation(v: Validator, name: str, declared: Declared) -> None:
    node = declared.node
    if not SNAKE_CASE.match(name):
        v.report(declared.position, f"operation name `{name}` must be snake_case, such as `{snake_example(name)}`")
    if not isinstance(node, MapNode):
        v.report(node.position, "an operation is a mapping: " + quoted_list(OPERATION_KEYS))
        return
    v.check_keys(node, OPERATION_KEYS, "operation")
    v.require_keys(node, OPERATION_REQUIRED, f"operation `{name}`")
    for key in ("summary", "description", "upstream"):
        v.string(node.get(key), f"`{key}`")
    for key in ("paginated", "deprecated"):
        v.boolean(node.get(key), f"`{key}`")
    method = v.string(node.get("method"), "`method`")
    if method is not None and method not in METHODS:
        v.report(node.entries["method"].position, f"`method` is one of {quoted_list(METHODS)}, not `{method}`{did_you_mean(method.upper(), METHODS)}")
    path = v.string(node.get("path"), "`path`")
    placeholders: list[str] = []
    if path is not None:
        if not path.startswith("/"):
            v.report(node.entries["path"].position, f"`path` starts with `/`: write `/{path}`")
        placeholders = PLACEHOLDER.findall(path)
    declared_path = check_parameters(v, node.get("path_parameters"), "path")
    check_parameters(v, node.get("query_parameters"), "query")
    path_node = node.get("path") or node
    for placeholder in sorted({p for p in placeholders if placeholders.count(p) > 1}):
        v.report(path_node.position, f"path placeholder `{{{placeholder}}}` appears more than once")
    for placeholder in dict.fromkeys(placeholders):
        if placeholder not in declared_path:
            v.report(path_node.position, f"path placeholder `{{{placeholder}}}` has no entry in `path_parameters`{did_you_mean(placeholder, declared_path)}")
    for parameter, position in declared_path.items():
        if parameter not in placeholders:
            v.report(position, f"path parameter `{parameter}` does not appear in the path `{path}`")
    in_path = list(dict.fromkeys(p for p in placeholders if p in declared_path))
    if [p for p in declared_path if p in placeholders] != in_path:
        v.report(path_node.position, "list `path_parameters` in the order they appear in the path")

    body_name = v.string(node.get("body"), "`body` (a model name)")
    body_model: MapNode | None = None
    if body_name is not None and v.model_name_exists(body_name, node.entries["body"].position, "body"):
        body_model = v.resolve_model(body_name)
        target = v.aliased(body_name)
        if target is not None:
            v.report(node.entries["body"].position, f"body `{body_name}` is an alias of `{target}`: write `body: {target}`")
            body_model = None
        elif body_model is None or "properties" not in body_model.entries:
            v.report(node.entries["body"].position, f"body `{body_name}` must be an object model with properties")
            body_model = None
    check_response(v, name, node)
    check_operation_stream(v, node, body_name, body_model)
    check_paginated(v, node)


def check_paginated(v: Validator, node: MapNode) -> None:
    """A paginated operation takes an `after` cursor and answers a list object with
    `data`, `has_more` and `last_id`, which the client's pages read."""
    flag = node.get("paginated")
    if not (isinstance(flag, ScalarNode) and flag.value is True):
        return
    query = node.get("query_parameters")
    if not (isinstance(query, MapNode) and "after" in query.entries):
        v.report(flag.position, "a paginated operation needs an `after` query parameter, the cursor of the next page")
    response = node.get("response")
    name = response.value if isinstance(response, ScalarNode) and isinstance(response.value, str) else None
    model = v.resolve_model(name) if name is not None else None
    properties = model.get("properties") if model is not None else None
    if model is None or not isinstance(properties, MapNode):
        if name is None or name in v.models:  # an undeclared name is reported already
            v.report(flag.position, "the response of a paginated operation must name an object model with `data`, `has_more` and `last_id`")
        return
    listed = model.get("required")
    required = {item.value for item in listed.items if isinstance(item, ScalarNode)} if isinstance(listed, ListNode) else set()
    for field, kind in (("data", "array"), ("has_more", "boolean"), ("last_id", "string")):
        prop = properties.get(field)
        if prop is None or field not in required or json_kind(v, prop) != kind:
            nullable = " (null allowed)" if field == "last_id" else ""
            v.report(flag.position, f"the response `{name}` of a paginated operation needs a required {kind} property `{field}`{nullable}")


def check_parameters(v: Validator, node: Node | None, location: str) -> dict[str, Position]:
    if node is None:
        return {}
    if not isinstance(node, MapNode):
        v.report(node.position, f"`{location}_parameters` maps parameter names to schemas")
        return {}
    for name, schema in node.entries.items():
        if not IDENTIFIER.match(name):
            hint = re.sub(r"\W", "", name) or "name"
            extra = " (array query parameters are sent as `name[]` by `api.query_arrays`)" if name.endswith("[]") else ""
            v.report(node.key_positions[name], f"parameter name `{name}` is not a valid identifier: write `{hint}`{extra}")
        check_schema(v, schema, "parameter", name)
        if location == "path" and isinstance(schema, MapNode) and "required" in schema.entries:
            v.report(schema.key_positions["required"], "path parameters are always required; remove `required`")
    return dict(node.key_positions)


def check_poll(v: Validator, name: str, declared: Declared) -> None:
    node = declared.node
    if not SNAKE_CASE.match(name):
        v.report(declared.position, f"poll name `{name}` must be snake_case, such as `{snake_example(name)}`")
    if not isinstance(node, MapNode):
        v.report(node.position, "a poll is a mapping: " + quoted_list(POLL_KEYS))
        return
    v.check_keys(node, POLL_KEYS, "poll")
    v.require_keys(node, POLL_REQUIRED, f"poll `{name}`")
    for key in ("description", "interval_header"):
        v.string(node.get(key), f"`{key}`")
    for clash in (f"poll_{name}",):
        if clash in v.operations:
            v.report(declared.position, f"poll `{name}` would add a method `{clash}`, which is already an operation")

    operation_name = v.string(node.get("operation"), "`operation` (an operation name)")
    operation = v.operations.get(operation_name or "")
    if operation_name is not None and operation is None:
        v.report(node.entries["operation"].position, f"operation `{operation_name}` is not declared{did_you_mean(operation_name, v.operations)}")
    response = response_model(v, operation.node) if operation is not None else None
    if operation is not None and response is None:
        v.report(node.entries["operation"].position, f"operation `{operation_name}` must respond with an object model to be polled")
    properties = response.get("properties") if response is not None else None
    fields = properties.entries if isinstance(properties, MapNode) else {}

    arguments = node.get("arguments")
    if arguments is not None and not isinstance(arguments, MapNode):
        v.report(arguments.position, "`arguments` maps each path parameter of the operation to a field of the polled object")
    elif arguments is not None and operation is not None and isinstance(operation.node, MapNode):
        path_parameters = operation.node.get("path_parameters")
        expected = list(path_parameters.entries) if isinstance(path_parameters, MapNode) else []
        for parameter, value in arguments.entries.items():
            position = arguments.key_positions[parameter]
            if parameter not in expected:
                v.report(position, f"`{parameter}` is not a path parameter of `{operation_name}`{did_you_mean(parameter, expected)}")
            check_polled_field(v, value, f"argument `{parameter}`", fields if response is not None else None)
        for parameter in expected:
            if parameter not in arguments.entries:
                v.report(node.key_positions["arguments"], f"`arguments` is missing `{parameter}`, a path parameter of `{operation_name}`")

    field_name = check_polled_field(v, node.get("field"), "`field`", fields if response is not None else None)
    allowed = enum_values(v, fields.get(field_name or ""))
    for final, position in declared_names(node.get("until"), "`until`", v.report):
        if allowed is not None and final not in allowed:
            v.report(position, f"`{final}` is not a value of `{field_name}`{did_you_mean(final, allowed)}")
    for starter, position in declared_names(node.get("after"), "`after`", v.report):
        if starter not in v.operations:
            v.report(position, f"operation `{starter}` is not declared{did_you_mean(starter, v.operations)}")
        elif operation is not None and ref_name(response_node(v.operations[starter].node)) != ref_name(response_node(operation.node)):
            v.report(position, f"`{starter}` does not return what `{operation_name}` returns, so its result cannot be polled")
        elif f"{starter}_and_poll" in v.operations:
            v.report(position, f"`{starter}_and_poll` is already an operation")


def response_model(v: Validator, operation: Node) -> MapNode | None:
    """The object model an operation responds with, if it responds with one."""
    name = ref_name(response_node(operation))
    model = v.resolve_model(name) if name else None
    return model if model is not None and "properties" in model.entries else None
