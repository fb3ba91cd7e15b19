"""Enums, constants, numbers and the other plain values of a schema.

A one-value enum is written as `const` (that is how the format spells a tag); an enum of
strings stays an enum, inline where the format can name it after its place, else declared
as a model; values JSON cannot carry, or that are not strings where the format wants
strings, are the limit `values`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ..read.nodes import MapNode, Node, ScalarNode, plain
from .document import describe, items, key_position, scalar
from .emit import Mapping, Sequence, Value

from .context import Out, any_schema, schema_map

if TYPE_CHECKING:
    from .context import Converter, Ctx

MAX_VALUE_DEPTH = 32  # a default or example nested deeper is not worth writing out
LENGTHS = ("minLength", "maxLength", "minItems", "maxItems", "maxProperties")


def json_value(node: Node) -> tuple[object, bool]:
    """The plain value of a node, and whether JSON can carry it (finite numbers only)."""
    try:
        value = plain(node)
    except RecursionError:
        return None, False

    def finite(v: object, depth: int) -> bool:
        if depth > MAX_VALUE_DEPTH:
            return False
        if isinstance(v, float):
            return math.isfinite(v)
        if isinstance(v, list):
            return all(finite(i, depth + 1) for i in v)
        if isinstance(v, dict):
            return all(finite(i, depth + 1) for i in v.values())
        return True

    return value, finite(value, 0)


def output_value(value: object) -> Value:
    """Plain data as output values (a default may be any JSON)."""
    if isinstance(value, dict):
        mapping = Mapping()
        for key, inner in value.items():
            mapping.set(str(key), output_value(inner))
        return mapping
    if isinstance(value, list):
        return Sequence([output_value(inner) for inner in value])
    return value  # type: ignore[return-value]


def enumeration(conv: Converter, node: MapNode, ctx: Ctx, depth: int) -> Out:

    own = node.entries
    if "const" in own:
        listed = [own["const"]]
    else:
        listed = [value for value in items(own.get("enum")) if not (isinstance(value, ScalarNode) and value.value is None)]
    found = [scalar(v) for v in listed]
    if not listed or (len(listed) == 1 and isinstance(listed[0], ScalarNode) and listed[0].value is None):
        return Out(any_schema(), True)  # only null: the format says so with `nullable`
    if not all(isinstance(v, ScalarNode) for v in listed) or not all(isinstance(v, str) for v in found) and len(found) > 1:
        at = key_position(node, "const" if "const" in own else "enum")
        shown = ", ".join(f"`{scalar(v)}`" if isinstance(v, ScalarNode) else describe(v) for v in listed[:6])
        note = conv.record.limit("values", at, f"the values {shown} at {ctx.where} are not all strings; the format's enums hold strings")
        out = conv.typed(node, ctx, depth)
        out.schema.notes.append(note)
        return out
    if len(found) == 1:
        value = found[0]
        if isinstance(value, float) and not math.isfinite(value):
            return Out(any_schema(conv.record.limit("values", listed[0].position, "this value is not a JSON number")))
        if "enum" in own:
            conv.record.rewrite("one-value enum written as const")
        return Out(schema_map(const=value))  # type: ignore[arg-type]
    strings = list(dict.fromkeys(str(v) for v in found))
    mapping = schema_map(type="string", enum=Sequence(list(strings)))
    if ctx.context == "model":
        return Out(mapping)
    if ctx.name not in conv.taken:
        conv.taken.claim(ctx.name)  # the format names this inline enum `ctx.name`
        return Out(mapping)
    name = conv.claim(ctx.name)
    return Out(conv.declare(name, mapping, ctx, node, "inline enum"))


def constraints(conv: Converter, mapping: Mapping, node: MapNode, keys: tuple[str, ...]) -> None:
    for key in keys:
        value = node.entries.get(key)
        if value is None:
            continue
        found = scalar(value)
        if key == "format":
            if isinstance(found, str):
                mapping.set(key, found)
        elif key in LENGTHS and not (type(found) is int and found >= 0):
            mapping.notes.append(conv.record.limit("values", value.position, f"`{key}` must be a whole number of at least 0"))
        elif key not in LENGTHS and not (type(found) in (int, float) and math.isfinite(found)):  # type: ignore[arg-type]
            mapping.notes.append(conv.record.limit("values", value.position, f"`{key}` must be a finite number"))
        else:
            mapping.set(key, found)  # type: ignore[arg-type]
