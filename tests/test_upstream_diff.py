"""runs-codegen diff-upstream: every kind of drift from an upstream OpenAPI document is
reported with both sides, and only unexplained drift fails."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, codegen

from generator.pipeline import load_api
from generator.targets import PYTHON
from generator.exports.upstream_diff import Differ, differences

REFERENCE = next((p for p in (ROOT.parent / "shared", ROOT.parents[1] / "shared") if p.is_dir()), ROOT.parent / "shared") / "reference" / "openai-runs-openapi.yaml"
BASIC = ROOT / "tests" / "golden" / "basic" / "spec.yaml"


@pytest.mark.parametrize(
    "spelling",
    [
        {"type": "string", "nullable": True},
        {"type": ["string", "null"]},
        {"anyOf": [{"type": "string"}, {"type": "null"}]},
        {"allOf": [{"$ref": "#/components/schemas/Name"}], "nullable": True},
        {"$ref": "#/components/schemas/NullableName"},
    ],
    ids=["nullable-keyword", "type-array", "anyOf-null", "allOf-wrapper", "via-ref"],
)
def test_all_five_spellings_of_nullable_are_read(spelling: dict[str, Any]) -> None:
    document = {"components": {"schemas": {"Name": {"type": "string"}, "NullableName": {"type": ["string", "null"]}}}}
    unwrapped = Differ(document, load_api(BASIC, PYTHON)).unwrap(spelling)
    assert unwrapped.nullable
    assert unwrapped.schema.get("type") == "string"


def pet_document() -> dict[str, Any]:
    """An upstream version of tests/golden/basic/spec.yaml with one of each kind of drift."""
    return {
        "paths": {
            "/pets/{pet_id}": {"get": {
                "operationId": "get_pet",
                "parameters": [
                    {"name": "pet_id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "verbose", "in": "query", "schema": {"type": "boolean"}},
                ],
                "responses": {"200": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}}}},
            }},
            "/pets": {"post": {"operationId": "add_pet", "responses": {}}},
        },
        "components": {"schemas": {
            "Pet": {"type": "object", "required": ["id", "object", "kind", "born_at", "name"], "properties": {
                "id": {"type": "integer"},
                "object": {"type": "string", "enum": ["pet"]},
                "kind": {"oneOf": [{"$ref": "#/components/schemas/Cat"}, {"$ref": "#/components/schemas/Dog"}]},
                "born_at": {"type": "integer"},
                "name": {"type": "string"},
                "nickname": {"type": ["string", "null"]},
                "status": {"type": "string", "enum": ["available", "sold", "lost"]},
                "tags": {"type": "array", "items": {"type": "string"}},
                "toys": {"type": "array", "items": {"type": "object", "properties": {"type": {"enum": ["ball"]}, "colour": {"type": "string"}}}},
                "labels": {"type": "object", "additionalProperties": {"type": "string"}},
                "weight": {"type": "number"},
                "class": {"type": "boolean"},
                "owner": {"type": "string"},
            }},
            "Cat": {"type": "object", "properties": {"type": {"enum": ["cat"]}, "lives": {"type": "integer"}}, "required": ["type"]},
            "Dog": {"type": "object", "properties": {"type": {"enum": ["dog"]}}, "required": ["type"]},
        }},
    }  # fmt: skip


def test_each_kind_of_drift_is_reported_with_both_sides() -> None:
    found = [str(d) for d in differences(pet_document(), load_api(BASIC, PYTHON))]
    assert found == [
        "get_pet(query verbose): parameter: upstream present; ours absent",
        "Pet.id: type: upstream integer; ours string",
        "Pet.born_at: nullable: upstream false; ours true",
        "Pet.name: required: upstream true; ours false",
        "Pet.status: values: upstream ['lost']; ours -",
        "Toy.type: required: upstream false; ours true",
        "Pet.owner: field: upstream present; ours absent",
        "add_pet: operation: upstream POST /pets; ours absent",
    ]  # the spec's stream names no upstream union: its events are not compared


@pytest.mark.skipif(not REFERENCE.exists(), reason="the upstream reference document is not beside this checkout")
def test_the_spec_has_no_unexplained_drift_from_upstream() -> None:
    result = codegen("diff-upstream", "--api", "runs", str(REFERENCE))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.endswith("11 deliberate, 0 unexplained\n")


@pytest.mark.skipif(not REFERENCE.exists(), reason="the upstream reference document is not beside this checkout")
def test_new_drift_fails_and_names_the_place(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    shutil.copytree(ROOT / "spec" / "runs", spec)
    runs = spec / "runs.yaml"
    runs.write_text(runs.read_text().replace("      - id\n", "", 1).replace("          - cancelling\n", "", 1))
    result = codegen("diff-upstream", str(REFERENCE), "--spec", str(spec), "--deviations", str(spec / "upstream" / "deviations.yaml"))
    assert result.returncode == 1
    assert "unexplained" in result.stderr
    assert "Run.id: required: upstream true; ours false" in result.stdout
    assert "Run.status: values: upstream ['cancelling']; ours -" in result.stdout


SHOP = """
api: {name: shop, base_url: "https://shop.example/v1", query_arrays: brackets}
models:
  Base: {type: object, properties: {id: string}}
  Item:
    allOf:
      - Base
      - {type: object, required: [name], properties: {name: string, tags: {type: array, items: string}}}
  ItemDeleted:
    type: object
    required: [type]
    properties: {type: {const: item.deleted}, id: string}
