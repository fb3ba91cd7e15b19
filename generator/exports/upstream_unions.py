"""Comparing an upstream union with ours (exports/upstream_diff.py calls `compare_union`).

Our format has no union of unions and at most one variant of each JSON kind besides
objects, so upstream's members are read the same way: nested unions spread into their
parent, members of one kind taken together (several string members are our one string
variant: any string if one of them takes any, else one enum of all their values). Object
members are paired with ours by their discriminator values, all of them (a variant may
take several), and where several of ours share a value, by the upstream schema each was
written from; a member without the property pairs with our `default`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from .. import ir


@dataclass(frozen=True)
class Unwrapped:
    schema: dict[str, Any]
    name: str | None  # the component it came from, if any
    nullable: bool


class Differ(Protocol):
    """What a union's comparison needs of upstream_diff's `Differ`, which calls it."""

    api: ir.Api
    seen: set[tuple[str, str]]

    def report(self, path: str, what: str, upstream: object, ours: object) -> None: ...

    def unwrap(self, schema: object) -> Unwrapped: ...

    def resolve(self, type_ref: ir.TypeRef) -> ir.TypeRef | ir.Model: ...

    def compare(self, upstream: object, ours: ir.TypeRef, path: str) -> None: ...


def describe(mine: object) -> str:
    if isinstance(mine, ir.Primitive):
        return mine.name
    if isinstance(mine, ir.Const):
        return f"const {mine.value!r}"
    if isinstance(mine, ir.ListOf):
        return "array"
    if isinstance(mine, ir.MapOf):
        return "map"
    return f"{getattr(mine, 'kind', type(mine).__name__)} {getattr(mine, 'name', '')}".strip()

KINDS = {"string": "string", "integer": "number", "number": "number", "boolean": "boolean", "array": "array", "object": "object"}


def spread(differ: Differ, members: list[Any], depth: int = 0) -> list[Any]:
    """The members, with the members of nested unions in their place."""
    found: list[Any] = []
    for member in members:
        up = differ.unwrap(member).schema
        inner = up.get("oneOf") or up.get("anyOf")
        if isinstance(inner, list) and "properties" not in up and depth < 8:
            found.extend(spread(differ, inner, depth + 1))
        elif up.get("type") != "null":
            found.append(member)
    return found


def json_kind(up: dict[str, Any]) -> str:
    values = _values(up)
    if values:
        return "string" if all(isinstance(v, str) for v in values) else "any"
    if "properties" in up:
        return "object"
    kind = up.get("type")
    return KINDS.get(kind, "any") if isinstance(kind, str) else "any"


def tags(differ: Differ, up: dict[str, Any], discriminator: str | None) -> list[str]:
    """Every value the member's discriminating property may take."""
    prop = up.get("properties", {}).get(discriminator or "type") if isinstance(up.get("properties"), dict) else None
    if not isinstance(prop, dict):
        return []
    return [str(v) for v in _values(differ.unwrap(prop).schema) if v is not None]


