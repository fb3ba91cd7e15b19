"""generated/<api>/openapi.yaml: each spec exported as a valid OpenAPI 3.1 document."""

from __future__ import annotations


import pytest
import yaml
from conftest import GENERATED, RESPONSES, codegen
from openapi_spec_validator import validate

DOCUMENT = GENERATED / "openapi.yaml"
DOCUMENTS = {"runs": DOCUMENT, "responses": RESPONSES / "openapi.yaml"}


def load() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(DOCUMENT.read_text())


@pytest.mark.parametrize("api", DOCUMENTS)
def test_the_exported_document_is_valid_openapi_3_1(api: str) -> None:
    document = yaml.safe_load(DOCUMENTS[api].read_text())
    assert document["openapi"] == "3.1.0"
    validate(document)


def test_every_operation_and_event_is_exported() -> None:
    document = load()
    operations = {op["operationId"]: (path, method) for path, item in document["paths"].items() for method, op in item.items()}
    assert len(operations) == 9
    assert operations["submitToolOuputsToRun"] == ("/threads/{thread_id}/runs/{run_id}/submit_tool_outputs", "post")
    create = document["paths"]["/threads/{thread_id}/runs"]["post"]
    assert [p["name"] for p in create["parameters"]] == ["thread_id", "include[]"]
    assert create["responses"]["200"]["content"]["text/event-stream"]["schema"] == {"$ref": "#/components/schemas/RunStream"}
    events = document["components"]["schemas"]["RunStream"]["oneOf"]
    assert len(events) == 25


def test_nullable_and_required_are_exported_as_the_spec_says() -> None:
    run = load()["components"]["schemas"]["Run"]
    assert run["properties"]["instructions"]["type"] == ["string", "null"]
    assert "instructions" in run["required"] and "temperature" not in run["required"]
    assert run["properties"]["usage"]["anyOf"][1] == {"type": "null"}


@pytest.mark.parametrize("api", DOCUMENTS)
def test_the_openapi_command_prints_the_same_document(api: str) -> None:
    result = codegen("openapi", "--api", api)
    assert result.returncode == 0, result.stderr
    header = "# OpenAPI document exported by `runs-codegen openapi`; edit the spec, not this file.\n"
    assert result.stdout == header + DOCUMENTS[api].read_text()
