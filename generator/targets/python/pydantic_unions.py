"""Discriminated unions in the python-pydantic style, written by us rather than by
datamodel-code-generator (generator/targets/python/pydantic_models.py calls these).

pydantic's own discriminated unions need a `Literal` tag field in every variant, fail on
a value they do not know, and look at one property. Ours find the variant as the default
style does: by the JSON kind, then by looking the discriminator's values up (several
values per variant, a second property where variants share a value, a default variant
for objects without the property), and an unknown value gives `UnknownVariant`, which
keeps the object. Each member is tagged (`Tag("Cat")`), and `_pydantic.discriminator`
maps a value to its member's tag.

So datamodel-code-generator sees these unions without their `discriminator`, and its
definition of each is replaced by ours.
"""

from __future__ import annotations

import ast
import copy
import re
from typing import Any

from ... import ir
from .names import literal, type_hint

IMPORTS = "from typing import Annotated, Any, Literal\n\nfrom . import _pydantic\nfrom ._pydantic import UnknownVariant\n"
"""What our definitions use; the format stage drops what a module does not use."""


def discriminated(api: ir.Api) -> list[ir.UnionModel]:
    """The unions whose definitions are ours: those that look variants up."""
    return [m for m in api.models if isinstance(m, ir.UnionModel) and m.lookup is not None]


def without_discriminators(api: ir.Api, schema: dict[str, Any]) -> dict[str, Any]:
    """The JSON Schema for datamodel-code-generator: our unions without `discriminator`,
    so that it neither rewrites their variants' tag fields nor checks their values."""
    schema = copy.deepcopy(schema)
    for union in discriminated(api):
        schema["$defs"][union.name].pop("discriminator", None)
    return schema


def _tag(variant: ir.Variant) -> str:
    return variant.type.name if variant.json_kind == "object" and isinstance(variant.type, ir.ModelRef) else variant.json_kind


def _lookup(lookup: ir.Lookup) -> str:
    cases = ", ".join(f"{literal(value)}: {_lookup(target) if isinstance(target, ir.Lookup) else literal(_tag(target))}" for value, target in lookup.cases)
    return f"({literal(lookup.property)}, {{{cases}}})"


def definition(union: ir.UnionModel, later: frozenset[str] = frozenset()) -> str:
    """The statement that defines the union's type alias. A variant naming a model of
    `later` (defined further down the module) is a string: the alias's value is
    evaluated where it stands."""
    assert union.lookup is not None
    members = [
        f"Annotated[{literal(hint) if any(ref.name in later for ref in ir.named_models(v.type)) else hint}, _pydantic.Tag({literal(_tag(v))})]"
        for v in union.variants
        for hint in [type_hint(v.type)]
    ]
    members.append('Annotated[UnknownVariant, _pydantic.Tag("UnknownVariant")]')
    default = f", default={literal(_tag(union.default))}" if union.default is not None else ""
    found = f"_pydantic.discriminator({_lookup(union.lookup)}{default})"
    return f"{union.name} = TypeAliasType({literal(union.name)}, Annotated[{' | '.join(members)}, {found}])\n"


def replace_definitions(api: ir.Api, code: str) -> str:
    """`code` (datamodel-code-generator's module) with our definition of each
    discriminated union in place of its own, and the imports ours (and the models
    module's decoders) need."""
    unions = {union.name: union for union in discriminated(api)}
    # where each line starts, as Python counts lines: str.splitlines would also break at
    # the U+2028 or form feed a description may hold
    starts = [0] + [found.end() for found in re.finditer(r"\r\n|\r|\n", code)] + [len(code)]
    tree = ast.parse(code)
    spans: list[tuple[int, int, str]] = []
    defined: dict[str, int] = {}  # the line each top-level name is first bound at
    last_import = 0
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            last_import = node.end_lineno or node.lineno
        target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else getattr(node, "target", None)
        name = node.name if isinstance(node, ast.ClassDef) else target.id if isinstance(target, ast.Name) else None
        if name is not None:
            defined.setdefault(name, node.lineno)
        if name in unions:
            spans.append((node.lineno, node.end_lineno or node.lineno, name))
    missing = set(unions) - {name for _, _, name in spans}
    if missing:
        raise ValueError(f"datamodel-code-generator defined no type alias for the unions {sorted(missing)}")
    for start, end, name in sorted(spans, reverse=True):
        # datamodel-code-generator orders models by what their fields use, and may put
        # a variant after its union
        later = frozenset(model for model, line in defined.items() if line > start)
        code = code[: starts[start - 1]] + definition(unions[name], later) + code[starts[end] :]
    at = starts[last_import]
    return code[:at] + "\n" + IMPORTS + code[at:]
