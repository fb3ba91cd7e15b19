"""Contract tests of the Responses client: every operation, sync and async, against
Stoplight Prism mocking the OpenAPI document exported with the package (openapi.yaml
beside it). Prism answers 422 to a request that breaks the contract, so every call below
that returns a decoded model was accepted as the document describes, and its answer, made
up by Prism from the document, decoded.

Prism cannot bundle a recursive schema (a compound filter holds filters): its bundler
writes a reference it then cannot resolve, and the operation goes unvalidated without a
word. Prism is therefore given the export with each recursive schema written out a few
levels deep where it is used (deeper is "any value"); nothing else changes, and
`test_prism_rejects_what_breaks_the_contract` shows the operations that reach such a
schema are validated. Prism cannot make up an event stream either: a streaming request
is checked, then answered with Prism's own error.
"""

from __future__ import annotations

import asyncio
import copy
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml
from conftest import ROOT
from responses_calls import WEATHER_TOOL

PRISM = ROOT / "node_modules" / ".bin" / "prism"
SCHEMAS = "#/components/schemas/"
DEPTH = 4
"""How deep a recursive schema is written out for Prism (the payloads below nest 3 deep)."""
INCLUDE = ["message.output_text.logprobs", "reasoning.encrypted_content"]
ITEMS = [
    {"type": "message", "role": "user", "content": "Plan a day in Lyon."},
    {"type": "message", "role": "assistant", "content": "Start at Fourvière."},
    {"role": "developer", "content": [{"type": "input_text", "text": "Answer briefly."}]},
]
FILE_SEARCH = {
    "type": "file_search", "vector_store_ids": ["vs_1"], "max_num_results": 5,
    "filters": {"type": "and", "filters": [{"type": "eq", "key": "lang", "value": "fr"},
                                           {"type": "or", "filters": [{"type": "gte", "key": "year", "value": 2020}]}]},
}  # fmt: skip
RICH_CREATE: dict[str, Any] = {
    "model": "o4-mini",
    "instructions": "Use the tools you have.",
    "input": [*ITEMS, {"type": "function_call_output", "call_id": "call_1", "output": '{"celsius": 21}'}],
    "tools": [WEATHER_TOOL, FILE_SEARCH, {"type": "web_search"}],
    "tool_choice": "auto",
    "include": INCLUDE,
    "reasoning": {"effort": "low", "summary": "auto"},
    "metadata": {"run": "contract"},
    "temperature": 0.2,
    "top_p": 0.9,
    "max_output_tokens": 200,
    "parallel_tool_calls": False,
    "text": {"format": {"type": "json_schema", "name": "answer", "schema": {"type": "object"}, "strict": True}, "verbosity": "low"},
    "store": True,
    "truncation": "auto",
}


def references(node: Any) -> set[str]:
    """The component schemas NODE refers to (a discriminator's mapping aside)."""
    if isinstance(node, list):
        return set().union(*(references(item) for item in node)) if node else set()
    if not isinstance(node, dict):
        return set()
    found = {node["$ref"][len(SCHEMAS) :]} if str(node.get("$ref", "")).startswith(SCHEMAS) else set()
    return found.union(*(references(value) for key, value in node.items() if key != "discriminator"))


def recursive_schemas(schemas: dict[str, Any]) -> set[str]:
    """The schemas that reach themselves through references."""
    graph = {name: references(schema) for name, schema in schemas.items()}
    found = set()
    for name in graph:
        seen, todo = set(), list(graph[name])
        while todo:
            step = todo.pop()
            if step == name:
                found.add(name)
                break
            if step not in seen and step in graph:
                seen.add(step)
                todo += graph[step]
    return found


