"""spec/responses, the Responses and Conversations API, the project's second API: it
validates with every operation and event issue 13 names, differs from the upstream
reference only where upstream/deviations.yaml says why, generates a package from a clean
folder, and generated/responses/openai_responses talks to the local Responses server over
HTTP. Its `mypy --strict` run is in test_generated_package.py, its public names in
test_responses_package.py."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import RESPONSES, ROOT, codegen

from generator.pipeline import load_api
from generator.targets import PYTHON
from generator.exports.upstream_reading import load_deviations

SPEC = ROOT / "spec" / "responses"
REFERENCE = next((p / "shared" / "reference" / "openai-responses-openapi.yaml" for p in ROOT.parents if (p / "shared" / "reference" / "openai-responses-openapi.yaml").is_file()), None)
OPERATIONS = {
    "create_response", "retrieve_response", "delete_response", "cancel_response", "list_input_items",
    "count_input_tokens", "compact_response", "create_conversation", "retrieve_conversation",
    "update_conversation", "delete_conversation", "create_conversation_items", "list_conversation_items",
    "retrieve_conversation_item", "delete_conversation_item",
}  # fmt: skip


def test_the_spec_validates_with_every_operation_and_event_of_the_api() -> None:
    result = codegen("validate", "--spec", str(SPEC))
    assert result.returncode == 0, result.stderr
    assert "15 operations" in result.stdout and "58 events" in result.stdout
    api = load_api(SPEC, PYTHON)
    assert api.name == "openai_responses" and api.query_arrays == "brackets"
    assert {op.name for op in api.operations} == OPERATIONS
    assert {op.name for op in api.operations if op.paginated} == {"list_input_items", "list_conversation_items"}
    streams = {op.name: (op.stream, op.stream_by) for op in api.operations if op.stream}
    assert streams == {"create_response": ("ResponseStream", "body"), "retrieve_response": ("ResponseStream", "query")}
    assert [op.response for op in api.operations if op.name == "delete_response"] == [None]
    (stream,) = api.streams
    assert (stream.name, stream.upstream, stream.error_event, stream.terminator) == ("ResponseStream", "ResponseStreamEvent", "error", None)
    assert len(stream.events) == 58
    # every model whose name differs from upstream's says which upstream schema it is
    renamed = [model.name for model in api.models if model.name.startswith("Response") and model.upstream == model.name + "Event"]
    assert "ResponseCompleted" in renamed and len(renamed) == 38


@pytest.mark.skipif(REFERENCE is None, reason="the upstream reference document is not beside this checkout")
def test_the_spec_differs_from_upstream_only_where_deviations_say_why() -> None:
    result = codegen("diff-upstream", str(REFERENCE), "--spec", str(SPEC))
    assert result.returncode == 0, result.stdout + result.stderr
    listed = load_deviations(SPEC / "upstream" / "deviations.yaml")
    assert result.stdout.endswith(f": {len(listed)} deliberate, 0 unexplained\n"), result.stdout
    assert "no longer differs" not in result.stdout  # every deviation listed is still one


def test_a_package_generated_into_a_clean_folder_imports(tmp_path: Path) -> None:
    """The spec alone, outside the project's configuration, gives the package."""
    out = tmp_path / "generated"
    result = codegen("generate", "--spec", str(SPEC), "--out", str(out))
    assert result.returncode == 0, result.stderr
    package = next(p.name for p in sorted(out.iterdir()) if (p / "__init__.py").is_file())
    assert package == "openai_responses"
    probe = f"""
        import {package} as p
        from {package}.events import ResponseStreamEvent
        client = p.Client(api_key="k")
        print(all(callable(getattr(client, name)) for name in {sorted(OPERATIONS)!r}), callable(client.create_response_stream))
        print(ResponseStreamEvent("response.completed").name, len(ResponseStreamEvent))
    """
    imported = subprocess.run([sys.executable, "-c", textwrap.dedent(probe)], cwd=out, capture_output=True, text=True, timeout=60)
    assert imported.stdout.split() == ["True", "True", "RESPONSE_COMPLETED", "58"], imported.stderr


def test_the_generated_client_talks_to_the_local_server() -> None:
    out, package = RESPONSES, "openai_responses"
    script = f"""
        from responses_server import API_KEY, ResponsesServer
        import {package} as p

        with ResponsesServer() as server:
            client = p.Client(api_key=API_KEY, base_url=server.base_url)
            conversation = client.create_conversation(items=[{{"type": "message", "role": "user", "content": "Plan a day in Lyon."}}])
            added = client.create_conversation_items(conversation.id, items=[{{"type": "message", "role": "assistant", "content": "Start."}}], include=["message.output_text.logprobs"])
            response = client.create_response(model="gpt-4.1", input=[{{"role": "user", "content": "Weather in Lyon?"}}])
            again = client.retrieve_response(response.id, include=["reasoning.encrypted_content"])
            inputs = [type(item).__name__ for item in client.list_input_items(response.id)]
            with client.create_response_stream(model="gpt-4.1", input="Say hi") as stream:
                read = list(stream)
                events, streamed_id, completed = [event.event.value for event in read], read[0].data.response.id, stream.completed
            with client.retrieve_response_stream(streamed_id, starting_after=2) as resumed:
                numbers = [event.data.sequence_number for event in resumed]
            print(type(added.data[0]).__name__, again.id == response.id, again.status, inputs)
            print(events[0], events[-1], client.count_input_tokens(model="gpt-4.1", input="hi").input_tokens)
            print(completed, numbers[0], numbers[-1] == len(events) - 1, client.delete_response(response.id))
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(out), str(ROOT / "tests")]), "PYTHONDONTWRITEBYTECODE": "1"}
    ran = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], cwd=out, env=env, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.split("\n")[:3] == [
        "Message True completed ['InputMessageResource']",
        "response.created response.completed 4",
        "True 3 True None",
    ], ran.stdout