def compare_union(differ: Differ, members: list[Any], mine: ir.TypeRef | ir.Model, path: str) -> None:
    members = spread(differ, members)
    if not isinstance(mine, ir.UnionModel):
        # a union upstream of one shape and a plain value ours (e.g. model: string)
        kinds = {json_kind(differ.unwrap(m).schema) for m in members}
        if isinstance(mine, ir.EnumModel) and kinds == {"string"}:  # string members merged
            _merged_strings(differ, members, mine, path)
            return
        plain = {"integer": "number"}.get(mine.name, mine.name) if isinstance(mine, ir.Primitive) else None
        if kinds != {plain} or (plain == "string" and not _any_string(differ, members)):
            differ.report(path, "type", f"oneOf of {len(members)}", describe(mine))
        return
    key = (repr(members), mine.name)
    if key in differ.seen:  # a union is compared once, under its own name (as objects are)
        return
    differ.seen.add(key)
    path = mine.name
    by_kind: dict[str, list[Any]] = {}
    for member in members:
        by_kind.setdefault(json_kind(differ.unwrap(member).schema), []).append(member)
    objects = [v for v in mine.variants if v.json_kind == "object"]
    for kind, group in by_kind.items():
        if kind == "object":
            _objects(differ, group, mine, objects, path)
            continue
        ours = mine.variants_of_kind(kind) if kind != "any" else ()
        for member in group:
            up = differ.unwrap(member)
            where = f"{path}<{up.name or up.schema.get('type') or kind}>"
            if not ours:
                differ.report(where, "variant", "present", "absent")
            elif kind == "string" and len(group) > 1:
                _merged_strings(differ, group, ours[0].type, f"{path}<string>")
                break
            elif kind == "number" and len(group) > 1:  # integer and number members: one number
                integer = all(differ.unwrap(m).schema.get("type") == "integer" for m in group)
                mine_number = differ.resolve(ours[0].type)
                if not (isinstance(mine_number, ir.Primitive) and mine_number.name == ("integer" if integer else "number")):
                    differ.report(f"{path}<number>", "type", "integer" if integer else "number", describe(mine_number))
                break
            else:
                differ.compare(member, ours[0].type, where)
    for variant in objects:
        differ.report(f"{path}<{variant.tag or _name(variant)}>", "variant", "absent", "present")


def _objects(differ: Differ, group: list[Any], mine: ir.UnionModel, objects: list[ir.Variant], path: str) -> None:
    for member in group:
        up = differ.unwrap(member)
        values = tags(differ, up.schema, mine.discriminator)
        where = f"{path}<{up.name or (values[0] if values else None) or 'object'}>"
        if not mine.discriminator:  # at most one object variant
            candidates = objects[:1]
        elif values:
            candidates = [v for v in objects if set(v.tags) & set(values)]
        else:
            candidates = [mine.default] if mine.default is not None and mine.default in objects else []
        if len(candidates) > 1:  # a shared tag: the one written from this member
            candidates = [v for v in candidates if up.name in (_name(v), _upstream(differ, v))] or candidates[:1]
        if not candidates:
            differ.report(where, "variant", "present", "absent")
            continue
        objects.remove(candidates[0])
        differ.compare(member, candidates[0].type, where)


def _merged_strings(differ: Differ, group: list[Any], ours: ir.TypeRef | ir.Model, where: str) -> None:
    mine = differ.resolve(ours) if isinstance(ours, (ir.Primitive, ir.Const, ir.ModelRef, ir.ListOf, ir.MapOf)) else ours
    if _any_string(differ, group):
        if not (isinstance(mine, ir.Primitive) and mine.name == "string"):
            differ.report(where, "type", "string", describe(mine))
        return
    values = sorted({str(v) for m in group for v in _values(differ.unwrap(m).schema)})
    if isinstance(mine, ir.EnumModel):
        listed = sorted(v.value for v in mine.values)
        if listed != values:
            differ.report(where, "values", sorted(set(values) - set(listed)) or "-", sorted(set(listed) - set(values)) or "-")
    else:
        differ.report(where, "type", f"enum {values}", describe(mine))


def _any_string(differ: Differ, members: list[Any]) -> bool:
    return any(json_kind(up := differ.unwrap(m).schema) == "string" and not _values(up) for m in members)


def _values(up: dict[str, Any]) -> list[Any]:
    listed = up.get("enum")
    return listed if isinstance(listed, list) else [up["const"]] if "const" in up else []


def _name(variant: ir.Variant) -> str:
    return variant.type.name if isinstance(variant.type, ir.ModelRef) else ""


def _upstream(differ: Differ, variant: ir.Variant) -> str | None:
    if not isinstance(variant.type, ir.ModelRef):
        return None
    return getattr(differ.api.model(variant.type.name), "upstream", None)
