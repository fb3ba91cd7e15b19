"""Stage 2, schemas: a model's or a field's type, its enum, its properties, and the JSON
kind a schema describes (for the checks of discriminators, defaults and constants)."""

from __future__ import annotations

from ..read.load import ListNode, MapNode, Node, ScalarNode
from ..naming import member_name
from ..problems import Position, did_you_mean
from .context import IDENTIFIER, INT_KEYS, MODEL_ONLY_KEYS, PARAMETER_KEYS, PRIMITIVES, SCHEMA_KEYS, TYPES, UNION_KEYS, Validator, describes_a_type, kind_of_type, kind_of_value, quoted_list, ref_name


def check_schema(v: Validator, node: Node, context: str, owner: str) -> None:
    """Check one schema. `context` is model, property, parameter, items, values or variant."""
    if isinstance(node, ScalarNode):
        if not isinstance(node.value, str):
            v.report(node.position, "a schema is a type name or a mapping of schema keywords")
        elif node.value not in PRIMITIVES:
            v.model_name_exists(node.value, node.position, "type")
        return
    if isinstance(node, ListNode):
        v.report(node.position, "a schema is a type name or a mapping, not a list (for a union use `oneOf`)")
        return

    allowed = SCHEMA_KEYS + (MODEL_ONLY_KEYS if context == "model" else ())
    if context == "parameter":
        allowed = PARAMETER_KEYS
    v.check_keys(node, allowed, "schema")
    entries = node.entries

    for key in ("description", "format", "title", "upstream"):
        v.string(entries.get(key), f"`{key}`")
    for key in ("nullable", "deprecated"):
        v.boolean(entries.get(key), f"`{key}`")
    if context in ("items", "values", "variant", "model") and "nullable" in entries:
        v.report(entries["nullable"].position, "`nullable` belongs on a property or parameter that uses this type")
    for key in INT_KEYS:
        value = entries.get(key)
        if value is not None and not (isinstance(value, ScalarNode) and type(value.value) is int and value.value >= 0):
            v.report(value.position, f"`{key}` must be a non-negative integer")
    for key in ("minimum", "maximum"):
        value = entries.get(key)
        if value is not None and not (
            isinstance(value, ScalarNode) and type(value.value) in (int, float)
        ):
            v.report(value.position, f"`{key}` must be a number")

    declared_type = v.string(entries.get("type"), "`type`")
    if declared_type is not None and declared_type not in TYPES:
        v.report(entries["type"].position, f"unknown type `{declared_type}`; use one of {quoted_list(TYPES)}{did_you_mean(declared_type, TYPES)}")

    if "$ref" in entries:
        ref = v.string(entries["$ref"], "`$ref`")
        if ref is not None:
            if ref.startswith("#/"):
                hint = ref.rsplit("/", 1)[-1]
                v.report(entries["$ref"].position, f"`$ref` takes a model name, not a JSON pointer: write `$ref: {hint}`")
            else:
                v.model_name_exists(ref, entries["$ref"].position, "`$ref`")
        for key in ("type", "properties", "items", "enum", "oneOf", "anyOf", "allOf", "const"):
            if key in entries:
                v.report(node.key_positions[key], f"`{key}` cannot be combined with `$ref`; describe it in the referenced model")

    if "enum" in entries:
        check_enum(v, entries["enum"], declared_type, node)
    if "const" in entries and not isinstance(entries["const"], ScalarNode):
        v.report(entries["const"].position, "`const` must be a single value")

    if "properties" in entries:
        if context != "model":
            v.report(
                node.key_positions["properties"],
                "objects with properties are declared as models: move this object under `models` and reference it by name",
            )
        check_properties(v, node, owner)
    elif "required" in entries and context != "parameter":
        v.report(node.key_positions["required"], "`required` lists names from `properties`, which this schema does not have")
    if context == "parameter" and "required" in entries:
        v.boolean(entries["required"], "a parameter's `required`")

    if declared_type == "array" and "items" not in entries:
        v.report(node.position, "an array needs `items`")
    if "items" in entries:
        if declared_type not in (None, "array"):
            v.report(node.key_positions["items"], f"`items` only applies to arrays, not `{declared_type}`")
        check_schema(v, entries["items"], "items", owner)

    extra = entries.get("additionalProperties")
    if extra is not None:
        if not (isinstance(extra, ScalarNode) and isinstance(extra.value, bool)):
            check_schema(v, extra, "values", owner)
    names = entries.get("propertyNames")
    if names is not None:
        if not isinstance(names, MapNode):
            v.report(names.position, "`propertyNames` takes a mapping such as `{maxLength: 64}`")
        else:
            v.check_keys(names, ("maxLength",), "propertyNames")

    for key in UNION_KEYS:
        variants = entries.get(key)
        if variants is None:
            continue
        if not isinstance(variants, ListNode) or len(variants.items) < 2:
            v.report(variants.position, f"`{key}` is a list of at least two schemas")
        else:
            for variant in variants.items:
                check_schema(v, variant, "variant", owner)
        if context != "model":
            v.report(node.key_positions[key], f"unions are declared as models: move this `{key}` under `models` and reference it by name")
    if all(key in entries for key in UNION_KEYS):
        v.report(node.key_positions["anyOf"], "a union is either a `oneOf` or an `anyOf`: list every variant under one of them")
    if "allOf" in entries:  # compose.py merges it wherever an object may stand
        v.report(node.key_positions["allOf"], "`allOf` composes an object, which cannot stand here: declare it as a model and name it")
    if "discriminator" in entries and not any(key in entries for key in UNION_KEYS):
        v.report(node.key_positions["discriminator"], "`discriminator` only applies to a `oneOf` or an `anyOf`")

    if context == "model" and not describes_a_type(entries):
        v.report(node.position, "a model needs `type`, `oneOf`, `anyOf`, `allOf` or `$ref`")


