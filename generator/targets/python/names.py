"""How the IR is spelled in Python: names, type annotations, literals, docstrings,
and the decode/encode expressions the model templates use.

The Python target (`targets/python/__init__.py`) hands these to the renderer as Jinja
filters; templates for other languages can ignore them and bring their own.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass

from ... import ir
from ...naming import pascal
from .derived import const_spelling, model_stem
from .reserved import KEYWORDS, MODEL_ATTRIBUTE_NAMES, NOT_FOR_LOCALS, SOFT_KEYWORDS

# names the generated models use for themselves; a spec field with one of these names
# gets a trailing underscore in Python (the JSON name is unchanged)
RESERVED = MODEL_ATTRIBUTE_NAMES
PRIMITIVE_TYPES = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "any": "Any"}
PRIMITIVE_DECODERS = {
    "string": "_serde.as_str",
    "integer": "_serde.as_int",
    "number": "_serde.as_float",
    "boolean": "_serde.as_bool",
    "any": "_serde.as_any",
}
JSON_KIND_CHECKS = {
    "string": "type(data) is str",
    "number": "type(data) is int or type(data) is float",
    "boolean": "type(data) is bool",
    "array": "type(data) is list",
    "object": "type(data) is dict",
}
JSON_KIND_NAMES = {"string": "a string", "number": "a number", "boolean": "a boolean", "array": "an array", "object": "an object"}


def snake(name: str) -> str:
    """`AssistantToolChoice` -> `assistant_tool_choice`; `thread.run.created` -> `thread_run_created`."""
    spaced = re.sub(r"(?<=[a-z0-9])([A-Z])|(?<=[A-Z])([A-Z][a-z])", r"_\1\2", name)
    return re.sub(r"[^a-z0-9]+", "_", spaced.lower()).strip("_")


_NOT_FOR_ATTRIBUTES = KEYWORDS | SOFT_KEYWORDS | RESERVED


def py_name(name: str) -> str:
    """A field's name as a Python attribute: keywords, soft keywords, dunders and the
    names a model's class body uses (`to_dict`, `field`, `str`...; see
    `MODEL_ATTRIBUTE_NAMES`) get a `_` suffix (`class` -> `class_`, and `class_` ->
    `class__`; `__init__` -> `__init___`).

    Builtins such as `id`, `type` and `format` stay as they are: an attribute may shadow
    a builtin the class body does not use. For locals and parameters use
    `py_identifier`. The validator refuses names Python would mangle (`__x`).
    """
    if not (name.isascii() and name.isidentifier()):  # it is put in code as it is
        raise ValueError(f"`{name}` is not a Python identifier; the spec validator admits only identifiers as names")
    # `class_` gets another `_` too, so that `class` and `class_` stay two fields; the
    # same holds for every name with the same stem, which keeps the mapping one-to-one
    stem = name.rstrip("_")
    if name in _NOT_FOR_ATTRIBUTES or stem in _NOT_FOR_ATTRIBUTES or stem.startswith("__") or not stem:
        return name + "_"
    return name


def py_identifier(name: str) -> str:
    """A Python local or parameter name for any string, never a keyword, builtin, `self`
    or `cls`: `id` -> `id_`, `input` -> `input_`, `X-Request-Id` -> `x_request_id`,
    `2fa` -> `value_2fa`.

    Mangling appends `_`, and a name that differs from a mangled one only by trailing
    underscores gets one more (`id_` -> `id__`), so distinct identifiers stay distinct.
    A string that is not an ASCII identifier is put in snake case first (empty ->
    `empty`), which can meet a name that already was one (`a-b`, `a_b`); the spec
    validator admits only identifiers as field and parameter names.
    """
    if not (name.isascii() and name.isidentifier()):
        name = snake(name) or "empty"
        if name[0].isdigit():
            name = "value_" + name
    stem = name.rstrip("_")
    if any(stem + "_" * count in NOT_FOR_LOCALS for count in range(len(name) - len(stem) + 1)):
        return name + "_"
    return name


def literal(value: object) -> str:
    """A Python literal for a JSON scalar; strings always come out double-quoted and escaped."""
    if isinstance(value, str):
        # not ensure_ascii: JSON spells a character beyond U+FFFF as a surrogate pair,
        # which Python reads as two characters
        text = json.dumps(value, ensure_ascii=False)
        return re.sub(r"[^ -~]", lambda found: _unicode_escape(found[0]), text)
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (int, float)):
        return repr(value)
    raise TypeError(f"not a JSON scalar: {value!r}")


def docstring(text: str, indent: int = 4, width: int = 88, offset: int | None = None) -> str:
    """The body of a triple-quoted docstring: wrapped, and unable to end the string early.

    `offset` is the column the text starts at on its first line (default: `indent`).
    """
    text = text.strip().replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if not text.replace("\n", "").replace("\t", "").isprintable():  # rare: look at each character
        text = "".join(ch if ch in "\n\t" or ch.isprintable() else _escape(ch) for ch in text)
    if text.endswith('"') and (len(text) - len(text[:-1].rstrip("\\")) - 1) % 2 == 0:
        text = text[:-1] + '\\"'  # a quote right before the closing quotes would end them early
    prefix = " " * indent
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text):
        lines = paragraph.splitlines()
        if any(line.lstrip().startswith(("- ", "* ", "```")) or line.startswith("  ") for line in lines):
            paragraphs.append("\n".join(prefix + line.rstrip() if line.strip() else "" for line in lines))
            continue
        first = " " * ((offset if offset is not None and not paragraphs else indent) - indent)
        wrapped = textwrap.fill(
            " ".join(lines), width=width - indent, initial_indent=first, break_long_words=False, break_on_hyphens=False
        )
        paragraphs.append(textwrap.indent(wrapped, prefix)[len(first) :] if first else textwrap.indent(wrapped, prefix))
    return "\n\n".join(paragraphs).lstrip()


def _unicode_escape(ch: str) -> str:
    code = ord(ch)
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def type_hint(type_ref: ir.TypeRef) -> str:
    """The annotation of a type: `str`, `list[Run]`, `dict[str, Any]`, `Literal["run"]`."""
    if isinstance(type_ref, ir.Primitive):
        return PRIMITIVE_TYPES[type_ref.name]
    if isinstance(type_ref, ir.Const):
        # a float cannot be a Literal
        return "float" if isinstance(type_ref.value, float) else f"Literal[{literal(type_ref.value)}]"
    if isinstance(type_ref, ir.ListOf):
        return f"list[{type_hint(type_ref.item)}]"
    if isinstance(type_ref, ir.MapOf):
        return f"dict[str, {type_hint(type_ref.value)}]"
    return type_ref.name


def field_hint(field: ir.Field | ir.Parameter) -> str:
    """The annotation of a field: `X`, `X | None`, `X | Unset` or `X | None | Unset`."""
    hint = type_hint(field.type)
    if field.nullable:
        hint += " | None"
    if not field.required:
        hint += " | Unset"
    return hint


def decoder(type_ref: ir.TypeRef, models: str = "") -> str:
    """An expression naming a `(value, path) -> T` decoder for the type.

    Composite decoders (lists, maps, constants) are module-level names created once by
    `composite_decoders`, so decoding never builds closures. `models` prefixes references
    to model decoders when the code lives outside the models module (e.g. `models.`).
    """
    if isinstance(type_ref, ir.Primitive):
        return PRIMITIVE_DECODERS[type_ref.name]
    if isinstance(type_ref, (ir.Const, ir.ListOf, ir.MapOf)):
        return f"{models}_decode_" + _decoder_suffix(type_ref)
    if type_ref.model_kind == "object":
        return f"{models}{type_ref.name}.from_dict"
    if type_ref.model_kind == "enum":
        return f"{models}{type_ref.name}.decode"
    return f"{models}{model_stem(type_ref.name)}_from_dict"


def _decoder_suffix(type_ref: ir.TypeRef) -> str:
    """(`list_of_` | `map_of_`)* then a primitive (`str`), a model's own name
    (`RunStep`) or `const_` and the value's `const_spelling`: distinct types never
    share a composite decoder."""
    if isinstance(type_ref, ir.Primitive):
        return PRIMITIVE_TYPES[type_ref.name].lower()
    if isinstance(type_ref, ir.Const):
        return "const_" + const_spelling(type_ref.value)
    if isinstance(type_ref, ir.ListOf):
        return "list_of_" + _decoder_suffix(type_ref.item)
    if isinstance(type_ref, ir.MapOf):
        return "map_of_" + _decoder_suffix(type_ref.value)
    return type_ref.name


def field_decoder(field: ir.Field) -> str:
    """The expression that reads `field` from the dict `data` at JSON path `path`."""
    how = ("required" if field.required else "optional") + ("_nullable" if field.nullable or ir.is_any(field.type) else "")
    return f"_serde.{how}(data, {literal(field.name)}, path, {decoder(field.type)})"


def _invalid_check(type_ref: ir.TypeRef, name: str) -> str | None:
    """A condition true when `name` is NOT a valid value of a scalar type, or None when
    the type needs a decoder call anyway."""
    if isinstance(type_ref, ir.Primitive):
        return {
            "string": f"type({name}) is not str",
            "integer": f"type({name}) is not int",
            "number": f"type({name}) is not float and type({name}) is not int",
            "boolean": f"type({name}) is not bool",
        }.get(type_ref.name)
    if isinstance(type_ref, ir.Const) and isinstance(type_ref.value, str):
        return f"{name} != {literal(type_ref.value)}"  # only an equal str compares equal to a str
    return None


def local_name(field: ir.Field) -> str:
    """The local variable `from_dict` keeps a field in: its JSON name (an identifier)
    and `_`, which never shadows a builtin or a module-level name (model names are
    PascalCase, decoders end in `_from_dict` or start with `_`), and gives distinct
    fields distinct locals: `class` -> `class_`, `class_` -> `class__`."""
    return field.name + "_"


def _enum_lookup(type_ref: ir.TypeRef, value: str) -> str:
    """An expression giving the member of an enum for `value`, a str: a lookup in the
    enum's `_<NAME>_MEMBERS` (a `_serde.Members`, which keeps an undeclared value)."""
    return f"_{model_stem(type_hint(type_ref)).upper()}_MEMBERS[{value}]"


