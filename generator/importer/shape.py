"""What an upstream schema is, looked at before anything is converted: the value behind
its `$ref`s and wrappers, its JSON kind, its properties (through `allOf`), the tag values
of a property, the members of a union with nested unions spread out.

Upstream spells nullability five ways (`nullable: true`, `type: [X, "null"]`, a null
member of `anyOf`/`oneOf`, `null` among `enum` values, a `$ref` to a nullable schema);
`core` reads them all into one flag. Every walk here is bounded and remembers what it
has seen, so `$ref` cycles end.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..read.nodes import ListNode, MapNode, Node, ScalarNode
from .document import Document, entries, items, scalar, string

STEPS = 64  # references and wrappers followed before calling it a cycle


@dataclass(frozen=True)
class Core:
    node: MapNode | None  # None: not a schema mapping (or `true`), or a broken reference
    component: str | None  # the last component schema a `$ref` named on the way
    nullable: bool
    error: str = ""  # why a reference could not be followed (or went round in a circle)


def _null(node: Node) -> bool:
    value = entries(node).get("type")
    return isinstance(value, ScalarNode) and value.value == "null"


def non_null(members: tuple[Node, ...]) -> tuple[list[Node], bool]:
    """Union members without the null ones, and whether there was one."""
    kept = [member for member in members if not _null(member)]
    return kept, len(kept) != len(members)


def core(document: Document, node: Node | None) -> Core:
    nullable, component, seen = False, None, set()
    for _ in range(STEPS):
        if not isinstance(node, MapNode):
            return Core(None, component, nullable)
        if id(node) in seen:
            break
        seen.add(id(node))
        own = node.entries
        nullable |= scalar(own.get("nullable")) is True
        kind = own.get("type")
        nullable |= isinstance(kind, ListNode) and any(scalar(k) == "null" for k in kind.items)
        nullable |= any(scalar(v) is None for v in items(own.get("enum")))
        if "$recursiveRef" in own:
            name = document.recursive.get(id(node))
            if name is None:
                return Core(None, component, nullable, "`$recursiveRef` is followed only as `'#'` inside a schema with `$recursiveAnchor: true`")
            component, node = name, document.schemas[name]
            continue
        ref = string(own.get("$ref"))
        if ref is not None:
            resolved = document.resolve(ref)
            if resolved.node is None:
                return Core(None, component, nullable, resolved.error)
            component = resolved.component or component
            node = resolved.node
            continue
        wrapped = items(own.get("allOf"))
        if len(wrapped) == 1 and not _structural(own, "allOf"):
            node = wrapped[0]
            continue
        for key in ("anyOf", "oneOf"):
            kept, had_null = non_null(items(own.get(key)))
            if had_null:
                nullable = True
            if len(kept) == 1 and key in own and not _structural(own, key):
                node = kept[0]
                break
        else:
            return Core(node, component, nullable)
    return Core(None, component, nullable, "the references go round in a circle")


STRUCTURAL = ("type", "properties", "items", "additionalProperties", "allOf", "anyOf", "oneOf", "enum", "const", "$ref")


def _structural(own: dict[str, Node], but: str) -> bool:
    return any(key in own for key in STRUCTURAL if key != but)


def values(node: MapNode) -> list[object]:
    """The values `enum` or `const` allow, null left out."""
    if "const" in node.entries:
        value = scalar(node.entries["const"])
        return [] if value is None else [value]
    return [scalar(v) for v in items(node.entries.get("enum")) if scalar(v) is not None]


def kind(document: Document, node: Node | None, depth: int = 0) -> str:
    """The JSON kind a value of this schema has: string, number, boolean, array, object,
    union (several kinds or objects), null or any."""
    found = core(document, node).node
    if found is None:
        return "any"
    own = found.entries
    if "enum" in own or "const" in own:
        kinds = {_value_kind(v) for v in values(found)}
        return kinds.pop() if len(kinds) == 1 else "null" if not kinds else "union"
    declared = own.get("type")
    if isinstance(declared, ListNode):
        names = {_type_kind(string(k)) for k in declared.items if scalar(k) != "null"}
        return names.pop() if len(names) == 1 else "null" if not names else "union"
    if isinstance(declared, ScalarNode):
        return _type_kind(string(declared))
    if "properties" in own or "additionalProperties" in own or "allOf" in own:
        return "object"
    if "items" in own:
        return "array"
    members, _ = non_null(items(own.get("anyOf")) or items(own.get("oneOf")))
    if members and depth >= 8:
        return "union"
    if members and depth < 8:
        kinds = {kind(document, m, depth + 1) for m in members}
        return kinds.pop() if len(kinds) == 1 and "object" not in kinds and "union" not in kinds else "union"
    return "any"


def _type_kind(name: str | None) -> str:
    return {"integer": "number", "number": "number", "string": "string", "boolean": "boolean", "array": "array", "object": "object", "null": "null"}.get(name or "", "any")


def _value_kind(value: object) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "any"


def properties(document: Document, node: Node | None) -> dict[str, Node]:
    """An object schema's properties, those of its `allOf` members merged in (later
    members win, as the converter merges them)."""
    found: dict[str, Node] = {}
    pending: list[Node | None] = [node]
    seen: set[int] = set()
    collected: list[MapNode] = []
    while pending and len(seen) < 4 * STEPS:
        target = core(document, pending.pop()).node
        if target is None or id(target) in seen:
            continue
        seen.add(id(target))
        collected.append(target)
        pending.extend(reversed(items(target.entries.get("allOf"))))
    for target in collected:
        for name, schema in entries(target.entries.get("properties")).items():
            found.setdefault(name, schema)
    return found


def tag_values(document: Document, node: Node | None) -> list[str]:
    """The string values a (discriminating) property may take."""
    found = core(document, node).node
    if found is None:
        return []
    return [v for v in values(found) if isinstance(v, str)]


@dataclass
class Members:
    members: list[Node] = field(default_factory=list)
    nullable: bool = False
    spread: list[str] = field(default_factory=list)  # nested unions whose members were taken in
    discriminator: str | None = None
    cycle: bool = False


def union_members(document: Document, node: MapNode, key: str) -> Members:
    """The non-null members of `node[key]`, with the members of nested unions in their
    place (the format has no union of unions)."""
    found = Members(discriminator=string(entries(node.entries.get("discriminator")).get("propertyName")))
    seen = {id(node)}

    def visit(members: tuple[Node, ...], depth: int) -> None:
        kept, had_null = non_null(members)
        found.nullable |= had_null
        for member in kept:
            inner = core(document, member)
            found.nullable |= inner.nullable
            nested = _union_key(inner.node)
            if inner.node is not None and nested is not None and depth < 8:
                if id(inner.node) in seen:
                    found.cycle = True
                    continue
                seen.add(id(inner.node))
                found.spread.append(inner.component or "an inline union")
                found.discriminator = found.discriminator or string(entries(inner.node.entries.get("discriminator")).get("propertyName"))
                visit(items(inner.node.entries[nested]), depth + 1)
            else:
                found.members.append(member)

    visit(items(node.entries.get(key)), 0)
    return found


def _union_key(node: MapNode | None) -> str | None:
    """`anyOf` or `oneOf` when `node` is a union of at least two non-null members."""
    if node is None or "properties" in node.entries:
        return None
    for key in ("oneOf", "anyOf"):
        if len(non_null(items(node.entries.get(key)))[0]) >= 2:
            return key
    return None
