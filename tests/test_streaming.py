"""Streaming runs over real HTTP: the generated client against tests/runs_server.py.

The server answers a request whose body has `stream: true` with the next scripted
stream (`StreamScript`), written in chunks of the given sizes, optionally pausing between
chunks or dropping the connection after some bytes.
"""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from conftest import FIXTURES, sse_events
from runs_server import API_KEY, Fault, RunsServer, StreamScript, run_object

import openai_runs
from openai_runs import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    AsyncClient,
    AsyncStream,
    BadRequestError,
    Client,
    Stream,
    StreamDecodeError,
    StreamError,
    UnknownEvent,
    events,
    models,
)
from openai_runs.events import RunStreamEvent

TRANSCRIPTS = ("plain", "functions")

# The classes each transcript decodes to, in order (`done` ends the stream, unyielded).
EXPECTED_CLASSES = [
    events.ThreadRunCreatedEvent,
    events.ThreadRunQueuedEvent,
    events.ThreadRunInProgressEvent,
    events.ThreadRunStepCreatedEvent,
    events.ThreadRunStepInProgressEvent,
    events.ThreadMessageCreatedEvent,
    events.ThreadMessageInProgressEvent,
    events.ThreadMessageDeltaEvent,
    events.ThreadMessageDeltaEvent,
    events.ThreadMessageDeltaEvent,
    events.ThreadMessageCompletedEvent,
    events.ThreadRunStepCompletedEvent,
    events.ThreadRunCompletedEvent,
]

ERROR_DATA = {"code": "server_error", "message": "boom", "param": None, "type": "server_error"}


def _seeded_chunkings() -> list[tuple[int, ...]]:
    chunkings: list[tuple[int, ...]] = [(1,), (2, 1, 3), (7,), (4096,)]
    for seed in range(4):
        rng = random.Random(seed)
        chunkings.append(tuple(rng.randint(1, 300) for _ in range(rng.randint(3, 12))))
    return chunkings


CHUNKINGS = _seeded_chunkings()


# -- fixtures and helpers ---------------------------------------------------------------------


def async_client(api: RunsServer) -> AsyncClient:
    return AsyncClient(api_key=API_KEY, base_url=api.base_url)


def transcript(name: str) -> list[tuple[str, str]]:
    """(event, data) pairs of a fixture transcript, `done` included."""
    return sse_events((FIXTURES / f"transcript_{name}.sse").read_text())


def transcript_bytes(name: str) -> bytes:
    return (FIXTURES / f"transcript_{name}.sse").read_bytes()


def encode(pairs: list[tuple[str, str]]) -> bytes:
    return "".join(f"event: {event}\ndata: {data}\n\n" for event, data in pairs).encode()


def script(api: RunsServer, body: bytes, **options: Any) -> None:
    with api.state.lock:
        api.state.streams.append(StreamScript(body, **options))


def offset_after(body: bytes, count: int) -> int:
    """The byte offset just past the blank line that ends event number `count`."""
    offset = 0
    for _ in range(count):
        offset = body.index(b"\n\n", offset) + 2
    return offset


def assert_matches(received: list[Any], pairs: list[tuple[str, str]]) -> None:
    """Typed events equal to the (event, data) pairs: name, class and payload."""
    assert [e.event for e in received] == [RunStreamEvent(name) for name, _ in pairs]
    for event, (name, data) in zip(received, pairs):
        assert event.event is RunStreamEvent(name)
        assert type(event).from_data(json.loads(data)) == event
        assert event.data.to_dict() == json.loads(data), name


def delta_texts(received: list[Any]) -> list[str]:
    texts = []
    for event in received:
        if isinstance(event, events.ThreadMessageDeltaEvent):
            content = event.data.delta.content
            assert isinstance(content, list)
            for part in content:
                assert isinstance(part, models.MessageDeltaContentText)
                assert isinstance(part.text, models.TextContentDelta) and isinstance(part.text.value, str)
                texts.append(part.text.value)
    return texts


def completed_text(received: list[Any]) -> str:
    (message,) = [e.data for e in received if isinstance(e, events.ThreadMessageCompletedEvent)]
    (part,) = message.content
    assert isinstance(part, models.MessageContentText)
    return part.text.value


def streaming_requests(api: RunsServer) -> list[Any]:
    return [r for r in api.state.requests if isinstance(r.body, dict) and r.body.get("stream") is True]


