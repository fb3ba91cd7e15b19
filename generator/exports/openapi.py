"""Export the IR for the ecosystem's tools: an OpenAPI 3.1 document (renderers, mock
servers, linters), and the models alone as a JSON Schema (model generators such as
datamodel-code-generator). Streams are described as `text/event-stream` responses whose
schema is the union of the stream's events."""

from __future__ import annotations

from typing import Any

import yaml

from .. import ir, naming

REF = "#/components/schemas/"


def _constraints(constraints: ir.Constraints) -> dict[str, Any]:
    names = {
        "minimum": "minimum", "maximum": "maximum", "min_length": "minLength", "max_length": "maxLength",
        "min_items": "minItems", "max_items": "maxItems", "max_properties": "maxProperties",
    }  # fmt: skip
    found: dict[str, Any] = {names[key]: value for key, value in constraints.items() if key in names}
    if constraints.key_max_length is not None:
        found["propertyNames"] = {"maxLength": constraints.key_max_length}
    return found


def schema(type_ref: ir.TypeRef) -> dict[str, Any]:
    """The JSON Schema of a type reference."""
    if isinstance(type_ref, ir.Primitive):
        if type_ref.name == "any":
            return {}
        found: dict[str, Any] = {"type": type_ref.name}
        if type_ref.format:
            found["format"] = type_ref.format
        return found | _constraints(type_ref.constraints)
    if isinstance(type_ref, ir.Const):
        return {"const": type_ref.value}
    if isinstance(type_ref, ir.ModelRef):
        return {"$ref": REF + type_ref.name}
    if isinstance(type_ref, ir.ListOf):
        return {"type": "array", "items": schema(type_ref.item)} | _constraints(type_ref.constraints)
    return {"type": "object", "additionalProperties": schema(type_ref.value)} | _constraints(type_ref.constraints)


def _nullable(found: dict[str, Any], nullable: bool) -> dict[str, Any]:
    if not nullable or not found:  # `{}` (any) takes null already
        return found
    if isinstance(found.get("type"), str) and "$ref" not in found:
        return found | {"type": [found["type"], "null"]}
    return {"anyOf": [found, {"type": "null"}]}


def _described(found: dict[str, Any], description: str) -> dict[str, Any]:
    return found | {"description": description} if description else found


def field_schema(field: ir.Field | ir.Parameter) -> dict[str, Any]:
    found = _nullable(schema(field.type), field.nullable)
    if field.has_default:
        found = found | {"default": field.default}
    return _described(found, field.description)


def model_schema(model: ir.Model) -> dict[str, Any]:
    if isinstance(model, ir.ObjectModel):
        found: dict[str, Any] = {"type": "object", "properties": {f.name: field_schema(f) for f in model.fields}}
        required = [f.name for f in model.fields if f.required]
        if required:
            found["required"] = required
        if model.closed:
            found["additionalProperties"] = False
    elif isinstance(model, ir.EnumModel):
        found = {"type": "string", "enum": [v.value for v in model.values]}
    elif isinstance(model, ir.UnionModel):
        found = {model.keyword: [schema(v.type) for v in model.variants]}
        discriminator = _discriminator(model)
        if discriminator:
            found["discriminator"] = discriminator
    else:
        found = schema(model.type)
    return _described(found, model.description)


def _discriminator(union: ir.UnionModel) -> dict[str, Any] | None:
    """OpenAPI's `discriminator`, where it can say what the union's lookup does: one
    property, present in every variant, each value naming one schema. A second
    property or a default variant (one without the property) it cannot express."""
    lookup = union.lookup
    if lookup is None or union.default is not None or not all(v.tags for v in union.variants):
        return None
    mapping: dict[str, str] = {}
    for value, target in lookup.cases:
        if not isinstance(target, ir.Variant) or not isinstance(target.type, ir.ModelRef):
            return None
        mapping[value] = REF + target.type.name
    return {"propertyName": lookup.property, "mapping": mapping}


