"""import-openapi writes compositions, unions and event models as the format now says
them: `allOf` as `allOf` (merged only where two parts give a field different types),
variants with several tag values as an `enum`, shared tags told apart by a second
property, a variant without the tag as the default, `anyOf` as `anyOf`, and event models
renamed clear of the classes the events module derives. Each import is validated as
`generate` would, so no problem here means the spec the format reads is the one shown."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import yaml

from generator.importer import import_openapi

HEAD = "openapi: 3.1.0\ninfo: {title: Pets, version: '1'}\nservers: [{url: 'https://pets.example/v1'}]\n"
PATHS = """
paths:
  /pets:
    get:
      operationId: getPet
      responses: {'200': {content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}}
"""


def imported(tmp_path: Path, schemas: str, paths: str = PATHS, **options: Any) -> tuple[dict[str, Any], list[str], dict[str, str]]:
    document = tmp_path / "openapi.yaml"
    document.write_text(HEAD + textwrap.dedent(paths) + "components:\n  schemas:\n" + textwrap.indent(textwrap.dedent(schemas), "    "))
    result = import_openapi(document, **options)
    merged: dict[str, Any] = {}
    for text in result.files.values():
        for section, value in yaml.safe_load(text).items():
            merged.setdefault(section, {}).update(value)
    return merged, [f"[{p.kind}] {p.message}" for p in result.record.sorted()], result.files


def test_allof_is_written_as_allof_and_merged_only_where_a_field_would_have_two_types(tmp_path: Path) -> None:
    spec, problems, _ = imported(tmp_path, """
        Base:
          type: object
          required: [id]
          properties:
            id: {type: string, description: The base's words.}
            kind: {type: string, enum: [a, b]}
        Pet:
          allOf:
            - $ref: '#/components/schemas/Base'
            - type: object
              required: [name]
              properties:
                id: {type: string, description: "Other words, same type."}
                name: {type: string}
                owner: {type: object, properties: {email: {type: string}}}
          properties:
            legs: {type: integer}
          required: [legs, kind]
        Clash:
          allOf:
            - $ref: '#/components/schemas/Base'
            - {type: object, properties: {kind: {type: string, enum: [a, b]}}}
    """, paths=PATHS + """
  /clash:
    get:
      operationId: getClash
      responses: {'200': {content: {application/json: {schema: {$ref: '#/components/schemas/Clash'}}}}}
""")
    pet = spec["models"]["Pet"]
    assert pet["allOf"][0] == "Base"
    assert pet["allOf"][1]["required"] == ["name"] and set(pet["allOf"][1]["properties"]) == {"id", "name", "owner"}
    assert pet["allOf"][1]["properties"]["owner"] == "PetOwner"  # named after the composed model, as the format names it
    assert pet["properties"] == {"legs": "integer"} and pet["required"] == ["legs", "kind"]
    # an enum written twice would be two models for one field: merged, and said
    assert spec["models"]["Clash"]["type"] == "object" and "allOf" not in spec["models"]["Clash"]
    assert problems == ["[allOf] `allOf` at Clash (Base, an inline member): its parts declare a property with different schemas, and the format gives a field one type: `kind` (`Base` and an inline member)"]


def test_tag_values_shared_tags_and_a_variant_without_the_tag_are_one_union(tmp_path: Path) -> None:
    spec, problems, _ = imported(tmp_path, """
        Pet:
          type: object
          properties:
            animal:
              anyOf:
                - $ref: '#/components/schemas/Dog'
                - $ref: '#/components/schemas/Owner'
                - $ref: '#/components/schemas/Keeper'
                - $ref: '#/components/schemas/Stray'
              discriminator: {propertyName: type}
        Dog: {type: object, required: [type], properties: {type: {type: string, enum: [dog, puppy]}}}
        Owner: {type: object, properties: {type: {const: person}, role: {type: string, enum: [owner, co_owner]}}}
        Keeper: {type: object, properties: {type: {const: person}, role: {const: keeper}}}
        Stray: {type: object, properties: {name: {type: string}}}
    """)
    assert problems == []
    union = spec["models"]["PetAnimal"]
    assert union["anyOf"] == ["Dog", "Owner", "Keeper", "Stray"]
    assert union["discriminator"] == {"property": ["type", "role"], "default": "Stray"}
    assert spec["models"]["Dog"]["properties"]["type"]["enum"] == ["dog", "puppy"]


def test_a_tag_no_property_tells_apart_leaves_the_later_variant_out(tmp_path: Path) -> None:
    spec, problems, _ = imported(tmp_path, """
        Pet:
          oneOf:
            - $ref: '#/components/schemas/Cat'
            - $ref: '#/components/schemas/Lynx'
            - $ref: '#/components/schemas/Dog'
        Cat: {type: object, properties: {type: {const: cat}, size: {type: string, enum: [s, m]}}}
        Lynx: {type: object, properties: {type: {const: cat}, size: {type: string, enum: [m, l]}}}
        Dog: {type: object, properties: {type: {const: dog}}}
    """)
    assert spec["models"]["Pet"]["oneOf"] == ["Cat", "Dog"]
    assert problems == ["[shared-tag] Lynx shares the `type` value `cat` with Cat in the union at Pet, and no further property tells them apart by values of their own"]


EVENTS = """
paths:
  /pets:
    post:
      operationId: createPet
      requestBody: {content: {application/json: {schema: {type: object, properties: {stream: {type: boolean}}}}}}
      responses:
        '200':
          content:
            application/json: {schema: {$ref: '#/components/schemas/Pet'}}
            text/event-stream: {schema: {$ref: '#/components/schemas/PetStreamEvent'}}
"""


def test_event_models_are_renamed_clear_of_event_classes_and_the_union_is_the_stream(tmp_path: Path) -> None:
    spec, problems, files = imported(tmp_path, """
        Pet: {type: object, properties: {name: {type: string}}}
        PetStreamEvent:
          oneOf:
            - $ref: '#/components/schemas/PetCreatedEvent'
            - $ref: '#/components/schemas/PetRenamedEvent'
        PetCreatedEvent: {type: object, properties: {type: {const: pet.created}, pet: {$ref: '#/components/schemas/Pet'}}}
        PetRenamedEvent: {type: object, properties: {type: {const: pet.renamed}, name: {type: string}}}
    """, paths=EVENTS)
    assert problems == []
    assert "PetStreamEvent" not in spec["models"]  # the stream says it
    stream = spec["streams"]["PetStream"]
    assert stream["events"]["pet.created"]["data"] == "PetCreated"
    assert spec["models"]["PetCreated"]["upstream"] == "PetCreatedEvent"
    assert "renamed without `Event`: the events module derives the class `PetCreatedEvent`" in " ".join(files["events.yaml"].split())


def test_a_rename_that_would_clash_too_is_a_problem_at_the_schema(tmp_path: Path) -> None:
    spec, problems, _ = imported(tmp_path, """
        Pet:
          type: object
          properties:
            last: {$ref: '#/components/schemas/PetStreamEvent'}
            renamed: {$ref: '#/components/schemas/PetRenamed'}
        PetStreamEvent:
          oneOf:
            - $ref: '#/components/schemas/PetCreatedEvent'
            - $ref: '#/components/schemas/PetRenamedEvent'
        PetCreatedEvent: {type: object, properties: {type: {const: pet.created}}}
        PetRenamedEvent: {type: object, properties: {type: {const: pet.renamed}, name: {type: string}}}
        PetRenamed: {type: object, properties: {when: {type: integer}}}
    """, paths=EVENTS)
    assert problems == [
        "[namespace] schema `PetStreamEvent` would be the model `PetStreamEvent`, a name the generated code derives from the stream `PetStream`, and `PetStream` is derived from the stream `PetStream`",
        "[namespace] schema `PetRenamedEvent` would be the model `PetRenamedEvent`, a name the generated code derives from event `pet.renamed` of the stream `PetStream`, and `PetRenamed` is the name of another schema",
    ]
    assert spec["models"]["Pet"]["properties"] == {"last": "PetStreamEvent2", "renamed": "PetRenamed"}
    assert spec["streams"]["PetStream"]["events"]["pet.renamed"]["data"] == "PetRenamedEvent2"
    assert spec["models"]["PetCreated"]["upstream"] == "PetCreatedEvent"


def test_a_member_that_is_no_object_model_leaves_the_composition_merged(tmp_path: Path) -> None:
    spec, problems, _ = imported(tmp_path, """
        Free: {type: object, additionalProperties: true}
        Named: {type: object, properties: {name: {type: string}}}
        Pet:
          allOf:
            - $ref: '#/components/schemas/Named'
            - $ref: '#/components/schemas/Free'
    """)
    assert spec["models"]["Pet"]["properties"] == {"name": "string"}
    assert problems == ["[allOf] `allOf` at Pet (Named): it has members the format cannot compose: Free (an object without properties)"]