# -- the transcripts --------------------------------------------------------------------------


@pytest.mark.parametrize("name", TRANSCRIPTS)
def test_a_transcript_decodes_to_typed_events(api: RunsServer, client: Client, name: str) -> None:
    script(api, transcript_bytes(name))
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        assert isinstance(stream, Stream)
        assert stream.completed is False
        received = list(stream)
    assert [type(e) for e in received] == EXPECTED_CLASSES
    pairs = transcript(name)
    assert pairs[-1] == ("done", "[DONE]")
    assert_matches(received, pairs[:-1])
    assert stream.completed is True
    assert stream.response.is_closed
    run = received[-1].data
    assert isinstance(run, models.Run) and run.status is models.RunStatus.COMPLETED


def test_the_request_asks_for_a_stream(api: RunsServer, client: Client) -> None:
    script(api, transcript_bytes("plain"))
    with client.create_run_stream("thread_1", assistant_id="asst_1", temperature=0.5) as stream:
        list(stream)
    (sent,) = api.state.requests
    assert (sent.method, sent.raw_path) == ("POST", "/v1/threads/thread_1/runs")
    assert sent.body == {"assistant_id": "asst_1", "temperature": 0.5, "stream": True}
    assert sent.headers["accept"] == "text/event-stream"
    assert sent.headers["content-type"] == "application/json"
    assert stream.response.headers["content-type"] == "text/event-stream"


@pytest.mark.parametrize("chunk_sizes", CHUNKINGS, ids=lambda sizes: "-".join(map(str, sizes[:4])))
@pytest.mark.parametrize("name", TRANSCRIPTS)
def test_any_chunking_gives_the_same_events(api: RunsServer, client: Client, name: str, chunk_sizes: tuple[int, ...]) -> None:
    script(api, transcript_bytes(name))
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        whole = list(stream)
    script(api, transcript_bytes(name), chunk_sizes=chunk_sizes)
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        chunked = list(stream)
    assert chunked == whole
    assert_matches(chunked, transcript(name)[:-1])
    assert stream.completed is True


def test_crlf_line_endings_over_http(api: RunsServer, client: Client) -> None:
    body = transcript_bytes("plain").replace(b"\n", b"\r\n")
    script(api, body, chunk_sizes=(1, 2, 5))
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        received = list(stream)
    assert_matches(received, transcript("plain")[:-1])
    assert stream.completed is True


@pytest.mark.parametrize("name", TRANSCRIPTS)
def test_message_deltas_appear_in_order_in_the_completed_text(api: RunsServer, client: Client, name: str) -> None:
    # The fixture transcripts are abridged: their three deltas ("Hello", " today", "?")
    # do not add up to the completed "Hello! How can I assist you today?". What holds
    # for them is that each delta appears, in order, in the completed text.
    script(api, transcript_bytes(name))
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        received = list(stream)
    text = completed_text(received)
    position = 0
    for piece in delta_texts(received):
        position = text.index(piece, position) + len(piece)


def test_message_deltas_concatenate_to_the_completed_text(api: RunsServer, client: Client) -> None:
    # The plain transcript with its deltas replaced by a complete split of the final text
    # (several content parts per delta, unicode, pieces split mid-word).
    pairs = transcript("plain")
    completed = json.loads(pairs[10][1])
    text = completed["content"][0]["text"]["value"] + " ünïcødé 😀\nand a second line"
    completed["content"][0]["text"]["value"] = text
    rng = random.Random(7)
    cuts = sorted(rng.sample(range(1, len(text)), 12))
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]
    deltas = []
    for i in range(0, len(pieces), 2):
        content = [{"index": 0, "type": "text", "text": {"value": p}} for p in pieces[i : i + 2]]
        deltas.append(("thread.message.delta", json.dumps({"id": "msg_001", "object": "thread.message.delta", "delta": {"content": content}})))
    pairs = pairs[:7] + deltas + [("thread.message.completed", json.dumps(completed))] + pairs[11:]
    script(api, encode(pairs), chunk_sizes=(3, 11))
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        received = list(stream)
    assert "".join(delta_texts(received)) == completed_text(received) == text
    assert stream.completed is True


# -- the other streaming operations -----------------------------------------------------------


