"""The intermediate representation: what templates see. Plain frozen dataclasses, built
once from a validated spec; templates read them and never change them. Everything is
language-neutral: how a name or a type is spelled in Python is up to the filters. Models
are sorted by name; operations, fields, parameters, enum values and events keep spec
order. Text from the spec (descriptions, summaries) has its surrounding whitespace
stripped, and is empty, never None, where the spec gives none.

The docstring after each attribute is its reference documentation: `make docs` turns
this module's docstrings into docs/templates.md.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import Literal, Union

from .client import Auth as Auth, ClientHeader as ClientHeader, Environment as Environment  # the client settings
from ..problems import Position

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


@dataclass(frozen=True)
class Parameter:
    """A path or query parameter of an operation."""

    name: str
    """The name in the path placeholder or the query string."""
    location: Literal["path", "query"]
    """Where it is sent."""
    type: TypeRef
    """The type of a value that is not null."""
    required: bool
    """Always true for a path parameter; for a query parameter, `required: true`."""
    nullable: bool
    """May be null (`nullable: true`)."""
    description: str
    """From the spec."""
    default: JsonScalar = None
    """The server-side default, when `has_default`; documentation only."""
    has_default: bool = False
    """The spec gives a `default`."""


@dataclass(frozen=True)
class Operation:
    """One HTTP endpoint: a method of the generated client."""

    name: str
    """The client method's name, snake_case (`create_run`)."""
    method: str
    """The HTTP method, upper case: `GET`, `POST`, `PUT`, `PATCH` or `DELETE`."""
    path: str
    """The path below `api.base_url`, with `{placeholders}` for path parameters."""
    summary: str
    """One line from the spec."""
    description: str
    """From the spec."""
    upstream: str | None
    """The upstream operationId, when given."""
    path_parameters: tuple[Parameter, ...]
    """One per `{placeholder}`, in path order."""
    query_parameters: tuple[Parameter, ...]
    """In spec order."""
    body: ObjectModel | None
    """The model of the JSON request body (the model itself, not a reference); None
    without a body."""
    response: TypeRef | None
    """The type of the decoded success response; None for `response: null`, an answer
    without a body (the Python client returns None)."""
    stream: str | None
    """The name of the `Stream` sent instead when the request asks for one (see
    `stream_by`); else None."""
    stream_by: Literal["body", "query"]
    """How a request asks for the stream: `body`, the JSON body's boolean `stream`
    property is true; `query`, the query parameter `stream=true` is sent. Neither
    flag is an argument of the operation's methods: the streaming one always sends
    it, the plain one never does. `body` when the operation has no stream."""
    paginated: bool
    """The response is a cursor page (`data`, `has_more`, ...) and the `after` query
    parameter fetches the next one."""
    deprecated: bool
    """The spec marks the operation deprecated."""
    source: str
    """The spec file that declares it."""


@dataclass(frozen=True)
class Event:
    """One kind of server-sent event in a stream."""

    name: str
    """The event name as on the wire, such as `thread.run.created`."""
    member_name: str
    """An UPPER_SNAKE identifier derived from the name (`THREAD_RUN_CREATED`), unique
    in its stream."""
    data: TypeRef
    """The type the event's `data:` decodes to."""
    description: str
    """From the spec."""


