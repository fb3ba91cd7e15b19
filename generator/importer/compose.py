"""`allOf`: a one-member wrapper is its member; several members are the spec format's
limit `allOf` (issue 12 item 14), for which the import declares one object with the
members' properties merged. That is the same JSON on the wire, but the composition is
gone, so it is reported; when the format learns `allOf`, this module writes it instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..nodes import MapNode, Node, ScalarNode, plain
from ..problems import Position
from .document import doc_text, entries, items, key_position, string
from .shape import STRUCTURAL, core, kind

if TYPE_CHECKING:
    from .schemas import Converter, Ctx, Out


def all_of(conv: Converter, node: MapNode, ctx: Ctx, depth: int) -> Out:
    own = node.entries
    members = items(own["allOf"])
    siblings = [key for key in STRUCTURAL if key in own and key != "allOf"]
    if len(members) == 1 and not siblings:
        return conv.schema(members[0], ctx, depth + 1)
    fields: dict[str, tuple[Node, Position]] = {}
    required: list[Node] = []
    labels: list[str] = []
    conflicts: list[str] = []
    others: list[str] = []
    described: list[str] = []

    def merge(target: MapNode, label: str) -> None:
        properties = target.entries.get("properties")
        positions = properties.key_positions if isinstance(properties, MapNode) else {}
        for name, schema in entries(properties).items():
            if name in fields and not _same(fields[name][0], schema):
                conflicts.append(f"`{name}` ({label})")
            fields[name] = (schema, positions.get(name, schema.position))
        required.extend(item for item in items(target.entries.get("required")) if string(item) is not None)
        text = doc_text(target.entries.get("description"))
        if text:
            described.append(text)

    seen: set[int] = {id(node)}

    def visit(member: Node, level: int) -> None:
        found = core(conv.document, member)
        label = found.component or "an inline object"
        if found.node is None:
            others.append(f"{label} ({found.error or 'not a schema'})")
            return
        if id(found.node) in seen or level > 8:
            others.append(f"{label} (it contains itself)")
            return
        seen.add(id(found.node))
        inner = items(found.node.entries.get("allOf"))
        if not inner and kind(conv.document, found.node) not in ("object", "any"):
            others.append(f"{label} (not an object)")
            return
        for nested in inner:
            visit(nested, level + 1)
        if level == 0:
            labels.append(label if found.component else "an inline object")
        merge(found.node, label)

    for member in members:
        visit(member, 0)
    merge(node, "its own properties")
    shown = ", ".join(labels[:6]) + (f" and {len(labels) - 6} more" if len(labels) > 6 else "")
    message = f"`allOf` at {ctx.where} ({shown or 'no objects'}): the spec format has no `allOf` (issue 12 item 14)"
    if conflicts:
        message += f"; declared again by a later member, whose schema is kept: {', '.join(conflicts)}"
    if others:
        message += f"; left out: {', '.join(others)}"
    note = conv.record.limit("allOf", key_position(node, "allOf"), message)
    if "description" not in own and described:  # the members' own words, for the merged model
        node = MapNode({**own, "description": ScalarNode(described[0], node.position)}, node.key_positions, node.position)
    out = conv.object(node, ctx, depth, fields, required, [note])
    if ctx.context == "model" and "description" not in own and described:
        out.schema.set("description", described[0])
    return out


def _same(first: Node, second: Node) -> bool:
    if first is second:
        return True
    try:
        return plain(first) == plain(second)
    except RecursionError:
        return False
