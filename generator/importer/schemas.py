"""Upstream schemas into the format's schemas, one node at a time.

`Converter.schema` turns any schema into a mapping of the format's keywords and says
whether null is allowed; whoever holds the schema decides where that goes (`place`): on a
property or parameter as `nullable: true`, into the uses of a model (the format has no
nullable model), and nowhere else (a problem). Objects and unions written inline are
declared as models named by their place (names.py). `allOf` is composed in compose.py,
unions in unions.py; what the format cannot say is reported through `Record.limit`, once
per kind of limit (limits.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..read.nodes import ListNode, MapNode, Node, ScalarNode
from ..problems import Position
from . import compose, scalars, unions  # each calls back into Converter.schema
from . import names as naming
from .context import SCHEMA_ORDER, Ctx, Out, any_schema, schema_map
from .document import Document, describe, doc_text, entries, items, key_position, scalar, string
from .emit import Mapping, Sequence, Value
from .limits import Record
from .namespaces import Namer
from .shape import core

MAX_DEPTH = 48
HANDLED = frozenset(SCHEMA_ORDER) - {"upstream"} | {"$recursiveRef"}
# Documentation and tooling hints with no effect on the JSON on the wire: left out, and
# counted in the summary (docs/import-openapi.md lists them).
ANNOTATIONS = frozenset({
    "title", "example", "examples", "readOnly", "writeOnly", "externalDocs", "xml", "$schema",
    "$id", "$comment", "$anchor", "$recursiveAnchor", "$dynamicAnchor", "$defs", "definitions",
    "contentMediaType", "contentEncoding",
})  # fmt: skip
NO_OPS = {"uniqueItems": False, "exclusiveMinimum": False, "exclusiveMaximum": False}  # OpenAPI 3.0 booleans
PRIMITIVE_TYPES = ("string", "integer", "number", "boolean")


@dataclass
class Model:
    name: str
    schema: Value  # a Mapping, or "any"
    owner: str
    origin: Position
    comments: list[str] = field(default_factory=list)


@dataclass
class Converter:
    document: Document
    record: Record
    names: dict[str, str]  # component schema -> model name
    namer: Namer  # names components clear of the names derived from streams
    models: dict[str, Model | None] = field(default_factory=dict)  # None: declared, being built
    pending: list[str] = field(default_factory=list)  # components referenced but not yet named
    inlining: set[int] = field(default_factory=set)

    # -- models -----------------------------------------------------------------------

    def model_ref(self, component: str) -> str:
        """The model name of a component schema, naming it (for conversion later) if new."""
        if component not in self.names:
            self.names[component] = self.namer.name(component, self.position(component))
            self.pending.append(component)
        return self.names[component]

    @property
    def taken(self) -> naming.Taken:  # model names and the names of inline enums: one namespace
        return self.namer.taken

    def position(self, component: str) -> Position:
        node = self.document.schemas[component]
        schemas = self.document.schemas_node()
        return schemas.key_positions.get(component, node.position) if schemas is not None else node.position

    def component(self, upstream: str) -> None:
        name = self.names[upstream]
        self.models[name] = None
        node = self.document.schemas[upstream]
        position = self.position(upstream)
        renamed = [self.namer.comments[upstream]] if upstream in self.namer.comments else []
        found = core(self.document, node)
        if found.error and found.node is None:
            note = self.record.limit("reference", position, f"schema `{upstream}`: {found.error}")
            self.store(Model(name, any_schema(note), upstream, position, renamed))
            return
        out = self.schema(node, Ctx(name, name, "model", upstream))
        if out.nullable:
            self.record.rewrite("nullable model: null allowed where it is used")
        if name != upstream:
            out.schema.set("upstream", upstream)
        self.store(Model(name, out.schema, upstream, position, renamed))

    def store(self, model: Model) -> None:
        """Keep a model; one of no type (`any`) is written as the bare name `any`, its
        notes and description as comments (a model mapping must name a type)."""
        schema = model.schema
        if isinstance(schema, Mapping) and not {"type", "$ref", "oneOf", "anyOf", "allOf", "enum", "const"} & set(schema.keys()):
            text = schema.get("description")
            model.comments = [*model.comments, *schema.notes, *([text] if isinstance(text, str) else [])]
            upstream = schema.get("upstream")
            if isinstance(upstream, str):
                model.comments.append(f"upstream: {upstream}")
            model.schema = "any"
        self.models[model.name] = model

    def declare(self, name: str, mapping: Mapping, ctx: Ctx, node: Node, what: str) -> Mapping:
        """Declare a shape written inline upstream as the model `name` (already claimed);
        returns the reference to it."""
        description = doc_text(entries(node).get("description"))
        if description and "description" not in mapping:
            mapping.set("description", description)
        mapping.notes.insert(0, f"upstream: {what} at {ctx.where}")
        self.record.rewrite(f"{what} declared as a model")
        self.store(Model(name, mapping, ctx.owner, node.position))
        return schema_map(ref=name)

    def claim(self, wanted: str) -> str:
        name = self.taken.claim(wanted)
        self.models[name] = None  # keeps declaration order: a model before what it names inline
        return name

    # -- schemas ----------------------------------------------------------------------

    def schema(self, node: Node | None, ctx: Ctx, depth: int = 0) -> Out:
        if depth > MAX_DEPTH:
            where = node.position if node is not None else Position(self.document.display, 1, 1)
            return Out(any_schema(self.record.limit("keyword", where, f"{ctx.where} is nested more than {MAX_DEPTH} schemas deep")))
        if isinstance(node, ScalarNode) and node.value is True:
            return Out(any_schema())
        if not isinstance(node, MapNode):
            where = node.position if node is not None else Position(self.document.display, 1, 1)
            return Out(any_schema(self.record.limit("keyword", where, f"{ctx.where}: a schema is a mapping, not {describe(node)}")))
        own = node.entries
        notes = self.check_keywords(node, ctx)
        if "$recursiveRef" in own:
            name = self.document.recursive.get(id(node))
            if name is None:
                note = self.record.limit("reference", key_position(node, "$recursiveRef"), f"`$recursiveRef` at {ctx.where} is followed only as `'#'` inside a schema with `$recursiveAnchor: true`")
                out = Out(any_schema(note))
            else:
                self.record.rewrite("$recursiveRef written as a reference to its schema")
                out = Out(schema_map(ref=self.model_ref(name)))
        elif "$ref" in own:
            out = self.reference(node, ctx, depth)
        elif items(own.get("allOf")):
            out = compose.all_of(self, node, ctx, depth)
        elif ("oneOf" in own or "anyOf" in own) and not unions.constraints_only(node):
            out = unions.union(self, node, ctx, depth)
        elif isinstance(own.get("type"), ListNode) and len([t for t in items(own["type"]) if scalar(t) != "null"]) > 1:
            out = unions.types(self, node, ctx, depth)
        elif "const" in own or "enum" in own:
            out = scalars.enumeration(self, node, ctx, depth)
        else:
            out = self.typed(node, ctx, depth)
        out.nullable |= scalar(own.get("nullable")) is True or any(scalar(t) == "null" for t in items(own.get("type")))
        out.nullable |= string(own.get("type")) == "null" or any(scalar(v) is None for v in items(own.get("enum")))
        out.schema.notes.extend(notes)
        self.annotate(out.schema, node)
        return out

    def check_keywords(self, node: MapNode, ctx: Ctx) -> list[str]:
        """Report the keywords the format lacks; returns the comments to write."""
        notes = []
        for key, value in node.entries.items():
            if key in ("anyOf", "oneOf") and unions.constraints_only(node):
                notes.append(self.record.limit("keyword", key_position(node, key), f"`{key}` of constraints beside the properties of {ctx.where} (one of them must hold) is not in the spec format; the client does not check it"))
            elif key in HANDLED or key.startswith("x-"):
                continue
            elif key in ANNOTATIONS:
                self.record.left_out[key] += 1
            elif key not in NO_OPS or scalar(value) != NO_OPS[key]:
                shown = f"`{key}: {scalar(value)}`" if isinstance(value, ScalarNode) else f"`{key}`"
                notes.append(self.record.limit("keyword", key_position(node, key), f"{shown} at {ctx.where} is not in the spec format; the client does not check it"))
        return notes

    def annotate(self, mapping: Mapping, node: MapNode) -> None:
        own = node.entries
        description = doc_text(own.get("description"))
        if description is not None and "description" not in mapping:
            mapping.set("description", description)
        if "default" in own and "default" not in mapping:
            value, ok = scalars.json_value(own["default"])
            if ok:
                mapping.set("default", scalars.output_value(value))
            else:
                mapping.notes.append(self.record.limit("values", own["default"].position, "this default is not a JSON value (an infinite or NaN number), or is nested too deeply"))
        if scalar(own.get("deprecated")) is True:
            mapping.set("deprecated", True)

    def place(self, out: Out, ctx: Ctx, node: Node | None) -> Mapping:
        """The schema as written where `ctx` says, with its nullability where the format
        can put it."""
        if out.nullable:
            if ctx.context in ("property", "parameter"):
                out.schema.set("nullable", True)
            else:
                where = node.position if node is not None else Position(self.document.display, 1, 1)
                out.schema.notes.append(self.record.limit("nullable-here", where, f"{ctx.where} may be null upstream, but {_plural(ctx.context)} cannot be null in the spec format"))
        return out.schema

    def reference(self, node: MapNode, ctx: Ctx, depth: int) -> Out:
        own = node.entries
        ref = string(own["$ref"])
        resolved = self.document.resolve(ref) if ref is not None else None
        if resolved is None or resolved.node is None:
            error = resolved.error if resolved is not None else "`$ref` is not text"
            return Out(any_schema(self.record.limit("reference", own["$ref"].position, error)))
        siblings = [key for key in own if key in HANDLED and key not in ("$ref", "description", "default", "deprecated", "nullable")]
        notes = []
        if siblings:
            notes.append(self.record.limit("keyword", key_position(node, siblings[0]), f"{', '.join(f'`{k}`' for k in siblings)} beside `$ref` at {ctx.where}: write them in the referenced schema"))
        if resolved.component is not None:
            found = core(self.document, resolved.node)
            named = schema_map(ref=self.model_ref(resolved.component))
            named.notes.extend(notes)
            return Out(named, found.nullable)
        if id(resolved.node) in self.inlining:
            return Out(any_schema(self.record.limit("reference", own["$ref"].position, f"`{ref}` refers to itself")))
        self.inlining.add(id(resolved.node))
        try:
            out = self.schema(resolved.node, ctx, depth + 1)
        finally:
            self.inlining.discard(id(resolved.node))
        out.schema.notes.extend(notes)
        return out

    def typed(self, node: MapNode, ctx: Ctx, depth: int) -> Out:
        own = node.entries
        declared = string(own.get("type"))
        if declared is None:
            kinds = [string(t) for t in items(own.get("type")) if scalar(t) != "null"]
            declared = kinds[0] if kinds else None
        if declared is None:
            declared = "object" if "properties" in own or "additionalProperties" in own else "array" if "items" in own else None
        if declared is None or declared == "null":
            return Out(any_schema())
        if declared in PRIMITIVE_TYPES:
            mapping = schema_map(type=declared)
            scalars.constraints(self, mapping, node, ("format", "minimum", "maximum", "minLength", "maxLength"))
            return Out(mapping)
        base = ctx.name + naming.VALUES if ctx.context == "model" else ctx.name
        if declared == "array":
            mapping = schema_map(type="array")
            item_ctx = ctx.inside(base + naming.ITEMS, ctx.where + "[]", "items")
            if "items" in own:
                mapping.set("items", self.place(self.schema(own["items"], item_ctx, depth + 1), item_ctx, own["items"]))
            else:
                self.record.rewrite("array without items: items of any type")
                mapping.set("items", "any")
            scalars.constraints(self, mapping, node, ("minItems", "maxItems"))
            return Out(mapping)
        if declared == "object":
            if "properties" in own:
                fields = entries(own["properties"])
                positions = own["properties"].key_positions if isinstance(own["properties"], MapNode) else {}
                listed = [item for item in items(own.get("required")) if string(item) is not None]
                return self.object(node, ctx, depth, {n: (s, positions.get(n, s.position)) for n, s in fields.items()}, listed, [])
            return Out(self.map(node, ctx.inside(base, ctx.where, ctx.context), depth))
        return Out(any_schema(self.record.limit("keyword", key_position(node, "type"), f"`type: {declared}` at {ctx.where} is not a JSON Schema type")))

    def map(self, node: MapNode, ctx: Ctx, depth: int) -> Mapping:
        own = node.entries
        mapping = schema_map(type="object")
        extra = own.get("additionalProperties")
        if isinstance(extra, ScalarNode) and isinstance(extra.value, bool):
            mapping.set("additionalProperties", extra.value)
        elif extra is not None:
            values_ctx = ctx.inside(ctx.name + naming.VALUES, ctx.where + "{}", "values")
            mapping.set("additionalProperties", self.place(self.schema(extra, values_ctx, depth + 1), values_ctx, extra))
        scalars.constraints(self, mapping, node, ("maxProperties",))
        names = own.get("propertyNames")
        if names is not None:
            length = entries(names).get("maxLength")
            if isinstance(length, ScalarNode) and type(length.value) is int and set(entries(names)) <= {"maxLength", "type"}:
                mapping.set("propertyNames", schema_map(maxLength=length.value))
            else:
                mapping.notes.append(self.record.limit("keyword", names.position, f"`propertyNames` at {ctx.where} other than `{{maxLength: N}}` is not in the spec format"))
        return mapping

    def object(self, node: MapNode, ctx: Ctx, depth: int, fields: dict[str, tuple[Node, Position]], required: list[Node], notes: list[str]) -> Out:
        name = ctx.name if ctx.context == "model" else self.claim(ctx.name)
        mapping = schema_map(type="object")
        mapping.notes.extend(notes)
        properties = Mapping(origin=node.position)
        for field_name, (schema, position) in fields.items():
            if not naming.IDENTIFIER.match(field_name):
                mapping.notes.append(self.record.limit("name", position, f"property `{field_name}` of {ctx.where} is not an identifier, and the format cannot rename a property"))
                continue
            field_ctx = ctx.inside(naming.pascal(name, field_name), f"{name}.{field_name}", "property")
            converted = self.place(self.schema(schema, field_ctx, depth + 1), field_ctx, schema)
            properties.set(field_name, converted, origin=position)
        mapping.set("properties", properties)
        listed: dict[str, None] = {}
        for item in required:
            wanted = str(scalar(item))
            if wanted in properties:
                listed.setdefault(wanted, None)
            elif naming.IDENTIFIER.match(wanted) and wanted not in listed:  # others are reported as names
                mapping.notes.append(self.record.limit("keyword", item.position, f"`required` at {ctx.where} names `{wanted}`, which is not among its properties"))
        if listed:
            mapping.set("required", Sequence(list(listed)))
        extra = entries(node).get("additionalProperties")
        if isinstance(extra, ScalarNode) and extra.value is False:
            mapping.set("additionalProperties", False)
        elif extra is not None and not (isinstance(extra, ScalarNode) and extra.value is True):
            values_ctx = ctx.inside(name + naming.VALUES, ctx.where + "{}", "values")
            mapping.set("additionalProperties", self.place(self.schema(extra, values_ctx, depth + 1), values_ctx, extra))
        if ctx.context == "model":
            return Out(mapping)
        return Out(self.declare(name, mapping, ctx, node, "inline object"))


def _plural(context: str) -> str:
    return {"items": "array items", "values": "map values", "variant": "union variants", "data": "event data", "response": "responses", "body": "request bodies", "model": "models"}.get(context, context)
