"""What the model templates derive from the IR beyond names: the annotation a field is
built with, and which fields a constructor treats specially. Split from names.py.
"""

from __future__ import annotations

import dataclasses
import textwrap

from ... import ir
from .names import literal, local_name, type_hint

LINE_LENGTH = 88  # black's, which the generated code is formatted with


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


def decoded_as(field: ir.Field, api: ir.Api) -> ir.Field:
    """The field as `from_dict` decodes it: a field whose type is an alias (of a map
    of strings, say, or a list) is decoded as the type the alias names, in place, as a
    field of that type is (a string checked inline, a list's items in a loop), rather
    than by a call to the alias's `<name>_from_dict`, which would do the same, with the
    same errors, one call deeper. Not an alias of an enum (its members
    are looked up only for the enums fields name) or of `any` (a field of that type
    takes null)."""
    type_ref = api.unaliased(field.type)
    if (isinstance(type_ref, ir.ModelRef) and type_ref.model_kind == "enum") or ir.is_any(type_ref):
        return field
    return field if type_ref is field.type else dataclasses.replace(field, type=type_ref)


def field_names_lines(model: ir.ObjectModel) -> list[str]:
    """The `FIELD_NAMES = _serde.names("a b c")` statement of a model, in lines of its
    class body as black would write them: one line when it fits, else the names wrapped
    into adjacent string literals. Property names are identifiers (the spec's rule), so
    they fit a space-separated string."""
    spaced = " ".join(f.name for f in model.fields)
    one_line = f"    FIELD_NAMES = _serde.names({literal(spaced)})"
    if len(one_line) <= LINE_LENGTH:
        return [one_line]
    wrapped = textwrap.wrap(spaced, 76, break_long_words=False, break_on_hyphens=False)
    pieces = [literal(line if index == 0 else " " + line) for index, line in enumerate(wrapped)]
    return ["    FIELD_NAMES = _serde.names(", *(f"        {piece}" for piece in pieces), "    )"]


def known_fields_count(model: ir.ObjectModel) -> str:
    """The expression `from_dict` counts the declared fields a payload held with: the
    required ones, plus each optional one found (compared with `len(data)`, it tells
    whether there are unknown fields without looking at the keys)."""
    if not model.optional_fields:
        return str(len(model.required_fields))
    found = [f"({local_name(f)} is not UNSET)" for f in model.optional_fields]
    if not model.required_fields and len(found) == 1:
        return found[0][1:-1]
    return " + ".join(([str(len(model.required_fields))] if model.required_fields else []) + found)


GLOBALS = {
    "enum_literal": enum_literal,
    "model_field_hint": model_field_hint,
}
FILTERS = {
    "decoded_as": decoded_as,
    "enum_fields": enum_fields,
    "field_default": field_default,
    "always_sent_nullable": always_sent_nullable,
    "field_names_lines": field_names_lines,
    "known_fields_count": known_fields_count,
}
