"""What the model templates derive from the IR beyond names: the annotation a field is
built with, and which fields a constructor treats specially. Split from names.py.
"""

from __future__ import annotations

from ... import ir
from .names import literal, type_hint


def enum_literal(api: ir.Api, type_ref: ir.TypeRef) -> str | None:
    """`Literal["a", "b"]` of an enum type's declared values; None for any other type."""
    if not (isinstance(type_ref, ir.ModelRef) and type_ref.model_kind == "enum"):
        return None
    model = api.model(type_ref.name)
    assert isinstance(model, ir.EnumModel)
    return "Literal[" + ", ".join(literal(value.value) for value in model.values) + "]" if model.values else None


def model_field_hint(api: ir.Api, field: ir.Field) -> str:
    """A model field's annotation, as `field_hint` but taking an enum's values as plain
    strings too (`TruncationType | Literal["auto", "last_messages"]`), as the client's
    methods do: `TruncationStrategy(type="auto")` type-checks. The constructor turns
    such a string into the enum's member (see `enum_fields`)."""
    hint = type_hint(field.type)
    values = enum_literal(api, field.type)
    if values is not None:
        hint += " | " + values
    if field.nullable:
        hint += " | None"
    if not field.required:
        hint += " | Unset"
    return hint


def enum_fields(model: ir.ObjectModel) -> list[ir.Field]:
    """The fields whose type is an enum: the constructor makes a string given for one
    into the enum's member, so a model built by hand holds what decoding would."""
    return [f for f in model.fields if isinstance(f.type, ir.ModelRef) and f.type.model_kind == "enum"]


def field_default(field: ir.Field) -> str | None:
    """The constructor's default for a field, as Python source, or None when it has none:
    `UNSET` for an optional field, the value of a constant, and `None` for a field that
    is always sent but may be null (decoding still requires it to be present)."""
    if not field.required:
        return "UNSET"
    if field.nullable:
        return "None"
    if isinstance(field.type, ir.Const):
        return literal(field.type.value)
    return None


def always_sent_nullable(model: ir.ObjectModel) -> list[str]:
    """The JSON names of the fields a payload always carries that may be null: the
    constructor defaults them to None, decoding requires them."""
    return [f.name for f in model.fields if f.required and f.nullable]


GLOBALS = {
    "enum_literal": enum_literal,
    "model_field_hint": model_field_hint,
}
FILTERS = {
    "enum_fields": enum_fields,
    "field_default": field_default,
    "always_sent_nullable": always_sent_nullable,
}
