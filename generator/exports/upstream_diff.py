"""Compare the spec with an upstream OpenAPI document, field by field.

Upstream spells nullability five ways (`nullable: true`, `type` arrays, `anyOf`/`oneOf`
with a null member, a one-item `allOf` wrapper, a `$ref` whose target is nullable or
which carries `nullable` beside it); `unwrap` reads them all. Each difference is one
line, `path: what: upstream X; ours Y`. Deviations we mean to keep are listed with a
reason in spec/upstream/deviations.yaml; only the others count as drift.

generator/exports/upstream_reading.py reads both files. Below the top level an upstream document
may hold anything anywhere, so every value is looked at through `_map` and `_list`, which
read what is not a mapping or a list as empty: an odd corner is reported as a difference,
never a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import ir
from .upstream_reading import Deviation, load_deviations
from .upstream_unions import Unwrapped, compare_union, describe

__all__ = ["Deviation", "Difference", "Differ", "differences", "load_deviations"]

SCALARS = ("string", "integer", "number", "boolean")


@dataclass(frozen=True)
class Difference:
    path: str
    what: str
    upstream: str
    ours: str

    def __str__(self) -> str:
        return f"{self.path}: {self.what}: upstream {self.upstream}; ours {self.ours}"


@dataclass
class Differ:
    document: dict[str, Any]
    api: ir.Api
    found: list[Difference] = field(default_factory=list)
    seen: set[tuple[str, str]] = field(default_factory=set)
    composing: int = 0
    anchor: str | None = None  # the schema with `$recursiveAnchor` being compared: `$recursiveRef: '#'`

    @property
    def schemas(self) -> dict[str, Any]:
        return _map(_map(self.document.get("components")).get("schemas"))

    def report(self, path: str, what: str, upstream: object, ours: object) -> None:
        self.found.append(Difference(path, what, _show(upstream), _show(ours)))

    # -- reading upstream ---------------------------------------------------------------

    def unwrap(self, schema: object) -> Unwrapped:
        nullable, name = False, None
        schema = _map(schema)
        for _ in range(32):  # a cycle of pure references would otherwise never end
            nullable |= schema.get("nullable") is True
            if schema.get("$recursiveRef") == "#" and self.anchor is not None:
                name, schema = self.anchor, _map(self.schemas.get(self.anchor))
                continue
            if isinstance(schema.get("$ref"), str):
                name = schema["$ref"].rsplit("/", 1)[-1]
                schema = _map(self.schemas.get(name))
                continue
            if isinstance(schema.get("allOf"), list) and len(schema["allOf"]) == 1:
                schema = {**{k: v for k, v in schema.items() if k != "allOf"}, **_map(schema["allOf"][0])}
                continue
            if isinstance(schema.get("allOf"), list):
                return Unwrapped(self.composed(schema), name, nullable)
            for key in ("anyOf", "oneOf"):
                members = schema.get(key)
                if isinstance(members, list) and any(_map(m).get("type") == "null" for m in members):
                    nullable = True
                    rest = [m for m in members if _map(m).get("type") != "null"]
                    schema = _map(rest[0]) if len(rest) == 1 else {**schema, key: rest}
                    break
            else:
                kind = schema.get("type")
                if isinstance(kind, list) and "null" in kind:
                    nullable = True
                    remaining = [k for k in kind if k != "null"]
                    schema = {**schema, "type": remaining[0] if len(remaining) == 1 else remaining}
                return Unwrapped(schema, name, nullable)
        return Unwrapped(schema, name, nullable)

    def composed(self, schema: dict[str, Any]) -> dict[str, Any]:
        """An `allOf` as the one object it composes: its members' properties in order,
        then its own, and every `required`, as generator/check/compose_allof.py reads ours."""
        if self.composing > 16:  # an `allOf` that contains itself
            return {"type": "object", "properties": {}}
        self.composing += 1
        try:
            parts = [self.unwrap(member).schema for member in _list(schema.get("allOf"))]
        finally:
            self.composing -= 1
        properties: dict[str, Any] = {}
        required: list[Any] = []
        for part in [*parts, schema]:
            properties.update(_map(part.get("properties")))
            required += [name for name in _list(part.get("required")) if name not in required]
        rest = {k: v for k, v in schema.items() if k not in ("allOf", "properties", "required")}
        return {**rest, "type": "object", "properties": properties, "required": required}

    # -- our side -----------------------------------------------------------------------

    def resolve(self, type_ref: ir.TypeRef) -> ir.TypeRef | ir.Model:
        """Aliases followed to what they name; a model named, not a reference to it."""
        type_ref = self.api.unaliased(type_ref)
        return self.api.model(type_ref.name) if isinstance(type_ref, ir.ModelRef) else type_ref

    # -- comparing ----------------------------------------------------------------------

    def compare(self, upstream: object, ours: ir.TypeRef, path: str) -> None:
        unwrapped = self.unwrap(upstream)
        up = unwrapped.schema
        if unwrapped.name is not None and up.get("$recursiveAnchor") is True:
            outer, self.anchor = self.anchor, unwrapped.name
            try:
                self.compare_schema(up, ours, path)
            finally:
                self.anchor = outer
            return
        self.compare_schema(up, ours, path)

    def compare_schema(self, up: dict[str, Any], ours: ir.TypeRef, path: str) -> None:
        mine = self.resolve(ours)
        values = _list(up.get("enum"))
        if "const" in up and not values:
            values = [up["const"]]
        if values:
            if isinstance(mine, ir.Const):
                if values != [mine.value]:
                    self.report(path, "values", values, [mine.value])
            elif isinstance(mine, ir.EnumModel):
                theirs = [str(v) for v in values]
                ours_values = [v.value for v in mine.values]
                if set(theirs) != set(ours_values):
                    self.report(path, "values", sorted(set(theirs) - set(ours_values)) or "-", sorted(set(ours_values) - set(theirs)) or "-")
            else:
                self.report(path, "type", f"enum {values}", describe(mine))
            return
        if "properties" in up:
            if not isinstance(mine, ir.ObjectModel):
                self.report(path, "type", "object", describe(mine))
                return
            self.compare_object(up, mine, mine.name)  # paths restart at each model: RunStep.metadata
            return
        members = up.get("oneOf") or up.get("anyOf")
        if isinstance(members, list):
            self.compare_union(members, mine, path)
            return
        kind = up.get("type")
        if kind == "array":
            if not isinstance(mine, ir.ListOf):
                self.report(path, "type", "array", describe(mine))
            elif isinstance(up.get("items"), dict):
                self.compare(up["items"], mine.item, path + "[]")
            return
        if kind == "object" or (kind is None and "additionalProperties" in up):
            extra = up.get("additionalProperties")
            if isinstance(mine, ir.MapOf):
                if isinstance(extra, dict) and extra:
                    self.compare(extra, mine.value, path + "{}")
            elif not ir.is_any(mine):
                self.report(path, "type", "map", describe(mine))
            return
        if kind in SCALARS:
            if not (isinstance(mine, ir.Primitive) and mine.name == kind):
                self.report(path, "type", kind, describe(mine))
            return
        if not kind and not ir.is_any(mine) and not isinstance(mine, ir.MapOf):
            self.report(path, "type", "any", describe(mine))

    def compare_object(self, up: dict[str, Any], model: ir.ObjectModel, path: str) -> None:
        key = (repr(sorted(_map(up.get("properties")))), model.name)
        if key in self.seen:
            return
        self.seen.add(key)
        properties = _map(up.get("properties"))
        required = {name for name in _list(up.get("required")) if isinstance(name, str)}
        fields = {f.name: f for f in model.fields}
        for name, schema in properties.items():
            where = f"{path}.{name}"
            mine = fields.get(name)
            if mine is None:
                self.report(where, "field", "present", "absent")
                continue
            if (name in required) != mine.required:
                self.report(where, "required", name in required, mine.required)
            nullable = self.unwrap(schema).nullable
            if nullable != mine.nullable:
                self.report(where, "nullable", nullable, mine.nullable)
            self.compare(schema, mine.type, where)
        for name in fields:
            if name not in properties:
                self.report(f"{path}.{name}", "field", "absent", "present")

    def compare_union(self, members: list[Any], mine: ir.TypeRef | ir.Model, path: str) -> None:
        compare_union(self, members, mine, path)

    # -- operations and events ----------------------------------------------------------

    def compare_operations(self) -> None:
        ours = {op.upstream or op.name: op for op in self.api.operations}
        for path, item in _map(self.document.get("paths")).items():
            for method, operation in _map(item).items():
                op_id = _map(operation).get("operationId")
                if not isinstance(op_id, str):
                    continue
                mine = ours.pop(op_id, None)
                if mine is None:
                    self.report(op_id, "operation", f"{method.upper()} {path}", "absent")
                    continue
                if (mine.method, mine.path) != (method.upper(), path):
                    self.report(mine.name, "route", f"{method.upper()} {path}", f"{mine.method} {mine.path}")
                self.compare_parameters(_list(operation.get("parameters")), mine)
                body = _dig(operation, "requestBody", "content", "application/json").get("schema")
                if body is not None and mine.body is None:
                    self.report(mine.name, "body", "present", "absent")
                elif body is not None and mine.body is not None:
                    self.compare(body, ir.ModelRef(mine.body.name, "object"), mine.body.name)
                response = _dig(operation, "responses", "200", "content", "application/json").get("schema")
                if (response is None) != (mine.response is None):
                    self.report(mine.name, "response", "a body" if response is not None else "no body", "no body" if mine.response is None else "a body")
                elif response is not None and mine.response is not None:
                    self.compare(response, mine.response, _root(mine.response, mine.name))
        for op_id, mine in ours.items():
            self.report(op_id, "operation", "absent", f"{mine.method} {mine.path}")

    def compare_parameters(self, parameters: list[Any], mine: ir.Operation) -> None:
        # compared as upstream spells them: `include[]` and `include` are one parameter
        ours: dict[tuple[str, str], ir.Parameter] = {(p.name, p.location): p for p in (*mine.path_parameters, *mine.query_parameters)}
        for parameter in parameters:
            if not isinstance(parameter, dict) or "$ref" in parameter:
                continue
            if not isinstance(parameter.get("name"), str) or not isinstance(parameter.get("in"), str):
                continue
            key = (parameter["name"].removesuffix("[]"), parameter["in"])
            where = f"{mine.name}({parameter['in']} {parameter['name']})"
            found = ours.pop(key, None)
            if found is None:
                self.report(where, "parameter", "present", "absent")
                continue
            if bool(parameter.get("required")) != found.required:
                self.report(where, "required", bool(parameter.get("required")), found.required)
            self.compare(parameter.get("schema", {}), found.type, where)
        for (name, location), declared in ours.items():
            brackets = location == "query" and isinstance(declared.type, ir.ListOf) and self.api.query_arrays == "brackets"
            self.report(f"{mine.name}({location} {name}{'[]' if brackets else ''})", "parameter", "absent", "present")

    def compare_events(self) -> None:
        """Each stream's events against the upstream union its `upstream` names; a
        stream that names none has nothing to be compared with."""
        for stream in self.api.streams:
            if stream.upstream is None:
                continue
            if stream.upstream not in self.schemas:
                self.report(f"stream {stream.name}", "upstream", "absent", stream.upstream)
                continue
            upstream = self.upstream_events(self.schemas[stream.upstream])
            ours = {event.name: event for event in stream.events}
            for name, data in upstream.items():
                mine = ours.pop(name, None)
                if mine is None:
                    self.report(f"event {name}", "event", "present", "absent")
                else:
                    self.compare(data, mine.data, f"event {name}")
            for name in ours:
                self.report(f"event {name}", "event", "absent", "present")

    def upstream_events(self, schema: object, visited: set[str] | None = None) -> dict[str, Any]:
        """Event name -> data schema, from the nested unions of event objects: an
        object with `event` (its name) and `data`, or an object whose `type` is the
        event's name and which is itself the data."""
        found: dict[str, Any] = {}
        unwrapped = self.unwrap(schema)
        up = unwrapped.schema
        visited = set() if visited is None else visited
        if unwrapped.name is not None:
            if unwrapped.name in visited:  # a union that contains itself, through a `$ref`
                return found
            visited.add(unwrapped.name)
        for member in _list(up.get("oneOf")) or _list(up.get("anyOf")):
            found.update(self.upstream_events(member, visited))
        properties = _map(up.get("properties"))
        named_by = "event" if "event" in properties else "type"
        event = self.unwrap(properties.get(named_by)).schema
        names = _list(event.get("enum")) or ([event["const"]] if "const" in event else [])
        for name in names:
            found[str(name)] = properties.get("data", {}) if named_by == "event" else schema
        return found


def _map(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def _dig(value: object, *keys: str) -> dict[str, Any]:
    """value[k1][k2]... as a mapping; empty where a step is missing or not a mapping."""
    for key in keys:
        value = _map(value).get(key)
    return _map(value)


def _root(type_ref: ir.TypeRef, fallback: str) -> str:
    return type_ref.name if isinstance(type_ref, ir.ModelRef) else fallback


def _show(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def differences(document: dict[str, Any], api: ir.Api) -> list[Difference]:
    differ = Differ(document, api)
    differ.compare_operations()
    differ.compare_events()
    return differ.found
