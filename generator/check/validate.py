"""Stage 2: check the loaded spec against the format in docs/spec-format.md.

The validator walks every file once and collects every problem it finds; it never stops
at the first one. Whatever it accepts, the IR builder can translate without checks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable, Iterable

from ..read.load import ListNode, MapNode, Node, ScalarNode, SpecFile
from ..naming import member_name
from ..problems import Position, Problem, SpecError, did_you_mean
from ..targets.python.reserved import MODELS_MODULE_NAMES
from .api import check_api_settings
from .client import check_client_options
from .computed import check_computed
from .names import check_names
from .no_body import check_response
from .namespaces import check_namespaces
from .compose import compose
from .references import check_polled_field
from .streams import check_operation_stream, check_stream
from .unions import check_union
from .wire import check_wire

SECTIONS = ("api", "models", "operations", "streams", "polls")
API_KEYS = (
    "name", "title", "version", "base_url", "headers", "query_arrays", "description", "environment", "client_headers",
    "auth", "request_id_header",
)  # fmt: skip
API_REQUIRED = ("name", "base_url")
QUERY_ARRAY_STYLES = ("brackets", "repeat")
PRIMITIVES = ("string", "integer", "number", "boolean", "any")
TYPES = ("string", "integer", "number", "boolean", "array", "object")
SCHEMA_KEYS = (
    "type", "$ref", "nullable", "description", "enum", "const", "default", "format",
    "minimum", "maximum", "minLength", "maxLength", "items", "minItems", "maxItems",
    "properties", "required", "additionalProperties", "maxProperties", "propertyNames",
    "oneOf", "anyOf", "allOf", "discriminator", "deprecated", "title",
)  # fmt: skip
UNION_KEYS = ("oneOf", "anyOf")
MODEL_ONLY_KEYS = ("upstream", "computed")
PARAMETER_KEYS = SCHEMA_KEYS  # with `required: true|false` instead of a list of names
OPERATION_KEYS = (
    "method", "path", "summary", "description", "upstream", "path_parameters",
    "query_parameters", "body", "response", "stream", "paginated", "deprecated",
)  # fmt: skip
OPERATION_REQUIRED = ("method", "path", "summary")  # and `response`: validate_no_body
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
POLL_KEYS = ("description", "operation", "arguments", "field", "until", "interval_header", "after")
POLL_REQUIRED = ("operation", "arguments", "field", "until")
INT_KEYS = ("minLength", "maxLength", "minItems", "maxItems", "maxProperties")

IDENTIFIER = re.compile(r"\A[A-Za-z_][A-Za-z0-9_]*\Z")  # \Z: `$` would accept a final newline
PASCAL_CASE = re.compile(r"\A[A-Z][A-Za-z0-9]*\Z")
SNAKE_CASE = re.compile(r"\A[a-z_][a-z0-9_]*\Z")
PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


@dataclass(frozen=True)
class Declared:
    node: Node
    position: Position  # of the name


@dataclass
class Validator:
    files: list[SpecFile]
    problems: list[Problem] = field(default_factory=list)
    models: dict[str, Declared] = field(default_factory=dict)
    streams: dict[str, Declared] = field(default_factory=dict)
    operations: dict[str, Declared] = field(default_factory=dict)
    polls: dict[str, Declared] = field(default_factory=dict)
    client_options: dict[str, Position] = field(default_factory=dict)
    """The names of `api.client_headers`: client attributes, which operations may not take."""

    def report(self, position: Position, message: str) -> None:
        self.problems.append(Problem(position, message))

    # -- the whole spec -------------------------------------------------------------

    def run(self) -> None:
        api_at: list[Position] = []
        for spec_file in self.files:
            self.problems.extend(spec_file.problems)
            root = spec_file.root
            if not isinstance(root, MapNode):
                self.report(root.position, f"a spec file is a mapping with sections {_list(SECTIONS)}")
                continue
            self.check_keys(root, SECTIONS, "section")
            for section in ("models", "operations", "streams", "polls"):
                node = root.get(section)
                if node is None:
                    continue
                if not isinstance(node, MapNode):
                    self.report(node.position, f"`{section}` is a mapping of names to definitions")
                    continue
                table = getattr(self, section)
                for name, definition in node.entries.items():
                    position = node.key_positions[name]
                    if name in table:
                        first = table[name].position
                        self.report(
                            position,
                            f"duplicate {section[:-1]} name `{name}` (first declared at {first})",
                        )
                        continue
                    table[name] = Declared(definition, position)
            if "api" in root.entries:
                api_at.append(root.key_positions["api"])
                self.check_api(root.entries["api"])
        if not api_at:
            first = self.files[0]
            self.report(Position(first.path, 1, 1), "no `api` section: declare one in exactly one file")
        for extra in api_at[1:]:
            self.report(extra, f"second `api` section (the first is at {api_at[0]}); keep exactly one")

        for name, declared in self.models.items():
            self.check_model(name, declared)
        for name, declared in self.operations.items():
            self.check_operation(name, declared)
        for name, declared in self.streams.items():
            check_stream(self, name, declared)
        for name, declared in self.polls.items():
            self.check_poll(name, declared)
        self.check_alias_cycles()
        check_names(self)
        check_namespaces(self)
        check_wire(self)

    # -- helpers --------------------------------------------------------------------

    def check_keys(self, node: MapNode, allowed: Iterable[str], what: str) -> None:
        allowed = tuple(allowed)
        for key, position in node.key_positions.items():
            if key not in allowed:
                self.report(position, f"unknown {what} key `{key}`{did_you_mean(key, allowed)}")

    def require_keys(self, node: MapNode, keys: Iterable[str], what: str) -> None:
        for key in keys:
            if key not in node.entries:
                self.report(node.position, f"{what} is missing `{key}`")

    def string(self, node: Node | None, what: str) -> str | None:
        if node is None:
            return None
        if isinstance(node, ScalarNode) and isinstance(node.value, str):
            return node.value
        self.report(node.position, f"{what} must be a string")
        return None

    def boolean(self, node: Node | None, what: str) -> None:
        if node is not None and not (isinstance(node, ScalarNode) and isinstance(node.value, bool)):
            self.report(node.position, f"{what} must be `true` or `false`")

    def model_name_exists(self, name: str, position: Position, what: str) -> bool:
        if name in self.models:
            return True
        self.report(position, f"{what} `{name}` is not a declared model{did_you_mean(name, self.models)}")
        return False

    def aliased(self, name: str) -> str | None:
        """The model `name` is an alias of (`Kitten: Cat` or `{$ref: Cat}`), if it is one."""
        declared = self.models.get(name)
        if declared is None:
            return None
        node = declared.node
        if isinstance(node, MapNode):
            if set(node.entries) - {"$ref", "description", "upstream", "deprecated", "title"}:
                return None
            node = node.entries.get("$ref") or node
        target = node.value if isinstance(node, ScalarNode) else None
        return target if isinstance(target, str) and target in self.models else None

    def resolve_model(self, name: str) -> MapNode | None:
        """The definition behind `name`, following aliases; None for a cycle or a primitive."""
        seen = {name}
        while (target := self.aliased(name)) is not None:
            if target in seen:
                return None
            seen.add(target)
            name = target
        declared = self.models.get(name)
        return declared.node if declared is not None and isinstance(declared.node, MapNode) else None

    def check_alias_cycles(self) -> None:
        reported: set[frozenset[str]] = set()
        for name, declared in self.models.items():
            chain = [name]
            while (target := self.aliased(chain[-1])) is not None and target not in chain:
                chain.append(target)
            if target is None or target != name:
                continue
            cycle = frozenset(chain)
            if cycle not in reported:
                reported.add(cycle)
                path = " -> ".join(f"`{n}`" for n in [*chain, name])
                self.report(declared.position, f"model `{name}` is an alias of itself: {path}")

    # -- api ------------------------------------------------------------------------

    def check_api(self, node: Node) -> None:
        if not isinstance(node, MapNode):
            self.report(node.position, "`api` is a mapping: " + _list(API_KEYS))
            return
        self.check_keys(node, API_KEYS, "api")
        self.require_keys(node, API_REQUIRED, "`api`")
        check_api_settings(self, node)
        for key in ("title", "version", "base_url", "description"):
            self.string(node.get(key), f"`api.{key}`")
        headers = node.get("headers")
        if headers is not None:
            if not isinstance(headers, MapNode):
                self.report(headers.position, "`api.headers` maps header names to string values")
            else:
                for key, value in headers.entries.items():
                    self.string(value, f"header `{key}`")
        self.client_options = check_client_options(self, node)
        style = self.string(node.get("query_arrays"), "`api.query_arrays`")
        if style is not None and style not in QUERY_ARRAY_STYLES:
            self.report(
                node.entries["query_arrays"].position,
                f"`query_arrays` is one of {_list(QUERY_ARRAY_STYLES)}, not `{style}`{did_you_mean(style, QUERY_ARRAY_STYLES)}",
            )

    # -- models and schemas ---------------------------------------------------------

    def check_model(self, name: str, declared: Declared) -> None:
        if not PASCAL_CASE.match(name):
            self.report(declared.position, f"model name `{name}` must be PascalCase, such as `{_pascal(name)}`")
        elif name in MODELS_MODULE_NAMES:
            self.report(declared.position, f"model name `{name}` is taken by the generated Python models module; choose another, such as `{name}Object`")
        node = declared.node
        self.check_schema(node, context="model", owner=name)
        if isinstance(node, MapNode) and any(key in node.entries for key in UNION_KEYS):
            check_union(self, name, node)
        if isinstance(node, MapNode) and "computed" in node.entries:
            check_computed(self, name, node)

    def check_schema(self, node: Node, context: str, owner: str) -> None:
        """Check one schema. `context` is model, property, parameter, items, values or variant."""
        if isinstance(node, ScalarNode):
            if not isinstance(node.value, str):
                self.report(node.position, "a schema is a type name or a mapping of schema keywords")
            elif node.value not in PRIMITIVES:
                self.model_name_exists(node.value, node.position, "type")
            return
        if isinstance(node, ListNode):
            self.report(node.position, "a schema is a type name or a mapping, not a list (for a union use `oneOf`)")
            return

        allowed = SCHEMA_KEYS + (MODEL_ONLY_KEYS if context == "model" else ())
        if context == "parameter":
            allowed = PARAMETER_KEYS
        self.check_keys(node, allowed, "schema")
        entries = node.entries

        for key in ("description", "format", "title", "upstream"):
            self.string(entries.get(key), f"`{key}`")
        for key in ("nullable", "deprecated"):
            self.boolean(entries.get(key), f"`{key}`")
        if context in ("items", "values", "variant", "model") and "nullable" in entries:
            self.report(entries["nullable"].position, "`nullable` belongs on a property or parameter that uses this type")
        for key in INT_KEYS:
            value = entries.get(key)
            if value is not None and not (isinstance(value, ScalarNode) and type(value.value) is int and value.value >= 0):
                self.report(value.position, f"`{key}` must be a non-negative integer")
        for key in ("minimum", "maximum"):
            value = entries.get(key)
            if value is not None and not (
                isinstance(value, ScalarNode) and type(value.value) in (int, float)
            ):
                self.report(value.position, f"`{key}` must be a number")

        declared_type = self.string(entries.get("type"), "`type`")
        if declared_type is not None and declared_type not in TYPES:
            self.report(entries["type"].position, f"unknown type `{declared_type}`; use one of {_list(TYPES)}{did_you_mean(declared_type, TYPES)}")

        if "$ref" in entries:
            ref = self.string(entries["$ref"], "`$ref`")
            if ref is not None:
                if ref.startswith("#/"):
                    hint = ref.rsplit("/", 1)[-1]
                    self.report(entries["$ref"].position, f"`$ref` takes a model name, not a JSON pointer: write `$ref: {hint}`")
                else:
                    self.model_name_exists(ref, entries["$ref"].position, "`$ref`")
            for key in ("type", "properties", "items", "enum", "oneOf", "anyOf", "allOf", "const"):
                if key in entries:
                    self.report(node.key_positions[key], f"`{key}` cannot be combined with `$ref`; describe it in the referenced model")

        if "enum" in entries:
            self.check_enum(entries["enum"], declared_type, node)
        if "const" in entries and not isinstance(entries["const"], ScalarNode):
            self.report(entries["const"].position, "`const` must be a single value")

        if "properties" in entries:
            if context != "model":
                self.report(
                    node.key_positions["properties"],
                    "objects with properties are declared as models: move this object under `models` and reference it by name",
                )
            self.check_properties(node, owner)
        elif "required" in entries and context != "parameter":
            self.report(node.key_positions["required"], "`required` lists names from `properties`, which this schema does not have")
        if context == "parameter" and "required" in entries:
            self.boolean(entries["required"], "a parameter's `required`")

        if declared_type == "array" and "items" not in entries:
            self.report(node.position, "an array needs `items`")
        if "items" in entries:
            if declared_type not in (None, "array"):
                self.report(node.key_positions["items"], f"`items` only applies to arrays, not `{declared_type}`")
            self.check_schema(entries["items"], "items", owner)

        extra = entries.get("additionalProperties")
        if extra is not None:
            if not (isinstance(extra, ScalarNode) and isinstance(extra.value, bool)):
                self.check_schema(extra, "values", owner)
        names = entries.get("propertyNames")
        if names is not None:
            if not isinstance(names, MapNode):
                self.report(names.position, "`propertyNames` takes a mapping such as `{maxLength: 64}`")
            else:
                self.check_keys(names, ("maxLength",), "propertyNames")

        for key in UNION_KEYS:
            variants = entries.get(key)
            if variants is None:
                continue
            if not isinstance(variants, ListNode) or len(variants.items) < 2:
                self.report(variants.position, f"`{key}` is a list of at least two schemas")
            else:
                for variant in variants.items:
                    self.check_schema(variant, "variant", owner)
            if context != "model":
                self.report(node.key_positions[key], f"unions are declared as models: move this `{key}` under `models` and reference it by name")
        if all(key in entries for key in UNION_KEYS):
            self.report(node.key_positions["anyOf"], "a union is either a `oneOf` or an `anyOf`: list every variant under one of them")
        if "allOf" in entries:  # compose.py merges it wherever an object may stand
            self.report(node.key_positions["allOf"], "`allOf` composes an object, which cannot stand here: declare it as a model and name it")
        if "discriminator" in entries and not any(key in entries for key in UNION_KEYS):
            self.report(node.key_positions["discriminator"], "`discriminator` only applies to a `oneOf` or an `anyOf`")

        if context == "model" and not _describes_a_type(entries):
            self.report(node.position, "a model needs `type`, `oneOf`, `anyOf`, `allOf` or `$ref`")

    def check_enum(self, node: Node, declared_type: str | None, owner: MapNode) -> None:
        if not isinstance(node, ListNode) or not node.items:
            self.report(node.position, "`enum` is a non-empty list of strings")
            return
        if declared_type not in (None, "string"):
            self.report(owner.key_positions["enum"], f"enums hold strings; `type: {declared_type}` cannot have `enum`")
        seen: dict[str, Position] = {}
        members: dict[str, str] = {}
        for item in node.items:
            if not (isinstance(item, ScalarNode) and isinstance(item.value, str)):
                self.report(item.position, "enum values are strings (quote values such as `\"null\"` or `\"on\"`)")
                continue
            if item.value in seen:
                self.report(item.position, f"duplicate enum value `{item.value}`")
            elif member_name(item.value) in members:
                other = members[member_name(item.value)]
                self.report(
                    item.position,
                    f"enum values `{item.value}` and `{other}` would both be named `{member_name(item.value)}` in generated code; rename one",
                )
            seen[item.value] = item.position
            members.setdefault(member_name(item.value), item.value)

    def check_properties(self, node: MapNode, owner: str) -> None:
        properties = node.entries["properties"]
        if not isinstance(properties, MapNode):
            self.report(properties.position, "`properties` maps field names to schemas")
            return
        for name, schema in properties.entries.items():
            if not IDENTIFIER.match(name):
                self.report(properties.key_positions[name], f"property name `{name}` is not a valid identifier (letters, digits, `_`)")
            self.check_schema(schema, "property", owner)
        required = node.entries.get("required")
        if required is None:
            return
        if not isinstance(required, ListNode):
            self.report(required.position, "`required` is a list of property names")
            return
        for item in required.items:
            listed = self.string(item, "a `required` entry")
            if listed is not None and listed not in properties.entries:
                self.report(item.position, f"required property `{listed}` is not in `properties`{did_you_mean(listed, properties.entries)}")

    def json_kind(self, node: Node) -> str | None:
        """The JSON kind a schema decodes from, `union` for a union, None if unknown."""
        if isinstance(node, ScalarNode):
            if not isinstance(node.value, str):
                return None
            if node.value in PRIMITIVES:
                return None if node.value == "any" else _kind_of_type(node.value)
            model = self.resolve_model(node.value)
            return self.json_kind(model) if model is not None else None
        if not isinstance(node, MapNode):
            return None
        entries = node.entries
        ref = _ref_name(node)
        if ref is not None:
            model = self.resolve_model(ref)
            return self.json_kind(model) if model is not None else None
        if any(key in entries for key in UNION_KEYS):
            return "union"
        if "const" in entries and isinstance(entries["const"], ScalarNode):
            return _kind_of_value(entries["const"].value)
        if "enum" in entries:
            return "string"
        declared = entries.get("type")
        if isinstance(declared, ScalarNode) and isinstance(declared.value, str):
            return _kind_of_type(declared.value)
        return None

    # -- operations -----------------------------------------------------------------

    def check_operation(self, name: str, declared: Declared) -> None:
        node = declared.node
        if not SNAKE_CASE.match(name):
            self.report(declared.position, f"operation name `{name}` must be snake_case, such as `{_snake(name)}`")
        if not isinstance(node, MapNode):
            self.report(node.position, "an operation is a mapping: " + _list(OPERATION_KEYS))
            return
        self.check_keys(node, OPERATION_KEYS, "operation")
        self.require_keys(node, OPERATION_REQUIRED, f"operation `{name}`")
        for key in ("summary", "description", "upstream"):
            self.string(node.get(key), f"`{key}`")
        for key in ("paginated", "deprecated"):
            self.boolean(node.get(key), f"`{key}`")
        method = self.string(node.get("method"), "`method`")
        if method is not None and method not in METHODS:
            self.report(node.entries["method"].position, f"`method` is one of {_list(METHODS)}, not `{method}`{did_you_mean(method.upper(), METHODS)}")
        path = self.string(node.get("path"), "`path`")
        placeholders: list[str] = []
        if path is not None:
            if not path.startswith("/"):
                self.report(node.entries["path"].position, f"`path` starts with `/`: write `/{path}`")
            placeholders = PLACEHOLDER.findall(path)
        declared_path = self.check_parameters(node.get("path_parameters"), "path")
        self.check_parameters(node.get("query_parameters"), "query")
        path_node = node.get("path") or node
        for placeholder in sorted({p for p in placeholders if placeholders.count(p) > 1}):
            self.report(path_node.position, f"path placeholder `{{{placeholder}}}` appears more than once")
        for placeholder in dict.fromkeys(placeholders):
            if placeholder not in declared_path:
                self.report(path_node.position, f"path placeholder `{{{placeholder}}}` has no entry in `path_parameters`{did_you_mean(placeholder, declared_path)}")
        for parameter, position in declared_path.items():
            if parameter not in placeholders:
                self.report(position, f"path parameter `{parameter}` does not appear in the path `{path}`")
        in_path = list(dict.fromkeys(p for p in placeholders if p in declared_path))
        if [p for p in declared_path if p in placeholders] != in_path:
            self.report(path_node.position, "list `path_parameters` in the order they appear in the path")

        body_name = self.string(node.get("body"), "`body` (a model name)")
        body_model: MapNode | None = None
        if body_name is not None and self.model_name_exists(body_name, node.entries["body"].position, "body"):
            body_model = self.resolve_model(body_name)
            target = self.aliased(body_name)
            if target is not None:
                self.report(node.entries["body"].position, f"body `{body_name}` is an alias of `{target}`: write `body: {target}`")
                body_model = None
            elif body_model is None or "properties" not in body_model.entries:
                self.report(node.entries["body"].position, f"body `{body_name}` must be an object model with properties")
                body_model = None
        check_response(self, name, node)
        check_operation_stream(self, node, body_name, body_model)
        self.check_paginated(node)

    def check_paginated(self, node: MapNode) -> None:
        """A paginated operation takes an `after` cursor and answers a list object with
        `data`, `has_more` and `last_id`, which the client's pages read."""
        flag = node.get("paginated")
        if not (isinstance(flag, ScalarNode) and flag.value is True):
            return
        query = node.get("query_parameters")
        if not (isinstance(query, MapNode) and "after" in query.entries):
            self.report(flag.position, "a paginated operation needs an `after` query parameter, the cursor of the next page")
        response = node.get("response")
        name = response.value if isinstance(response, ScalarNode) and isinstance(response.value, str) else None
        model = self.resolve_model(name) if name is not None else None
        properties = model.get("properties") if model is not None else None
        if model is None or not isinstance(properties, MapNode):
            if name is None or name in self.models:  # an undeclared name is reported already
                self.report(flag.position, "the response of a paginated operation must name an object model with `data`, `has_more` and `last_id`")
            return
        listed = model.get("required")
        required = {item.value for item in listed.items if isinstance(item, ScalarNode)} if isinstance(listed, ListNode) else set()
        for field, kind in (("data", "array"), ("has_more", "boolean"), ("last_id", "string")):
            prop = properties.get(field)
            if prop is None or field not in required or self.json_kind(prop) != kind:
                nullable = " (null allowed)" if field == "last_id" else ""
                self.report(flag.position, f"the response `{name}` of a paginated operation needs a required {kind} property `{field}`{nullable}")

    def check_parameters(self, node: Node | None, location: str) -> dict[str, Position]:
        if node is None:
            return {}
        if not isinstance(node, MapNode):
            self.report(node.position, f"`{location}_parameters` maps parameter names to schemas")
            return {}
        for name, schema in node.entries.items():
            if not IDENTIFIER.match(name):
                hint = re.sub(r"\W", "", name) or "name"
                extra = " (array query parameters are sent as `name[]` by `api.query_arrays`)" if name.endswith("[]") else ""
                self.report(node.key_positions[name], f"parameter name `{name}` is not a valid identifier: write `{hint}`{extra}")
            self.check_schema(schema, "parameter", name)
            if location == "path" and isinstance(schema, MapNode) and "required" in schema.entries:
                self.report(schema.key_positions["required"], "path parameters are always required; remove `required`")
        return dict(node.key_positions)

    # -- polls --------------------------------------------------------------------

    def check_poll(self, name: str, declared: Declared) -> None:
        node = declared.node
        if not SNAKE_CASE.match(name):
            self.report(declared.position, f"poll name `{name}` must be snake_case, such as `{_snake(name)}`")
        if not isinstance(node, MapNode):
            self.report(node.position, "a poll is a mapping: " + _list(POLL_KEYS))
            return
        self.check_keys(node, POLL_KEYS, "poll")
        self.require_keys(node, POLL_REQUIRED, f"poll `{name}`")
        for key in ("description", "interval_header"):
            self.string(node.get(key), f"`{key}`")
        for clash in (f"poll_{name}",):
            if clash in self.operations:
                self.report(declared.position, f"poll `{name}` would add a method `{clash}`, which is already an operation")

        operation_name = self.string(node.get("operation"), "`operation` (an operation name)")
        operation = self.operations.get(operation_name or "")
        if operation_name is not None and operation is None:
            self.report(node.entries["operation"].position, f"operation `{operation_name}` is not declared{did_you_mean(operation_name, self.operations)}")
        response = self.response_model(operation.node) if operation is not None else None
        if operation is not None and response is None:
            self.report(node.entries["operation"].position, f"operation `{operation_name}` must respond with an object model to be polled")
        properties = response.get("properties") if response is not None else None
        fields = properties.entries if isinstance(properties, MapNode) else {}

        arguments = node.get("arguments")
        if arguments is not None and not isinstance(arguments, MapNode):
            self.report(arguments.position, "`arguments` maps each path parameter of the operation to a field of the polled object")
        elif arguments is not None and operation is not None and isinstance(operation.node, MapNode):
            path_parameters = operation.node.get("path_parameters")
            expected = list(path_parameters.entries) if isinstance(path_parameters, MapNode) else []
            for parameter, value in arguments.entries.items():
                position = arguments.key_positions[parameter]
                if parameter not in expected:
                    self.report(position, f"`{parameter}` is not a path parameter of `{operation_name}`{did_you_mean(parameter, expected)}")
                check_polled_field(self, value, f"argument `{parameter}`", fields if response is not None else None)
            for parameter in expected:
                if parameter not in arguments.entries:
                    self.report(node.key_positions["arguments"], f"`arguments` is missing `{parameter}`, a path parameter of `{operation_name}`")

        field_name = check_polled_field(self, node.get("field"), "`field`", fields if response is not None else None)
        allowed = self.enum_values(fields.get(field_name or ""))
        for final, position in _names(node.get("until"), "`until`", self.report):
            if allowed is not None and final not in allowed:
                self.report(position, f"`{final}` is not a value of `{field_name}`{did_you_mean(final, allowed)}")
        for starter, position in _names(node.get("after"), "`after`", self.report):
            if starter not in self.operations:
                self.report(position, f"operation `{starter}` is not declared{did_you_mean(starter, self.operations)}")
            elif operation is not None and _ref_name(_response(self.operations[starter].node)) != _ref_name(_response(operation.node)):
                self.report(position, f"`{starter}` does not return what `{operation_name}` returns, so its result cannot be polled")
            elif f"{starter}_and_poll" in self.operations:
                self.report(position, f"`{starter}_and_poll` is already an operation")

    def response_model(self, operation: Node) -> MapNode | None:
        """The object model an operation responds with, if it responds with one."""
        name = _ref_name(_response(operation))
        model = self.resolve_model(name) if name else None
        return model if model is not None and "properties" in model.entries else None

    def enum_values(self, schema: Node | None) -> list[str] | None:
        """The values a string field may take, when they are listed (inline or by reference)."""
        if schema is None:
            return None
        name = _ref_name(schema)
        target = self.resolve_model(name) if name else schema
        values = target.get("enum") if isinstance(target, MapNode) else None
        if not isinstance(values, ListNode):
            return None
        return [str(item.value) for item in values.items if isinstance(item, ScalarNode)]


