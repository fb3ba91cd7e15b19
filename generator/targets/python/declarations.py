"""What the models module declares besides the models: the types it needs a decoder
for, the enums it looks values up in, its type aliases (and which of them must be
written before the classes they name), and the decoders of lists and maps."""

from __future__ import annotations

from ... import ir
from .names import decoder, literal, type_hint


def model_types(api: ir.Api) -> list[ir.TypeRef]:
    """Every type that the models' fields, variants and aliases use, in model order."""
    found: list[ir.TypeRef] = []
    for model in api.models:
        if isinstance(model, ir.ObjectModel):
            found.extend(field.type for field in model.fields)
        elif isinstance(model, ir.UnionModel):
            found.extend(variant.type for variant in model.variants)
        elif isinstance(model, ir.AliasModel):
            found.append(model.type)
    return found


def looked_up_enums(api: ir.Api) -> list[ir.EnumModel]:
    """The enums whose values the models' decoders look up (see `decode_expression`):
    those the models use, not the ones only operation parameters take."""
    used = {ref.name for type_ref in model_types(api) for ref in ir.named_models(type_ref) if ref.model_kind == "enum"}
    return [m for m in api.models if isinstance(m, ir.EnumModel) and m.name in used]


def type_aliases(api: ir.Api) -> list[ir.UnionModel | ir.AliasModel]:
    """Unions and aliases, each after the ones its definition names.

    Python evaluates a type alias when the module loads, so an alias may only name
    aliases defined above it; classes are all defined before any alias.
    """
    pending = {m.name: m for m in api.models if isinstance(m, (ir.UnionModel, ir.AliasModel))}
    ordered: list[ir.UnionModel | ir.AliasModel] = []

    def place(model: ir.UnionModel | ir.AliasModel) -> None:
        if model.name not in pending:
            return
        del pending[model.name]
        types = [v.type for v in model.variants] if isinstance(model, ir.UnionModel) else [model.type]
        for type_ref in types:
            for ref in ir.named_models(type_ref):
                if ref.name in pending:
                    place(pending[ref.name])
        ordered.append(model)

    for model in list(pending.values()):
        place(model)
    return ordered


def forward_aliases(api: ir.Api) -> set[str]:
    """The unions and aliases that name themselves or one defined after them, through a
    list or a map (`Tree` as a list of `Tree`s): `type_aliases` cannot put those after
    what they name, so the template writes their definition as a string, which mypy
    reads as a (recursive) type alias and Python does not evaluate."""
    ordered = type_aliases(api)
    position = {model.name: index for index, model in enumerate(ordered)}
    forward: set[str] = set()

    for index, model in enumerate(ordered):
        types = [v.type for v in model.variants] if isinstance(model, ir.UnionModel) else [model.type]
        if any(position.get(ref.name, -1) >= index for type_ref in types for ref in ir.named_models(type_ref)):
            forward.add(model.name)
    return forward


def event_types(api: ir.Api) -> list[ir.TypeRef]:
    """The data type of every event of every stream, in spec order."""
    return [event.data for stream in api.streams for event in stream.events]


def read_types(api: ir.Api) -> list[ir.TypeRef]:
    """What the client and events modules decode: the data of every event but a
    stream's terminator (which ends the stream undecoded), then every operation's
    response."""
    events = [event.data for stream in api.streams for event in stream.events if event.name != stream.terminator]
    return [*events, *(operation.response for operation in api.operations if operation.response is not None)]


def decoded_types(api: ir.Api) -> list[ir.TypeRef]:
    """Every type something decodes: `model_types`, then `read_types`. The models
    module defines the composite decoders of all of them, which the other modules reach
    as `models._decode_...`."""
    return [*model_types(api), *read_types(api)]


def composite_decoders(types: list[ir.TypeRef], models: str = "") -> list[tuple[str, str]]:
    """(target, definition) of each composite decoder `types` need, dependencies first."""
    found: dict[str, str] = {}

    def visit(type_ref: ir.TypeRef) -> None:
        if isinstance(type_ref, ir.ListOf):
            visit(type_ref.item)
            found.setdefault(decoder(type_ref), f"_serde.list_of({decoder(type_ref.item, models)})")
        elif isinstance(type_ref, ir.MapOf):
            visit(type_ref.value)
            found.setdefault(decoder(type_ref), f"_serde.map_of({decoder(type_ref.value, models)})")
        elif isinstance(type_ref, ir.Const):
            hint = f"_serde.Decoder[{type_hint(type_ref)}]"
            found.setdefault(f"{decoder(type_ref)}: {hint}", f"_serde.as_const({literal(type_ref.value)})")

    for type_ref in types:
        visit(type_ref)
    return list(found.items())


GLOBALS = {
    "composite_decoders": composite_decoders,
    "model_types": model_types,
    "event_types": event_types,
    "type_aliases": type_aliases,
    "forward_aliases": forward_aliases,
    "decoded_types": decoded_types,
    "looked_up_enums": looked_up_enums,
}
