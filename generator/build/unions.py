"""Stage 3, unions: a validated `oneOf` or `anyOf` as an `ir.UnionModel`, with the
lookup that finds an object's variant (check/discriminators.py plans it; the
validator has reported every plan that would not select one variant per value).
"""

from __future__ import annotations

from typing import Protocol

from .. import ir, naming
from ..check.discriminators import Candidate, Table, plan, read_discriminator, tag_values
from ..problems import Position
from ..read.load import ListNode, MapNode, Node, ScalarNode


class Builder(Protocol):
    """What a union needs of the IR builder (builder.py), which calls `build_union`."""

    declared: dict[str, tuple[Node, str, Position]]

    def type_of(self, node: Node, name_if_inline: str, source: str) -> ir.TypeRef: ...

    def json_kind(self, type_ref: ir.TypeRef) -> str: ...


def build_union(builder: Builder, name: str, node: Node, source: str) -> ir.UnionModel:
    assert isinstance(node, MapNode)
    entries = node.entries
    keyword = "oneOf" if "oneOf" in entries else "anyOf"
    items = entries[keyword]
    assert isinstance(items, ListNode)
    discriminator = read_discriminator(entries.get("discriminator"))
    properties = discriminator.properties if discriminator else ()

    def resolve(model: str) -> Node | None:
        found = builder.declared.get(model)
        return found[0] if found else None

    variants: list[ir.Variant] = []
    candidates: list[Candidate] = []
    default: ir.Variant | None = None
    for index, item in enumerate(items.items):
        variant_type = builder.type_of(item, name + naming.UNION_ENUM, source)
        kind = builder.json_kind(variant_type)
        tags: tuple[str, ...] = ()
        if kind == "object" and properties and isinstance(variant_type, ir.ModelRef):
            fields = _entries(_entries(resolve(variant_type.name)).get("properties"))
            values = tuple(tag_values(fields.get(prop), resolve) for prop in properties)
            tags = values[0] or ()
            if tags:
                candidates.append(Candidate(index, variant_type.name, values, item.position))
        variant = ir.Variant(variant_type, kind, tags[0] if tags else None, tags)  # type: ignore[arg-type]
        variants.append(variant)
        if discriminator and isinstance(variant_type, ir.ModelRef) and variant_type.name == discriminator.default:
            default = variant
    lookup = None
    if discriminator and candidates:
        table, problems = plan(name, properties, candidates)
        assert not problems, "validation let an ambiguous discriminator through"
        lookup = _lookup(table, variants)
    upstream = entries.get("upstream")
    return ir.UnionModel(
        name=name,
        description=_text(entries.get("description")),
        variants=tuple(variants),
        discriminator=properties[0] if properties else None,
        source=source,
        upstream=upstream.value if isinstance(upstream, ScalarNode) and isinstance(upstream.value, str) else None,
        lookup=lookup,
        default=default,
        keyword=keyword,  # type: ignore[arg-type]
    )


def _lookup(table: Table, variants: list[ir.Variant]) -> ir.Lookup:
    cases = tuple(
        (value, _lookup(target, variants) if isinstance(target, Table) else variants[target.index])
        for value, target in table.cases
    )
    return ir.Lookup(table.property, cases)


def _entries(node: Node | None) -> dict[str, Node]:
    return node.entries if isinstance(node, MapNode) else {}


def _text(node: Node | None) -> str:
    value = node.value if isinstance(node, ScalarNode) else ""
    return value.strip() if isinstance(value, str) else ""
