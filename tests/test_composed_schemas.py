"""Composed and nested schemas (issue 12): the spec tests/golden/composed/spec.yaml, which
uses `allOf`, `anyOf`, inline objects, enums and unions, several values of one tag,
shared tags told apart by a second property and a default variant, generated in both
Python styles, type-checked, and run over real payloads: decoded, written back
unchanged, unknown variants kept, over HTTP against the local server too."""

from __future__ import annotations

import copy
import importlib.util
import itertools
import json
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from runs_server import Fault, RunsServer

from generator.config import style_folders
from generator.pipeline import generate
from generator.targets import PYTHON

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "tests" / "golden" / "composed" / "spec.yaml"
STYLES = ("python", "python-pydantic")
_names = itertools.count()

RESPONSE: dict[str, Any] = {
    "id": "resp_1",
    "object": "response",
    "status": "completed",
    "model": "gpt-test",
    "temperature": None,
    "truncation": "auto",
    "metadata": {"team": "search"},
    "instructions": [
        {"role": "system", "content": "Answer briefly."},
        {"type": "message", "role": "developer", "content": [{"type": "input_text", "text": "Cite sources."}]},
        {"type": "message", "role": "assistant", "id": "msg_0", "content": [{"type": "output_text", "text": "Earlier."}]},
        {"type": "function_call_output", "call_id": "call_0", "output": "{\"temp\": 21}"},
    ],
    "output": [
        {"type": "web_search_call", "id": "ws_1", "status": "completed"},
        {
            "type": "message",
            "id": "msg_1",
            "role": "assistant",
            "status": "completed",
            "content": [
                {"type": "output_text", "text": "It is sunny.", "annotations": []},
                {"type": "refusal", "refusal": "Not that part."},
                {"type": "output_audio", "data": "UklGRg=="},
            ],
        },
        {"type": "function_call", "id": "fc_1", "call_id": "call_1", "name": "lookup", "arguments": "{}"},
        {"type": "reasoning", "id": "rs_1", "summary": [{"type": "summary_text", "text": "Thought."}]},
    ],
    "tools": [
        {"type": "web_search_2025_08_26", "search_context_size": "low"},
        {"type": "web_search"},
        {"type": "function", "name": "lookup", "parameters": {"type": "object"}},
        {"type": "file_search", "vector_store_ids": ["vs_1"]},
        {"type": "computer_use", "display_width": 1024},
    ],
    "tool_choice": {"type": "function", "name": "lookup"},
    "usage": {"input_tokens": 12, "output_tokens": 7, "details": {"cached_tokens": 4}},
    "incomplete_details": None,
    "conversation": {"id": "conv_1"},
}