def test_create_thread_and_run_stream(api: RunsServer, client: Client) -> None:
    script(api, transcript_bytes("functions"), chunk_sizes=(97,))
    with client.create_thread_and_run_stream(assistant_id="asst_1", thread={"messages": [{"role": "user", "content": "Hi"}]}) as stream:
        received = list(stream)
    assert_matches(received, transcript("functions")[:-1])
    assert stream.completed is True
    (sent,) = api.state.requests
    assert (sent.method, sent.raw_path) == ("POST", "/v1/threads/runs")
    assert sent.body == {"assistant_id": "asst_1", "thread": {"messages": [{"role": "user", "content": "Hi"}]}, "stream": True}
    assert sent.headers["accept"] == "text/event-stream"


def test_submit_tool_outputs_stream(api: RunsServer, client: Client) -> None:
    script(api, transcript_bytes("functions"), chunk_sizes=(1, 50))
    outputs: list[models.ToolOutput | dict[str, Any]] = [{"tool_call_id": "call_1", "output": "42"}, models.ToolOutput(tool_call_id="call_2", output="x")]
    with client.submit_tool_outputs_stream("thread_1", "run_1", tool_outputs=outputs) as stream:
        received = list(stream)
    assert_matches(received, transcript("functions")[:-1])
    assert stream.completed is True
    (sent,) = api.state.requests
    assert (sent.method, sent.raw_path) == ("POST", "/v1/threads/thread_1/runs/run_1/submit_tool_outputs")
    assert sent.body == {"tool_outputs": [{"tool_call_id": "call_1", "output": "42"}, {"tool_call_id": "call_2", "output": "x"}], "stream": True}
    assert sent.headers["accept"] == "text/event-stream"


ASYNC_CALLS: dict[str, tuple[Callable[[AsyncClient], Any], str]] = {
    "create_run_stream": (lambda c: c.create_run_stream("thread_1", assistant_id="asst_1"), "/v1/threads/thread_1/runs"),
    "create_thread_and_run_stream": (lambda c: c.create_thread_and_run_stream(assistant_id="asst_1"), "/v1/threads/runs"),
    "submit_tool_outputs_stream": (
        lambda c: c.submit_tool_outputs_stream("thread_1", "run_1", tool_outputs=[{"tool_call_id": "call_1", "output": "42"}]),
        "/v1/threads/thread_1/runs/run_1/submit_tool_outputs",
    ),
}


@pytest.mark.parametrize("call", ASYNC_CALLS)
def test_async_stream_with_async_with(api: RunsServer, sleeps: list[float], call: str) -> None:
    start, path = ASYNC_CALLS[call]
    script(api, transcript_bytes("plain"), chunk_sizes=(1, 13, 200))

    async def scenario() -> tuple[AsyncStream[Any], list[Any]]:
        async with async_client(api) as client:
            async with start(client) as stream:
                assert isinstance(stream, AsyncStream)
                received = [event async for event in stream]
            return stream, received

    stream, received = asyncio.run(scenario())
    assert [type(e) for e in received] == EXPECTED_CLASSES
    assert_matches(received, transcript("plain")[:-1])
    assert stream.completed is True
    assert stream.response.is_closed
    (sent,) = api.state.requests
    assert (sent.method, sent.raw_path) == ("POST", path)
    assert sent.body["stream"] is True
    assert sent.headers["accept"] == "text/event-stream"


@pytest.mark.parametrize("call", ASYNC_CALLS)
def test_async_stream_with_await(api: RunsServer, sleeps: list[float], call: str) -> None:
    start, path = ASYNC_CALLS[call]
    script(api, transcript_bytes("functions"), chunk_sizes=(5,))

    async def scenario() -> tuple[AsyncStream[Any], list[Any]]:
        async with async_client(api) as client:
            request = start(client)
            assert not api.state.requests  # nothing is sent before it is awaited
            stream = await request
            received = []
            async for event in stream:
                received.append(event)
            return stream, received

    stream, received = asyncio.run(scenario())
    assert_matches(received, transcript("functions")[:-1])
    assert stream.completed is True
    assert stream.response.is_closed  # iterating to the end closes it
    (sent,) = api.state.requests
    assert (sent.raw_path, sent.body["stream"], sent.headers["accept"]) == (path, True, "text/event-stream")


# -- errors inside the stream -----------------------------------------------------------------


