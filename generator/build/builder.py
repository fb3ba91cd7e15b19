"""Stage 3: translate a validated spec into the IR (`generator/ir/`).

The validator has already checked shapes, references and generated names, so this
module only translates; an inline enum becomes a model named after its owner
(`Run.status` -> `RunStatus`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .. import ir
from ..read.load import ListNode, MapNode, Node, ScalarNode, SpecFile
from .. import naming
from ..naming import member_name, pascal
from ..problems import Position
from .unions import build_union
from ..check.context import PRIMITIVES
from ..check.no_body import is_no_body
from ..check.computed import read_computed
from ..check.streams import stream_start


def _entries(node: Node | None) -> dict[str, Node]:
    return node.entries if isinstance(node, MapNode) else {}


def _value(node: Node | None, default: object = None) -> object:
    return node.value if isinstance(node, ScalarNode) else default


def _text(node: Node | None) -> str:
    value = _value(node, "")
    return value.strip() if isinstance(value, str) else ""


def _optional_text(node: Node | None) -> str | None:
    value = _value(node)
    return value if isinstance(value, str) else None


def _json(node: Node) -> object:
    if isinstance(node, ScalarNode):
        return node.value
    if isinstance(node, ListNode):
        return [_json(item) for item in node.items]
    return {key: _json(value) for key, value in node.entries.items()}


def _constraints(entries: dict[str, Node]) -> ir.Constraints:
    names = _entries(entries["propertyNames"]) if "propertyNames" in entries else {}
    return ir.Constraints(
        minimum=_value(entries.get("minimum")),  # type: ignore[arg-type]
        maximum=_value(entries.get("maximum")),  # type: ignore[arg-type]
        min_length=_value(entries.get("minLength")),  # type: ignore[arg-type]
        max_length=_value(entries.get("maxLength")),  # type: ignore[arg-type]
        min_items=_value(entries.get("minItems")),  # type: ignore[arg-type]
        max_items=_value(entries.get("maxItems")),  # type: ignore[arg-type]
        max_properties=_value(entries.get("maxProperties")),  # type: ignore[arg-type]
        key_max_length=_value(names.get("maxLength")),  # type: ignore[arg-type]
    )


def _model_kind(node: Node) -> str:
    entries = _entries(node)
    if "oneOf" in entries or "anyOf" in entries:
        return "union"
    if "enum" in entries:
        return "enum"
    if "properties" in entries:
        return "object"
    return "alias"


@dataclass
class Builder:
    files: list[SpecFile]
    declared: dict[str, tuple[Node, str, Position]] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)
    built: dict[str, ir.Model] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for spec_file in self.files:
            models = _entries(spec_file.root).get("models")
            if isinstance(models, MapNode):
                for name, node in models.entries.items():
                    self.declared[name] = (node, spec_file.path, models.key_positions[name])
                    self.kinds[name] = _model_kind(node)

    # -- types ----------------------------------------------------------------------

    def type_of(self, node: Node, name_if_inline: str, source: str) -> ir.TypeRef:
        """The TypeRef of a schema node; an inline enum becomes a model of its own."""
        if isinstance(node, ScalarNode):
            name = str(node.value)
            if name in PRIMITIVES:
                return ir.Primitive(name)  # type: ignore[arg-type]
            return ir.ModelRef(name, self.kinds[name])  # type: ignore[arg-type]
        entries = _entries(node)
        if "$ref" in entries:
            name = str(_value(entries["$ref"]))
            return ir.ModelRef(name, self.kinds[name])  # type: ignore[arg-type]
        if "const" in entries:
            return ir.Const(_value(entries["const"]))  # type: ignore[arg-type]
        if "enum" in entries:
            self.hoist_enum(name_if_inline, node, source)
            return ir.ModelRef(name_if_inline, "enum")
        declared = _value(entries.get("type"), "any")
        constraints = _constraints(entries)
        if declared == "array":
            item = self.type_of(entries["items"], name_if_inline + naming.ITEMS, source)
            return ir.ListOf(item, constraints)
        if declared == "object":
            extra = entries.get("additionalProperties")
            if extra is None or isinstance(_value(extra), bool):
                return ir.MapOf(ir.Primitive("any"), constraints)
            return ir.MapOf(self.type_of(extra, name_if_inline + naming.VALUES, source), constraints)
        fmt = _value(entries.get("format"))
        return ir.Primitive(declared, fmt if isinstance(fmt, str) else None, constraints)  # type: ignore[arg-type]

    def hoist_enum(self, name: str, node: Node, source: str) -> None:
        assert name not in self.declared and name not in self.built, f"validation let `{name}` clash"
        self.built[name] = self.enum_model(name, node, source)

    # -- models ---------------------------------------------------------------------

    def enum_model(self, name: str, node: Node, source: str) -> ir.EnumModel:
        entries = _entries(node)
        values = entries["enum"]
        assert isinstance(values, ListNode)
        strings = [str(_value(item)) for item in values.items]
        return ir.EnumModel(
            name=name,
            description=_text(entries.get("description")),
            values=tuple(ir.EnumValue(value, member_name(value)) for value in strings),
            source=source,
            upstream=_value(entries.get("upstream")),  # type: ignore[arg-type]
        )

    def model(self, name: str) -> ir.Model:
        node, source, _ = self.declared[name]
        entries = _entries(node)
        description = _text(entries.get("description"))
        upstream = _value(entries.get("upstream"))
        kind = self.kinds[name]
        if kind == "enum":
            return self.enum_model(name, node, source)
        if kind == "union":
            return build_union(self, name, node, source)
        if kind == "object":
            properties = entries["properties"]
            assert isinstance(properties, MapNode)
            required = {str(_value(item)) for item in getattr(entries.get("required"), "items", ())}
            fields = tuple(
                self.field(name, field_name, schema, field_name in required, source)
                for field_name, schema in properties.entries.items()
            )
            return ir.ObjectModel(
                name=name,
                description=description,
                fields=fields,
                source=source,
                upstream=upstream,  # type: ignore[arg-type]
                closed=_value(entries.get("additionalProperties")) is False,
                computed=read_computed(entries.get("computed")),
            )
        if isinstance(node, MapNode):
            # the alias's own description documents the alias, not the aliased type
            node = MapNode({k: v for k, v in node.entries.items() if k not in ("description", "upstream")}, node.key_positions, node.position)
        return ir.AliasModel(name, description, self.type_of(node, name + naming.VALUES, source), source, upstream)  # type: ignore[arg-type]

    def field(self, owner: str, name: str, schema: Node, required: bool, source: str) -> ir.Field:
        entries = _entries(schema)
        default = entries.get("default")
        return ir.Field(
            name=name,
            type=self.type_of(schema, pascal(owner, name), source),
            required=required,
            nullable=_value(entries.get("nullable")) is True,
            description=_text(entries.get("description")),
            default=_json(default) if default is not None else None,  # type: ignore[arg-type]
            has_default=default is not None,
            deprecated=_value(entries.get("deprecated")) is True,
        )

    def json_kind(self, type_ref: ir.TypeRef) -> str:
        if isinstance(type_ref, ir.Const):
            value = type_ref.value
            return "boolean" if isinstance(value, bool) else "number" if isinstance(value, (int, float)) else "string"
        if isinstance(type_ref, ir.ListOf):
            return "array"
        if isinstance(type_ref, ir.MapOf):
            return "object"
        if isinstance(type_ref, ir.Primitive):
            return {"integer": "number"}.get(type_ref.name, type_ref.name)
        if type_ref.model_kind == "enum":
            return "string"
        if type_ref.model_kind == "object":
            return "object"
        node, source, _ = self.declared[type_ref.name]
        return self.json_kind(self.type_of(node, type_ref.name, source))

    # -- operations and streams -----------------------------------------------------

    def parameter(self, operation: str, name: str, node: Node, location: str, source: str) -> ir.Parameter:
        entries = _entries(node)
        default = _value(entries.get("default"))
        return ir.Parameter(
            name=name,
            location=location,  # type: ignore[arg-type]
            type=self.type_of(node, pascal(operation, name), source),
            required=location == "path" or _value(entries.get("required")) is True,
            nullable=_value(entries.get("nullable")) is True,
            description=_text(entries.get("description")),
            default=default,  # type: ignore[arg-type]
            has_default="default" in entries,
        )

    def operation(self, name: str, node: Node, source: str) -> ir.Operation:
        entries = _entries(node)

        def parameters(key: str, location: str) -> tuple[ir.Parameter, ...]:
            return tuple(
                self.parameter(name, param, schema, location, source)
                for param, schema in _entries(entries.get(key)).items()
            )

        body_name = _value(entries.get("body"))
        body = self.built[body_name] if isinstance(body_name, str) else None
        assert body is None or isinstance(body, ir.ObjectModel)
        stream, stream_by = stream_start(entries.get("stream"))
        return ir.Operation(
            name=name,
            method=str(_value(entries["method"])),
            path=str(_value(entries["path"])),
            summary=_text(entries.get("summary")),
            description=_text(entries.get("description")),
            upstream=_value(entries.get("upstream")),  # type: ignore[arg-type]
            path_parameters=parameters("path_parameters", "path"),
            query_parameters=parameters("query_parameters", "query"),
            body=body,
            response=None if is_no_body(entries["response"]) else self.type_of(entries["response"], pascal(name, "response"), source),
            stream=stream,
            stream_by=stream_by,
            paginated=_value(entries.get("paginated")) is True,
            deprecated=_value(entries.get("deprecated")) is True,
            source=source,
        )

    def stream(self, name: str, node: Node, source: str) -> ir.Stream:
        entries = _entries(node)
        events = tuple(
            ir.Event(
                name=event,
                member_name=member_name(event),
                data=self.type_of(_entries(definition)["data"], pascal(event, "data"), source),
                description=_text(_entries(definition).get("description")),
            )
            for event, definition in _entries(entries["events"]).items()
        )
        helpers = entries.get("helpers")
        error_event = _optional_text(entries.get("error_event"))
        error_data = next((e.data for e in events if e.name == error_event), None)
        return ir.Stream(
            name=name,
            description=_text(entries.get("description")),
            events=events,
            terminator=_optional_text(entries.get("terminator")),
            error_event=error_event,
            source=source,
            upstream=_optional_text(entries.get("upstream")),
            terminal_events=tuple(str(_value(item)) for item in getattr(entries.get("terminal_events"), "items", ())),
            dispatch=_value(entries.get("dispatch"), "event"),  # type: ignore[arg-type]
            helpers=_optional_text(helpers),
            helpers_at=helpers.position if helpers is not None else None,
            error_unwrap=error_event is not None and not self.declares_error_member(error_data),
        )

    def declares_error_member(self, data: ir.TypeRef | None) -> bool:
        """An error event's data is an object (or an alias of one) with an `error`
        property: the data is then decoded as it comes, never from its `error` member."""
        while isinstance(data, ir.ModelRef):
            model = self.built[data.name]
            if isinstance(model, ir.ObjectModel):
                return any(f.name == "error" for f in model.fields)
            data = model.type if isinstance(model, ir.AliasModel) else None
        return False

    def poll(self, name: str, node: Node, source: str) -> ir.Poll:
        entries = _entries(node)
        header = _value(entries.get("interval_header"))
        return ir.Poll(
            name=name,
            description=_text(entries.get("description")),
            operation=str(_value(entries["operation"])),
            arguments=tuple((key, str(_value(value))) for key, value in _entries(entries["arguments"]).items()),
            field=str(_value(entries["field"])),
            until=tuple(str(_value(item)) for item in getattr(entries["until"], "items", ())),
            interval_header=header if isinstance(header, str) else None,
            after=tuple(str(_value(item)) for item in getattr(entries.get("after"), "items", ())),
            source=source,
        )

    def api(self) -> ir.Api:
        for name in self.declared:
            self.built[name] = self.model(name)
        operations: list[ir.Operation] = []
        streams: list[ir.Stream] = []
        polls: list[ir.Poll] = []
        api_node: dict[str, Node] = {}
        for spec_file in self.files:
            root = _entries(spec_file.root)
            if "api" in root:
                api_node = _entries(root["api"])
            for name, node in _entries(root.get("operations")).items():
                operations.append(self.operation(name, node, spec_file.path))
            for name, node in _entries(root.get("streams")).items():
                streams.append(self.stream(name, node, spec_file.path))
            for name, node in _entries(root.get("polls")).items():
                polls.append(self.poll(name, node, spec_file.path))
        headers = _entries(api_node.get("headers"))
        return ir.Api(
            name=str(_value(api_node["name"])),
            title=_text(api_node.get("title")),
            version=_text(api_node.get("version")),
            description=_text(api_node.get("description")),
            base_url=str(_value(api_node["base_url"])),
            headers=tuple((key, str(_value(value))) for key, value in headers.items()),
            query_arrays=_value(api_node.get("query_arrays"), "brackets"),  # type: ignore[arg-type]
            environment=ir.Environment(**{key: str(_value(value)) for key, value in _entries(api_node.get("environment")).items()}),
            client_headers=tuple(
                ir.ClientHeader(
                    name=name,
                    header=str(_value(_entries(node)["header"])),
                    environment=_optional_text(_entries(node).get("environment")),
                    description=_text(_entries(node).get("description")),
                )
                for name, node in _entries(api_node.get("client_headers")).items()
            ),
            auth=_auth(api_node.get("auth")),
            request_id_header=str(_value(api_node.get("request_id_header"), "x-request-id")),
            models=tuple(self.built[name] for name in sorted(self.built)),
            operations=tuple(operations),
            streams=tuple(streams),
            polls=tuple(polls),
            sources=tuple(f.path for f in self.files),
        )


def _auth(node: Node | None) -> ir.Auth:
    """`api.auth`: absent or `bearer` is the default; a mapping names the header and,
    optionally, the scheme."""
    entries = _entries(node) if isinstance(node, MapNode) else {}
    if not entries:
        return ir.Auth()
    return ir.Auth(header=str(_value(entries["header"])), scheme=_optional_text(entries.get("scheme")))


def build_api(files: list[SpecFile]) -> ir.Api:
    """The IR of a spec that `validate` accepted."""
    return Builder(files).api()
