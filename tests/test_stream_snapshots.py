"""Snapshots however a run stream is read, helpers after one another, cut streams and
error events (issue 11 items 1, 5, 6, 7, 14, 17), over real HTTP against the local
server, sync and async.

The tool-call streams are made by the server's simulation (tests/runs_simulation.py),
then scripted whole or cut, so that each test says exactly what the server sends.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from conftest import FIXTURES
from runs_server import API_KEY, RunsServer, RunsState, StreamScript
from runs_simulation import ARGUMENTS, Simulation

from openai_runs import APIError, AsyncClient, Client, IncompleteStreamError, StreamError, events, models

DONE = b"event: done\ndata: [DONE]\n\n"
ERROR = {"code": "server_error", "message": "boom", "param": None, "type": "server_error"}


def plain() -> bytes:
    return (FIXTURES / "transcript_plain.sse").read_bytes()


def tool_run(outputs: str = "12 C") -> tuple[bytes, bytes]:
    """A run that calls get_weather (arguments streamed in step deltas), and the stream
    that follows its tool outputs."""
    state = RunsState()
    run = state.add_run("thread_1", "asst_1", tools=[{"type": "function", "function": {"name": "get_weather"}}])
    first = Simulation(state, run).start()
    calls = run["required_action"]["submit_tool_outputs"]["tool_calls"]
    return first, Simulation(state, run).resume([{"tool_call_id": call["id"], "output": outputs} for call in calls])


def cut(body: bytes, before: str = "done") -> bytes:
    """The stream without its last `before` event and all that follows."""
    return body[: body.rindex(f"event: {before}\n".encode())]


def script(api: RunsServer, *bodies: bytes) -> None:
    with api.state.lock:
        api.state.streams.extend(StreamScript(body, chunk_sizes=(53, 7, 300)) for body in bodies)


def answer(calls: list[models.RunToolCall]) -> list[models.ToolOutput]:
    return [models.ToolOutput(tool_call_id=call.id, output="12 C") for call in calls]


def text_of(message: models.Message) -> str:
    part = message.content[0]
    assert isinstance(part, models.MessageContentText)
    return part.text.value


def arguments_of(step: models.RunStep) -> str:
    details = step.step_details
    assert isinstance(details, models.RunStepDetailsToolCalls)
    call = details.tool_calls[0]
    assert isinstance(call, models.RunStepDetailsToolCallsFunction)
    return call.function.arguments


# -- item 1: snapshots after any reading, helpers after one another ----------------------------


def test_a_plain_loop_keeps_the_snapshots_and_every_helper_works_after_it(api: RunsServer, client: Client) -> None:
    script(api, plain())
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        seen = [event for event in stream]
        assert stream.run is not None and stream.run.status is models.RunStatus.COMPLETED
        (message,) = stream.messages
        assert text_of(message) == "Hello! How can I assist you today?"
        assert stream.until_done() is stream.run
        assert [m.id for m in stream.final_messages()] == [message.id]
        assert [s.id for s in stream.final_run_steps()] == ["step_001"]
        assert list(stream.text_deltas()) == [] and list(stream) == []  # nothing is read twice
    assert len(seen) == 13 and stream.completed


def test_helpers_after_one_another_and_after_part_of_a_loop(api: RunsServer, client: Client) -> None:
    script(api, plain(), plain())
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        run = stream.until_done()
        assert stream.final_messages()[0].id == "msg_001" and stream.until_done() is run
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        events_so_far = iter(stream)
        first = [next(events_so_far) for _ in range(8)]  # up to the first delta
        assert stream.run is not None and stream.run.status is models.RunStatus.IN_PROGRESS
        assert text_of(stream.messages[0]) == "Hello"  # the snapshot as far as the deltas went
        assert stream.until_done().status is models.RunStatus.COMPLETED  # goes on where the loop stopped
        assert [type(e).__name__ for e in first][-1] == "ThreadMessageDeltaEvent"


def test_run_steps_carry_tool_call_arguments_streamed_in_step_deltas(api: RunsServer, client: Client) -> None:
    first, _ = tool_run()
    script(api, first)
    with client.create_run_stream("thread_1", assistant_id="asst_1") as stream:
        deltas = [e for e in stream if isinstance(e, events.ThreadRunStepDeltaEvent)]
        (step,) = stream.run_steps
    assert len(deltas) == 5 and arguments_of(step) == ARGUMENTS == '{"city": "Oslo"}'
    assert stream.run is not None and stream.run.status is models.RunStatus.REQUIRES_ACTION


def test_snapshots_of_a_long_text_cost_linear_time(api: RunsServer, client: Client) -> None:
    pieces = 20_000
    delta = {"id": "msg_001", "object": "thread.message.delta", "delta": {"content": [{"index": 0, "type": "text", "text": {"value": "word "}}]}}
    line = b"event: thread.message.delta\ndata: " + json.dumps(delta).encode() + b"\n\n"
    head = plain()[: plain().index(b"event: thread.message.delta")]
    script(api, head + line * pieces + DONE)
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        (message,) = stream.final_messages()
    assert text_of(message) == "word " * pieces


def test_async_snapshots_after_a_loop_and_helpers_after_one_another(api: RunsServer, sleeps: list[float]) -> None:
    first, _ = tool_run()
    script(api, plain(), first)

    async def scenario() -> None:
        async with AsyncClient(api_key=API_KEY, base_url=api.base_url) as client:
            async with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
                count = len([event async for event in stream])
                assert count == 13 and (await stream.until_done()).status is models.RunStatus.COMPLETED
                assert text_of((await stream.final_messages())[0]) == "Hello! How can I assist you today?"
                assert [text async for text in stream.text_deltas()] == []
            async with client.create_run_stream("thread_1", assistant_id="asst_1") as stream:
                async for event in stream:
                    if isinstance(event, events.ThreadRunStepDeltaEvent):
                        break  # the event loop would close this loop soon; a helper started first goes on
                assert stream.run is not None and stream.run.status is models.RunStatus.IN_PROGRESS
                assert (await stream.until_done()).status is models.RunStatus.REQUIRES_ACTION
                assert arguments_of((await stream.final_run_steps())[0]) == ARGUMENTS

    asyncio.run(scenario())


def test_leaving_a_loop_early_ends_the_stream_and_helpers_say_so(api: RunsServer, client: Client) -> None:
    script(api, plain())
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        for event in stream:
            if isinstance(event, events.ThreadMessageDeltaEvent):
                assert event.text == "Hello"  # item 6: the delta's text, directly
                break
        assert stream.response.is_closed
        with pytest.raises(IncompleteStreamError) as caught:
            stream.until_done()
        assert stream.until_done(allow_incomplete=True).status is models.RunStatus.IN_PROGRESS
        assert text_of(stream.final_messages(allow_incomplete=True)[0]) == "Hello"
    assert isinstance(caught.value, APIError) and caught.value.events == 8
    assert str(caught.value) == "The stream ended after 8 events, before its `done` event."


# -- item 17: a cut stream -----------------------------------------------------------------------


@pytest.mark.parametrize("helper", ["until_done", "final_messages", "final_run_steps"])
def test_a_stream_cut_before_done_raises_unless_allowed(api: RunsServer, client: Client, helper: str) -> None:
    script(api, cut(plain()), cut(plain()))
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        with pytest.raises(IncompleteStreamError) as caught:
            getattr(stream, helper)()
    assert caught.value.request_id is not None and caught.value.request_id.startswith("req_stream_")
    assert caught.value.request is not None and caught.value.request.url.path == "/v1/threads/thread_123/runs"
    with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
        getattr(stream, helper)(allow_incomplete=True)
        assert stream.completed is False and stream.run is not None and stream.run.status is models.RunStatus.COMPLETED


def test_async_until_done_on_a_cut_stream(api: RunsServer, sleeps: list[float]) -> None:
    script(api, cut(plain(), "thread.run.completed"))

    async def scenario() -> models.Run:
        async with AsyncClient(api_key=API_KEY, base_url=api.base_url) as client:
            async with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
                with pytest.raises(IncompleteStreamError):
                    await stream.until_done()
                return await stream.until_done(allow_incomplete=True)

    assert asyncio.run(scenario()).status is models.RunStatus.IN_PROGRESS


# -- item 5 and 14: the tool loop ----------------------------------------------------------------


def test_the_tool_loop_reports_a_cut_follow_up_stream(api: RunsServer, client: Client) -> None:
    first, second = tool_run()
    script(api, first, cut(second, "thread.run.completed"))
    with client.create_run_stream("thread_1", assistant_id="asst_1") as stream:
        names = [str(event.event) for event in stream.with_tool_outputs(answer)]
        assert stream.completed is False
        with pytest.raises(IncompleteStreamError):
            stream.until_done()
    assert "thread.run.requires_action" in names and names[-1] == "thread.run.step.completed"
    script(api, first, second)
    with client.create_run_stream("thread_1", assistant_id="asst_1") as stream:
        for _ in stream.with_tool_outputs(answer):
            pass
        assert stream.completed and stream.until_done().status is models.RunStatus.COMPLETED
        assert text_of(stream.messages[0]) == "The tools said: 12 C"
        assert arguments_of(stream.run_steps[0]) == ARGUMENTS


@pytest.mark.parametrize("kind", ["coroutine", "plain"])
def test_the_async_tool_loop_takes_an_async_or_a_sync_handler(api: RunsServer, sleeps: list[float], kind: str) -> None:
    first, second = tool_run()
    script(api, first, second, first, cut(second))
    called: list[list[str]] = []

    async def answer_later(calls: list[models.RunToolCall]) -> list[models.ToolOutput]:
        await asyncio.sleep(0)
        called.append([call.function.name for call in calls])
        return answer(calls)

    async def scenario() -> tuple[list[str], bool]:
        async with AsyncClient(api_key=API_KEY, base_url=api.base_url) as client:
            handler: Any = answer_later if kind == "coroutine" else answer
            async with client.create_run_stream("thread_1", assistant_id="asst_1") as stream:
                names = [str(event.event) async for event in stream.with_tool_outputs(handler)]
                assert (await stream.until_done()).status is models.RunStatus.COMPLETED
            async with client.create_run_stream("thread_1", assistant_id="asst_1") as stream:
                async for _ in stream.with_tool_outputs(handler):
                    pass
                return names, stream.completed

    names, completed_after_cut = asyncio.run(scenario())
    assert names[-1] == "thread.run.completed" and completed_after_cut is False
    submitted = [r.body for r in api.state.requests if r.raw_path.endswith("/submit_tool_outputs")]
    assert submitted[0]["tool_outputs"][0]["output"] == "12 C" and len(submitted) == 2
    assert called == ([["get_weather"]] * 2 if kind == "coroutine" else [])


# -- item 7: the shapes of an error event --------------------------------------------------------


@pytest.mark.parametrize("data", [ERROR, {"error": ERROR}], ids=["bare", "wrapped"])
def test_an_error_event_of_either_shape_raises_stream_error(api: RunsServer, sleeps: list[float], data: dict[str, Any]) -> None:
    body = cut(plain(), "thread.message.created") + b"event: error\ndata: " + json.dumps(data).encode() + b"\n\n"
    script(api, body, body)
    with Client(api_key=API_KEY, base_url=api.base_url) as client:
        with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
            with pytest.raises(StreamError) as caught:
                stream.until_done()

    async def scenario() -> StreamError:
        async with AsyncClient(api_key=API_KEY, base_url=api.base_url) as client:
            async with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
                with pytest.raises(StreamError) as raised:
                    async for _ in stream:
                        pass
                return raised.value

    for error in (caught.value, asyncio.run(scenario())):
        assert error.error == models.Error.from_dict(ERROR)
        assert (error.message, error.code, error.type) == ("boom", "server_error", "server_error")
        assert error.body == {"error": ERROR}


@pytest.mark.parametrize("first", ["", "Hel"])
def test_a_text_buffer_keeps_no_piece_written_to_it(first: str) -> None:
    """A StringIO started empty keeps a reference to every piece written until it is
    read (about 60 bytes a piece); the snapshots' buffers copy the characters instead."""
    import sys

    from openai_runs._snapshots import text_buffer

    buffer = text_buffer(first)
    pieces = [json.loads('"lo, world"') for _ in range(3)]  # distinct objects, as decoding makes them
    counts = [sys.getrefcount(piece) for piece in pieces]
    for piece in pieces:
        buffer.write(piece)
    del piece
    assert [sys.getrefcount(piece) for piece in pieces] == counts
    assert buffer.getvalue() == first + "lo, world" * 3