def decode_expression(type_ref: ir.TypeRef, value: str = "data", path: str = "path") -> str:
    """An expression decoding `value`, already known to be of the type's JSON kind: an
    enum's value is looked up in its `_<NAME>_MEMBERS` dict, anything else is passed
    to its decoder with `path`."""
    if isinstance(type_ref, ir.ModelRef) and type_ref.model_kind == "enum":
        return _enum_lookup(type_ref, value)
    return f"{decoder(type_ref)}({value}, {path})"


_ITEM_TYPES = {"string": "{str}", "integer": "{int}", "number": "{float, int}", "boolean": "{bool}"}
"""The Python types of the items of a list of scalars, as a set literal."""


def _valid_case(field: ir.Field, name: str) -> tuple[str, list[str]] | None:
    """(condition, statements) for a field whose value `name` needs decoding: when the
    condition holds, the statements decode it without checking it again. None when the
    decoder does its own checks (objects, maps, unions)."""
    type_ref = field.type
    if isinstance(type_ref, ir.ModelRef) and type_ref.model_kind == "enum":
        return f"type({name}) is str", [f"{name} = {_enum_lookup(type_ref, name)}"]
    if isinstance(type_ref, ir.ListOf) and isinstance(type_ref.item, ir.Primitive) and type_ref.item.name in _ITEM_TYPES:
        # a list of scalars (token bytes, ids): the types of all items found in one pass
        # in C, and the list copied; anything else goes to the list's decoder, which
        # names the bad item
        return f"type({name}) is list and {{*map(type, {name})}} <= {_ITEM_TYPES[type_ref.item.name]}", [f"{name} = {name}.copy()"]
    if isinstance(type_ref, ir.ListOf):
        # no call to the list's decoder, and a loop (a comprehension costs a function
        # call, as a call to a helper would): the items share one path, as building one
        # per item costs more than decoding it; a list with a bad item goes to the
        # list's decoder, which decodes it again with a path per item and so names it
        items = field.name + "_items"  # ends unlike every field's local, which ends in `_`
        return f"type({name}) is list", [
            "try:  # one path for all items: the list's decoder names a bad one",
            f"    {items} = []",
            f"    for item in {name}:",
            f"        {items}.append({decoder(type_ref.item)}(item, path))",
            f"    {name} = {items}",
            "except DecodeError:",
            f"    {name} = {decoder(type_ref)}({name}, path + {literal('.' + field.name)})",
        ]
    return None


