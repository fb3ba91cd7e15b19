"""What the schema converter's helpers share: the place a schema is converted at
(`Ctx`), what converting gives (`Out`), and the `Converter` the helper modules
(compose, scalars, tags, unions) call back into, as a protocol, so that they need not
import schemas.py, which imports them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from ..read.nodes import MapNode, Node
from ..problems import Position
from . import names as naming
from .document import Document
from .emit import Mapping, Value
from .limits import Record

SCHEMA_ORDER = (
    "type", "$ref", "nullable", "description", "enum", "const", "default", "format",
    "minimum", "maximum", "minLength", "maxLength", "items", "minItems", "maxItems",
    "allOf", "properties", "required", "additionalProperties", "maxProperties", "propertyNames",
    "oneOf", "anyOf", "discriminator", "deprecated", "upstream",
)  # fmt: skip


@dataclass(frozen=True)
class Ctx:
    name: str  # what an inline shape here is named (names.py)
    where: str  # the place in words, for comments and messages: `RunObject.required_action`
    context: str  # model, property, parameter, items, values, variant, data, body or response
    owner: str  # the component, operation or stream whose file declared models go to

    def inside(self, name: str, where: str, context: str) -> Ctx:
        return Ctx(name, where, context, self.owner)


@dataclass
class Out:
    schema: Mapping
    nullable: bool = False


def any_schema(*notes: str) -> Mapping:
    return Mapping(order=SCHEMA_ORDER, schema=True, notes=list(notes))


def schema_map(**keys: Value) -> Mapping:
    mapping = any_schema()
    for key, value in keys.items():
        mapping.set("$ref" if key == "ref" else key, value)
    return mapping


@dataclass
class Variant:
    member: Node
    kind: str
    index: int  # the member's place upstream: variants keep upstream's order
    tag: str | None = None  # its first discriminator value
    parts: list[str] = field(default_factory=list)  # its first value of each discriminator property
    comment: str = ""


class Converter(Protocol):
    """The parts of schemas.py's converter its helper modules use."""

    document: Document
    record: Record

    @property
    def taken(self) -> naming.Taken: ...

    def model_ref(self, component: str) -> str: ...

    def declare(self, name: str, mapping: Mapping, ctx: Ctx, node: Node, what: str) -> Mapping: ...

    def claim(self, wanted: str) -> str: ...

    def schema(self, node: Node | None, ctx: Ctx, depth: int = 0) -> Out: ...

    def check_keywords(self, node: MapNode, ctx: Ctx) -> list[str]: ...

    def place(self, out: Out, ctx: Ctx, node: Node | None) -> Mapping: ...

    def typed(self, node: MapNode, ctx: Ctx, depth: int) -> Out: ...

    def object(self, node: MapNode, ctx: Ctx, depth: int, fields: dict[str, tuple[Node, Position]], required: list[Node], notes: list[str]) -> Out: ...
