"""import-openapi on small documents: how each construct is written in the spec format,
every limit of the format reported at its place with a stand-in that keeps the spec
valid, hostile documents refused with positions (never a traceback), and YAML that reads
back as exactly what was meant."""

from __future__ import annotations

import os
import re
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import codegen
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.importer import LIMITS, ImportFailed, import_openapi
from generator.importer.emit import Mapping, Sequence, Value, emit
from generator.read.load import SPEC_LIMITS
from generator.read.nodes import plain
from generator.read.yaml_tree import read_tree

HEAD = "openapi: 3.1.0\ninfo: {title: Pets, version: '1'}\nservers: [{url: 'https://pets.example/v1'}]\n"


def imported(tmp_path: Path, text: str, **options: Any) -> tuple[dict[str, Any], list[str], dict[str, str]]:
    """The imported spec merged into one mapping, the problems as printed, and the files."""
    document = tmp_path / "openapi.yaml"
    document.write_text(HEAD + textwrap.dedent(text))
    result = import_openapi(document, **options)
    merged: dict[str, Any] = {}
    for text in result.files.values():
        for section, value in yaml.safe_load(text).items():
            merged.setdefault(section, {}).update(value)
    return merged, [str(p.problem()) for p in result.record.sorted()], result.files


def test_nullability_is_spelled_one_way_and_moves_from_models_to_their_uses(tmp_path: Path) -> None:
    spec, problems, files = imported(tmp_path, """
        paths:
          /pets: {get: {operationId: getPet, responses: {'200': {content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}}}}
        components:
          schemas:
            Name: {type: string}
            MaybeName: {type: [string, 'null']}
            Pet:
              type: object
              properties:
                a: {type: string, nullable: true}
                b: {type: [integer, 'null']}
                c: {anyOf: [{type: string}, {type: 'null'}]}
                d: {allOf: [{$ref: '#/components/schemas/Name'}], nullable: true}
                e: {$ref: '#/components/schemas/MaybeName'}
                f: {type: string, enum: [x, y, null]}
                g: {type: string}
    """)
    assert problems == []
    fields = spec["models"]["Pet"]["properties"]
    assert all(fields[name].get("nullable") is True for name in "abcdef")
    assert fields["g"] == "string"
    assert fields["e"] == {"$ref": "MaybeName", "nullable": True} and spec["models"]["MaybeName"] == "string"
    assert "null" not in "".join(files.values()).replace("nullable", "")


def test_inline_shapes_are_named_by_their_place_and_upstream_names_are_kept(tmp_path: Path) -> None:
    spec, problems, _ = imported(tmp_path, """
        paths:
          /pets/{pet_id}:
            get:
              operationId: getPet
              parameters: [{name: pet_id, in: path, required: true, schema: {type: string}}]
              responses: {'200': {content: {application/json: {schema: {$ref: '#/components/schemas/pet-v2'}}}}}
        components:
          schemas:
            pet-v2:
              type: object
              properties:
                owner: {type: object, properties: {name: {type: string}}}
                tags: {type: array, items: {type: object, properties: {label: {type: string}}}}
                status: {type: string, enum: [available, sold]}
                kind: {oneOf: [{type: string}, {type: array, items: {type: string}}]}
                size: {type: string, enum: [small, large]}
                shelf: {$ref: '#/components/schemas/PetV2Size'}
            PetV2Size: {type: string, enum: [s, l]}
    """)
    assert problems == []
    models = spec["models"]
    assert models["PetV2"]["upstream"] == "pet-v2"
    assert spec["operations"]["get_pet"]["upstream"] == "getPet"
    assert models["PetV2"]["properties"]["owner"] == "PetV2Owner" and "name" in models["PetV2Owner"]["properties"]
    assert models["PetV2"]["properties"]["tags"]["items"] == "PetV2TagsItem"
    assert models["PetV2"]["properties"]["status"]["enum"] == ["available", "sold"]  # inline: the format names it
    assert models["PetV2"]["properties"]["kind"] == "PetV2Kind" and len(models["PetV2Kind"]["oneOf"]) == 2
    # the name the format would give is taken, so the enum is declared under a free one
    assert models["PetV2"]["properties"]["size"] == "PetV2Size2" and models["PetV2Size2"]["enum"] == ["small", "large"]


