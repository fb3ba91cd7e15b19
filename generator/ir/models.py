"""The IR's models: objects with their fields, enums, unions with the lookup that tells
their variants apart, and aliases."""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Literal, Union

from ..problems import Position
from .types import JsonScalar, TypeRef


@dataclass(frozen=True)
class Field:
    """One property of an object model."""

    name: str
    """The property's name in the JSON; `py_name` spells it as a Python attribute."""
    type: TypeRef
    """The type of a value that is not null."""
    required: bool
    """Always present in the JSON (listed in the model's `required`)."""
    nullable: bool
    """May be JSON null. Independent of `required`: an optional field that is absent
    differs from one sent as null."""
    description: str
    """From the spec."""
    default: JsonScalar | list[object] | dict[str, object] | None = None
    """The server-side default as JSON data, when `has_default`; documentation only,
    the client never sends it."""
    has_default: bool = False
    """The spec gives a `default` (which may itself be null)."""
    deprecated: bool = False
    """The spec marks the field deprecated."""


@dataclass(frozen=True)
class Computed:
    """A read-only property of an object model that the client computes from its fields
    (`computed` in the spec): never sent, never read from the JSON. Its code is the
    style's `partials/computed/<helper>.jinja`."""

    name: str
    """The property's name, snake_case; no field of the model has it."""
    helper: str
    """The style's partial that writes the property, PascalCase."""
    description: str
    """From the spec: the property's docstring."""
    helper_at: Position | None = None
    """Where the spec names `helper`: the position of the problem reported when the
    style has no such partial."""


@dataclass(frozen=True)
class ObjectModel:
    """A JSON object with named properties (`type: object` with `properties`)."""

    name: str
    """The model's name, PascalCase."""
    description: str
    """From the spec."""
    fields: tuple[Field, ...]
    """The properties, in spec order."""
    source: str
    """The spec file that declares it."""
    upstream: str | None = None
    """The upstream OpenAPI schema's name when it differs from ours (traceability only)."""
    closed: bool = False
    """`additionalProperties: false`: the API rejects members it does not know (request
    bodies)."""
    computed: tuple[Computed, ...] = ()
    """Properties the client computes from the fields (`computed`), in spec order."""
    kind: Literal["object"] = "object"
    """Always `object`."""

    @property
    def required_fields(self) -> tuple[Field, ...]:
        """The fields that are `required`, in spec order."""
        return tuple(f for f in self.fields if f.required)

    @property
    def optional_fields(self) -> tuple[Field, ...]:
        """The fields that are not `required`, in spec order."""
        return tuple(f for f in self.fields if not f.required)


@dataclass(frozen=True)
class EnumValue:
    """One value of an enum."""

    value: str
    """The string as in the JSON."""
    member_name: str
    """An UPPER_SNAKE identifier derived from the value (`in_progress` -> `IN_PROGRESS`,
    `1x` -> `VALUE_1X`), unique in its enum."""
    description: str = ""
    """Always empty: the spec format has no per-value descriptions yet."""


@dataclass(frozen=True)
class EnumModel:
    """A string enum, declared or inline; an inline one is named after its owner and
    field (`Run.status` -> `RunStatus`). Generated code must accept values added to
    the API later."""

    name: str
    """The model's name, PascalCase."""
    description: str
    """From the spec."""
    values: tuple[EnumValue, ...]
    """The values, in spec order."""
    source: str
    """The spec file that declares it (for an inline enum, its owner's file)."""
    upstream: str | None = None
    """The upstream OpenAPI schema's name when it differs from ours (traceability only)."""
    kind: Literal["enum"] = "enum"
    """Always `enum`."""


@dataclass(frozen=True)
class Variant:
    """One member of a union."""

    type: TypeRef
    """The member's type."""
    json_kind: Literal["string", "number", "boolean", "array", "object"]
    """The JSON kind it decodes from (integers are `number`; an alias counts as the type
    it names)."""
    tag: str | None = None
    """For an object variant of a discriminated union, its first discriminator value
    (the first of `tags`); else None."""
    tags: tuple[str, ...] = ()
    """For an object variant of a discriminated union, every value of the
    discriminator's first property that selects it (a `const`, or each value of an
    `enum`, in spec order); else empty."""


@dataclass(frozen=True)
class Lookup:
    """How a discriminated union finds the variant of an object: by the value of
    `property`. Each case leads to a variant, or, for a value that several variants
    share, to a lookup over the union's next discriminator property."""

    property: str
    """The property whose value is looked up, such as `type`."""
    cases: tuple[tuple[str, Variant | Lookup], ...]
    """`(value, variant or lookup)` pairs, in the order of the variants and of their
    values."""

    @builtins.property  # `property` is a field here
    def lookups(self) -> tuple[Lookup, ...]:
        """This lookup and every one below it, depth first: the tables to generate."""
        found: list[Lookup] = [self]
        for _, target in self.cases:
            if isinstance(target, Lookup):
                found.extend(target.lookups)
        return tuple(found)


@dataclass(frozen=True)
class UnionModel:
    """A `oneOf` or an `anyOf`. Decoding looks at the JSON kind, then at the
    discriminator (`lookup`); an object whose discriminator value is unknown is kept as
    a raw variant, one without the discriminator is the `default` variant if there is
    one."""

    name: str
    """The model's name, PascalCase."""
    description: str
    """From the spec."""
    variants: tuple[Variant, ...]
    """The members, in spec order."""
    discriminator: str | None
    """The (first) property whose value tells the object variants apart; None for a
    union without one (it has at most one object variant)."""
    source: str
    """The spec file that declares it."""
    upstream: str | None = None
    """The upstream OpenAPI schema's name when it differs from ours (traceability only)."""
    lookup: Lookup | None = None
    """How an object's variant is found, when the union has a discriminator; None
    otherwise. A one-property discriminator whose values each select one variant is a
    single lookup over `discriminator`."""
    default: Variant | None = None
    """The object variant that an object without the discriminator property is (the
    discriminator's `default`); None when such an object is an error."""
    keyword: Literal["oneOf", "anyOf"] = "oneOf"
    """How the spec wrote the union; decoding is the same, exports keep the keyword."""
    kind: Literal["union"] = "union"
    """Always `union`."""

    def variants_of_kind(self, json_kind: str) -> tuple[Variant, ...]:
        """The variants that decode from one JSON kind (`"object"`, `"string"`...), in
        spec order."""
        return tuple(v for v in self.variants if v.json_kind == json_kind)

    @property
    def json_kinds(self) -> tuple[str, ...]:
        """Each JSON kind the variants decode from, once, in order of first appearance."""
        return tuple(dict.fromkeys(v.json_kind for v in self.variants))


@dataclass(frozen=True)
class AliasModel:
    """A name for another type, such as `Metadata` for a map of strings."""

    name: str
    """The model's name, PascalCase."""
    description: str
    """From the spec; documents the alias, not the type it names."""
    type: TypeRef
    """The type it names."""
    source: str
    """The spec file that declares it."""
    upstream: str | None = None
    """The upstream OpenAPI schema's name when it differs from ours (traceability only)."""
    kind: Literal["alias"] = "alias"
    """Always `alias`."""


Model = Union[ObjectModel, EnumModel, UnionModel, AliasModel]
"""A named model. All four classes have `name`, `description`, `source`, `upstream` and
`kind`: `object`, `enum`, `union` or `alias`."""
