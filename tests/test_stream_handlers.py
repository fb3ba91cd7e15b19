"""Event handlers on every streaming method, and raw responses of streams (issue 11
items 21 and 24), over real HTTP against the local server, sync and async."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from runs_server import API_KEY, RunsServer
from runs_simulation import ARGUMENTS, GREETING
from test_stream_snapshots import ERROR, answer, cut, plain, script, tool_run

from openai_runs import AsyncClient, Client, RawResponse, StreamError, models
from openai_runs.events import AsyncRunStreamEventHandler, RunStreamEventHandler, RunStreamEventUnion

REPLY = "The tools said: 12 C"


def text(value: object) -> str:
    return value if isinstance(value, str) else ""


class Recorder(RunStreamEventHandler):
    """Writes down every callback with what identifies its arguments."""

    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []

    def on_event(self, event: RunStreamEventUnion) -> None:
        self.calls.append(("event", str(event.event)))

    def on_message_created(self, message: models.Message) -> None:
        self.calls.append(("message_created", message.id))

    def on_message_delta(self, delta: models.MessageDelta, snapshot: models.Message | None) -> None:
        assert snapshot is not None and delta.id == snapshot.id
        part = snapshot.content[0]
        assert isinstance(part, models.MessageContentText)
        self.calls.append(("message_delta", part.text.value))

    def on_message_done(self, message: models.Message) -> None:
        self.calls.append(("message_done", message.id))

    def on_text_created(self, text: models.TextContent) -> None:
        self.calls.append(("text_created", text.value))

    def on_text_delta(self, delta: models.TextContentDelta, snapshot: models.TextContent) -> None:
        self.calls.append(("text_delta", delta.value, snapshot.value))

    def on_text_done(self, text: models.TextContent) -> None:
        self.calls.append(("text_done", text.value))

    def on_run_step_created(self, run_step: models.RunStep) -> None:
        self.calls.append(("step_created", str(run_step.type)))

    def on_run_step_delta(self, delta: models.RunStepDelta, snapshot: models.RunStep | None) -> None:
        self.calls.append(("step_delta", snapshot is not None and snapshot.id == delta.id))

    def on_run_step_done(self, run_step: models.RunStep) -> None:
        self.calls.append(("step_done", str(run_step.type)))

    def on_tool_call_created(self, tool_call: models.RunStepDeltaToolCall) -> None:
        assert isinstance(tool_call, models.RunStepDeltaStepDetailsToolCallsFunction) and tool_call.function
        self.calls.append(("tool_created", tool_call.function.name))

    def on_tool_call_delta(self, delta: models.RunStepDeltaToolCall, snapshot: models.RunStepToolCall | None) -> None:
        assert isinstance(snapshot, models.RunStepDetailsToolCallsFunction)
        self.calls.append(("tool_delta", snapshot.function.arguments))

    def on_tool_call_done(self, tool_call: models.RunStepToolCall) -> None:
        assert isinstance(tool_call, models.RunStepDetailsToolCallsFunction)
        self.calls.append(("tool_done", tool_call.function.name, tool_call.function.arguments))

    def on_exception(self, exception: Exception) -> None:
        self.calls.append(("exception", type(exception).__name__))

    def on_end(self) -> None:
        self.calls.append(("end",))


class AsyncRecorder(AsyncRunStreamEventHandler):
    """`Recorder`'s callbacks as coroutines, writing to the same list."""

    def __init__(self) -> None:
        self.sync = Recorder()
        self.calls = self.sync.calls

    async def on_event(self, event: RunStreamEventUnion) -> None:
        self.sync.on_event(event)

    async def on_message_delta(self, delta: models.MessageDelta, snapshot: models.Message | None) -> None:
        self.sync.on_message_delta(delta, snapshot)

    async def on_text_created(self, text: models.TextContent) -> None:
        self.sync.on_text_created(text)

    async def on_text_delta(self, delta: models.TextContentDelta, snapshot: models.TextContent) -> None:
        self.sync.on_text_delta(delta, snapshot)

    async def on_text_done(self, text: models.TextContent) -> None:
        self.sync.on_text_done(text)

    async def on_tool_call_delta(self, delta: models.RunStepDeltaToolCall, snapshot: models.RunStepToolCall | None) -> None:
        self.sync.on_tool_call_delta(delta, snapshot)

    async def on_tool_call_done(self, tool_call: models.RunStepToolCall) -> None:
        self.sync.on_tool_call_done(tool_call)

    async def on_exception(self, exception: Exception) -> None:
        self.sync.on_exception(exception)

    async def on_end(self) -> None:
        self.sync.on_end()


def kinds(calls: list[tuple[Any, ...]], *names: str) -> list[tuple[Any, ...]]:
    return [call for call in calls if call[0] in names]


def check_tool_run(calls: list[tuple[Any, ...]], events: int) -> None:
    """What a recorder saw over a run that called get_weather and then answered."""
    assert len(kinds(calls, "event")) == events and calls[-1] == ("end",) and kinds(calls, "end") == [("end",)]
    assert [c[1] for c in kinds(calls, "tool_delta")] == ["", '{"cit', '{"city": "', '{"city": "Oslo"', ARGUMENTS]
    assert kinds(calls, "tool_done") == [("tool_done", "get_weather", ARGUMENTS)]  # once, when the run required action
    assert kinds(calls, "text_created") == [("text_created", "The ")]
    deltas = kinds(calls, "text_delta")
    assert "".join(text(c[1]) for c in deltas) == REPLY and deltas[-1][2] == REPLY
    assert kinds(calls, "message_delta")[-1] == ("message_delta", REPLY)
    assert kinds(calls, "text_done") == [("text_done", REPLY)]