def without_recursion(document: dict[str, Any]) -> dict[str, Any]:
    """DOCUMENT with each recursive schema written out DEPTH times where it is used, and
    "any value" where it would go deeper; every other reference stays as it is."""
    schemas = document["components"]["schemas"]
    original = copy.deepcopy(schemas)
    recursive = recursive_schemas(original)

    def walk(node: Any, inside: tuple[str, ...]) -> Any:
        if isinstance(node, list):
            return [walk(item, inside) for item in node]
        if not isinstance(node, dict):
            return node
        name = str(node.get("$ref", ""))[len(SCHEMAS) :]
        if name in recursive:
            rest = {key: value for key, value in node.items() if key != "$ref"}
            if inside.count(name) >= DEPTH:
                return rest  # the recursion is cut here: any value
            written = walk(copy.deepcopy(original[name]), (*inside, name))
            return {**rest, "allOf": [written]} if rest else written
        # a discriminator's mapping names schemas; Prism does not follow it
        return {key: value if key == "discriminator" else walk(value, inside) for key, value in node.items()}

    for name in schemas:
        schemas[name] = walk(original[name], (name,) if name in recursive else ())
    return document


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def prism(responses_client_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not PRISM.exists():
        pytest.fail("Prism is not installed: run `make test`, which installs it from package.json")
    document = yaml.safe_load((responses_client_path / "openapi.yaml").read_text(encoding="utf-8"))
    mocked = tmp_path_factory.mktemp("prism") / "openapi.yaml"
    mocked.write_text(yaml.safe_dump(without_recursion(document), sort_keys=False), encoding="utf-8")
    port = free_port()
    process = subprocess.Popen([str(PRISM), "mock", str(mocked), "-h", "127.0.0.1", "-p", str(port)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base_url}/conversations/conv_1", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Prism did not start: {process.stdout.read() if process.stdout else ''}") from None
                time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_every_operation_is_accepted_sync(prism: str, openai_responses: ModuleType) -> None:
    models = openai_responses.models
    sent: list[httpx.Request] = []
    http = httpx.Client(event_hooks={"request": [sent.append]})
    with openai_responses.Client(api_key="sk-contract", base_url=prism, http_client=http, max_retries=0) as client:
        assert isinstance(client.create_conversation(items=ITEMS, metadata={"topic": "travel"}), models.ConversationResource)
        assert isinstance(client.retrieve_conversation("conv_1"), models.ConversationResource)
        assert isinstance(client.update_conversation("conv_1", metadata={"topic": "food"}), models.ConversationResource)
        assert isinstance(client.create_conversation_items("conv_1", items=ITEMS, include=INCLUDE), models.ConversationItemList)
        page = client.list_conversation_items("conv_1", limit=2, order="asc", after="msg_0", include=INCLUDE)
        assert isinstance(page, openai_responses.SyncPage) and page.data
        assert client.retrieve_conversation_item("conv_1", "msg_1", include=INCLUDE) is not None
        assert isinstance(client.delete_conversation_item("conv_1", "msg_1"), models.ConversationResource)
        assert isinstance(client.delete_conversation("conv_1"), models.DeletedConversationResource)
        response = client.create_response(**RICH_CREATE)
        assert isinstance(response, models.Response) and isinstance(response.output_text, str)
        assert isinstance(client.create_response(model="gpt-4.1", input="Hi", conversation="conv_1", background=True), models.Response)
        assert isinstance(client.retrieve_response("resp_1", include=INCLUDE), models.Response)
        assert client.delete_response("resp_1") is None
        assert isinstance(client.cancel_response("resp_1"), models.Response)
        items = client.list_input_items("resp_1", limit=2, order="desc", after="msg_0", include=INCLUDE)
        assert isinstance(items, openai_responses.SyncPage) and items.data
        counted = client.count_input_tokens(model="gpt-4.1", instructions="Be brief.", input=ITEMS, tools=[WEATHER_TOOL])
        assert isinstance(counted.input_tokens, int)
        compacted = client.compact_response(model="gpt-4.1", previous_response_id="resp_1", input="Summarise.")
        assert isinstance(compacted, models.CompactResource)
    # Prism does not validate query parameters named with brackets: check them directly
    with_include = [r for r in sent if "include" in str(r.url)]
    assert len(with_include) == 5
    assert all(r.url.params.get_list("include[]") == INCLUDE for r in with_include)


def test_every_operation_is_accepted_async(prism: str, openai_responses: ModuleType) -> None:
    models = openai_responses.models

    async def scenario() -> None:
        async with openai_responses.AsyncClient(api_key="sk-contract", base_url=prism, max_retries=0) as client:
            assert isinstance(await client.create_conversation(items=ITEMS), models.ConversationResource)
            assert isinstance(await client.retrieve_conversation("conv_1"), models.ConversationResource)
            assert isinstance(await client.update_conversation("conv_1", metadata={"a": "b"}), models.ConversationResource)
            assert isinstance(await client.create_conversation_items("conv_1", items=ITEMS[:1]), models.ConversationItemList)
            assert isinstance(await client.list_conversation_items("conv_1", limit=1), openai_responses.AsyncPage)
            assert await client.retrieve_conversation_item("conv_1", "msg_1") is not None
            assert isinstance(await client.delete_conversation_item("conv_1", "msg_1"), models.ConversationResource)
            assert isinstance(await client.delete_conversation("conv_1"), models.DeletedConversationResource)
            assert isinstance(await client.create_response(**RICH_CREATE), models.Response)
            assert isinstance(await client.retrieve_response("resp_1"), models.Response)
            assert await client.delete_response("resp_1") is None
            assert isinstance(await client.cancel_response("resp_1"), models.Response)
            assert isinstance(await client.list_input_items("resp_1", limit=1), openai_responses.AsyncPage)
            assert isinstance((await client.count_input_tokens(model="gpt-4.1", input="Hi")).input_tokens, int)
            assert isinstance(await client.compact_response(model="gpt-4.1", input=ITEMS), models.CompactResource)

    asyncio.run(scenario())


def test_streaming_requests_pass_the_contract(prism: str, openai_responses: ModuleType) -> None:
    """Checked like the others; the answer is Prism's error, as it makes up no event stream."""
    with openai_responses.Client(api_key="sk-contract", base_url=prism, max_retries=0) as client:
        for open_stream in (lambda: client.create_response_stream(**RICH_CREATE), lambda: client.retrieve_response_stream("resp_1", starting_after=3)):
            with pytest.raises(openai_responses.InternalServerError) as raised:
                open_stream()
            assert "NO_COMPLEX_OBJECT_TEXT" in str(raised.value.body)
        with pytest.raises(openai_responses.UnprocessableEntityError):
            client.create_response_stream(model="gpt-4.1", input="Hi", temperature=7)


BREAKING: dict[str, Any] = {
    "temperature-above-maximum": lambda c: c.create_response(**{**RICH_CREATE, "temperature": 7}),
    "nested-filters-not-a-list": lambda c: c.create_response(model="gpt-4.1", tools=[{**FILE_SEARCH, "filters": {"type": "and", "filters": "none"}}]),
    "tools-not-a-list": lambda c: c.count_input_tokens(model="gpt-4.1", input="Hi", extra_body={"tools": {"type": "function"}}),
    "tool-choice-unknown": lambda c: c.count_input_tokens(model="gpt-4.1", input="Hi", tool_choice="sometimes"),
    "compact-input-not-items": lambda c: c.compact_response(model="gpt-4.1", extra_body={"input": 42}),
    "message-without-content": lambda c: c.create_conversation_items("conv_1", items=[{"type": "message", "role": "user"}]),
    "metadata-value-not-a-string": lambda c: c.update_conversation("conv_1", metadata={"k": 1}),
}


@pytest.mark.parametrize("breaking", BREAKING.values(), ids=BREAKING.keys())
def test_prism_rejects_what_breaks_the_contract(prism: str, openai_responses: ModuleType, breaking: Any) -> None:
    """The check has teeth, on operations whose schemas were recursive too."""
    with openai_responses.Client(api_key="sk-contract", base_url=prism, max_retries=0) as client:
        with pytest.raises(openai_responses.UnprocessableEntityError):
            breaking(client)


def test_only_recursion_is_written_out() -> None:
    document = {"components": {"schemas": {
        "Filter": {"anyOf": [{"$ref": SCHEMAS + "Leaf"}, {"$ref": SCHEMAS + "Compound"}]},
        "Compound": {"type": "object", "properties": {"filters": {"type": "array", "items": {"$ref": SCHEMAS + "Filter"}}}},
        "Leaf": {"type": "object", "properties": {"key": {"type": "string"}}},
        "Uses": {"type": "object", "properties": {"a": {"$ref": SCHEMAS + "Leaf"}, "b": {"$ref": SCHEMAS + "Filter", "description": "B."}}},
    }}}  # fmt: skip
    schemas = without_recursion(copy.deepcopy(document))["components"]["schemas"]
    assert schemas["Leaf"] == document["components"]["schemas"]["Leaf"]
    assert schemas["Uses"]["properties"]["a"] == {"$ref": SCHEMAS + "Leaf"}
    assert schemas["Uses"]["properties"]["b"]["description"] == "B."
    node, depth = schemas["Filter"], 0
    while "anyOf" in node:  # Filter, then Compound's filters' items, again and again
        assert node["anyOf"][0] == {"$ref": SCHEMAS + "Leaf"}
        node, depth = node["anyOf"][1]["properties"]["filters"]["items"], depth + 1
    assert node == {} and depth == DEPTH