EVERY_LIMIT = """
    paths:
      /pets:
        get:
          operationId: listPets
          parameters:
            - {name: X-Trace, in: header, schema: {type: string}}
            - {name: page-size, in: query, schema: {type: integer}}
            - {name: 'ids[]', in: query, schema: {type: array, items: {type: string}}}
            - {name: tags, in: query, schema: {type: array, items: {type: string}}}
            - {name: more, in: query, schema: {type: array, items: {type: string}}}
          responses: {'200': {content: {application/json: {schema: {$ref: '#/components/schemas/Everything'}}}}}
        post:
          operationId: createPet
          requestBody: {content: {application/json: {schema: {type: array, items: {type: string}}}}}
          responses: {'200': {content: {text/event-stream: {schema: {$ref: '#/components/schemas/Events'}}}}}
        put:
          operationId: uploadPet
          requestBody: {content: {multipart/form-data: {schema: {type: object}}}}
          responses: {'204': {description: gone}}
        trace: {operationId: tracePets, responses: {'200': {description: ok}}}
      /pets/{pet_id}:
        delete: {operationId: deletePet, responses: {'200': {content: {application/json: {schema: {$ref: 'other.yaml#/Pet'}}}}}}
    components:
      schemas:
        Base: {type: object, properties: {id: {type: string}}}
        Cat: {type: object, required: [type], properties: {type: {type: string, enum: [cat]}}}
        Dog: {type: object, required: [type], properties: {type: {type: string, enum: [dog, puppy]}}}
        Fox: {type: object, properties: {type: {type: string, enum: [cat]}}}
        Owl: {type: object, properties: {name: {type: string}}}
        Eel: {type: object, properties: {fins: {type: integer}}}
        PetCreatedEvent: {type: object, properties: {at: {type: integer}}}
        PetCreated: {type: object, properties: {by: {type: string}}}
        Left: {type: object, properties: {a: {type: string}}}
        Right: {type: object, properties: {b: {type: string}}}
        Everything:
          allOf:
            - {$ref: '#/components/schemas/Base'}
            - type: object
              properties:
                id: {type: integer}
                pet: {oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}, {$ref: '#/components/schemas/Fox'}, {$ref: '#/components/schemas/Owl'}, {$ref: '#/components/schemas/Eel'}]}
                created: {$ref: '#/components/schemas/PetCreatedEvent'}
                creator: {$ref: '#/components/schemas/PetCreated'}
                either: {oneOf: [{$ref: '#/components/schemas/Left'}, {$ref: '#/components/schemas/Right'}]}
                lists: {oneOf: [{type: array, items: {type: string}}, {type: array, items: {type: integer}}]}
                maybe: {type: array, items: {type: [string, 'null']}}
                code: {type: string, pattern: '^[a-z]+$'}
                level: {type: integer, enum: [1, 2, 3]}
                bad-name: {type: string}
        Events:
          oneOf:
            - {type: object, properties: {event: {const: pet.created}, data: {$ref: '#/components/schemas/Cat'}, extra: {type: string}}}
            - {type: object, properties: {event: {const: Pet Deleted}, data: {type: string}}}
"""