def test_an_error_event_raises_after_the_earlier_events(api: RunsServer, client: Client) -> None:
    pairs = transcript("plain")
    body = encode(pairs[:8] + [("error", json.dumps(ERROR_DATA))] + pairs[8:])
    script(api, body, chunk_sizes=(64,))
    received: list[Any] = []
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        with pytest.raises(StreamError) as caught:
            for event in stream:
                received.append(event)
    assert_matches(received, pairs[:8])
    error = caught.value
    assert isinstance(error, APIError)
    assert isinstance(error.error, models.Error)
    assert error.error == models.Error(code="server_error", message="boom", param=None, type="server_error")
    assert (error.message, error.code, error.type, error.param) == ("boom", "server_error", "server_error", None)
    assert str(error) == "boom"
    assert error.request is not None and error.request.url.path == "/v1/threads/thread_123/runs"
    assert stream.completed is False
    assert stream.response.is_closed


def test_an_error_event_in_the_same_chunk_as_earlier_events(api: RunsServer, client: Client) -> None:
    pairs = transcript("plain")
    # all in one chunk: the events before the error are still delivered first
    body = encode(pairs[:3] + [("error", json.dumps({**ERROR_DATA, "param": "model", "extra": 1}))] + pairs[3:])
    script(api, body)
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        iterator = iter(stream)
        received = [next(iterator) for _ in range(3)]
        with pytest.raises(StreamError) as caught:
            next(iterator)
    assert_matches(received, pairs[:3])
    assert caught.value.param == "model"
    assert caught.value.error.unknown_fields == {"extra": 1}


def test_async_errors_unknown_events_and_malformed_json(api: RunsServer, sleeps: list[float]) -> None:
    # the async stream reads events by its own loop: the same rules hold there
    pairs = transcript("plain")
    script(api, encode(pairs[:2] + [("mystery", "raw")] + pairs[2:5] + [("error", json.dumps(ERROR_DATA))] + pairs[5:]), chunk_sizes=(7,))
    script(api, encode(pairs[:6] + [(pairs[6][0], "{oops")] + pairs[7:]), chunk_sizes=(7,))
    outcomes: list[tuple[list[Any], BaseException]] = []

    async def scenario() -> None:
        async with async_client(api) as client:
            for _ in range(2):
                received: list[Any] = []
                async with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
                    with pytest.raises(APIError) as caught:
                        async for event in stream:
                            received.append(event)
                    assert stream.completed is False
                outcomes.append((received, caught.value))

    asyncio.run(scenario())
    (received, error), (received_2, error_2) = outcomes
    assert received[2] == UnknownEvent(event="mystery", data="raw")
    assert_matches(received[:2] + received[3:], pairs[:5])
    assert isinstance(error, StreamError) and error.error == models.Error.from_dict(ERROR_DATA)
    assert (error.message, error.code, error.type, error.param) == ("boom", "server_error", "server_error", None)
    assert_matches(received_2, pairs[:6])
    assert isinstance(error_2, StreamDecodeError) and (error_2.event, error_2.index) == (pairs[6][0], 7)
    assert str(error_2).startswith(f"event #7 ({pairs[6][0]}) of the stream: invalid JSON: ")


def test_a_malformed_error_event_raises_stream_decode_error(api: RunsServer, client: Client) -> None:
    pairs = transcript("plain")
    body = encode(pairs[:2] + [("error", json.dumps({"message": "boom"}))] + pairs[2:])
    script(api, body)
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        with pytest.raises(StreamDecodeError) as caught:
            list(stream)
    assert (caught.value.event, caught.value.index) == ("error", 3)


def test_unknown_events_are_yielded_not_dropped(api: RunsServer, client: Client) -> None:
    pairs = transcript("plain")
    unknown = [
        ("thread.run.step.frobnicated", json.dumps({"id": "step_1", "new": [1, 2]})),
        ("ping", "not json at all"),
        ("thread.future", '"just a string"'),
    ]
    body = encode(pairs[:1] + unknown[:1] + pairs[1:5] + unknown[1:] + pairs[5:])
    script(api, body, chunk_sizes=(9,))
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        received = list(stream)
    assert received[1] == UnknownEvent(event="thread.run.step.frobnicated", data={"id": "step_1", "new": [1, 2]})
    assert received[6] == UnknownEvent(event="ping", data="not json at all")
    assert received[7] == UnknownEvent(event="thread.future", data="just a string")
    known = [e for e in received if not isinstance(e, UnknownEvent)]
    assert_matches(known, pairs[:-1])
    assert len(received) == len(pairs) - 1 + 3
    assert stream.completed is True
    assert openai_runs.UnknownEvent is events.UnknownEvent is UnknownEvent


