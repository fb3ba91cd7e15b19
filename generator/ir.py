"""The intermediate representation: what templates see.

Plain frozen dataclasses, built once from a validated spec and never mutated. Everything
is language-neutral; the Python-specific spelling of names and types lives in the
template filters (`generator/python_names.py`). `docs/templates.md` documents this
context for template authors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Union

JsonScalar = Union[str, int, float, bool, None]


@dataclass(frozen=True)
class Constraints:
    """Bounds from the spec; `None` where the spec sets none."""

    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    max_properties: int | None = None
    key_max_length: int | None = None

    def items(self) -> tuple[tuple[str, float], ...]:
        """The constraints that are set, as (name, value) pairs in a fixed order."""
        return tuple((k, v) for k, v in vars(self).items() if v is not None)


NO_CONSTRAINTS = Constraints()


@dataclass(frozen=True)
class Primitive:
    """A JSON scalar type: string, integer, number, boolean, or any JSON value."""

    name: Literal["string", "integer", "number", "boolean", "any"]
    format: str | None = None
    constraints: Constraints = NO_CONSTRAINTS
    kind: Literal["primitive"] = "primitive"


@dataclass(frozen=True)
class Const:
    """Exactly one JSON value, such as `"thread.run"` or `"[DONE]"`."""

    value: JsonScalar
    kind: Literal["const"] = "const"


@dataclass(frozen=True)
class ModelRef:
    """A reference to a declared model; `model_kind` says which kind it is."""

    name: str
    model_kind: Literal["object", "enum", "union", "alias"]
    kind: Literal["model"] = "model"


@dataclass(frozen=True)
class ListOf:
    item: TypeRef
    constraints: Constraints = NO_CONSTRAINTS
    kind: Literal["list"] = "list"


@dataclass(frozen=True)
class MapOf:
    """A JSON object used as a map from string keys to `value`."""

    value: TypeRef
    constraints: Constraints = NO_CONSTRAINTS
    kind: Literal["map"] = "map"


TypeRef = Union[Primitive, Const, ModelRef, ListOf, MapOf]


@dataclass(frozen=True)
class Field:
    """One property of an object model.

    `required`: always present in the JSON. `nullable`: may be JSON null. The two are
    independent; an optional field that is absent differs from one sent as null.
    """

    name: str
    type: TypeRef
    required: bool
    nullable: bool
    description: str
    default: JsonScalar | list[object] | dict[str, object] | None = None
    has_default: bool = False
    deprecated: bool = False


@dataclass(frozen=True)
class ObjectModel:
    name: str
    description: str
    fields: tuple[Field, ...]
    source: str
    upstream: str | None = None
    closed: bool = False  # additionalProperties: false (requests the API rejects extras for)
    kind: Literal["object"] = "object"

    @property
    def required_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.required)

    @property
    def optional_fields(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if not f.required)


@dataclass(frozen=True)
class EnumValue:
    value: str
    member_name: str  # UPPER_SNAKE identifier derived from the value, unique in its enum
    description: str = ""


@dataclass(frozen=True)
class EnumModel:
    """A string enum. Generated code must accept values added to the API later."""

    name: str
    description: str
    values: tuple[EnumValue, ...]
    source: str
    upstream: str | None = None
    kind: Literal["enum"] = "enum"


@dataclass(frozen=True)
class Variant:
    """One member of a union: its type, the JSON kind it decodes from, and, for
    object variants of a discriminated union, the discriminator value."""

    type: TypeRef
    json_kind: Literal["string", "number", "boolean", "array", "object"]
    tag: str | None = None


@dataclass(frozen=True)
class UnionModel:
    """A `oneOf`. Decoding looks at the JSON kind, then at `discriminator`; an object
    whose discriminator value is unknown is kept as a raw variant."""

    name: str
    description: str
    variants: tuple[Variant, ...]
    discriminator: str | None
    source: str
    upstream: str | None = None
    kind: Literal["union"] = "union"

    def variants_of_kind(self, json_kind: str) -> tuple[Variant, ...]:
        return tuple(v for v in self.variants if v.json_kind == json_kind)

    @property
    def json_kinds(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(v.json_kind for v in self.variants))


@dataclass(frozen=True)
class AliasModel:
    """A name for another type, such as `Metadata` for a map of strings."""

    name: str
    description: str
    type: TypeRef
    source: str
    upstream: str | None = None
    kind: Literal["alias"] = "alias"


Model = Union[ObjectModel, EnumModel, UnionModel, AliasModel]


@dataclass(frozen=True)
class Parameter:
    name: str
    location: Literal["path", "query"]
    type: TypeRef
    required: bool
    nullable: bool
    description: str
    default: JsonScalar = None
    has_default: bool = False


@dataclass(frozen=True)
class Operation:
    name: str
    method: str
    path: str
    summary: str
    description: str
    upstream: str | None
    path_parameters: tuple[Parameter, ...]
    query_parameters: tuple[Parameter, ...]
    body: ObjectModel | None
    response: TypeRef
    stream: str | None  # the Stream's name, when `stream: true` in the body switches to SSE
    paginated: bool
    deprecated: bool
    source: str


@dataclass(frozen=True)
class Event:
    name: str  # as on the wire, e.g. thread.run.created
    member_name: str  # UPPER_SNAKE identifier, e.g. THREAD_RUN_CREATED, unique in its stream
    data: TypeRef
    description: str


@dataclass(frozen=True)
class Stream:
    name: str
    description: str
    events: tuple[Event, ...]
    terminator: str | None
    error_event: str | None  # the event whose data is an error, raised rather than yielded
    source: str

    @property
    def data_events(self) -> tuple[Event, ...]:
        """The events a reader yields: all but the terminator and the error event."""
        return tuple(e for e in self.events if e.name not in (self.terminator, self.error_event))


@dataclass(frozen=True)
class Poll:
    """Waiting for an object to reach a state by fetching it again and again.

    Each round calls `operation` with its path parameters taken from the object's fields
    (`arguments`: parameter -> field) until `field` holds one of `until`. The server may
    ask for a pause with `interval_header` (milliseconds). Each operation in `after`
    also gets a variant that starts the wait on the object it returns.
    """

    name: str
    description: str
    operation: str
    arguments: tuple[tuple[str, str], ...]
    field: str
    until: tuple[str, ...]
    interval_header: str | None
    after: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class Api:
    """The whole API. Models are sorted by name; operations and events keep spec order."""

    name: str
    title: str
    version: str
    description: str
    base_url: str
    headers: tuple[tuple[str, str], ...]
    query_arrays: Literal["brackets", "repeat"]
    models: tuple[Model, ...]
    operations: tuple[Operation, ...]
    streams: tuple[Stream, ...]
    polls: tuple[Poll, ...]
    sources: tuple[str, ...]

    def model(self, name: str) -> Model:
        for model in self.models:
            if model.name == name:
                return model
        raise KeyError(name)

    def operation(self, name: str) -> Operation:
        for operation in self.operations:
            if operation.name == name:
                return operation
        raise KeyError(name)

    def models_of_kind(self, kind: str) -> tuple[Model, ...]:
        return tuple(m for m in self.models if m.kind == kind)
