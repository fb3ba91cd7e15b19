"""The IR's types: what a field, parameter or event holds (primitives, constants,
references to models, lists and maps) and its constraints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Union



JsonScalar = Union[str, int, float, bool, None]
"""A JSON value that is not an array or an object."""


@dataclass(frozen=True)
class Constraints:
    """Bounds the spec puts on a value. Each is None where the spec sets none."""

    minimum: float | None = None
    """`minimum`: the smallest number allowed (inclusive)."""
    maximum: float | None = None
    """`maximum`: the largest number allowed (inclusive)."""
    min_length: int | None = None
    """`minLength`: the fewest characters a string may have."""
    max_length: int | None = None
    """`maxLength`: the most characters a string may have."""
    min_items: int | None = None
    """`minItems`: the fewest items a list may have."""
    max_items: int | None = None
    """`maxItems`: the most items a list may have."""
    max_properties: int | None = None
    """`maxProperties`: the most keys a map may have."""
    key_max_length: int | None = None
    """`propertyNames: {maxLength}`: the longest key a map may have."""

    def items(self) -> tuple[tuple[str, float], ...]:
        """The constraints that are set, as (name, value) pairs in a fixed order."""
        return tuple((k, v) for k, v in vars(self).items() if v is not None)


NO_CONSTRAINTS = Constraints()


@dataclass(frozen=True)
class Primitive:
    """A JSON scalar type: string, integer, number, boolean, or any JSON value."""

    name: Literal["string", "integer", "number", "boolean", "any"]
    """Which one; `any` is any JSON value, including arrays, objects and null."""
    format: str | None = None
    """The spec's free-form `format` hint, such as `unixtime` or `uri`; None when unset."""
    constraints: Constraints = NO_CONSTRAINTS
    """Numeric bounds and string length bounds."""
    kind: Literal["primitive"] = "primitive"
    """Always `primitive`."""


@dataclass(frozen=True)
class Const:
    """Exactly one JSON value, such as `"thread.run"` or `"[DONE]"`."""

    value: JsonScalar
    """The value."""
    kind: Literal["const"] = "const"
    """Always `const`."""


@dataclass(frozen=True)
class ModelRef:
    """A reference to a declared model (or to an inline enum, which becomes a model)."""

    name: str
    """The model's name; `api.model(name)` returns the model."""
    model_kind: Literal["object", "enum", "union", "alias"]
    """The `kind` of the model it names."""
    kind: Literal["model"] = "model"
    """Always `model`."""


@dataclass(frozen=True)
class ListOf:
    """A JSON array whose items all have one type."""

    item: TypeRef
    """The type of each item."""
    constraints: Constraints = NO_CONSTRAINTS
    """`min_items` and `max_items`."""
    kind: Literal["list"] = "list"
    """Always `list`."""


@dataclass(frozen=True)
class MapOf:
    """A JSON object used as a map from string keys to values of one type."""

    value: TypeRef
    """The type of each value: `Primitive("any")` for a free-form object."""
    constraints: Constraints = NO_CONSTRAINTS
    """`max_properties` and `key_max_length`."""
    kind: Literal["map"] = "map"
    """Always `map`."""


TypeRef = Union[Primitive, Const, ModelRef, ListOf, MapOf]
"""The type of a field, parameter, variant, alias, response or event's data. The five
classes are told apart by `kind`: `primitive`, `const`, `model`, `list` or `map`."""


def is_any(type_ref: object) -> bool:
    """Whether the type is `any`: any JSON value, null included."""
    return isinstance(type_ref, Primitive) and type_ref.name == "any"


def named_models(type_ref: TypeRef) -> tuple[ModelRef, ...]:
    """The model the type names, through lists and maps (`list[Tool]` names `Tool`);
    none for a primitive or a constant."""
    if isinstance(type_ref, ModelRef):
        return (type_ref,)
    if isinstance(type_ref, ListOf):
        return named_models(type_ref.item)
    if isinstance(type_ref, MapOf):
        return named_models(type_ref.value)
    return ()