operations:
  get_item:
    method: GET
    path: /items/{item_id}
    summary: Get one.
    path_parameters: {item_id: string}
    query_parameters:
      include: {type: array, items: string}
      expand: {type: array, items: string}
      fields: {type: array, items: string}
    response: Item
streams:
  ItemStream:
    upstream: ItemStreamEvent
    events:
      item.created: {data: Item}
      item.deleted: {data: ItemDeleted}
  Unnamed:
    events:
      item.seen: {data: Item}
"""


def shop_document() -> dict[str, Any]:
    """Upstream's side of SHOP: an `allOf` with one more property, parameters named with
    and without brackets, and a union of events of both shapes (`event` and `data`, or a
    `type` that names the event)."""
    ref = "#/components/schemas/"
    return {
        "paths": {"/items/{item_id}": {"get": {
            "operationId": "get_item",
            "parameters": [
                {"name": "item_id", "in": "path", "required": True, "schema": {"type": "string"}},
                {"name": "include[]", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
                {"name": "expand", "in": "query", "schema": {"type": "array", "items": {"type": "string"}}},
            ],
            "responses": {"200": {"content": {"application/json": {"schema": {"$ref": ref + "Item"}}}}},
        }}},
        "components": {"schemas": {
            "Base": {"type": "object", "properties": {"id": {"type": "string"}}},
            "Item": {"allOf": [
                {"$ref": ref + "Base"},
                {"type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}}, "price": {"type": "number"},
                }},
            ]},
            "ItemDeleted": {"type": "object", "required": ["type"], "properties": {"type": {"enum": ["item.deleted"]}, "id": {"type": "string"}}},
            "ItemStreamEvent": {"oneOf": [
                {"type": "object", "properties": {"event": {"const": "item.created"}, "data": {"$ref": ref + "Item"}}},
                {"$ref": ref + "ItemDeleted"},
                {"type": "object", "properties": {"type": {"const": "item.moved"}}},
            ]},
        }},
    }  # fmt: skip


def test_compositions_parameters_and_any_named_event_union_are_compared(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SHOP)
    found = [str(d) for d in differences(shop_document(), load_api(tmp_path / "spec.yaml", PYTHON))]
    assert found == [
        "get_item(query fields[]): parameter: upstream absent; ours present",
        "Item.price: field: upstream present; ours absent",  # composed from `allOf`, not "any"
        "event item.moved: event: upstream present; ours absent",
    ]
    document = shop_document()
    del document["components"]["schemas"]["ItemStreamEvent"]
    assert "stream ItemStream: upstream: upstream absent; ours ItemStreamEvent" in [str(d) for d in differences(document, load_api(tmp_path / "spec.yaml", PYTHON))]