@pytest.mark.parametrize("position", [1, 8, 13])
def test_malformed_json_raises_stream_decode_error_with_its_position(api: RunsServer, client: Client, position: int) -> None:
    pairs = transcript("plain")
    name = pairs[position - 1][0]
    broken = pairs[: position - 1] + [(name, '{"id": "msg_001", "object":')] + pairs[position:]
    script(api, encode(broken), chunk_sizes=(33,))
    received: list[Any] = []
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        with pytest.raises(StreamDecodeError) as caught:
            for event in stream:
                received.append(event)
    assert_matches(received, pairs[: position - 1])
    error = caught.value
    assert isinstance(error, APIError)
    assert (error.event, error.index) == (name, position)
    assert str(error).startswith(f"event #{position} ({name}) of the stream: invalid JSON: ")
    assert error.message == str(error)
    assert stream.response.is_closed


def test_the_position_counts_unknown_events_too(api: RunsServer, client: Client) -> None:
    pairs = transcript("plain")
    body = encode(pairs[:2] + [("mystery", "{}")] + [(pairs[2][0], "{not json")])
    script(api, body)
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        with pytest.raises(StreamDecodeError) as caught:
            list(stream)
    assert (caught.value.event, caught.value.index) == ("thread.run.in_progress", 4)
    assert str(caught.value).startswith("event #4 (thread.run.in_progress) of the stream: invalid JSON: ")


def test_json_of_the_wrong_shape_raises_stream_decode_error(api: RunsServer, client: Client) -> None:
    pairs = transcript("plain")
    body = encode(pairs[:1] + [("thread.run.queued", json.dumps({"id": 42}))] + pairs[2:])
    script(api, body)
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        with pytest.raises(StreamDecodeError) as caught:
            list(stream)
    assert (caught.value.event, caught.value.index) == ("thread.run.queued", 2)
    assert str(caught.value).startswith("event #2 (thread.run.queued) of the stream: ")


# -- the connection ---------------------------------------------------------------------------


@pytest.mark.parametrize("extra", [0, 1, 40], ids=["at-a-boundary", "one-byte-in", "mid-event"])
def test_a_dropped_connection_raises_after_the_earlier_events(api: RunsServer, client: Client, extra: int) -> None:
    body = transcript_bytes("plain")
    script(api, body, chunk_sizes=(17,), drop_after=offset_after(body, 9) + extra)
    received: list[Any] = []
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        with pytest.raises(APIConnectionError) as caught:
            for event in stream:
                received.append(event)
    assert not isinstance(caught.value, APITimeoutError)
    assert isinstance(caught.value.__cause__, httpx.TransportError)
    assert_matches(received, transcript("plain")[:9])
    assert stream.completed is False
    assert stream.response.is_closed
    assert len(api.state.requests) == 1  # nothing is retried once the stream has started


def test_a_dropped_connection_async(api: RunsServer, sleeps: list[float]) -> None:
    body = transcript_bytes("functions")
    script(api, body, chunk_sizes=(5,), drop_after=offset_after(body, 4) + 10)
    received: list[Any] = []

    async def scenario() -> None:
        async with async_client(api) as client:
            async with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
                with pytest.raises(APIConnectionError):
                    async for event in stream:
                        received.append(event)
                assert stream.completed is False

    asyncio.run(scenario())
    assert_matches(received, transcript("functions")[:4])


def test_a_stream_that_ends_without_done_is_not_completed(api: RunsServer, client: Client) -> None:
    pairs = transcript("plain")
    script(api, encode(pairs[:-1]), chunk_sizes=(100,))
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        received = list(stream)  # no exception: the stream just ends
    assert_matches(received, pairs[:-1])
    assert stream.completed is False
    assert stream.response.is_closed


def test_an_unterminated_last_event_is_discarded(api: RunsServer, client: Client) -> None:
    pairs = transcript("plain")
    body = encode(pairs[:5]) + f"event: {pairs[5][0]}\ndata: {pairs[5][1]}\n".encode()
    script(api, body, chunk_sizes=(64,))
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        received = list(stream)
    assert_matches(received, pairs[:5])
    assert stream.completed is False


