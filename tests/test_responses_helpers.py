"""The Responses stream helpers over real HTTP (tests/responses_server.py): snapshots kept
from the deltas, the final response, its text, text as it arrives, function-call
arguments per output item, the tool loop that answers function calls with a follow-up
response, the event handler on every streaming method; and `Response.output_text`."""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from responses_calls import WEATHER_TOOL
from responses_objects import Json, decode_sse, encode_sse, output_text_of
from responses_server import API_KEY, ResponsesServer, StreamScript

FOLDER = Path(__file__).resolve().parent / "fixtures" / "responses"


def events_of(name: str) -> list[Json]:
    return [data for _, data in decode_sse((FOLDER / f"{name}.sse").read_bytes())]


@pytest.fixture
def client(openai_responses: ModuleType, responses_api: ResponsesServer) -> Any:
    with openai_responses.Client(api_key=API_KEY, base_url=responses_api.base_url, max_retries=0) as running:
        yield running


def play(server: ResponsesServer, name: str, chunk_sizes: tuple[int, ...] = (7, 1, 64)) -> list[Json]:
    server.state.play(FOLDER / f"{name}.sse")
    server.state.chunk_sizes = chunk_sizes
    return events_of(name)


def test_text_deltas_yield_the_text_as_it_arrives(client: Any, responses_api: ResponsesServer) -> None:
    events = play(responses_api, "text_with_annotations")
    with client.create_response_stream(model="gpt-4.1", input="Go.") as stream:
        pieces = list(stream.text_deltas())
        assert stream.completed
    assert pieces == [e["delta"] for e in events if e["type"] == "response.output_text.delta"]


def test_until_done_and_output_text_give_the_final_response(client: Any, responses_api: ResponsesServer, openai_responses: ModuleType) -> None:
    events = play(responses_api, "text_with_annotations")
    final = events[-1]["response"]
    with client.create_response_stream(model="gpt-4.1", input="Go.") as stream:
        while next(stream).event != "response.output_text.delta":
            pass  # events read one by one: the helpers go on from there
        response = stream.until_done()
        assert stream.output_text() == output_text_of(final) != ""
    assert isinstance(response, openai_responses.models.Response)
    assert response.to_dict() == final
    assert response.output_text == output_text_of(final)


def test_the_snapshot_is_the_response_as_far_as_streamed(client: Any, responses_api: ResponsesServer, openai_responses: ModuleType) -> None:
    events = play(responses_api, "text_with_annotations")
    deltas = [e["delta"] for e in events if e["type"] == "response.output_text.delta"]
    seen = []
    with client.create_response_stream(model="gpt-4.1", input="Go.") as stream:
        assert stream.snapshot is None
        for event in stream:
            if event.event == "response.output_text.delta":
                snapshot = stream.snapshot
                assert snapshot.status == "in_progress"
                seen.append(snapshot.output_text)
    assert seen == ["".join(deltas[: n + 1]) for n in range(len(deltas))]
    assert stream.snapshot.to_dict() == events[-1]["response"]  # the final one replaces it


def test_a_stream_cut_short_is_incomplete_unless_allowed(client: Any, responses_api: ResponsesServer, openai_responses: ModuleType) -> None:
    events = events_of("text_with_annotations")
    cut = next(n for n, e in enumerate(events) if e["type"] == "response.output_text.done")
    body = encode_sse(events[:cut])
    for _ in range(2):
        responses_api.state.streams.append(StreamScript(body, chunk_sizes=(5,), close=True))
    with client.create_response_stream(model="gpt-4.1", input="Go.") as stream:
        with pytest.raises(openai_responses.IncompleteStreamError):
            stream.until_done()
    with client.create_response_stream(model="gpt-4.1", input="Go.") as stream:
        partial = stream.until_done(allow_incomplete=True)
    expected = "".join(e["delta"] for e in events[:cut] if e["type"] == "response.output_text.delta")
    assert partial.status == "in_progress" and partial.output_text == expected


def test_function_call_arguments_accumulate_per_output_item(client: Any, responses_api: ResponsesServer, openai_responses: ModuleType) -> None:
    events = play(responses_api, "reasoning_function_calls")
    seen: dict[int, list[str]] = {}
    with client.create_response_stream(model="o4-mini", input="Go.") as stream:
        for event in stream:
            if event.event == "response.function_call_arguments.delta":
                calls = {call.id: call.arguments for call in stream.function_calls}
                seen.setdefault(event.data.output_index, []).append(calls[event.data.item_id])
        calls = stream.function_calls
    for index, snapshots in seen.items():
        pieces = [e["delta"] for e in events if e["type"] == "response.function_call_arguments.delta" and e["output_index"] == index]
        assert snapshots == ["".join(pieces[: n + 1]) for n in range(len(pieces))]
    final = [item for item in events[-1]["response"]["output"] if item["type"] == "function_call"]
    assert len(seen) == len(final) == 2
    assert [call.to_dict() for call in calls] == final


