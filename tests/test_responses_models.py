"""The Responses models decode what the service sends: the final response of every
transcript in tests/fixtures/responses, with the `store` member the reference does not
declare, and the fields whose type is an alias (`model`, `tools`, `metadata`), which
`from_dict` decodes as the type the alias names, with that type's errors."""

from __future__ import annotations

import copy
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from responses_objects import Json, decode_sse

FOLDER = Path(__file__).resolve().parent / "fixtures" / "responses"
FINALS = {path.stem: [data for _, data in decode_sse(path.read_bytes())][-1]["response"] for path in sorted(FOLDER.glob("*.sse"))}


@pytest.mark.parametrize("name", sorted(FINALS))
def test_a_final_response_keeps_store_as_an_unknown_field_and_round_trips(openai_responses: ModuleType, name: str) -> None:
    payload: Json = FINALS[name]
    response = openai_responses.models.Response.from_dict(copy.deepcopy(payload))
    assert response.unknown_fields == {"store": payload["store"]}
    assert response.to_dict() == payload
    assert list(response.to_dict()) == [*(key for key in response.to_dict() if key != "store"), "store"]


@pytest.mark.parametrize(
    ("changes", "where", "problem"),
    [
        ({"model": None}, "Response.model", "field may not be null"),
        ({"model": 4}, "Response.model", "expected a string, got an integer"),
        ({"tools": {}}, "Response.tools", "expected an array, got an object"),
        ({"tools": [{"type": "function"}]}, "Response.tools[0].name", "required field is missing"),
        ({"metadata": {"user": 42}}, "Response.metadata.user", "expected a string, got an integer"),
        ({"metadata": []}, "Response.metadata", "expected an object, got an array"),
    ],
)
def test_a_bad_value_of_an_alias_typed_field_names_its_path(openai_responses: ModuleType, changes: dict[str, Any], where: str, problem: str) -> None:
    payload = {**copy.deepcopy(FINALS["text_with_annotations"]), **changes}
    with pytest.raises(openai_responses.DecodeError) as caught:
        openai_responses.models.Response.from_dict(payload)
    assert str(caught.value) == f"{where}: {problem}"


def test_metadata_and_tools_are_new_containers(openai_responses: ModuleType) -> None:
    payload = copy.deepcopy(FINALS["text_with_annotations"])
    payload["metadata"] = {"user": "42"}
    response = openai_responses.models.Response.from_dict(payload)
    assert response.metadata == {"user": "42"} and response.metadata is not payload["metadata"]
    assert response.tools == [] and response.tools is not payload["tools"]
