"""`oneOf`, `anyOf` and type lists as the format's unions.

The format decodes a union by JSON kind and, among objects, by one discriminating
property whose `const` differs per variant; it never tries variants in turn. So the
members are planned first, by kind: several string members become one string (when one
takes any string) or one enum, several numbers one number; object members need a
discriminator (upstream's, or the property that tells most of them apart). What the
format cannot tell apart is reported, each limit in one place below, and a union of one
member left is that member. Nested unions are spread into their parent (the format has
no union of unions).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..read.nodes import ListNode, MapNode, Node, ScalarNode
from . import names as naming
from .document import items, key_position, string
from .emit import Mapping, Sequence, Value
from .shape import STRUCTURAL, Members, core, kind, non_null, properties, tag_values, union_members, values
from .tags import Told, label, tell_apart

from .context import Out, Variant, any_schema, schema_map

if TYPE_CHECKING:
    from .context import Converter, Ctx

# the keywords that belong to each type, when a type list is spread into variants
_FOR_TYPE = {
    "string": ("format", "minLength", "maxLength", "enum"),
    "integer": ("format", "minimum", "maximum"),
    "number": ("format", "minimum", "maximum"),
    "array": ("items", "minItems", "maxItems"),
    "object": ("properties", "required", "additionalProperties", "maxProperties", "propertyNames"),
}


def union(conv: Converter, node: MapNode, ctx: Ctx, depth: int) -> Out:
    key = "oneOf" if "oneOf" in node.entries else "anyOf"
    direct, had_null = non_null(items(node.entries[key]))
    if len(direct) == 1:  # one schema, perhaps null: no union at all
        out = conv.schema(direct[0], ctx, depth + 1)
        out.nullable |= had_null
        return out
    found = union_members(conv.document, node, key)
    notes = []
    if found.cycle:
        notes.append(conv.record.limit("reference", key_position(node, key), f"the union at {ctx.where} contains itself"))
    if found.spread:
        conv.record.rewrite("nested union spread into its parent")
    out = _build(conv, node, key, found, ctx, depth)
    out.schema.notes.extend(notes)
    return out


def constraints_only(node: MapNode) -> bool:
    """`properties` beside a union whose members only add constraints (`required` lists,
    one of which must hold): the object is the shape, and the constraint is a limit."""
    key = "oneOf" if "oneOf" in node.entries else "anyOf"
    members = items(node.entries.get(key))
    return "properties" in node.entries and all(isinstance(m, MapNode) and not set(m.entries) & set(STRUCTURAL) for m in members)


def types(conv: Converter, node: MapNode, ctx: Ctx, depth: int) -> Out:
    """`type: [string, array]`: a union of one variant per type."""
    found = Members()
    for entry in items(node.entries["type"]):
        name = string(entry)
        if name == "null" or name is None:
            found.nullable |= name == "null"
            continue
        keys = {k: v for k, v in node.entries.items() if k in _FOR_TYPE.get(name, ())}
        found.members.append(MapNode({"type": ScalarNode(name, entry.position), **keys}, {}, entry.position))
    conv.record.rewrite("type list written as a union")
    return _build(conv, node, "type", found, ctx, depth)


def _build(conv: Converter, node: MapNode, key: str, found: Members, ctx: Ctx, depth: int) -> Out:

    notes: list[str] = []  # variants the format cannot take, said where the union is written
    planned, told = _plan(conv, node, key, found, ctx, notes)
    if any(v.kind in ("any", "union") for v in planned):
        for variant in planned:
            target = core(conv.document, variant.member).node
            if variant.kind in ("any", "union") and target is not None:
                notes.extend(conv.check_keywords(target, ctx))  # what made it `any` is not silently lost
        conv.record.rewrite("union with a member of any type written as any")
        return Out(any_schema(f"upstream: a union at {ctx.where} with a member of any type", *notes), found.nullable)
    if len(planned) <= 1:
        if not planned:
            return Out(any_schema(*notes), found.nullable)
        out = conv.schema(planned[0].member, ctx, depth + 1)
        out.schema.notes.extend(filter(None, [planned[0].comment, *notes]))
        out.nullable |= found.nullable
        return out
    name = ctx.name if ctx.context == "model" else conv.claim(ctx.name)
    variants = Sequence()
    default = None
    for variant in planned:
        if variant.kind == "object":
            inline = naming.pascal(name, *variant.parts) if variant.parts else f"{name}{naming.VARIANT}{variant.index + 1}"
        else:
            inline = name + naming.UNION_ENUM
        variant_ctx = ctx.inside(inline, f"{ctx.where}<{variant.tag or variant.kind}>", "variant")
        behind = core(conv.document, variant.member)
        if variant.kind == "object" and behind.component is not None and string(_entries(variant.member).get("$ref")):
            out = Out(schema_map(ref=conv.model_ref(behind.component)), behind.nullable)  # past aliases
        else:
            out = conv.schema(variant.member, variant_ctx, depth + 1)
        found.nullable |= out.nullable
        if variant.comment:
            out.schema.notes.append(variant.comment)
        if told is not None and variant is told.default:
            default = out.schema.get("$ref")
        variants.items.append(out.schema)
    mapping = schema_map(**{"anyOf" if key == "anyOf" else "oneOf": variants})
    mapping.notes.extend(notes)
    if told is not None:
        mapping.set("discriminator", _discriminator(told.properties, default))
    if ctx.context == "model":
        return Out(mapping, found.nullable)
    return Out(conv.declare(name, mapping, ctx, node, "inline union"), found.nullable)


def _discriminator(looked_at: list[str], default: Value) -> Value:
    """`type`, `[type, role]`, or `{property: ..., default: Model}`."""
    spelled: Value = looked_at[0] if len(looked_at) == 1 else Sequence(list(looked_at))
    if not isinstance(default, str):
        return spelled
    mapping = Mapping(order=("property", "default"))
    mapping.set("property", spelled)
    mapping.set("default", default)
    return mapping


def _entries(node: Node) -> dict[str, Node]:
    return node.entries if isinstance(node, MapNode) else {}


def _plan(conv: Converter, node: MapNode, key: str, found: Members, ctx: Ctx, notes: list[str]) -> tuple[list[Variant], Told | None]:
    by_kind: dict[str, list[Variant]] = {}
    for index, member in enumerate(found.members):
        member_kind = kind(conv.document, member)
        if member_kind == "null":
            found.nullable = True
            continue
        by_kind.setdefault(member_kind, []).append(Variant(member, member_kind, index))
    planned: list[Variant] = []
    told = None
    for member_kind, group in by_kind.items():
        if member_kind == "object" and len(group) > 1:
            kept, told = _objects(conv, node, key, group, found.discriminator, ctx, notes)
            planned.extend(kept)
        elif len(group) > 1:
            planned.append(_merge(conv, node, key, member_kind, group, ctx))
        else:
            planned.extend(group)
    return sorted(planned, key=lambda v: v.index), told


def _merge(conv: Converter, node: MapNode, key: str, member_kind: str, group: list[Variant], ctx: Ctx) -> Variant:
    """Several members of one JSON kind that is not object, as one variant."""
    first = group[0]
    labels = ", ".join(label(conv, v) for v in group)
    at = first.member.position
    if member_kind == "string":
        cores = [core(conv.document, v.member).node for v in group]
        if any(c is None or not values(c) for c in cores):
            synthetic = MapNode({"type": ScalarNode("string", at)}, {}, at)
            comment = f"upstream: {labels}; a string takes every value they list"
        else:
            listed = list(dict.fromkeys(str(v) for c in cores if c is not None for v in values(c)))
            enum = ListNode(tuple(ScalarNode(v, at) for v in listed), at)
            synthetic = MapNode({"type": ScalarNode("string", at), "enum": enum}, {}, at)
            comment = f"upstream: {labels}, their values merged"
        conv.record.rewrite("string members of a union merged")
        return Variant(synthetic, "string", first.index, comment=comment)
    if member_kind == "number":
        integer = all(string(_entries(core(conv.document, v.member).node or first.member).get("type")) == "integer" for v in group)
        synthetic = MapNode({"type": ScalarNode("integer" if integer else "number", at)}, {}, at)
        conv.record.rewrite("number members of a union merged")
        return Variant(synthetic, "number", first.index, comment=f"upstream: {labels}")
    if member_kind == "array":
        note = conv.record.limit("several-arrays", key_position(node, key), f"the union at {ctx.where} has several array members ({labels}) that decoding could not tell apart")
        synthetic = MapNode({"type": ScalarNode("array", at)}, {}, at)
        return Variant(synthetic, "array", first.index, comment=note)
    return Variant(first.member, member_kind, first.index, comment=f"upstream: {labels}, one of each kind kept")


def _objects(conv: Converter, node: MapNode, key: str, group: list[Variant], explicit: str | None, ctx: Ctx, notes: list[str]) -> tuple[list[Variant], Told | None]:
    """Object members told apart by a discriminator (tags.py), and the ones that cannot
    be. The discriminator is upstream's, or else inferred as Fern's importer does: a
    property the members give values for."""
    fields = [properties(conv.document, v.member) for v in group]
    best, best_score = explicit, (1, 0)
    if explicit is None:  # the property most members give values for, then the one that sets most apart
        for candidate in dict.fromkeys(name for f in fields for name in f):
            listed = [tag_values(conv.document, f.get(candidate)) for f in fields]
            counts: dict[str, int] = {}
            for values_of in listed:
                for value in set(values_of):
                    counts[value] = counts.get(value, 0) + 1
            unique = sum(1 for values_of in listed if values_of and all(counts[v] == 1 for v in values_of))
            score = (sum(1 for values_of in listed if values_of), unique)
            if score > best_score and unique >= 1:
                best, best_score = candidate, score
    at = group[0].member.position
    free_form = Variant(MapNode({"type": ScalarNode("object", at)}, {}, at), "object", group[0].index)
    if best is None:
        labels = ", ".join(label(conv, v) for v in group)
        notes.append(conv.record.limit("undiscriminated", key_position(node, key), f"the object members of the union at {ctx.where} ({labels}) have no property whose value tells them apart"))
        return [free_form], None
    told = tell_apart(conv, group, best, ctx, notes)
    if not told.kept:  # no member has a value: the one without the property is the only one
        return ([told.default] if told.default else [free_form]), None
    return [*told.kept, *([told.default] if told.default else [])], told
