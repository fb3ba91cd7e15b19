"""What the python-pydantic style's models need beyond what datamodel-code-generator
makes of the JSON Schema, so that they are built like the dataclass style's:

- a field that is always sent but may be null defaults to None in the constructor,
  while decoding still requires it (the schema given to datamodel-code-generator gives
  it `default: null`; such models get `NullableFieldsModel` as their base, which checks
  that a payload carries them);
- an enum field takes its values as plain strings too, for a type checker as at run
  time (pydantic makes them members): its annotation names an alias that is the enum at
  run time and `Enum | Literal[...]` under TYPE_CHECKING.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from ... import ir
from .models import always_sent_nullable, enum_fields, enum_literal
from .names import literal

NULLABLE_BASE = "_pydantic.NullableFieldsModel"
"""The base class (in the style's `_pydantic` module) of models with such fields."""


def schema_for_models(api: ir.Api, schema: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema as datamodel-code-generator should read it: a required field has
    a default (None) only when it may be null; a documented default of any other
    required field is left out, so that the field stays required. So is the default of
    a field typed by a union or an object: the constructor could only take it untyped.
    A nullable const is given as the const alone (`finish` adds `| None`): it would
    otherwise make an enum of its own, named by the field (`Type`)."""
    definitions = dict(schema["$defs"])
    for model in api.models_of_kind("object"):
        assert isinstance(model, ir.ObjectModel)
        properties = dict(definitions[model.name].get("properties", {}))
        for f in model.fields:
            found = dict(properties[f.name])
            if isinstance(f.type, ir.Const) and f.nullable:
                found = {key: value for key, value in found.items() if key != "anyOf"} | {"const": f.type.value}
            untyped_default = isinstance(f.type, ir.ModelRef) and f.type.model_kind in ("union", "object")
            if f.required or untyped_default:
                found.pop("default", None)
            if f.required and f.nullable:
                found["default"] = None
            properties[f.name] = found
        definitions[model.name] = {**definitions[model.name], "properties": properties}
    return {**schema, "$defs": definitions}


def base_class_map(api: ir.Api, stand_in: str) -> dict[str, str]:
    """Model name -> base class, for the models with always-sent nullable fields."""
    return {
        model.name: f"{stand_in}.{NULLABLE_BASE}"
        for model in api.models_of_kind("object")
        if isinstance(model, ir.ObjectModel) and always_sent_nullable(model)
    }


def finish(api: ir.Api, code: str) -> str:
    """datamodel-code-generator's module with the enum aliases in place and, at its end,
    each NullableFieldsModel's list of fields a payload must carry."""
    aliased: dict[str, str] = {}  # enum -> its Literal
    for model in api.models_of_kind("object"):
        assert isinstance(model, ir.ObjectModel)
        for f in enum_fields(model):
            values = enum_literal(api, f.type)
            if values is not None:
                assert isinstance(f.type, ir.ModelRef)
                code = _annotate(code, model.name, f.name, f.type.name)
                aliased[f.type.name] = values
    for enum, values in aliased.items():
        code = _after_class(code, enum, _alias(enum, values))
    for model in api.models_of_kind("object"):
        assert isinstance(model, ir.ObjectModel)
        for f in model.fields:
            if isinstance(f.type, ir.Const) and f.nullable:
                code = _nullable_const(code, model.name, f.name, f.type.value)
    if aliased:
        code = code.replace("from __future__ import annotations\n", "from __future__ import annotations\n\nfrom typing import TYPE_CHECKING, Literal, TypeAlias\n", 1)
    lines = [
        f"{model.name}._always_sent = frozenset({{{', '.join(literal(name) for name in always_sent_nullable(model))}}})"
        for model in api.models_of_kind("object")
        if isinstance(model, ir.ObjectModel) and always_sent_nullable(model)
    ]
    if lines:
        code = code.rstrip("\n") + "\n\n\n# the fields each model's payloads must carry, though they may be null\n" + "\n".join(lines) + "\n"
    return code


def alias_name(enum: str) -> str:
    """The alias an enum field is annotated with: private, so no model can take it."""
    return f"_{enum}OrValue"


def _alias(enum: str, values: str) -> str:
    name = alias_name(enum)
    return (
        "if TYPE_CHECKING:  # a value may be given as its string; pydantic makes it the member\n"
        f"    {name}: TypeAlias = {enum} | {values}\n"
        "else:\n"
        f"    {name} = {enum}\n"
    )


def _class_span(code: str, name: str) -> tuple[int, int]:
    found = re.search(rf"^class {re.escape(name)}\(.*?(?=^\S|\Z)", code, re.MULTILINE | re.DOTALL)
    if found is None:
        raise ValueError(f"datamodel-code-generator made no class `{name}`")
    end = found.end()
    # the class ends before the blank lines that precede the next statement
    while end > found.start() and code[end - 1] == "\n":
        end -= 1
    return found.start(), end


def _annotate(code: str, model: str, field: str, enum: str) -> str:
    start, end = _class_span(code, model)
    body = code[start:end]
    statement = re.search(rf"^    {re.escape(field)}: (.*?)(?= = |$)", body, re.MULTILINE)
    if statement is None:
        raise ValueError(f"datamodel-code-generator made no field `{model}.{field}`")
    annotation = re.sub(rf"\b{re.escape(enum)}\b", alias_name(enum), statement.group(1))
    body = body[: statement.start(1)] + annotation + body[statement.end(1) :]
    return code[:start] + body + code[end:]


def _nullable_const(code: str, model: str, field: str, value: ir.JsonScalar) -> str:
    """`code` with the field's annotation (`Literal[v]`, however it is wrapped) made
    `Literal[v] | None`."""
    start, end = _class_span(code, model)
    body = code[start:end]
    found = next(
        (
            node.annotation
            for node in ast.walk(ast.parse(body))
            if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.target.id == field
        ),
        None,
    )
    if found is None or found.end_lineno is None or found.end_col_offset is None:
        raise ValueError(f"datamodel-code-generator made no field `{model}.{field}`")
    # ast counts columns in UTF-8 bytes, and lines as Python does
    text = body.encode()
    lines = [0] + [m.end() for m in re.finditer(rb"\r\n|\r|\n", text)]
    first, last = lines[found.lineno - 1] + found.col_offset, lines[found.end_lineno - 1] + found.end_col_offset
    annotation = f"Literal[{literal(value)}] | None".encode()
    return code[:start] + (text[:first] + annotation + text[last:]).decode() + code[end:]


def _after_class(code: str, name: str, text: str) -> str:
    _, end = _class_span(code, name)
    return code[:end] + "\n\n\n" + text.rstrip("\n") + code[end:]


def in_class(code: str, name: str, members: str) -> str:
    """`code` with `members` (indented for a class body) at the end of class `name`."""
    _, end = _class_span(code, name)
    return code[:end] + "\n" + members.rstrip("\n") + code[end:]
