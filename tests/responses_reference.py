"""The upstream Responses OpenAPI document, read as the facts our fixtures and server are
checked against: its operations, its `ResponseStreamEvent` union and a JSON Schema
validator for any of its schemas.

The document is a reference kept beside the checkout (`shared/reference/` in a folder
above it), not part of the project; without it the tests that need it are skipped.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parent.parent
NAME = "openai-responses-openapi.yaml"
URI = "urn:openai-responses-openapi"  # the document's base URI, so `#/components/...` resolves within it
METHODS = ("get", "post", "delete", "put", "patch")


def reference_path() -> Path | None:
    """shared/reference/NAME in the nearest folder above the checkout (a worktree sits one deeper)."""
    for folder in ROOT.parents:
        candidate = folder / "shared" / "reference" / NAME
        if candidate.is_file():
            return candidate
    return None


@functools.cache
def document() -> dict[str, Any]:
    path = reference_path()
    if path is None:
        raise FileNotFoundError(f"{NAME} is not in shared/reference/ above {ROOT}")
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


@functools.cache
def _registry() -> Registry:
    # OpenAPI 3.1 schemas are 2020-12; the one `$recursiveRef` upstream writes (2019-09) is
    # an unknown keyword there, so that schema's recursion goes unchecked.
    resource = Resource.from_contents(document(), default_specification=DRAFT202012)
    return Registry().with_resource(URI, resource)


@functools.cache
def validator(schema: str) -> Draft202012Validator:
    """A validator for components/schemas/SCHEMA of the document."""
    if schema not in document()["components"]["schemas"]:
        raise KeyError(f"no schema {schema!r} in {NAME}")
    return Draft202012Validator({"$ref": f"{URI}#/components/schemas/{schema}"}, registry=_registry())


def problems(schema: str, instance: Any) -> list[str]:
    """Why INSTANCE is not a SCHEMA, one line per error, or []."""
    lines = []
    for error in validator(schema).iter_errors(instance):
        cause = _cause(error)
        where = "/".join(str(p) for p in cause.absolute_path) or "(top)"
        lines.append(f"{schema} at {where}: {cause.message[:300]}")
    return lines


def _cause(error: ValidationError) -> ValidationError:
    """For a failed union, the error inside the arm the instance meant to be: the arm whose
    `type` it matches (an arm it fails only by `type` is another variant), else the union's own."""
    while error.context:
        arms: dict[Any, list[ValidationError]] = {}
        for inner in error.context:
            arms.setdefault(inner.schema_path[0], []).append(inner)
        meant = [errs for errs in arms.values() if not any(_other_variant(e) for e in errs)]
        if len(meant) != 1:
            return error
        error = meant[0][0]
    return error


def _other_variant(error: ValidationError) -> bool:
    return error.validator in ("enum", "const") and list(error.relative_path) == ["type"]


def event_schemas() -> dict[str, str]:
    """Every member of the ResponseStreamEvent union: its `type` value -> its schema name."""
    schemas = document()["components"]["schemas"]
    union = schemas["ResponseStreamEvent"]
    events = {}
    for arm in union.get("anyOf") or union["oneOf"]:
        name = arm["$ref"].rsplit("/", 1)[1]
        (value,) = schemas[name]["properties"]["type"]["enum"]
        events[value] = name
    return events


@dataclass(frozen=True)
class Operation:
    operation_id: str
    method: str  # upper case
    path: str  # as templated upstream, e.g. /responses/{response_id}
    reply_schema: str | None  # the JSON body of its 200, when it declares one


def operations() -> dict[str, Operation]:
    """The document's operations by operationId."""
    found = {}
    for path, item in document()["paths"].items():
        for method in METHODS:
            if method not in item:
                continue
            operation = item[method]
            content = operation["responses"].get("200", {}).get("content", {})
            ref = content.get("application/json", {}).get("schema", {}).get("$ref")
            schema = ref.rsplit("/", 1)[1] if ref else None
            found[operation["operationId"]] = Operation(operation["operationId"], method.upper(), path, schema)
    return found