def test_nothing_after_done_is_read(api: RunsServer, client: Client) -> None:
    pairs = transcript("plain")
    body = encode(pairs) + encode([("thread.run.created", "{broken")])
    script(api, body)
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        received = list(stream)
    assert len(received) == len(pairs) - 1
    assert stream.completed is True


def test_an_async_stream_that_ends_without_done(api: RunsServer, sleeps: list[float]) -> None:
    pairs = transcript("plain")
    script(api, encode(pairs[:-1]), chunk_sizes=(100,))

    async def scenario() -> tuple[AsyncStream[Any], list[Any]]:
        async with async_client(api) as client:
            stream = await client.create_run_stream("thread_123", assistant_id="asst_123")
            return stream, [event async for event in stream]

    stream, received = asyncio.run(scenario())
    assert_matches(received, pairs[:-1])
    assert stream.completed is False


def test_a_slow_consumer_gets_every_event(api: RunsServer, client: Client) -> None:
    # a stream larger than the socket buffers, read slowly: the server waits on the client
    pairs = transcript("plain")
    delta = pairs[7][1]
    body = encode(pairs[:7] + [("thread.message.delta", delta)] * 3000 + pairs[10:])
    assert len(body) > 400_000
    script(api, body, chunk_sizes=(1000, 17))
    received: list[Any] = []
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        for index, event in enumerate(stream):
            received.append(event)
            if index % 300 == 0:
                time.sleep(0.03)
    assert len(received) == 7 + 3000 + 3
    assert delta_texts(received) == ["Hello"] * 3000
    assert stream.completed is True


def test_a_slow_consumer_of_the_transcript(api: RunsServer, client: Client) -> None:
    script(api, transcript_bytes("functions"), chunk_sizes=(1, 3))
    received: list[Any] = []
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        for event in stream:
            time.sleep(0.01)
            received.append(event)
    assert_matches(received, transcript("functions")[:-1])
    assert stream.completed is True


def test_a_slow_server_streams_events_as_they_come(api: RunsServer, client: Client) -> None:
    body = transcript_bytes("plain")
    script(api, body, chunk_sizes=(450,), pause=0.04)
    arrivals: list[float] = []
    received: list[Any] = []
    start = time.monotonic()
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        for event in stream:
            arrivals.append(time.monotonic() - start)
            received.append(event)
    assert_matches(received, transcript("plain")[:-1])
    assert stream.completed is True
    # 13 chunks 40 ms apart: the first events arrive long before the last ones
    assert arrivals[-1] - arrivals[0] > 0.2


def test_a_slow_server_async(api: RunsServer, sleeps: list[float]) -> None:
    script(api, transcript_bytes("plain"), chunk_sizes=(300,), pause=0.01)

    async def scenario() -> list[Any]:
        async with async_client(api) as client:
            async with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
                received = []
                async for event in stream:
                    received.append(event)
                    await asyncio.sleep(0.005)
                assert stream.completed is True
                return received

    assert_matches(asyncio.run(scenario()), transcript("plain")[:-1])


def test_a_stalled_stream_times_out_after_the_earlier_events(api: RunsServer, client: Client) -> None:
    body = transcript_bytes("plain")
    first = offset_after(body, 3)
    script(api, body, chunk_sizes=(first, len(body)), pause=1.0)
    received: list[Any] = []
    with client.create_run_stream("thread_123", assistant_id="asst_123", timeout=httpx.Timeout(0.25)) as stream:
        with pytest.raises(APITimeoutError):
            for event in stream:
                received.append(event)
    assert_matches(received, transcript("plain")[:3])
    assert stream.completed is False


# -- closing ----------------------------------------------------------------------------------


def test_breaking_out_of_the_loop_closes_the_response(api: RunsServer, client: Client) -> None:
    script(api, transcript_bytes("plain"), chunk_sizes=(50,))
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        for event in stream:
            assert isinstance(event, events.ThreadRunCreatedEvent)
            break
        assert stream.response.is_closed  # already, inside the with block
        assert stream.completed is False
    # the client is still usable afterwards
    script(api, transcript_bytes("plain"))
    with client.create_run_stream("thread_123", assistant_id="asst_123") as again:
        assert len(list(again)) == len(EXPECTED_CLASSES)


