"""diff-upstream on unions, read as the format reads them: nested unions spread, members
of one JSON kind taken together, object members paired by every tag value they take,
shared tags by the schema each variant was written from, the default by the missing
tag, `$recursiveRef` as the schema it names; real drift is still reported, once per
union, under the union's name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.pipeline import load_api
from generator.targets import PYTHON
from generator.exports.upstream_diff import differences

SPEC = """
api: {name: zoo, base_url: "https://zoo.example/v1"}
models:
  Zoo:
    type: object
    properties:
      animal: Animal
      size: Size
      label: Label
      weight: {oneOf: [number, string]}
      filter: Filter
  Animal:
    anyOf: [Dog, Keeper, Visitor, Stray]
    discriminator: {property: [type, role], default: Stray}
  Dog: {type: object, properties: {type: {type: string, enum: [dog, puppy]}}}
  Keeper: {type: object, properties: {type: {const: person}, role: {const: keeper}}}
  Visitor: {type: object, properties: {type: {const: person}, role: {type: string, enum: [adult, child]}}}
  Stray: {type: object, properties: {name: string}}
  Size: {type: string, enum: [s, m, l]}
  Label: string
  Filter:
    type: object
    properties:
      type: {type: string, enum: [and, or]}
      filters: {type: array, items: FilterItem}
  FilterItem: {oneOf: [Comparison, Filter], discriminator: type}
  Comparison: {type: object, properties: {type: {type: string, enum: [eq, ne]}, value: string}}
operations:
  get_zoo: {method: GET, path: /zoo, summary: Get it., response: Zoo}
"""


def document() -> dict[str, Any]:
    ref = "#/components/schemas/"
    return {
        "paths": {"/zoo": {"get": {"operationId": "get_zoo", "responses": {"200": {"content": {"application/json": {"schema": {"$ref": ref + "Zoo"}}}}}}}},
        "components": {"schemas": {
            "Zoo": {"type": "object", "properties": {
                "animal": {"$ref": ref + "Animal"},
                "size": {"anyOf": [{"type": "string", "enum": ["s", "m"]}, {"type": "string", "enum": ["l"]}]},
                "label": {"oneOf": [{"type": "string"}, {"type": "string", "enum": ["x"]}]},
                "weight": {"oneOf": [{"type": "integer"}, {"type": "number"}, {"type": "string"}]},
                "filter": {"$ref": ref + "Filter"},
            }},
            "Animal": {"anyOf": [{"$ref": ref + "Dog"}, {"$ref": ref + "People"}, {"$ref": ref + "Stray"}]},
            "People": {"oneOf": [{"$ref": ref + "Keeper"}, {"$ref": ref + "Visitor"}]},
            "Dog": {"type": "object", "properties": {"type": {"type": "string", "enum": ["dog", "puppy"]}}},
            "Keeper": {"type": "object", "properties": {"type": {"const": "person"}, "role": {"const": "keeper"}}},
            "Visitor": {"type": "object", "properties": {"type": {"const": "person"}, "role": {"type": "string", "enum": ["adult", "child"]}}},
            "Stray": {"type": "object", "properties": {"name": {"type": "string"}}},
            "Filter": {"$recursiveAnchor": True, "type": "object", "properties": {
                "type": {"type": "string", "enum": ["and", "or"]},
                "filters": {"type": "array", "items": {"oneOf": [{"$ref": ref + "Comparison"}, {"$recursiveRef": "#"}]}},
            }},
            "Comparison": {"type": "object", "properties": {"type": {"type": "string", "enum": ["eq", "ne"]}, "value": {"type": "string"}}},
        }},
    }  # fmt: skip


def test_unions_written_as_the_format_writes_them_do_not_differ(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC)
    assert [str(d) for d in differences(document(), load_api(tmp_path / "spec.yaml", PYTHON))] == []


def test_drift_in_a_union_is_reported_once_under_its_name(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC)
    upstream = document()
    schemas = upstream["components"]["schemas"]
    schemas["Visitor"]["properties"]["role"]["enum"].append("guide")
    schemas["People"]["oneOf"].append({"type": "object", "properties": {"type": {"const": "person"}, "role": {"const": "vet"}}})
    schemas["Zoo"]["properties"]["size"]["anyOf"][1]["enum"] = ["xl"]
    schemas["Zoo"]["properties"]["other"] = {"$ref": "#/components/schemas/Animal"}  # compared once
    schemas["Animal"]["anyOf"].remove({"$ref": "#/components/schemas/Dog"})
    found = [str(d) for d in differences(upstream, load_api(tmp_path / "spec.yaml", PYTHON))]
    assert found == [
        "Visitor.role: values: upstream ['guide']; ours -",
        "Animal<person>: variant: upstream present; ours absent",
        "Animal<dog>: variant: upstream absent; ours present",
        "Zoo.size: values: upstream ['xl']; ours ['l']",
        "Zoo.other: field: upstream present; ours absent",
    ]