def field_decode_lines(field: ir.Field) -> list[str]:
    """Statements that leave the decoded `field` in `local_name(field)`.

    The common case costs a dict lookup and a type check (scalars, enums, empty lists)
    or one decoder call (objects, list items, unions); anything unusual (null where not
    allowed, wrong type) goes to a `_serde` helper that raises DecodeError with the
    exact path. A missing required field raises KeyError, which `from_dict` turns into
    a DecodeError.
    """
    name = local_name(field)
    key = literal(field.name)
    # a required field is read with `data[key]`: `from_dict` turns the KeyError of a
    # missing one into a DecodeError
    read = f"data[{key}]" if field.required else f"data.get({key}, UNSET)"
    if ir.is_any(field.type):
        return [f"{name} = {read}"]  # any value, null included, is kept as it is
    # absent or null where allowed: left as they are
    exempt = ([] if field.required else [f"{name} is not UNSET"]) + ([f"{name} is not None"] if field.nullable else [])
    check = _invalid_check(field.type, name)
    if check is not None:
        guard = " and ".join([*exempt, f"({check})" if " and " in check and exempt else check])
        return [f"{name} = {read}", f"if {guard}:", f"    {name} = {field_decoder(field)}"]
    valid = _valid_case(field, name)
    if valid is not None:
        condition, statements = valid
        otherwise = f"elif {' and '.join(exempt)}:" if exempt else "else:"
        return [f"{name} = {read}", f"if {condition}:", *("    " + s for s in statements), otherwise, f"    {name} = {field_decoder(field)}"]
    decode = f"{name} = {decoder(field.type)}({name}, path + {literal('.' + field.name)})"
    lines = [f"{name} = {read}"]
    if not field.nullable:
        lines += [f"if {name} is None:", f"    raise _serde.absent(data, {key}, path)"]
    present = [f"{name} is not UNSET"] if not field.required else []
    present += [f"{name} is not None"] if field.nullable else []
    if present:
        return [*lines, f"if {' and '.join(present)}:", "    " + decode]
    return [*lines, decode]