def test_leaving_the_with_block_closes_the_response(api: RunsServer, client: Client) -> None:
    script(api, transcript_bytes("plain"), chunk_sizes=(50,))
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        iterator = iter(stream)
        next(iterator)
        assert not stream.response.is_closed
    assert stream.response.is_closed
    script(api, transcript_bytes("plain"))
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        pass  # never iterated
    assert stream.response.is_closed


def test_an_exception_in_the_with_block_closes_the_response(api: RunsServer, client: Client) -> None:
    script(api, transcript_bytes("plain"), chunk_sizes=(50,))
    with pytest.raises(KeyError):
        with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
            for _ in stream:
                raise KeyError("consumer failed")
    assert stream.response.is_closed


def test_async_leaving_the_with_block_or_the_loop_closes_the_response(api: RunsServer, sleeps: list[float]) -> None:
    script(api, transcript_bytes("plain"), chunk_sizes=(50,))
    script(api, transcript_bytes("plain"), chunk_sizes=(50,))

    async def scenario() -> None:
        async with async_client(api) as client:
            async with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
                async for _ in stream:
                    break
                assert stream.completed is False
            assert stream.response.is_closed

            # without `async with`: an abandoned async generator is closed by the event
            # loop's finaliser (PEP 525), soon after the break rather than at once
            stream = await client.create_run_stream("thread_123", assistant_id="asst_123")
            async for _ in stream:
                break
            for _ in range(200):
                if stream.response.is_closed:
                    break
                await asyncio.sleep(0.005)
            assert stream.response.is_closed

    asyncio.run(scenario())


# -- errors before the stream starts ----------------------------------------------------------


def test_an_error_status_before_the_stream_is_retried(api: RunsServer, client: Client, sleeps: list[float]) -> None:
    with api.state.lock:
        api.state.faults.append(Fault(kind="status", status=500))
    script(api, transcript_bytes("plain"), chunk_sizes=(128,))
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        received = list(stream)
    assert_matches(received, transcript("plain")[:-1])
    assert stream.completed is True
    assert len(sleeps) == 1
    sent = streaming_requests(api)
    assert len(sent) == 2 and all(r.headers["accept"] == "text/event-stream" for r in sent)


def test_a_400_before_the_stream_raises_bad_request(api: RunsServer, client: Client, sleeps: list[float]) -> None:
    body = {"error": {"message": "Bad stream.", "type": "invalid_request_error", "param": "stream", "code": None}}
    with api.state.lock:
        api.state.faults.append(Fault(kind="status", status=400, body=body))
    script(api, transcript_bytes("plain"))
    with pytest.raises(BadRequestError) as caught:
        client.create_run_stream("thread_123", assistant_id="asst_123")
    assert caught.value.status_code == 400
    assert caught.value.param == "stream"
    assert "Bad stream." in caught.value.message
    assert sleeps == []
    assert len(api.state.requests) == 1
    assert len(api.state.streams) == 1  # the scripted stream was never used


def test_async_error_status_before_the_stream(api: RunsServer, sleeps: list[float]) -> None:
    with api.state.lock:
        api.state.faults.append(Fault(kind="status", status=503))
        api.state.faults.append(Fault(kind="status", status=500))
    script(api, transcript_bytes("plain"))

    async def scenario() -> list[Any]:
        async with async_client(api) as client:
            async with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
                return [event async for event in stream]

    assert len(asyncio.run(scenario())) == len(EXPECTED_CLASSES)
    assert len(sleeps) == 2

    with api.state.lock:
        api.state.faults.append(Fault(kind="status", status=400))

    async def rejected() -> None:
        async with async_client(api) as client:
            with pytest.raises(BadRequestError):
                await client.create_run_stream("thread_123", assistant_id="asst_123")

    asyncio.run(rejected())


def test_data_done_ends_the_stream_whatever_the_event_name(api: RunsServer, sleeps: list[float]) -> None:
    """Upstream streams end with `data: [DONE]`; under any event name it is the end."""
    body = b'event: thread.run.created\ndata: ' + json.dumps(run_object("t", "r", "a", 1)).encode() + b"\n\ndata: [DONE]\n\nevent: never.read\ndata: {}\n\n"
    api.state.streams.append(StreamScript(body))
    with Client(api_key=API_KEY, base_url=api.base_url) as client:
        with client.create_run_stream("t", assistant_id="a") as stream:
            events = list(stream)
    assert [type(e).__name__ for e in events] == ["ThreadRunCreatedEvent"]
    assert stream.completed
