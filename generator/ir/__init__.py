"""The intermediate representation: what templates see. Plain frozen dataclasses, built
once from a validated spec; templates read them and never change them. Everything is
language-neutral: how a name or a type is spelled in Python is up to the filters. Models
are sorted by name; operations, fields, parameters, enum values and events keep spec
order. Text from the spec (descriptions, summaries) has its surrounding whitespace
stripped, and is empty, never None, where the spec gives none.

The docstring after each attribute is its reference documentation: `make docs` turns
the docstrings of this package's modules into docs/templates.md. The modules: `types`,
`models`, `operations`, `client` (the client's settings) and, here, `Api`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .client import Auth as Auth, ClientHeader as ClientHeader, Environment as Environment  # the client settings
from .types import (  # re-exported: templates and the stages read `ir.X`
    JsonScalar as JsonScalar,
    Constraints as Constraints,
    NO_CONSTRAINTS as NO_CONSTRAINTS,
    Primitive as Primitive,
    Const as Const,
    ModelRef as ModelRef,
    ListOf as ListOf,
    MapOf as MapOf,
    TypeRef as TypeRef,
    is_any as is_any,
    named_models as named_models,
)
from .models import (  # re-exported: templates and the stages read `ir.X`
    Field as Field,
    Computed as Computed,
    ObjectModel as ObjectModel,
    EnumValue as EnumValue,
    EnumModel as EnumModel,
    Variant as Variant,
    Lookup as Lookup,
    UnionModel as UnionModel,
    AliasModel as AliasModel,
    Model as Model,
)
from .operations import (  # re-exported: templates and the stages read `ir.X`
    Parameter as Parameter,
    Operation as Operation,
    Event as Event,
    Stream as Stream,
    Poll as Poll,
)


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

    def unaliased(self, type_ref: TypeRef) -> TypeRef:
        """The type with every alias followed to the type it names (an alias of a map
        of strings gives the map); any other type as it is."""
        while isinstance(type_ref, ModelRef) and type_ref.model_kind == "alias":
            alias = self.model(type_ref.name)
            assert isinstance(alias, AliasModel)
            type_ref = alias.type
        return type_ref

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