def encoder(type_ref: ir.TypeRef, expr: str, depth: int = 0) -> str:
    """An expression giving the JSON form of `expr`, a non-null value of the type."""
    if isinstance(type_ref, (ir.Primitive, ir.Const)):
        return expr
    if isinstance(type_ref, ir.ListOf):
        item = f"item{depth or ''}"
        inner = encoder(type_ref.item, item, depth + 1)
        return f"list({expr})" if inner == item else f"[{inner} for {item} in {expr}]"
    if isinstance(type_ref, ir.MapOf):
        key, value = f"key{depth or ''}", f"value{depth or ''}"
        inner = encoder(type_ref.value, value, depth + 1)
        return f"dict({expr})" if inner == value else f"{{{key}: {inner} for {key}, {value} in {expr}.items()}}"
    if type_ref.model_kind == "object":
        return f"{expr}.to_dict()"
    if type_ref.model_kind == "enum":
        return f"str({expr})"  # a member, or its value as a plain string
    if type_ref.model_kind == "union":
        return f"_serde.encode({expr})"
    return f"_serde.encode({expr})"


def field_encoder(field: ir.Field, expr: str) -> str:
    """The JSON form of the field's value held in the Python expression `expr` (such as
    `self.tools`), which is known not to be `UNSET`."""
    encoded = encoder(field.type, expr)
    if field.nullable and encoded != expr:
        return f"None if {expr} is None else {encoded}"
    return encoded


def json_kind_check(kind: str) -> str:
    """A condition on `data` that holds when it is of a JSON kind: `"object"` ->
    `type(data) is dict`."""
    return JSON_KIND_CHECKS[kind]


def json_kinds_phrase(union: ir.UnionModel) -> str:
    """The JSON kinds a union decodes from, for error messages: `a string or an object`."""
    names = [JSON_KIND_NAMES[k] for k in union.json_kinds]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def union_hint(union: ir.UnionModel) -> str:
    """The annotation a union's alias stands for: its variants' types, joined with `|`,
    plus `UnknownVariant` when the union looks its object variants up by a discriminator."""
    members = [type_hint(v.type) for v in union.variants]
    if union.lookup is not None:
        members.append("UnknownVariant")
    return " | ".join(dict.fromkeys(members))


FILTERS = {
    "snake": snake,
    "model_stem": model_stem,
    "py_name": py_name,
    "py_identifier": py_identifier,
    "literal": literal,
    "docstring": docstring,
    "type_hint": type_hint,
    "field_hint": field_hint,
    "decoder": decoder,
    "field_decoder": field_decoder,
    "field_decode_lines": field_decode_lines,
    "decode_expression": decode_expression,
    "local_name": local_name,
    "field_encoder": field_encoder,
    "json_kind_check": json_kind_check,
    "json_kinds_phrase": json_kinds_phrase,
    "union_hint": union_hint,
}