@pytest.fixture(scope="module", params=STYLES)
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The composed spec generated in one style, into a folder of its own."""
    out = tmp_path_factory.mktemp(str(request.param))
    for name, text in generate(SPEC, style_folders(str(request.param)), PYTHON).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def package(generated: Path) -> Iterator[types.ModuleType]:
    """The generated package, imported under a name of its own."""
    name = f"composed_{next(_names)}"
    root = generated / "composed"
    spec = importlib.util.spec_from_file_location(name, root / "__init__.py", submodule_search_locations=[str(root)])
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        for loaded in [n for n in sys.modules if n == name or n.startswith(name + ".")]:
            del sys.modules[loaded]


def test_the_package_type_checks_and_is_black_formatted(generated: Path, tmp_path: Path) -> None:
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), "composed"],
        cwd=generated, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert mypy.returncode == 0, mypy.stdout
    black = subprocess.run([sys.executable, "-m", "black", "--check", "-q", "composed"], cwd=generated, capture_output=True, text=True, timeout=300)
    assert black.returncode == 0, black.stderr


def test_inline_shapes_are_models_named_by_where_they_stand(package: types.ModuleType) -> None:
    models = package.models
    for name in (
        "ResponseUsage", "ResponseUsageDetails", "ResponseIncompleteDetails", "ResponseIncompleteDetailsReason",
        "ResponseInstructions", "OutputMessageContentItem", "OutputMessageContentItemOutputText",
        "OutputMessageContentItemRefusal", "ToolFileSearch", "ToolChoiceEnum", "ToolChoiceObject",
        "InputContentInputText", "InputContentInputImage", "ResponseOutputTextDeltaData", "GetResponseIncludeItem",
        "WebSearchToolType", "CreateResponseRequestInput",
    ):  # fmt: skip
        assert hasattr(models, name), name
    # a composed model's fields keep the types of the model they come from
    assert not hasattr(models, "ResponseTruncation")
    assert models.Response.from_dict(RESPONSE).truncation is models.ResponsePropertiesTruncation.AUTO


def test_a_real_response_decodes_to_its_variants_and_round_trips(package: types.ModuleType) -> None:
    models = package.models
    payload = copy.deepcopy(RESPONSE)
    response = models.Response.from_dict(payload)
    assert response.to_dict() == RESPONSE and payload == RESPONSE
    assert [type(item).__name__ for item in response.output] == ["WebSearchCall", "OutputMessage", "FunctionCall", "UnknownVariant"]
    content = response.output[1].content
    assert [type(part).__name__ for part in content] == ["OutputMessageContentItemOutputText", "OutputMessageContentItemRefusal", "UnknownVariant"]
    assert content[2].to_dict() == {"type": "output_audio", "data": "UklGRg=="}
    assert response.output[3].to_dict() == RESPONSE["output"][3]  # unknown: kept whole
    assert [type(tool).__name__ for tool in response.tools] == ["WebSearchTool", "WebSearchTool", "FunctionTool", "ToolFileSearch", "UnknownVariant"]
    assert response.tools[0].type is models.WebSearchToolType.WEB_SEARCH_2025_08_26  # a second tag value
    assert type(response.tool_choice).__name__ == "ToolChoiceObject"
    assert [type(item).__name__ for item in response.instructions] == ["EasyInputMessage", "InputMessage", "OutputMessage", "FunctionCallOutput"]
    assert response.usage.details.cached_tokens == 4 and response.incomplete_details is None
    assert type(response.conversation).__name__ == "Conversation" and not hasattr(package.models, "ResponseConversation")


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        ({"role": "user", "content": "hi"}, "EasyInputMessage"),  # no `type`: the default variant
        ({"role": "assistant", "content": [{"type": "input_text", "text": "x"}]}, "EasyInputMessage"),
        ({"type": "message", "role": "user", "content": []}, "InputMessage"),  # `type` shared: by `role`
        ({"type": "message", "role": "system", "content": []}, "InputMessage"),
        ({"type": "message", "role": "assistant", "id": "m", "content": []}, "OutputMessage"),
        ({"type": "message", "role": "critic", "content": []}, "UnknownVariant"),
        ({"type": "function_call", "call_id": "c", "name": "f", "arguments": ""}, "FunctionCall"),
        ({"type": "item_reference", "id": "x"}, "UnknownVariant"),
    ],
)
def test_input_items_are_found_by_type_then_role(package: types.ModuleType, item: dict[str, Any], expected: str) -> None:
    body = {"model": "m", "input": [item]}
    request = package.models.CreateResponseRequest.from_dict(copy.deepcopy(body))
    assert type(request.input[0]).__name__ == expected
    assert request.to_dict() == body


@pytest.mark.parametrize("item", [{"type": "message", "content": []}, {"type": "message", "role": 3, "content": []}, {"type": 7}])
def test_an_unusable_discriminator_is_a_decode_error(package: types.ModuleType, item: dict[str, Any]) -> None:
    with pytest.raises(package.DecodeError) as caught:
        package.models.CreateResponseRequest.from_dict({"model": "m", "input": [item]})
    assert caught.value.path.startswith("CreateResponseRequest.input")


def test_the_client_sends_and_receives_composed_models_over_http(package: types.ModuleType, server: RunsServer) -> None:
    server.state.reset()
    models = package.models
    with package.Client(api_key="k", base_url=server.base_url) as client:
        with server.state.lock:
            server.state.faults.append(Fault("status", status=200, body=RESPONSE))
        response = client.get_response("resp_1", include=["usage"])
        assert response.to_dict() == RESPONSE and isinstance(response.output[0], models.WebSearchCall)
        with server.state.lock:
            server.state.faults.append(Fault("status", status=200, body=RESPONSE))
        client.create_response(
            model="m",
            input=[models.EasyInputMessage(role=models.EasyInputMessageRole.USER, content="hi"), {"type": "function_call_output", "call_id": "c", "output": "1"}],
            tools=[models.WebSearchTool(type=models.WebSearchToolType.WEB_SEARCH_2025_08_26), {"type": "file_search", "vector_store_ids": ["vs"]}],
        )
    first, second = server.state.requests
    assert first.segments == ("responses", "resp_1") and first.query == (("include[]", "usage"),)
    assert second.body == {
        "model": "m",
        "input": [{"role": "user", "content": "hi"}, {"type": "function_call_output", "call_id": "c", "output": "1"}],
        "tools": [{"type": "web_search_2025_08_26"}, {"type": "file_search", "vector_store_ids": ["vs"]}],
    }


def test_a_stream_carries_composed_and_inline_event_data(package: types.ModuleType, server: RunsServer) -> None:
    server.state.reset()
    delta = {"item_id": "msg_1", "delta": "It is"}
    body = "".join(
        f"event: {event}\ndata: {data}\n\n"
        for event, data in (("response.created", json.dumps(RESPONSE)), ("response.output_text.delta", json.dumps(delta)), ("done", "[DONE]"))
    )
    with server.state.lock:  # as it is: the server checks headers only the runs API sends
        server.state.faults.append(Fault("bytes", status=200, content=body.encode(), headers={"Content-Type": "text/event-stream"}))
    with package.Client(api_key="k", base_url=server.base_url) as client:
        with client.create_response_stream(model="m", input="hi") as stream:
            received = list(stream)
    assert server.state.requests[0].body == {"model": "m", "input": "hi", "stream": True}
    assert [type(event).__name__ for event in received] == ["ResponseCreatedEvent", "ResponseOutputTextDeltaEvent"]
    assert received[0].data.to_dict() == RESPONSE
    assert type(received[1].data).__name__ == "ResponseOutputTextDeltaData" and received[1].data.to_dict() == delta


def test_the_exports_describe_the_composed_models() -> None:
    """The OpenAPI document is valid and holds each model, stream and event once (none
    overwrites another); a real payload validates against the JSON Schema export."""
    import jsonschema
    from openapi_spec_validator import validate

    from generator.exports.openapi import to_json_schema, to_openapi
    from generator.pipeline import load_api

    api = load_api(SPEC, PYTHON)
    document = to_openapi(api)
    validate(document)
    events = sum(len(stream.events) for stream in api.streams)
    assert len(document["components"]["schemas"]) == len(api.models) + len(api.streams) + events
    schema = to_json_schema(api)
    known = copy.deepcopy(RESPONSE)  # without the variants the spec does not know
    known["output"] = [item for item in known["output"] if item["type"] != "reasoning"]
    known["output"][1]["content"].pop()
    known["tools"].pop()
    jsonschema.validate(known, {**schema, "$ref": "#/$defs/Response"})
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(RESPONSE, {**schema, "$ref": "#/$defs/Response"})
    assert schema["$defs"]["InputItem"]["anyOf"] and schema["$defs"]["Tool"]["discriminator"]["mapping"]["web_search_2025_08_26"] == "#/$defs/WebSearchTool"