class Recorder:
    """Every callback of a ResponseStream handler, as (name, what it was given)."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, Any]] = []

    def on_response_created(self, response: Any) -> None:
        self.calls.append(("created", response.id))

    def on_response_completed(self, response: Any) -> None:
        self.calls.append(("completed", response.output_text))

    def on_response_failed(self, response: Any) -> None:
        self.calls.append(("failed", response.status))

    def on_response_incomplete(self, response: Any) -> None:
        self.calls.append(("incomplete", response.status))

    def on_output_item_added(self, item: Any) -> None:
        self.calls.append(("item", item.type))

    def on_output_item_done(self, item: Any) -> None:
        self.calls.append(("item done", item.type))

    def on_text_delta(self, delta: Any, snapshot: str) -> None:
        self.calls.append(("text", (delta.delta, snapshot)))

    def on_text_done(self, text: Any) -> None:
        self.calls.append(("text done", text.text))

    def on_function_call_arguments_delta(self, delta: Any, snapshot: str) -> None:
        self.calls.append(("arguments", (delta.delta, snapshot)))

    def on_function_call_arguments_done(self, arguments: Any) -> None:
        self.calls.append(("arguments done", (arguments.name, arguments.arguments)))

    def on_end(self) -> None:
        self.calls.append(("end", None))


def expected_calls(events: list[Json]) -> list[tuple[str, Any]]:
    """What a Recorder hears of EVENTS, worked out from the JSON."""
    calls: list[tuple[str, Any]] = []
    texts: dict[tuple[int, int], str] = {}
    arguments: dict[int, str] = {}
    for e in events:
        kind = e["type"]
        if kind == "response.created":
            calls.append(("created", e["response"]["id"]))
        elif kind == "response.completed":
            calls.append(("completed", output_text_of(e["response"])))
        elif kind in ("response.failed", "response.incomplete"):
            calls.append((kind.split(".")[1], e["response"]["status"]))
        elif kind == "response.output_item.added":
            calls.append(("item", e["item"]["type"]))
        elif kind == "response.output_item.done":
            calls.append(("item done", e["item"]["type"]))
        elif kind == "response.output_text.delta":
            key = (e["output_index"], e["content_index"])
            texts[key] = texts.get(key, "") + e["delta"]
            calls.append(("text", (e["delta"], texts[key])))
        elif kind == "response.output_text.done":
            calls.append(("text done", e["text"]))
        elif kind == "response.function_call_arguments.delta":
            arguments[e["output_index"]] = arguments.get(e["output_index"], "") + e["delta"]
            calls.append(("arguments", (e["delta"], arguments[e["output_index"]])))
        elif kind == "response.function_call_arguments.done":
            calls.append(("arguments done", (e["name"], e["arguments"])))
    return calls + [("end", None)]


@pytest.mark.parametrize("name", ["text_with_annotations", "reasoning_function_calls", "incomplete_max_tokens", "web_and_file_search"])
def test_a_handler_hears_every_kind_of_event_on_both_streaming_methods(
    name: str, client: Any, responses_api: ResponsesServer, openai_responses: ModuleType
) -> None:
    handler_class = type("Handler", (Recorder, openai_responses.events.ResponseStreamEventHandler), {})
    events = play(responses_api, name)
    created = handler_class()
    with client.create_response_stream(model="gpt-4.1", input="Go.", event_handler=created) as stream:
        response = stream.until_done()
    assert created.calls == expected_calls(events)
    after = 2  # resumed after the response's first events: its deltas build on nothing seen before
    resumed = handler_class()
    with client.retrieve_response_stream(response.id, starting_after=after, event_handler=resumed) as stream:
        assert stream.until_done().to_dict() == events[-1]["response"]
    assert resumed.calls == expected_calls(events[after + 1 :])


def test_response_output_text_joins_the_text_of_every_message(client: Any, responses_api: ResponsesServer, openai_responses: ModuleType) -> None:
    response = client.create_response(model="gpt-4.1", input="Bonjour à tous")
    assert response.output_text == "Echo: Bonjour à tous"
    models = openai_responses.models
    data = response.to_dict()
    message = data["output"][0]
    refusal = {"type": "refusal", "refusal": "No."}
    data["output"] = [message, {**message, "content": [refusal, *message["content"], message["content"][0]]}, {"type": "future_item"}]
    assert models.Response.from_dict(data).output_text == "Echo: Bonjour à tous" * 3
    assert models.Response.from_dict({**data, "output": []}).output_text == ""
    sent = {**data, "output_text": "what a server might add"}  # upstream declares it; the service never sends it
    decoded = models.Response.from_dict(sent)
    assert decoded.output_text == "Echo: Bonjour à tous" * 3 and decoded.to_dict() == sent


def answer(calls: list[Any]) -> list[dict[str, Any]]:
    return [{"type": "function_call_output", "call_id": call.call_id, "output": f"21C in {call.name}"} for call in calls]


def test_the_tool_loop_answers_function_calls_and_goes_on(client: Any, responses_api: ResponsesServer, openai_responses: ModuleType) -> None:
    handler = type("Handler", (Recorder, openai_responses.events.ResponseStreamEventHandler), {})()
    asked: list[list[str]] = []

    def tools(calls: list[Any]) -> list[dict[str, Any]]:
        asked.append([call.arguments for call in calls])
        return answer(calls)

    with client.create_response_stream(
        model="o4-mini", instructions="Use the tools.", tools=[WEATHER_TOOL], input="Weather in Lyon?", event_handler=handler
    ) as stream:
        names = [event.event for event in stream.with_tool_outputs(tools, temperature=0.5)]
        final = stream.until_done()
    assert names.count("response.created") == names.count("response.completed") == 2
    assert asked == [['{"input": "Weather in Lyon?"}']]
    assert final.output_text == "The tool said: 21C in get_weather" == stream.output_text()
    first, follow_up = responses_api.state.requests
    assert follow_up.body == {
        "model": "o4-mini", "instructions": "Use the tools.", "tools": [WEATHER_TOOL], "temperature": 0.5, "stream": True,
        "previous_response_id": responses_api.state.replies[0].body[-1]["response"]["id"],
        "input": [{"type": "function_call_output", "call_id": first_call_id(responses_api), "output": "21C in get_weather"}],
    }  # fmt: skip
    assert [c for c, _ in handler.calls].count("end") == 1 and handler.calls[-1] == ("end", None)
    assert ("completed", final.output_text) in handler.calls


def first_call_id(server: ResponsesServer) -> str:
    output = server.state.replies[0].body[-1]["response"]["output"]
    return next(item["call_id"] for item in output if item["type"] == "function_call")


def test_the_tool_loop_ends_where_no_function_is_called(client: Any, responses_api: ResponsesServer) -> None:
    with client.create_response_stream(model="gpt-4.1", input="Hi") as stream:
        events = list(stream.with_tool_outputs(lambda calls: pytest.fail("no function was called")))
    assert events[-1].event == "response.completed" and len(responses_api.state.requests) == 1


@pytest.mark.parametrize("coroutine", [True, False], ids=["async-handler", "sync-handler"])
def test_the_async_tool_loop(coroutine: bool, responses_api: ResponsesServer, openai_responses: ModuleType) -> None:
    async def answer_later(calls: list[Any]) -> list[dict[str, Any]]:
        await asyncio.sleep(0)
        return answer(calls)

    class Handler(openai_responses.events.AsyncResponseStreamEventHandler):  # type: ignore[name-defined,misc]
        texts: list[str] = []

        async def on_text_delta(self, delta: Any, snapshot: str) -> None:
            self.texts.append(snapshot)

    async def scenario() -> tuple[list[str], str, list[str]]:
        async with openai_responses.AsyncClient(api_key=API_KEY, base_url=responses_api.base_url, max_retries=0) as client:
            handler = Handler()
            async with client.create_response_stream(model="o4-mini", tools=[WEATHER_TOOL], input="Weather?", event_handler=handler) as stream:
                names = [event.event async for event in stream.with_tool_outputs(answer_later if coroutine else answer)]
                return names, await stream.output_text(), handler.texts

    names, text, texts = asyncio.run(scenario())
    assert names.count("response.completed") == 2
    assert text == "The tool said: 21C in get_weather" == texts[-1]
    assert responses_api.state.requests[1].body["previous_response_id"] == responses_api.state.replies[0].body[-1]["response"]["id"]


def test_async_helpers_read_a_transcript(responses_api: ResponsesServer, openai_responses: ModuleType) -> None:
    events = play(responses_api, "text_with_annotations")

    async def scenario() -> tuple[list[str], Any]:
        async with openai_responses.AsyncClient(api_key=API_KEY, base_url=responses_api.base_url, max_retries=0) as client:
            async with client.create_response_stream(model="gpt-4.1", input="Go.") as stream:
                return [piece async for piece in stream.text_deltas()], await stream.until_done()

    pieces, response = asyncio.run(scenario())
    assert pieces == [e["delta"] for e in events if e["type"] == "response.output_text.delta"]
    assert response.to_dict() == events[-1]["response"]
