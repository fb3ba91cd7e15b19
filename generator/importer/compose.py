"""`allOf`, written as the format's `allOf` where the format can say the same thing.

A one-member wrapper is its member. Otherwise each member is a part: a `$ref` to an
object schema is written as its model's name, an inline object as an inline member whose
properties are named after the composed model (as the format names them), and an inline
`allOf` is spread into the list. The format gives a field one type, so a property that
two parts declare must have the same schema in both, apart from its documentation
(docs/spec-format.md, "Composition"); as the format compares the schemas written, shapes
it would name (an enum of several values, an object, a union) differ wherever they are
written twice. Where that does not hold, or a member is not an object, the composition is
the limit `allOf`: one object with the parts' properties merged, a later part's schema
kept, the JSON on the wire unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..read.nodes import MapNode, Node, ScalarNode, plain
from ..problems import Position
from . import names as naming
from .document import doc_text, entries, items, key_position, string
from .emit import Mapping, Sequence
from .shape import STRUCTURAL, core, kind

from .context import Out, schema_map

if TYPE_CHECKING:
    from .context import Converter, Ctx

DOCUMENTATION = ("description", "title", "default", "deprecated", "example", "examples", "readOnly", "writeOnly", "externalDocs")
OWN_KEYS = ("allOf", "type", "properties", "required", "additionalProperties")  # structure the format takes beside `allOf`


@dataclass
class Part:
    node: MapNode
    label: str
    component: str | None  # a member written as its model's name; None: inline
    fields: dict[str, tuple[Node, Position]] = field(default_factory=dict)  # as the composed model sees them


@dataclass
class Plan:
    parts: list[Part] = field(default_factory=list)
    others: list[str] = field(default_factory=list)  # members that are not objects, or contain themselves
    conflicts: list[str] = field(default_factory=list)


def all_of(conv: Converter, node: MapNode, ctx: Ctx, depth: int) -> Out:
    own = node.entries
    members = items(own["allOf"])
    siblings = [key for key in STRUCTURAL if key in own and key != "allOf"]
    if len(members) == 1 and not siblings:
        return conv.schema(members[0], ctx, depth + 1)
    plan = _plan(conv, node)
    if plan.others or plan.conflicts or set(siblings) - set(OWN_KEYS) or string(own.get("type")) not in (None, "object"):
        return _merged(conv, node, ctx, depth, plan)
    return _written(conv, node, ctx, depth, plan)


def _plan(conv: Converter, node: MapNode) -> Plan:
    plan = Plan()
    seen: set[int] = {id(node)}

    def visit(member: Node, level: int) -> None:
        found = core(conv.document, member)
        label = found.component or "an inline object"
        if found.node is None:
            plan.others.append(f"{label} ({found.error or 'not a schema'})")
            return
        if id(found.node) in seen or level > 8:
            plan.others.append(f"{label} (it contains itself)")
            return
        seen.add(id(found.node))
        inner = items(found.node.entries.get("allOf"))
        if not inner and kind(conv.document, found.node) not in ("object", "any"):
            plan.others.append(f"{label} (not an object)")
            return
        named = found.component is not None and string(entries(member).get("$ref")) is not None
        if named and not inner and "properties" not in found.node.entries:  # not an object model in the spec
            plan.others.append(f"{label} (an object without properties)")
            return
        if named:
            part = Part(found.node, f"`{found.component}`", found.component)
            _collect(conv, found.node, part.fields, level)
            plan.parts.append(part)
            return
        for nested in inner:  # an inline `allOf` is its members, in its place
            visit(nested, level + 1)
        part = Part(found.node, "an inline member", None)
        _collect(conv, found.node, part.fields, level, own_only=True)
        if part.fields or found.node.entries.get("required") is not None:
            plan.parts.append(part)

    for member in items(node.entries["allOf"]):
        visit(member, 0)
    beside = Part(node, "its own properties", None)
    _collect(conv, node, beside.fields, 0, own_only=True)
    plan.parts.append(beside)
    declared: dict[str, tuple[Node, str]] = {}
    for part in plan.parts:
        for name, (schema, _) in part.fields.items():
            if name in declared and not _same(declared[name][0], schema):
                plan.conflicts.append(f"`{name}` ({declared[name][1]} and {part.label})")
            declared[name] = (schema, part.label)
    return plan


def _collect(conv: Converter, node: MapNode, fields: dict[str, tuple[Node, Position]], level: int, own_only: bool = False) -> None:
    """The properties a part gives the composed model: its members' then its own, a
    later one's schema kept (as a merged member would have it)."""
    if not own_only and level < 8:
        for member in items(node.entries.get("allOf")):
            found = core(conv.document, member).node
            if found is not None:
                _collect(conv, found, fields, level + 1)
    properties = node.entries.get("properties")
    positions = properties.key_positions if isinstance(properties, MapNode) else {}
    for name, schema in entries(properties).items():
        fields[name] = (schema, positions.get(name, schema.position))


def _same(first: Node, second: Node) -> bool:
    """Whether the format would read two declarations of a property as one schema."""
    try:
        one, other = _bare(plain(first)), _bare(plain(second))
    except RecursionError:
        return False
    return one == other and not _named(one, 0)


def _bare(value: object) -> object:
    return {k: v for k, v in value.items() if k not in DOCUMENTATION and not k.startswith("x-")} if isinstance(value, dict) else value


