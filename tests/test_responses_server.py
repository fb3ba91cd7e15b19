"""tests/responses_server.py itself: the wire form of its streams, its errors, pagination,
background responses, the tool loop its model plays, and the faults and scripts it takes
from tests as tests/runs_server.py does. Requests go over real HTTP, from the official SDK
or, where the exact bytes matter, from httpx or a socket."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import httpx
import openai
import pytest
import responses_reference as reference
from responses_objects import decode_sse, encode_sse
from responses_server import API_KEY, INCLUDABLE, Fault, ResponsesServer, StreamScript
from responses_transcripts import FOLDER

AUTH = {"Authorization": f"Bearer {API_KEY}"}


@pytest.fixture
def sdk(responses_api: ResponsesServer) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(api_key=API_KEY, base_url=responses_api.base_url, max_retries=0) as client:
        yield client


@pytest.fixture
def http(responses_api: ResponsesServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=responses_api.base_url, headers=AUTH) as client:
        yield client


@pytest.mark.skipif(reference.reference_path() is None, reason="the reference is not beside this checkout")
def test_the_server_knows_the_include_values_of_the_reference() -> None:
    assert set(INCLUDABLE) == set(reference.document()["components"]["schemas"]["IncludeEnum"]["enum"])


def test_a_stream_is_sent_as_upstream_sends_it_and_ends_by_closing(responses_api: ResponsesServer) -> None:
    transcript = FOLDER / "refusal_in_background.sse"
    responses_api.state.play(transcript)
    host, port = responses_api.server_address[:2]
    body = b'{"model":"gpt-4.1","input":"Go.","stream":true}'
    with socket.create_connection((str(host), port), timeout=10) as connection:
        connection.sendall(
            b"POST /v1/responses HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer %s\r\n"
            b"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n%s" % (API_KEY.encode(), len(body), body)
        )
        received = b""
        while chunk := connection.recv(65536):  # ends only when the server closes
            received += chunk
    head, _, chunked = received.partition(b"\r\n\r\n")
    assert b"Content-Type: text/event-stream" in head and b"Connection: close" in head
    assert dechunk(chunked) == transcript.read_bytes()  # event: and data: lines; no [DONE]


def dechunk(data: bytes) -> bytes:
    out = b""
    while True:
        size_line, _, data = data.partition(b"\r\n")
        size = int(size_line, 16)
        if size == 0:
            return out
        out, data = out + data[:size], data[size + 2 :]


def test_a_created_stream_ends_with_the_response_a_retrieve_then_gives(sdk: openai.OpenAI) -> None:
    with sdk.responses.create(model="gpt-4.1", input="Say hello", stream=True) as stream:
        events = list(stream)
    assert [e.type for e in events[:2]] == ["response.created", "response.in_progress"]
    assert "".join(e.delta for e in events if e.type == "response.output_text.delta") == "Echo: Say hello"
    final = events[-1]
    assert final.type == "response.completed"
    assert sdk.responses.retrieve(final.response.id).to_dict() == final.response.to_dict()


def test_a_played_transcript_is_stored_like_any_response(sdk: openai.OpenAI, responses_api: ResponsesServer) -> None:
    transcript = FOLDER / "reasoning_function_calls.sse"
    responses_api.state.play(transcript)
    with sdk.responses.create(model="o4-mini", input="Weather in Paris and Tokyo?", stream=True) as stream:
        final = list(stream)[-1].response
    assert final.to_dict() == decode_sse(transcript.read_bytes())[-1][1]["response"]
    assert sdk.responses.retrieve(final.id).to_dict() == final.to_dict()
    assert [item.content[0].text for item in sdk.responses.input_items.list(final.id)] == ["Weather in Paris and Tokyo?"]
    encrypted = sdk.responses.retrieve(final.id, include=["reasoning.encrypted_content"]).output[0]
    assert encrypted.type == "reasoning" and encrypted.encrypted_content


def test_resuming_after_the_last_event_sends_nothing_and_closes(sdk: openai.OpenAI, responses_api: ResponsesServer) -> None:
    with sdk.responses.create(model="gpt-4.1", input="Hi", stream=True) as stream:
        last = list(stream)[-1]
    with sdk.responses.retrieve(last.response.id, stream=True, starting_after=last.sequence_number) as resumed:
        assert list(resumed) == []


def test_a_response_made_without_a_stream_cannot_be_resumed(sdk: openai.OpenAI) -> None:
    response = sdk.responses.create(model="gpt-4.1", input="Hi")
    with pytest.raises(openai.BadRequestError, match="not created with stream"):
        sdk.responses.retrieve(response.id, stream=True, starting_after=0)


def test_the_model_calls_a_function_then_answers_with_its_output(sdk: openai.OpenAI) -> None:
    tool: Any = {"type": "function", "name": "lookup", "parameters": {"type": "object", "properties": {}}, "strict": False}
    asked = sdk.responses.create(model="gpt-4.1", input="Find the fox", tools=[tool])
    (call,) = asked.output
    assert call.type == "function_call" and call.name == "lookup" and call.arguments == '{"input": "Find the fox"}'
    answer = [{"type": "function_call_output", "call_id": call.call_id, "output": "in the den"}]
    answered = sdk.responses.create(model="gpt-4.1", previous_response_id=asked.id, input=answer, tools=[tool])
    assert answered.output_text == "The tool said: in the den"
    assert answered.previous_response_id == asked.id


def test_a_response_in_a_conversation_adds_its_input_and_output(sdk: openai.OpenAI) -> None:
    conversation = sdk.conversations.create(items=[{"type": "message", "role": "user", "content": "First."}])
    response = sdk.responses.create(model="gpt-4.1", input="Second.", conversation=conversation.id)
    assert response.conversation is not None and response.conversation.id == conversation.id
    items = list(sdk.conversations.items.list(conversation.id, order="asc"))
    assert [item.role for item in items] == ["user", "user", "assistant"]
    assert items[-1].id == response.output[0].id


def test_input_items_page_by_after_before_limit_and_order(sdk: openai.OpenAI, http: httpx.Client) -> None:
    response = sdk.responses.create(model="gpt-4.1", input=[{"role": "user", "content": str(n)} for n in range(5)])
    oldest_first = [item.id for item in sdk.responses.input_items.list(response.id, order="asc")]

    def ids(**query: Any) -> tuple[list[str], bool]:
        page = http.get(f"/responses/{response.id}/input_items", params=query).json()
        return [item["id"] for item in page["data"]], page["has_more"]

    assert ids() == (oldest_first[::-1], False)  # newest first unless asked
    assert ids(order="asc", limit=2) == (oldest_first[:2], True)
    assert ids(order="asc", after=oldest_first[1], limit=2) == (oldest_first[2:4], True)
    assert ids(order="asc", before=oldest_first[4], limit=2) == (oldest_first[2:4], True)
    assert ids(order="desc", before=oldest_first[0]) == (oldest_first[1:][::-1], False)
    empty = http.get(f"/responses/{response.id}/input_items", params={"order": "asc", "after": oldest_first[-1]}).json()
    assert (empty["data"], empty["first_id"], empty["last_id"]) == ([], None, None)  # no id to name
    for bad in ({"limit": 0}, {"limit": 101}, {"order": "sideways"}, {"after": "msg_unknown"}):
        assert http.get(f"/responses/{response.id}/input_items", params=bad).status_code == 400


def test_include_must_be_spelled_with_brackets_and_be_known(sdk: openai.OpenAI, http: httpx.Client) -> None:
    response = sdk.responses.create(model="gpt-4.1", input="Hi")
    refused = http.get(f"/responses/{response.id}", params={"include": "reasoning.encrypted_content"})
    assert refused.status_code == 400 and "include[]" in refused.json()["error"]["message"]
    with pytest.raises(openai.BadRequestError) as caught:
        sdk.responses.retrieve(response.id, include=["reasoning.everything"])
    assert caught.value.param == "include"


def test_a_background_response_progresses_and_can_be_cancelled(sdk: openai.OpenAI) -> None:
    statuses = []
    running = sdk.responses.create(model="o3-pro", input="Long essay.", background=True)
    for _ in range(3):
        statuses.append(sdk.responses.retrieve(running.id).status)
    assert [running.status, *statuses] == ["queued", "in_progress", "completed", "completed"]
    assert sdk.responses.retrieve(running.id).output_text == "Echo: Long essay."
    cancelled = sdk.responses.create(model="o3-pro", input="Another.", background=True)
    assert sdk.responses.cancel(cancelled.id).status == "cancelled"
    assert sdk.responses.cancel(cancelled.id).status == "cancelled"  # again: no change
    with pytest.raises(openai.BadRequestError, match="background"):
        sdk.responses.cancel(sdk.responses.create(model="gpt-4.1", input="Hi").id)
    with pytest.raises(openai.BadRequestError, match="completed"):
        sdk.responses.cancel(running.id)


def test_deleted_things_are_gone(sdk: openai.OpenAI) -> None:
    response = sdk.responses.create(model="gpt-4.1", input="Hi")
    assert sdk.responses.delete(response.id) is None
    conversation = sdk.conversations.create(items=[{"type": "message", "role": "user", "content": "One."}])
    (item,) = sdk.conversations.items.list(conversation.id).data
    assert sdk.conversations.items.delete(item.id, conversation_id=conversation.id).id == conversation.id
    assert sdk.conversations.delete(conversation.id).deleted
    for gone in (
        lambda: sdk.responses.retrieve(response.id),
        lambda: sdk.responses.delete(response.id),
        lambda: sdk.conversations.retrieve(conversation.id),
        lambda: sdk.conversations.items.retrieve(item.id, conversation_id=conversation.id),
    ):
        with pytest.raises(openai.NotFoundError):
            gone()


def test_requests_are_refused_without_the_key_and_bodies_must_be_json(responses_api: ResponsesServer, http: httpx.Client) -> None:
    with openai.OpenAI(api_key="sk-wrong", base_url=responses_api.base_url, max_retries=0) as wrong:
        with pytest.raises(openai.AuthenticationError):
            wrong.conversations.create()
    assert http.post("/conversations", content=b"{}", headers={"Content-Type": "text/plain"}).status_code == 400
    assert http.post("/conversations", json=[1]).status_code == 400
    assert http.post("/conversations/conv_x/items", json={"items": []}).status_code == 404
    assert len(responses_api.state.requests) == 4  # recorded as received, refused or not


def test_faults_and_exact_streams_are_taken_in_place_of_an_answer(sdk: openai.OpenAI, responses_api: ResponsesServer) -> None:
    responses_api.state.faults.append(Fault("status", status=503))
    with pytest.raises(openai.InternalServerError):
        sdk.conversations.create()
    exact = encode_sse([{"type": "error", "sequence_number": 0, "code": "server_error", "message": "boom", "param": None}])
    responses_api.state.streams.append(StreamScript(exact, chunk_sizes=(3,)))
    with sdk.responses.create(model="gpt-4.1", input="Hi", stream=True) as stream:
        (event,) = list(stream)
    assert (event.type, event.message) == ("error", "boom")
    assert [r.status for r in responses_api.state.replies] == [200]  # the fault answered the first; the script the second