def test_every_limit_is_reported_at_its_place_and_the_stand_ins_keep_the_spec_valid(tmp_path: Path) -> None:
    text = EVERY_LIMIT.replace("servers", "x-servers")
    document = tmp_path / "openapi.yaml"
    document.write_text("openapi: 3.1.0\ninfo: {title: Pets, version: '1'}\n" + textwrap.dedent(text))
    result = import_openapi(document)
    kinds = {p.kind for p in result.record.sorted()}
    assert kinds == set(LIMITS) - {"spec"}  # and what it wrote validates
    lines = document.read_text().splitlines()
    for problem in result.record.sorted():
        assert problem.position.file.endswith("openapi.yaml")
        assert 1 <= problem.position.line <= len(lines) and problem.position.column >= 1
    written = re.sub(r"\n *# ", " ", "".join(result.files.values()))
    for problem in result.record.sorted():  # each is marked in the spec, where it applies if it can be
        assert problem.comment in written


def test_each_limit_is_one_entry_with_what_the_import_writes_instead() -> None:
    for kind, limit in LIMITS.items():
        assert limit.kind == kind and limit.lacking and limit.stand_in


HOSTILE = {
    "a list": ("- a\n- b\n", "1:1: the upstream document is a list"),
    "a scalar": ("just text\n", "1:1: the upstream document is the value"),
    "OpenAPI 2": ("swagger: '2.0'\npaths: {}\n", "a `swagger` 2 document"),
    "no openapi key": ("paths: {/a: {get: {responses: {}}}}\n", "this is not an OpenAPI 3 document"),
    "paths a list": ("openapi: 3.0.0\npaths: [1]\n", "2:8: `paths` is a list"),
    "a reference cycle": (HEAD + "paths: {/a: {get: {responses: {'200': {content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}}}}}}\ncomponents: {schemas: {A: {$ref: '#/components/schemas/B'}, B: {$ref: '#/components/schemas/A'}}}\n", "the references go round in a circle"),
    "a reference outside": (HEAD + "paths: {/a: {get: {responses: {'200': {content: {application/json: {schema: {$ref: 'https://x.example/s.yaml#/A'}}}}}}}}\n", "points outside this document"),
    "a dangling reference": (HEAD + "paths: {/a: {get: {responses: {'200': {content: {application/json: {schema: {$ref: '#/components/schemas/Nope'}}}}}}}}\n", "names no schema in `components.schemas`"),
    "names that are not identifiers": (HEAD + "paths: {/a: {get: {operationId: 'get a!', parameters: [{name: 'x y', in: query, schema: {type: string}}], responses: {'200': {content: {application/json: {schema: {type: object, properties: {'z-z': {type: string}}}}}}}}}}\n", "is not an identifier"),
    "an alias bomb": ("openapi: 3.0.0\na: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}' if i > 1 else '*a'] * 10)}]\n" for i in range(1, 9)) + "paths: {}\n", "more than 4000000 values"),
    "nesting too deep": ("openapi: 3.0.0\npaths: {}\nx: " + "[" * 200 + "]" * 200 + "\n", "nested more than 128 levels deep"),
    "no operations": ("openapi: 3.0.0\npaths: {}\n", "declares no operations"),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_documents_end_in_positioned_problems_never_a_traceback(tmp_path: Path, name: str) -> None:
    text, expected = HOSTILE[name]
    document = tmp_path / "doc.yaml"
    document.write_text(text)
    result = codegen("import-openapi", str(document), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert expected in result.stderr
    lines = [line for line in result.stderr.splitlines() if "doc.yaml:" in line]
    assert lines and all(line.split(":")[1].isdigit() and line.split(":")[2].isdigit() for line in lines)


def test_huge_documents_folders_and_pipes_are_refused_before_reading(tmp_path: Path) -> None:
    huge = tmp_path / "huge.yaml"
    with open(huge, "wb") as handle:
        handle.truncate(65 * 1024 * 1024)
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    for path, expected in ((huge, "larger than 64 MiB"), (tmp_path, "this is a folder"), (pipe, "named pipe"), (tmp_path / "missing.yaml", "cannot read the file")):
        result = codegen("import-openapi", str(path), "--out", str(tmp_path / "out"))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert expected in result.stderr and "nothing was written" in result.stderr
    assert not (tmp_path / "out").exists()


def test_an_unknown_selection_names_the_close_match(tmp_path: Path) -> None:
    document = tmp_path / "openapi.yaml"
    document.write_text(HEAD + "paths: {/pets: {get: {operationId: listPets, responses: {}}}}\n")
    with pytest.raises(ImportFailed) as failed:
        import_openapi(document, ["listPet"], ["/pet"], "PetEvents")
    messages = [str(p) for p in failed.value.problems]
    assert any("`listPet` (did you mean `listPets`?)" in m for m in messages)
    assert any("`/pet` under `paths` (did you mean `/pets`?)" in m for m in messages)


# -- any schema the document may hold --------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.sampled_from(["string", "object", "array", "integer", "null", "#/components/schemas/S0", "#/x", "a-b", "type"])),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(["type", "$ref", "properties", "items", "required", "enum", "const", "allOf", "anyOf", "oneOf", "nullable", "additionalProperties", "discriminator", "description", "default", "x y", "S0", "S1", "event", "data"]), inner, max_size=4),
    ),
    max_leaves=25,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["S0", "S1", "S2"]), json_values, min_size=1, max_size=3), json_values)
