"""What a client method's argument accepts (the `param_hint` global): the models of its
type, or the plain JSON a caller would write instead.

Models decode what the server sends; arguments are what a caller writes, often as plain
dicts and lists (`input=[{"role": "user", "content": "hi"}]`, as the official SDKs'
TypedDict parameters allow). So a position that holds a model also takes a `Mapping`, a
list is any `Sequence` (covariant, so a `list[dict[str, str]]` fits), and a union takes,
beside its own alias, the plain forms of its variants: a mapping for its object
variants, `str` for its strings and enums, and for an array variant the plain form of
the array. The client encodes either as is (`_serde.encode`).
"""

from __future__ import annotations

from ... import ir
from . import names as python_names

MAPPING = "Mapping[str, Any]"


def param_hint(api: ir.Api, type_ref: ir.TypeRef) -> str:
    """What a method argument of this type accepts: models or plain JSON-like values."""
    return " | ".join(_members(api, type_ref, frozenset()))


def _members(api: ir.Api, type_ref: ir.TypeRef, seen: frozenset[str]) -> list[str]:
    """The members of the hint's top-level union, each once. `seen`: the unions and
    aliases being spelled, so that a type that contains itself (`Tree: {type: array,
    items: Tree}`) stops at its own name."""
    if isinstance(type_ref, ir.ListOf):
        return [f"Sequence[{' | '.join(_members(api, type_ref.item, seen))}]"]
    if isinstance(type_ref, ir.MapOf):
        return [f"Mapping[str, {' | '.join(_members(api, type_ref.value, seen))}]"]
    if not isinstance(type_ref, ir.ModelRef):
        return [python_names.type_hint(type_ref)]
    model = api.model(type_ref.name)
    own = f"models.{model.name}"
    if isinstance(model, ir.EnumModel):
        return [own, f"Literal[{', '.join(python_names.literal(v.value) for v in model.values)}]"]
    if isinstance(model, ir.ObjectModel):
        return [own, MAPPING]
    if model.name in seen:
        return [own]
    inner = seen | {model.name}
    members = [own]
    if isinstance(model, ir.UnionModel):
        if "object" in model.json_kinds:
            members.append(MAPPING)
        if "string" in model.json_kinds:
            members.append("str")
        for variant in model.variants:
            if variant.json_kind == "array":
                members += _members(api, variant.type, inner)
    elif isinstance(model, ir.AliasModel) and isinstance(model.type, (ir.ListOf, ir.MapOf, ir.ModelRef)):
        members += _members(api, model.type, inner)
    return list(dict.fromkeys(members))