def test_a_handler_sees_every_kind_of_callback_across_the_tool_loop(api: RunsServer, client: Client) -> None:
    script(api, *tool_run())
    handler = Recorder()
    with client.create_run_stream("thread_1", assistant_id="asst_1", event_handler=handler) as stream:
        assert handler.stream is stream
        seen = list(stream.with_tool_outputs(answer))
    check_tool_run(handler.calls, len(seen))
    assert kinds(handler.calls, "step_created", "step_done") == [
        ("step_created", "tool_calls"), ("step_done", "tool_calls"), ("step_created", "message_creation"), ("step_done", "message_creation"),
    ]  # fmt: skip
    assert kinds(handler.calls, "step_delta") == [("step_delta", True)] * 5
    assert handler.calls.index(("tool_created", "get_weather")) < handler.calls.index(("event", "thread.run.requires_action"))


@pytest.mark.parametrize("method", ["create_run_stream", "create_thread_and_run_stream", "submit_tool_outputs_stream"])
def test_every_streaming_method_takes_a_handler(api: RunsServer, client: Client, method: str) -> None:
    script(api, plain())
    handler = Recorder()
    arguments: dict[str, Any] = {
        "create_run_stream": {"thread_id": "thread_123", "assistant_id": "asst_123"},
        "create_thread_and_run_stream": {"assistant_id": "asst_123"},
        "submit_tool_outputs_stream": {"thread_id": "thread_123", "run_id": "run_123", "tool_outputs": []},
    }[method]
    with getattr(client, method)(**arguments, event_handler=handler) as stream:
        stream.until_done()
    assert len(kinds(handler.calls, "event")) == 13 and handler.calls[-1] == ("end",)
    assert kinds(handler.calls, "text_done") == [("text_done", "Hello! How can I assist you today?")]


def test_a_handler_hears_of_an_error_then_of_the_end(api: RunsServer, client: Client) -> None:
    script(api, cut(plain(), "thread.message.created") + b"event: error\ndata: " + json.dumps({"error": ERROR}).encode() + b"\n\n")
    handler = Recorder()
    with client.create_run_stream("thread_123", assistant_id="asst_123", event_handler=handler) as stream:
        with pytest.raises(StreamError):
            for _ in stream:
                pass
    assert handler.calls[-2:] == [("exception", "StreamError"), ("end",)]


def test_an_async_handler_across_the_tool_loop_and_on_an_error(api: RunsServer, sleeps: list[float]) -> None:
    script(api, *tool_run(), cut(plain()) + b"event: error\ndata: " + json.dumps(ERROR).encode() + b"\n\n")
    handler, failing = AsyncRecorder(), AsyncRecorder()

    async def scenario() -> int:
        async with AsyncClient(api_key=API_KEY, base_url=api.base_url) as client:
            async with client.create_run_stream("thread_1", assistant_id="asst_1", event_handler=handler) as stream:
                assert handler.stream is stream
                seen = [event async for event in stream.with_tool_outputs(answer)]
            async with client.create_thread_and_run_stream(assistant_id="asst_1", event_handler=failing) as stream:
                with pytest.raises(StreamError):
                    await stream.until_done()
            return len(seen)

    check_tool_run(handler.calls, asyncio.run(scenario()))
    assert failing.calls[-2:] == [("exception", "StreamError"), ("end",)]


# -- item 24: raw responses of streams -----------------------------------------------------------


def test_raw_responses_of_every_streaming_method(api: RunsServer, client: Client) -> None:
    api.state.simulate_streams = True
    with client.with_raw_response.create_run_stream("thread_1", assistant_id="asst_1") as raw:
        assert isinstance(raw, RawResponse) and raw.status_code == 200
        assert raw.headers["content-type"] == "text/event-stream" and (raw.request_id or "").startswith("req_stream_")
        stream = raw.parse()
        assert not stream.response.is_closed  # not read yet: the body is the stream
        assert stream.request_id == raw.request_id
        assert stream.until_done().status is models.RunStatus.COMPLETED
    assert stream.response.is_closed
    raw_new = client.with_raw_response.create_thread_and_run_stream(assistant_id="asst_1", event_handler=Recorder())
    with raw_new:
        assert raw_new.parse().final_messages()[0].content[0].text.value == GREETING  # type: ignore[union-attr]
        assert raw_new.parse().handler is not None
    tool = models.FunctionTool(function=models.FunctionDefinition(name="get_weather"))
    waiting = client.create_run_stream("thread_1", assistant_id="asst_1", tools=[tool])
    with waiting:
        run = waiting.until_done()
    outputs = answer(list(run.required_action.submit_tool_outputs.tool_calls))  # type: ignore[union-attr]
    with client.with_raw_response.submit_tool_outputs_stream(run.thread_id, run.id, tool_outputs=outputs) as raw:
        assert raw.status_code == 200 and raw.parse().until_done().status is models.RunStatus.COMPLETED


def test_async_raw_responses_of_streams(api: RunsServer, sleeps: list[float]) -> None:
    api.state.simulate_streams = True

    async def scenario() -> None:
        async with AsyncClient(api_key=API_KEY, base_url=api.base_url) as client:
            async with client.with_raw_response.create_run_stream("thread_1", assistant_id="asst_1") as raw:
                assert raw.status_code == 200 and (raw.request_id or "").startswith("req_stream_")
                assert (await raw.parse().until_done()).status is models.RunStatus.COMPLETED
            awaited = await client.with_raw_response.create_thread_and_run_stream(assistant_id="asst_1")
            assert awaited.headers["content-type"] == "text/event-stream"
            assert [text async for text in awaited.parse().text_deltas()] == [word + " " for word in GREETING.split(" ")[:-1]] + ["today?"]
            await awaited.close()
            assert awaited.parse().response.is_closed

    asyncio.run(scenario())