def test_any_schemas_import_to_a_spec_that_reads_back_or_to_problems(tmp_path: Path, schemas: dict[str, Any], response: Any) -> None:
    document = tmp_path / "any.yaml"
    body = {"openapi": "3.1.0", "servers": [{"url": "https://a.example"}], "components": {"schemas": schemas}, "paths": {"/a": {"post": {
        "operationId": "post_a", "requestBody": {"content": {"application/json": {"schema": response}}},
        "responses": {"200": {"content": {"application/json": {"schema": response}}}},
    }}}}  # fmt: skip
    document.write_text(yaml.safe_dump(body))
    result = import_openapi(document, events="S0" if "S0" in schemas else None)  # a union or not, as it comes
    for name, text in result.files.items():
        root, found = read_tree(text, name, SPEC_LIMITS)
        assert found == [] and isinstance(plain(root), dict)
    for problem in result.record.sorted():
        assert problem.position.line >= 1 and problem.kind in LIMITS


# -- the YAML writer -------------------------------------------------------------------

scalars = st.one_of(st.none(), st.booleans(), st.integers(-(10**20), 10**20), st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=200))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(min_size=1, max_size=20), inner, max_size=4)), max_leaves=20)


def output(value: object) -> Value:
    if isinstance(value, dict):
        mapping = Mapping()
        for key, inner in value.items():
            mapping.set(key, output(inner))
        return mapping
    if isinstance(value, list):
        return Sequence([output(inner) for inner in value])
    return value  # type: ignore[return-value]


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.text(min_size=1, max_size=30), values, min_size=1, max_size=5), st.lists(st.text(max_size=60), max_size=3))
def test_whatever_is_written_reads_back_as_the_same_values(data: dict[str, Any], comments: list[str]) -> None:
    emitted = emit(output(data), comments)  # type: ignore[arg-type]
    root, problems = read_tree(emitted.text, "x.yaml", SPEC_LIMITS)
    assert problems == [] and plain(root) == data, emitted.text


def test_a_success_without_a_body_is_imported_as_response_null(tmp_path: Path) -> None:
    spec, problems, _ = imported(tmp_path, """
        paths:
          /pets/{id}:
            parameters: [{name: id, in: path, required: true, schema: {type: string}}]
            delete: {operationId: deletePet, responses: {'204': {description: Deleted.}}}
            post: {operationId: touchPet, responses: {'200': {description: OK, content: {text/plain: {schema: {type: string}}}}}}
    """)
    operations = spec["operations"]
    assert operations["delete_pet"]["response"] is None and "response" in operations["delete_pet"]
    assert [p for p in problems if "[no-content]" in p] == [p for p in problems if "touch_pet" in p and "text/plain" in p]
    assert len([p for p in problems if "[no-content]" in p]) == 1