def _named(value: object, depth: int) -> bool:
    """Whether the schema holds a shape the format makes a model of where it is written."""
    if not isinstance(value, dict) or depth > 16:
        return depth > 16
    if "properties" in value or "allOf" in value or len([v for v in value.get("enum") or [] if v is not None]) > 1:
        return True
    members = [m for key in ("oneOf", "anyOf") for m in value.get(key) or [] if not (isinstance(m, dict) and m.get("type") == "null")]
    if len(members) > 1:
        return True
    return any(_named(inner, depth + 1) for inner in (*members, value.get("items"), value.get("additionalProperties")))


def _written(conv: Converter, node: MapNode, ctx: Ctx, depth: int, plan: Plan) -> Out:

    name = ctx.name if ctx.context == "model" else conv.claim(ctx.name)
    every = {field for part in plan.parts for field in part.fields}
    mapping = schema_map()
    members = Sequence()
    for part in plan.parts[:-1]:
        if part.component is not None:
            members.items.append(schema_map(ref=conv.model_ref(part.component)))
        else:
            members.items.append(_part(conv, part, name, ctx, depth, every, schema_map(type="object")))
    mapping.set("allOf", members)
    own = _part(conv, plan.parts[-1], name, ctx, depth, every, mapping, member=False)
    extra = node.entries.get("additionalProperties")
    if isinstance(extra, ScalarNode) and extra.value is False:
        own.set("additionalProperties", False)
    elif extra is not None and not (isinstance(extra, ScalarNode) and extra.value is True):
        values_ctx = ctx.inside(name + naming.VALUES, ctx.where + "{}", "values")
        own.set("additionalProperties", conv.place(conv.schema(extra, values_ctx, depth + 1), values_ctx, extra))
    conv.record.rewrite("allOf composed as the format composes it")
    if ctx.context == "model":
        return Out(mapping)
    return Out(conv.declare(name, mapping, ctx, node, "inline object"))


def _part(conv: Converter, part: Part, name: str, ctx: Ctx, depth: int, every: set[str], mapping: Mapping, member: bool = True) -> Mapping:
    """An inline part's properties and `required` (and a member's description), written
    into `mapping`."""
    properties = Mapping(origin=part.node.position)
    for field_name, (schema, position) in part.fields.items():
        if not naming.IDENTIFIER.match(field_name):
            mapping.notes.append(conv.record.limit("name", position, f"property `{field_name}` of {ctx.where} is not an identifier, and the format cannot rename a property"))
            continue
        field_ctx = ctx.inside(naming.pascal(name, field_name), f"{name}.{field_name}", "property")
        properties.set(field_name, conv.place(conv.schema(schema, field_ctx, depth + 1), field_ctx, schema), origin=position)
    if properties.entries:
        mapping.set("properties", properties)
    listed: dict[str, None] = {}
    for item in items(part.node.entries.get("required")):
        wanted = string(item)
        if wanted is None:
            continue
        if wanted in every:  # the format requires what any part declares
            listed.setdefault(wanted, None)
        elif naming.IDENTIFIER.match(wanted) and wanted not in listed:
            mapping.notes.append(conv.record.limit("keyword", item.position, f"`required` at {ctx.where} names `{wanted}`, which is not among its properties"))
    if listed:
        mapping.set("required", Sequence(list(listed)))
    text = doc_text(part.node.entries.get("description"))
    if member and text:
        mapping.set("description", text)
    return mapping


def _merged(conv: Converter, node: MapNode, ctx: Ctx, depth: int, plan: Plan) -> Out:
    """The limit: one object with every part's properties, a later one's schema kept."""
    own = node.entries
    fields: dict[str, tuple[Node, Position]] = {}
    required: list[Node] = []
    described: list[str] = []
    for part in plan.parts:
        fields.update(part.fields)
        _required(conv, part, required)
        text = doc_text(part.node.entries.get("description"))
        if text and part.node is not node:
            described.append(text)
    labels = [part.label.strip("`") for part in plan.parts[:-1]]
    shown = ", ".join(labels[:6]) + (f" and {len(labels) - 6} more" if len(labels) > 6 else "")
    message = f"`allOf` at {ctx.where} ({shown or 'no objects'})"
    reasons = []
    if plan.conflicts:
        reasons.append(f"its parts declare a property with different schemas, and the format gives a field one type: {', '.join(plan.conflicts)}")
    if plan.others:
        reasons.append(f"it has members the format cannot compose: {', '.join(plan.others)}")
    extra = [key for key in STRUCTURAL if key in own and key not in OWN_KEYS]
    if extra or string(own.get("type")) not in (None, "object"):
        reasons.append(f"it has {', '.join(f'`{k}`' for k in extra) or '`type`'} beside it")
    note = conv.record.limit("allOf", key_position(node, "allOf"), f"{message}: {'; '.join(reasons)}")
    if "description" not in own and described:  # the members' own words, for the merged model
        node = MapNode({**own, "description": ScalarNode(described[0], node.position)}, node.key_positions, node.position)
    out = conv.object(node, ctx, depth, fields, required, [note])
    if ctx.context == "model" and "description" not in own and described:
        out.schema.set("description", described[0])
    return out


def _required(conv: Converter, part: Part, required: list[Node]) -> None:
    pending = [part.node]
    seen: set[int] = set()
    while pending and len(seen) < 64:
        target = pending.pop()
        if id(target) in seen:
            continue
        seen.add(id(target))
        required.extend(item for item in items(target.entries.get("required")) if string(item) is not None)
        if part.component is not None:
            pending.extend(found for member in items(target.entries.get("allOf")) if (found := core(conv.document, member).node) is not None)