@dataclass(frozen=True)
class Stream:
    """A stream of server-sent events that an operation sends when asked (see
    `Operation.stream_by`).

    How it ends: at its `terminator` (not yielded), or when the connection closes.
    It is complete once the terminator or one of its `terminal_events` arrived; a
    stream that declares neither is complete when the connection closes.
    """

    name: str
    """The stream's name, PascalCase (`RunStream`)."""
    description: str
    """From the spec."""
    events: tuple[Event, ...]
    """Every event the stream may carry, in spec order."""
    terminator: str | None
    """The name of the event that ends the stream, not yielded (a `[DONE]` marker);
    None when the spec names none: the stream ends when the connection closes."""
    error_event: str | None
    """The name of the event whose data is an error, raised rather than yielded; None
    when there is none."""
    source: str
    """The spec file that declares it."""
    upstream: str | None = None
    """The upstream OpenAPI schema whose union lists the stream's events (traceability
    and `diff-upstream` only); None when the spec names none."""
    terminal_events: tuple[str, ...] = ()
    """Events that are yielded and mark the stream complete (`response.completed`);
    the reader goes on until the connection closes. In spec order."""
    dispatch: Literal["event", "type"] = "event"
    """What names an event: `event`, the SSE `event:` line; `type`, the `type` member
    of the event's JSON data (the `event:` line is read only when the data has no
    `type` naming one of the stream's events)."""
    helpers: str | None = None
    """The style's stream helpers this stream gets (`partials/stream_helpers/<helpers>.jinja`
    and its `_handler` and `_members` partials); None: only the generic stream classes."""
    helpers_at: Position | None = None
    """Where the spec names `helpers`: the position of the problem reported when the
    style has no such helpers."""
    error_unwrap: bool = True
    """An error event whose data is an object with an object `error` member is decoded
    from that member (the shape of a failed response's body): True unless the error
    event's schema declares an `error` property itself, or there is no error event."""

    @property
    def data_events(self) -> tuple[Event, ...]:
        """The events a reader yields: all but the terminator and the error event
        (terminal events included)."""
        return tuple(e for e in self.events if e.name not in (self.terminator, self.error_event))

    @property
    def terminator_data(self) -> str | None:
        """The terminator's data when the spec fixes it as one string (`{const: "[DONE]"}`):
        an event with this data that its own schema cannot decode ends the stream,
        whatever its name. None otherwise."""
        for event in self.events:
            if event.name == self.terminator and isinstance(event.data, Const) and isinstance(event.data.value, str):
                return event.data.value
        return None


@dataclass(frozen=True)
class Poll:
    """Waiting for an object to reach a state by fetching it again and again.

    Each round calls `operation` with its path parameters taken from the object's fields
    (`arguments`) until `field` holds one of `until`. Each operation in `after` also gets
    a variant that starts the wait on the object it returns.
    """

    name: str
    """The poll's name, snake_case: the Python client calls its method `poll_<name>`."""
    description: str
    """From the spec."""
    operation: str
    """The name of the operation called each round."""
    arguments: tuple[tuple[str, str], ...]
    """`(path parameter, field of the polled object)` pairs: where each of the
    operation's path parameters comes from."""
    field: str
    """The field of the polled object that is watched."""
    until: tuple[str, ...]
    """The values of `field` that end the wait."""
    interval_header: str | None
    """The response header with the server's preferred pause in milliseconds; None when
    the spec names none."""
    after: tuple[str, ...]
    """Names of operations that also get a variant that starts the wait on the object
    they return (`<operation>_and_poll` in the Python client)."""
    source: str
    """The spec file that declares it."""


@dataclass(frozen=True)
class Api:
    """The whole API: the `api` name every template sees."""

    name: str
    """`api.name`: a snake_case identifier, the generated package's name."""
    title: str
    """`api.title`."""
    version: str
    """`api.version`: the upstream document's version this spec follows."""
    description: str
    """`api.description`."""
    base_url: str
    """The URL paths are relative to, such as `https://api.openai.com/v1`."""
    headers: tuple[tuple[str, str], ...]
    """`(name, value)` pairs sent with every request."""
    query_arrays: Literal["brackets", "repeat"]
    """How an array query parameter is sent: `brackets` (`include[]=a&include[]=b`) or
    `repeat` (`include=a&include=b`)."""
    environment: Environment
    """The environment variables a client reads (`api.environment`)."""
    client_headers: tuple[ClientHeader, ...]
    """Client options sent as headers (`api.client_headers`), in spec order."""
    auth: Auth
    """How the API key is sent (`api.auth`): `Authorization: Bearer <key>` by default."""
    request_id_header: str
    """The response header that identifies a request to the API's owners
    (`api.request_id_header`, `x-request-id` by default)."""
    models: tuple[Model, ...]
    """Every model, declared or inline, sorted by name."""
    operations: tuple[Operation, ...]
    """Every operation, in spec order."""
    streams: tuple[Stream, ...]
    """Every stream, in spec order."""
    polls: tuple[Poll, ...]
    """Every poll, in spec order."""
    sources: tuple[str, ...]
    """The spec files read, in the order read."""

    def model(self, name: str) -> Model:
        """The model with this name; KeyError when there is none."""
        for model in self.models:
            if model.name == name:
                return model
        raise KeyError(name)

    def operation(self, name: str) -> Operation:
        """The operation with this name; KeyError when there is none."""
        for operation in self.operations:
            if operation.name == name:
                return operation
        raise KeyError(name)

    def models_of_kind(self, kind: str) -> tuple[Model, ...]:
        """The models of one `kind` (`"object"`, `"enum"`, `"union"` or `"alias"`),
        sorted by name."""
        return tuple(m for m in self.models if m.kind == kind)
