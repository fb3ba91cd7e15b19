"""The Responses test infrastructure held to its facts, before any client of ours exists:

(a) every event of every transcript in tests/fixtures/responses validates against its schema
    in the upstream reference document, and the transcripts use every event of the
    ResponseStreamEvent union (the set read from the reference);
(b) the official SDK reads each transcript over real HTTP from tests/responses_server.py,
    created and resumed, into the event classes its union declares;
(c) the server answers the SDK's calls of the battery in tests/responses_calls.py, which
    covers every operation, with replies that validate and that the SDK reads whole.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openai
import pytest
import responses_reference as reference
from openai.types.responses import ResponseStreamEvent
from pydantic import BaseModel
from responses_calls import CALLS, Exchange, perform_with_sdk, run_battery
from responses_objects import Json, decode_sse, encode_sse
from responses_server import API_KEY, ResponsesServer
from responses_transcripts import FOLDER, TRANSCRIPTS, write_all

TRANSCRIPT_FILES = sorted(FOLDER.glob("*.sse"))
TERMINAL = {"response.completed", "response.failed", "response.incomplete"}
needs_reference = pytest.mark.skipif(reference.reference_path() is None, reason=f"{reference.NAME} is not beside this checkout")

# The SDK's event classes by the `type` each declares: what its union makes of an event.
SDK_EVENTS: dict[str, type[BaseModel]] = {
    cls.model_fields["type"].annotation.__args__[0]: cls
    for cls in typing.get_args(typing.get_args(ResponseStreamEvent)[0])
}


def events_of(path: Path) -> list[Json]:
    return [data for _, data in decode_sse(path.read_bytes())]


def transcript_ids(path: Path) -> str:
    return path.stem


@pytest.fixture
def sdk(responses_api: ResponsesServer) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(api_key=API_KEY, base_url=responses_api.base_url, max_retries=0) as client:
        yield client


# -- (a) the transcripts against the reference ----------------------------------------


def test_the_fixtures_are_what_the_generator_writes(tmp_path: Path) -> None:
    written = write_all(TRANSCRIPTS, tmp_path)
    assert sorted(p.name for p in written) == [p.name for p in TRANSCRIPT_FILES]
    for path in written:
        assert path.read_bytes() == (FOLDER / path.name).read_bytes(), f"run python tests/responses_transcripts.py ({path.name})"


@pytest.mark.parametrize("path", TRANSCRIPT_FILES, ids=transcript_ids)
def test_a_transcript_is_a_well_formed_stream(path: Path) -> None:
    body = path.read_bytes()
    pairs = decode_sse(body)
    assert encode_sse([data for _, data in pairs]) == body  # one form: the server re-encodes it byte for byte
    assert all(name == data["type"] for name, data in pairs)  # `event:` names the data's type
    assert [data["sequence_number"] for _, data in pairs] == list(range(len(pairs)))
    assert [name in TERMINAL for name, _ in pairs].count(True) == 1 and pairs[-1][0] in TERMINAL
    assert b"[DONE]" not in body
    first, last = pairs[0][1]["response"], pairs[-1][1]["response"]
    assert first["id"] == last["id"] and first["output"] == []
    done = {data["output_index"]: data["item"] for name, data in pairs if name == "response.output_item.done"}
    assert last["output"] == [done[index] for index in sorted(done)] and sorted(done) == list(range(len(done)))


@needs_reference
@pytest.mark.parametrize("path", TRANSCRIPT_FILES, ids=transcript_ids)
def test_every_event_validates_against_its_schema_in_the_reference(path: Path) -> None:
    schemas = reference.event_schemas()
    problems = [p for data in events_of(path) for p in reference.problems(schemas[data["type"]], data)]
    assert problems == []


@needs_reference
def test_the_transcripts_use_every_event_of_the_union() -> None:
    union = set(reference.event_schemas())
    used = {data["type"] for path in TRANSCRIPT_FILES for data in events_of(path)}
    assert len(union) >= 58
    assert union - used == set(), "events of ResponseStreamEvent no transcript uses"
    assert used - union == set(), "events the reference does not declare"


@needs_reference
def test_the_validator_refuses_what_the_reference_does() -> None:
    """The checks above could pass by checking nothing; they do not."""
    text_delta = next(d for d in events_of(FOLDER / "text_with_annotations.sse") if d["type"] == "response.output_text.delta")
    assert reference.problems("ResponseTextDeltaEvent", text_delta) == []
    assert reference.problems("ResponseTextDeltaEvent", {**text_delta, "delta": 3}) != []
    assert reference.problems("ResponseTextDeltaEvent", {k: v for k, v in text_delta.items() if k != "logprobs"}) != []
    completed = events_of(FOLDER / "text_with_annotations.sse")[-1]
    broken = {**completed, "response": {**completed["response"], "output": [{"type": "message", "id": "m", "role": "assistant"}]}}
    assert any("content" in p for p in reference.problems("ResponseCompletedEvent", broken))


# -- (b) the official SDK reads the transcripts over HTTP -----------------------------


def assert_read_as_the_sdk_declares(events: list[Any], expected: list[Json]) -> None:
    assert [event.type for event in events] == [data["type"] for data in expected]
    for event, data in zip(events, expected):
        assert type(event) is SDK_EVENTS[data["type"]]
        SDK_EVENTS[data["type"]].model_validate(data)  # strictly, not only as the stream builds it
        assert event.to_dict() == data  # nothing lost or changed, unknown fields included


@pytest.mark.parametrize("chunk_sizes", [(65536,), (1, 2, 3, 5, 8, 13)], ids=["whole", "small-chunks"])
@pytest.mark.parametrize("path", TRANSCRIPT_FILES, ids=transcript_ids)
def test_the_sdk_reads_a_created_stream(path: Path, chunk_sizes: tuple[int, ...], sdk: openai.OpenAI, responses_api: ResponsesServer) -> None:
    responses_api.state.play(path)
    responses_api.state.chunk_sizes = chunk_sizes
    with sdk.responses.create(model="gpt-4.1", input="Go.", stream=True) as stream:
        events = list(stream)
    assert_read_as_the_sdk_declares(events, events_of(path))
    (request,) = responses_api.state.requests
    assert (request.method, request.raw_path, request.body["stream"]) == ("POST", "/v1/responses", True)


@pytest.mark.parametrize("path", TRANSCRIPT_FILES, ids=transcript_ids)
def test_the_sdk_resumes_a_stream_after_a_sequence_number(path: Path, sdk: openai.OpenAI, responses_api: ResponsesServer) -> None:
    expected = events_of(path)
    responses_api.state.play(path)
    with sdk.responses.create(model="gpt-4.1", input="Go.", stream=True) as stream:
        response_id = [event for event in stream][-1].response.id
    middle = len(expected) // 2
    with sdk.responses.retrieve(response_id, stream=True, starting_after=middle) as resumed:
        assert_read_as_the_sdk_declares(list(resumed), expected[middle + 1 :])
    request = responses_api.state.requests[-1]
    assert request.segments == ("responses", response_id)
    assert sorted(request.query) == [("starting_after", str(middle)), ("stream", "true")]


# -- (c) every operation answers the SDK's battery ------------------------------------


@pytest.fixture(scope="module")
def battery(responses_server: ResponsesServer) -> list[Exchange]:
    """The battery played by the SDK; its requests and replies, kept for the tests below."""
    with openai.OpenAI(api_key=API_KEY, base_url=responses_server.base_url, max_retries=0) as client:
        return run_battery(responses_server, perform_with_sdk(client))


def test_the_battery_covers_every_operation_the_server_answers(battery: list[Exchange]) -> None:
    answered = {reply.operation for exchange in battery for reply in exchange.replies}
    assert len(answered) == 15
    assert {call.operation for call in CALLS} == answered
    for exchange in battery:
        assert [reply.operation for reply in exchange.replies] == [exchange.call.operation] * len(exchange.requests)
        assert [reply.status for reply in exchange.replies] == [200] * len(exchange.requests), exchange.replies[-1].body


@needs_reference
def test_the_battery_covers_every_operation_of_the_reference(battery: list[Exchange]) -> None:
    operations = reference.operations()
    assert {call.operation for call in CALLS} == set(operations)
    for exchange in battery:
        operation = operations[exchange.call.operation]
        template = operation.path.strip("/").split("/")
        for request in exchange.requests:
            assert request.method == operation.method
            assert len(request.segments) == len(template), request.raw_path
            assert all(part.startswith("{") or part == sent for part, sent in zip(template, request.segments))


@needs_reference
def test_every_reply_of_the_battery_validates_against_the_reference(battery: list[Exchange]) -> None:
    operations, events = reference.operations(), reference.event_schemas()
    problems = []
    for exchange in battery:
        for reply in exchange.replies:
            schema = operations[reply.operation].reply_schema
            if isinstance(reply.body, list):  # a stream
                problems += [p for event in reply.body for p in reference.problems(events[event["type"]], event)]
            elif schema is None:
                assert reply.body is None  # deleting a response answers 200 with no content
            else:
                problems += reference.problems(schema, reply.body)
    assert problems == []


def replied_items(exchange: Exchange) -> list[Json]:
    return [item for reply in exchange.replies for item in reply.body["data"]]


# The SDK types a compaction's output as output items; the user messages it keeps hold
# input_text parts, which round-trip but make pydantic warn when they are dumped.
@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings:UserWarning")
def test_the_sdk_reads_every_reply_whole(battery: list[Exchange]) -> None:
    for exchange in battery:
        result, body = exchange.result, exchange.replies[0].body
        if exchange.call.stream:
            assert [event.to_dict() for event in result] == body
        elif exchange.call.all_pages:
            assert [item.to_dict() for item in result] == replied_items(exchange)
        elif body is None:
            assert result is None
        elif "data" in body and hasattr(result, "data"):
            assert [item.to_dict() for item in result.data] == body["data"]
        else:
            assert result.to_dict() == body, exchange.call


def test_pages_are_followed_by_the_cursor_of_the_last_item(battery: list[Exchange]) -> None:
    paged = [exchange for exchange in battery if exchange.call.all_pages]
    assert {exchange.call.operation for exchange in paged} == {"listInputItems", "listConversationItems"}
    for exchange in paged:
        assert len(exchange.requests) >= 2
        for request, previous in zip(exchange.requests[1:], exchange.replies):
            assert dict(request.query)["after"] == previous.body["last_id"]
        assert [reply.body["has_more"] for reply in exchange.replies] == [True] * (len(exchange.replies) - 1) + [False]


def test_include_is_sent_as_include_brackets_and_bodies_as_json(battery: list[Exchange]) -> None:
    for exchange in battery:
        include = exchange.call.kwargs.get("include")
        for request in exchange.requests:
            assert request.headers["authorization"] == f"Bearer {API_KEY}"
            assert "openai-beta" not in request.headers
            if request.body is not None:
                assert request.headers["content-type"] == "application/json"
            if include and exchange.call.operation != "createResponse":
                assert [value for name, value in request.query if name == "include[]"] == include
                assert "include" not in dict(request.query)
            elif include:
                assert request.body["include"] == include


def test_every_call_names_a_method_of_the_sdk() -> None:
    client = openai.OpenAI(api_key=API_KEY, base_url="http://127.0.0.1:9/v1")  # never called
    for call in CALLS:
        target: Any = client
        for name in call.sdk.split("."):
            target = getattr(target, name)
        assert callable(target), call.sdk
        assert call.method.replace("_", "").isalpha() and call.method.islower()