def check_enum(v: Validator, node: Node, declared_type: str | None, owner: MapNode) -> None:
    if not isinstance(node, ListNode) or not node.items:
        v.report(node.position, "`enum` is a non-empty list of strings")
        return
    if declared_type not in (None, "string"):
        v.report(owner.key_positions["enum"], f"enums hold strings; `type: {declared_type}` cannot have `enum`")
    seen: dict[str, Position] = {}
    members: dict[str, str] = {}
    for item in node.items:
        if not (isinstance(item, ScalarNode) and isinstance(item.value, str)):
            v.report(item.position, "enum values are strings (quote values such as `\"null\"` or `\"on\"`)")
            continue
        if item.value in seen:
            v.report(item.position, f"duplicate enum value `{item.value}`")
        elif member_name(item.value) in members:
            other = members[member_name(item.value)]
            v.report(
                item.position,
                f"enum values `{item.value}` and `{other}` would both be named `{member_name(item.value)}` in generated code; rename one",
            )
        seen[item.value] = item.position
        members.setdefault(member_name(item.value), item.value)


def check_properties(v: Validator, node: MapNode, owner: str) -> None:
    properties = node.entries["properties"]
    if not isinstance(properties, MapNode):
        v.report(properties.position, "`properties` maps field names to schemas")
        return
    for name, schema in properties.entries.items():
        if not IDENTIFIER.match(name):
            v.report(properties.key_positions[name], f"property name `{name}` is not a valid identifier (letters, digits, `_`)")
        check_schema(v, schema, "property", owner)
    required = node.entries.get("required")
    if required is None:
        return
    if not isinstance(required, ListNode):
        v.report(required.position, "`required` is a list of property names")
        return
    for item in required.items:
        listed = v.string(item, "a `required` entry")
        if listed is not None and listed not in properties.entries:
            v.report(item.position, f"required property `{listed}` is not in `properties`{did_you_mean(listed, properties.entries)}")


def json_kind(v: Validator, node: Node) -> str | None:
    """The JSON kind a schema decodes from, `union` for a union, None if unknown."""
    if isinstance(node, ScalarNode):
        if not isinstance(node.value, str):
            return None
        if node.value in PRIMITIVES:
            return None if node.value == "any" else kind_of_type(node.value)
        model = v.resolve_model(node.value)
        return json_kind(v, model) if model is not None else None
    if not isinstance(node, MapNode):
        return None
    entries = node.entries
    ref = ref_name(node)
    if ref is not None:
        model = v.resolve_model(ref)
        return json_kind(v, model) if model is not None else None
    if any(key in entries for key in UNION_KEYS):
        return "union"
    if "const" in entries and isinstance(entries["const"], ScalarNode):
        return kind_of_value(entries["const"].value)
    if "enum" in entries:
        return "string"
    declared = entries.get("type")
    if isinstance(declared, ScalarNode) and isinstance(declared.value, str):
        return kind_of_type(declared.value)
    return None


def enum_values(v: Validator, schema: Node | None) -> list[str] | None:
    """The values a string field may take, when they are listed (inline or by reference)."""
    if schema is None:
        return None
    name = ref_name(schema)
    target = v.resolve_model(name) if name else schema
    values = target.get("enum") if isinstance(target, MapNode) else None
    if not isinstance(values, ListNode):
        return None
    return [str(item.value) for item in values.items if isinstance(item, ScalarNode)]
