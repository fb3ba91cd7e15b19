"""`allOf`: one object made of the properties of several (generator/check/compose.py calls
`merge_all_of`).

Each member is a model name (an object model, or an alias of one) or an inline object;
their properties are taken in member order, then the schema's own `properties`. `required`
is the union of all. A property declared twice must be the same schema both times (only
its description, title, default and deprecation may differ: the later one's are kept),
since the generated class can have one type per field; anything else is a positioned
problem. The result keeps its own `description`, `title`, `upstream`, `deprecated`,
`additionalProperties` and `computed`: a member's concern that member alone.
"""

from __future__ import annotations

from typing import Protocol

from ..read.nodes import ListNode, MapNode, Node, ScalarNode, plain
from ..problems import Position, did_you_mean


class Composer(Protocol):
    """What merging an `allOf` needs of compose.py's `Composer`, which calls it."""

    declared: dict[str, tuple[Node, str]]
    composing: list[str]

    def report(self, position: Position, message: str) -> None: ...

    def finish(self, name: str, used_at: Position | None = None) -> Node: ...

OWN_KEYS = ("allOf", "type", "properties", "required", "description", "title", "upstream", "deprecated", "additionalProperties", "computed")
MEMBER_KEYS = ("allOf", "type", "properties", "required", "description", "title", "additionalProperties")
DOCUMENTATION = ("description", "title", "default", "deprecated")
PRIMITIVES = ("string", "integer", "number", "boolean", "any")


class _Merged:
    def __init__(self, composer: Composer, label: str) -> None:
        self.composer = composer
        self.label = label
        self.properties: dict[str, Node] = {}
        self.positions: dict[str, Position] = {}
        self.origins: dict[str, str] = {}
        self.required: dict[str, Node] = {}

    def add(self, node: MapNode, origin: str) -> None:
        properties = node.get("properties")
        if properties is not None and not isinstance(properties, MapNode):
            self.composer.report(properties.position, "`properties` maps field names to schemas")
        if isinstance(properties, MapNode):
            for key, schema in properties.entries.items():
                at = properties.key_positions[key]
                if key in self.properties and _shape(self.properties[key]) != _shape(schema):
                    self.composer.report(
                        at,
                        f"property `{key}` of {self.label} comes from {self.origins[key]} ({self.positions[key]}) and again from {origin} "
                        "with another schema; `allOf` can give a field one type only: declare the property once, or with the same schema",
                    )
                    continue
                self.properties[key] = schema
                self.positions.setdefault(key, at)
                self.origins.setdefault(key, origin)
        required = node.get("required")
        for item in required.items if isinstance(required, ListNode) else ():
            if isinstance(item, ScalarNode) and isinstance(item.value, str):
                self.required.setdefault(item.value, item)
        if required is not None and not isinstance(required, ListNode):
            self.composer.report(required.position, "`required` is a list of property names")


def merge_all_of(composer: Composer, label: str, node: MapNode) -> MapNode:
    """`node`, whose `allOf` lists its members, as one object schema."""
    at = node.key_positions["allOf"]
    merged = _Merged(composer, label)
    for key, position in node.key_positions.items():
        if key not in OWN_KEYS:
            composer.report(position, f"`{key}` cannot be combined with `allOf`, which composes object schemas; declare the {key} in a model of its own")
    _check_type(composer, node)
    members = node.entries["allOf"]
    if not isinstance(members, ListNode) or not members.items:
        composer.report(members.position, "`allOf` is a list of the object schemas to compose: model names or inline objects with `properties`")
    else:
        for member in members.items:
            _member(composer, merged, member)
    merged.add(node, f"{label} itself")
    entries: dict[str, Node] = {"type": ScalarNode("object", at)}
    positions: dict[str, Position] = {"type": at}
    for key in ("description", "title", "upstream", "deprecated", "additionalProperties", "computed"):
        if key in node.entries:
            entries[key] = node.entries[key]
            positions[key] = node.key_positions[key]
    entries["properties"] = MapNode(merged.properties, merged.positions, at)
    positions["properties"] = at
    if merged.required:
        entries["required"] = ListNode(tuple(merged.required.values()), at)
        positions["required"] = at
    return MapNode(entries, positions, node.position)


def _member(composer: Composer, merged: _Merged, member: Node) -> None:
    name = _reference(member)
    if name is not None:
        if name not in composer.declared:
            composer.report(member.position, f"`allOf` member `{name}` is not a declared model{did_you_mean(name, composer.declared)}")
            return
        if name in composer.composing:
            chain = " -> ".join(f"`{n}`" for n in [*composer.composing[composer.composing.index(name) :], name])
            composer.report(member.position, f"`allOf` makes `{name}` a part of itself ({chain}); compose it of other models")
            return
        target = _object(composer, name, member.position)
        if target is None:
            composer.report(member.position, f"`allOf` composes objects: `{name}` is not an object model with `properties`")
            return
        merged.add(target, f"`{name}`")
        return
    if not isinstance(member, MapNode):
        composer.report(member.position, "an `allOf` member is a model name or an inline object with `properties`")
        return
    for key, position in member.key_positions.items():
        if key not in MEMBER_KEYS:
            composer.report(position, f"`{key}` cannot stand in an `allOf` member, which adds properties; members hold {', '.join(f'`{k}`' for k in MEMBER_KEYS)}")
    _check_type(composer, member)
    if "allOf" in member.entries:
        member = merge_all_of(composer, merged.label, member)
    merged.add(member, "an inline member")


def _object(composer: Composer, name: str, used_at: Position) -> MapNode | None:
    """The finished object model `name` names, through aliases; None if it is none."""
    seen: set[str] = set()
    while name not in seen:
        seen.add(name)
        node = composer.finish(name, used_at)
        if isinstance(node, MapNode) and "properties" in node.entries:
            return node
        target = _reference(node)
        if target is None or target not in composer.declared:
            return None
        name = target
    return None


def _reference(node: Node) -> str | None:
    """The model a schema names and nothing else (`Name`, `{$ref: Name}` with at most a
    description)."""
    if isinstance(node, ScalarNode):
        return node.value if isinstance(node.value, str) and node.value not in PRIMITIVES else None
    if isinstance(node, MapNode) and set(node.entries) <= {"$ref", "description", "title"}:
        ref = node.get("$ref")
        if isinstance(ref, ScalarNode) and isinstance(ref.value, str):
            return ref.value
    return None


def _check_type(composer: Composer, node: MapNode) -> None:
    declared = node.get("type")
    if declared is not None and not (isinstance(declared, ScalarNode) and declared.value == "object"):
        composer.report(declared.position, "`allOf` composes objects: write `type: object` or leave `type` out")


def _shape(schema: Node) -> object:
    """A property's schema without what only documents it."""
    value = plain(schema)
    if isinstance(value, dict):
        return {k: v for k, v in value.items() if k not in DOCUMENTATION}
    return value