def _event_schemas(stream: ir.Stream) -> dict[str, dict[str, Any]]:
    schemas: dict[str, dict[str, Any]] = {}
    for event in stream.events:
        data = schema(event.data) if not isinstance(event.data, ir.Const) else {"type": "string", "const": event.data.value}
        schemas[naming.pascal(stream.name, event.name)] = _described(
            {"type": "object", "required": ["event", "data"], "properties": {"event": {"const": event.name}, "data": data}},
            event.description,
        )
    return schemas


def _parameter(parameter: ir.Parameter, query_arrays: str) -> dict[str, Any]:
    name = parameter.name
    if parameter.location == "query" and isinstance(parameter.type, ir.ListOf) and query_arrays == "brackets":
        name += "[]"
    return {
        "name": name,
        "in": parameter.location,
        "required": parameter.required,
        **({"description": parameter.description} if parameter.description else {}),
        "schema": _nullable(schema(parameter.type), parameter.nullable)
        | ({"default": parameter.default} if parameter.has_default else {}),
    }


def _operation(api: ir.Api, operation: ir.Operation) -> dict[str, Any]:
    found: dict[str, Any] = {"operationId": operation.upstream or operation.name, "summary": operation.summary}
    if operation.description:
        found["description"] = operation.description
    parameters = [_parameter(p, api.query_arrays) for p in (*operation.path_parameters, *operation.query_parameters)]
    if parameters:
        found["parameters"] = parameters
    if operation.body is not None:
        found["requestBody"] = {"required": True, "content": {"application/json": {"schema": {"$ref": REF + operation.body.name}}}}
    if operation.response is None:  # `response: null`: the answer carries no body
        found["responses"] = {"200": {"description": "OK, without a body"}}
    else:
        content: dict[str, Any] = {"application/json": {"schema": schema(operation.response)}}
        if operation.stream is not None:
            content["text/event-stream"] = {"schema": {"$ref": REF + operation.stream}}
        found["responses"] = {"200": {"description": "OK", "content": content}}
    if operation.deprecated:
        found["deprecated"] = True
    return found


def to_openapi(api: ir.Api) -> dict[str, Any]:
    """The OpenAPI 3.1 document of the API."""
    schemas = {model.name: model_schema(model) for model in api.models}
    for stream in api.streams:
        events = _event_schemas(stream)
        schemas.update(events)
        schemas[stream.name] = _described({"oneOf": [{"$ref": REF + name} for name in events]}, stream.description)
    paths: dict[str, dict[str, Any]] = {}
    for operation in api.operations:
        paths.setdefault(operation.path, {})[operation.method.lower()] = _operation(api, operation)
    info: dict[str, Any] = {"title": api.title or api.name, "version": api.version or "0"}
    if api.description:
        info["description"] = api.description
    return {
        "openapi": "3.1.0",
        "info": info,
        "servers": [{"url": api.base_url}],
        "paths": paths,
        "components": {"schemas": schemas},
    }


# libyaml's emitter when PyYAML has it: the same text, six times faster
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def to_yaml(api: ir.Api) -> str:
    """The API as an OpenAPI 3.1 document in YAML, keys in a fixed order."""
    return yaml.dump(to_openapi(api), Dumper=_DUMPER, sort_keys=False, allow_unicode=True, width=100)


def _rebase(value: Any, prefix: str) -> Any:
    """`value` with every component reference pointing under `prefix` instead."""
    if isinstance(value, dict):
        return {k: (v.replace(REF, prefix) if k == "$ref" or isinstance(v, str) and v.startswith(REF) else _rebase(v, prefix)) for k, v in value.items()}
    if isinstance(value, list):
        return [_rebase(item, prefix) for item in value]
    return value


def to_json_schema(api: ir.Api) -> dict[str, Any]:
    """Every model as a JSON Schema 2020-12 definition under `$defs`."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": api.title or api.name,
        "$defs": {model.name: _rebase(model_schema(model), "#/$defs/") for model in api.models},
    }
