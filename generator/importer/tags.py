"""How the object members of a union are told apart: the format's discriminator.

The first property is upstream's discriminator, or the one most members give values for
(unions.py). A member may take several values of it (`type: {enum: [...]}`); members
that share a value are told apart by a further property, found here as the format's
validator would check it (generator/check/discriminators.py `plan`), added to the lookup order
only when it resolves what the others do not. A member without the property at all is
the union's `default`, as the format spells an object that lacks the tag. What still
selects two members, or a second member without the property, is a limit, and that
member is left out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..check.discriminators import Candidate, plan
from ..read.nodes import Node
from .shape import core, properties, tag_values

if TYPE_CHECKING:
    from .context import Converter, Ctx, Variant


@dataclass
class Told:
    """The members kept, the properties looked at in order, and the default member."""

    kept: list[Variant] = field(default_factory=list)
    properties: list[str] = field(default_factory=list)
    default: Variant | None = None


def label(conv: Converter, variant: Variant) -> str:
    found = core(conv.document, variant.member)
    return found.component or f"an inline {variant.kind if variant.kind != 'any' else 'schema'}"


def tell_apart(conv: Converter, group: list[Variant], first: str, ctx: Ctx, notes: list[str]) -> Told:
    told = Told(properties=[first])
    fields: dict[int, dict[str, Node]] = {}
    for variant in group:
        found = properties(conv.document, variant.member)
        fields[id(variant)] = found
        name = label(conv, variant)
        values = tag_values(conv.document, found.get(first))
        if not values:
            if first not in found and told.default is None:
                told.default = variant
                continue
            why = f"the union's default (an object without `{first}`) is {label(conv, told.default)} already" if told.default else f"it declares `{first}` without values"
            notes.append(conv.record.limit("untagged-variant", variant.member.position, f"{name} has no `{first}` value to tell it apart in the union at {ctx.where}, and {why}"))
            continue
        trial = [*told.kept, variant]
        if _fits(conv, told.properties, trial, fields):
            told.kept.append(variant)
            continue
        extra = next((p for p in found if p not in told.properties and _fits(conv, [*told.properties, p], trial, fields)), None)
        if extra is not None:
            told.properties.append(extra)
            told.kept.append(variant)
            continue
        other = next(v for v in told.kept if set(values) & set(tag_values(conv.document, fields[id(v)].get(first))))
        shared = sorted(set(values) & set(tag_values(conv.document, fields[id(other)].get(first))))
        notes.append(conv.record.limit(
            "shared-tag", variant.member.position,
            f"{name} shares the `{first}` value `{shared[0]}` with {label(conv, other)} in the union at {ctx.where}, "
            "and no further property tells them apart by values of their own",
        ))  # fmt: skip
    for variant in told.kept:
        variant.parts = [values[0] for prop in told.properties if (values := tag_values(conv.document, fields[id(variant)].get(prop)))]
        variant.tag = variant.parts[0]
    return told


def _fits(conv: Converter, looked_at: list[str], variants: list[Variant], fields: dict[int, dict[str, Node]]) -> bool:
    """Whether the format's lookup over `looked_at` selects each variant by its values."""
    candidates = []
    for index, variant in enumerate(variants):
        found = fields[id(variant)]
        values = tuple(tuple(tag_values(conv.document, found.get(prop))) or None for prop in looked_at)
        candidates.append(Candidate(index, str(index), values, variant.member.position))
    _, problems = plan("union", tuple(looked_at), candidates)
    return not problems