def _response(operation: Node) -> Node | None:
    return operation.get("response") if isinstance(operation, MapNode) else None


def _names(node: Node | None, what: str, report: Callable[[Position, str], None]) -> list[tuple[str, Position]]:
    """The strings of a list node, reporting anything else."""
    if node is None:
        return []
    if not isinstance(node, ListNode):
        report(node.position, f"{what} is a list of names")
        return []
    found = []
    for item in node.items:
        if isinstance(item, ScalarNode) and isinstance(item.value, str):
            found.append((item.value, item.position))
        else:
            report(item.position, f"{what} holds names (strings)")
    return found


def _describes_a_type(entries: dict[str, Node]) -> bool:
    return any(key in entries for key in ("type", "oneOf", "anyOf", "$ref", "enum", "const"))


def _ref_name(node: Node | None) -> str | None:
    if isinstance(node, ScalarNode):
        return node.value if isinstance(node.value, str) and node.value not in PRIMITIVES else None
    if isinstance(node, MapNode):
        ref = node.get("$ref")
        if isinstance(ref, ScalarNode) and isinstance(ref.value, str):
            return ref.value
    return None


def _kind_of_type(name: str) -> str | None:
    return {"integer": "number", "number": "number"}.get(name, name if name in TYPES else None)


def _kind_of_value(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if value is None:
        return "null"
    return "string"


def _list(names: Iterable[str]) -> str:
    return ", ".join(f"`{n}`" for n in names)


def _pascal(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[^A-Za-z0-9]+", name) if part)


def _snake(name: str) -> str:
    spaced = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name)
    return re.sub(r"[^a-z0-9_]+", "_", spaced.lower()).strip("_")


def validate(files: list[SpecFile]) -> list[SpecFile]:
    """The spec with its inline shapes named and its compositions merged (see
    generator/compose.py), which is what the IR builder reads; raise SpecError with
    every problem in the spec."""
    composed, problems = compose(files)
    validator = Validator(composed, problems)
    validator.run()
    if validator.problems:
        raise SpecError(validator.problems)
    return composed
