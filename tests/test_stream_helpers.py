"""The run stream helpers: snapshots from deltas, final run, text as it arrives, and the
tool loop that answers `requires_action` and keeps streaming."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from conftest import FIXTURES, sse_events
from runs_server import API_KEY, RunsServer, StreamScript, run_object

from openai_runs import AsyncClient, Client, models
from openai_runs.events import ThreadRunRequiresActionEvent


def encode(events: list[tuple[str, Any]]) -> bytes:
    return b"".join(
        f"event: {name}\ndata: {data if isinstance(data, str) else json.dumps(data)}\n\n".encode() for name, data in events
    )


def transcript() -> list[tuple[str, Any]]:
    return [(e, d if d == "[DONE]" else json.loads(d)) for e, d in sse_events((FIXTURES / "transcript_plain.sse").read_text())]


def with_deltas(parts: list[str]) -> list[tuple[str, Any]]:
    """The plain transcript with its deltas replaced by `parts` (the published one is abridged)."""
    events = [e for e in transcript() if e[0] != "thread.message.delta"]
    at = next(i for i, (name, _) in enumerate(events) if name == "thread.message.completed")
    deltas = [
        ("thread.message.delta", {"id": "msg_001", "object": "thread.message.delta",
                                  "delta": {"content": [{"index": 0, "type": "text", "text": {"value": part, "annotations": []}}]}})
        for part in parts
    ]  # fmt: skip
    return events[:at] + deltas + events[at:]


def test_text_deltas_yield_text_as_it_arrives(api: RunsServer) -> None:
    parts = ["Hel", "lo! ", "How can I ", "assist you today?"]
    api.state.streams.append(StreamScript(encode(with_deltas(parts)), chunk_sizes=(7, 1, 64)))
    with Client(api_key=API_KEY, base_url=api.base_url) as client:
        with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
            assert list(stream.text_deltas()) == parts
            assert stream.completed


def test_final_messages_are_built_from_the_deltas(api: RunsServer) -> None:
    # without the completed message, the snapshot is all there is: deltas merged by index
    events = [e for e in with_deltas(["Hello", ", ", "world"]) if e[0] != "thread.message.completed"]
    api.state.streams.append(StreamScript(encode(events)))
    with Client(api_key=API_KEY, base_url=api.base_url) as client:
        with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
            (message,) = stream.final_messages()
    part = message.content[0]
    assert isinstance(part, models.MessageContentText)
    assert part.text.value == "Hello, world"
    assert message.status is models.MessageStatus.IN_PROGRESS  # as last seen


def test_the_completed_message_replaces_the_snapshot(api: RunsServer) -> None:
    api.state.streams.append(StreamScript(encode(with_deltas(["Hello", "!"]))))
    with Client(api_key=API_KEY, base_url=api.base_url) as client:
        with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
            (message,) = stream.final_messages()
            assert stream.run is not None and stream.run.status is models.RunStatus.COMPLETED
    assert message.status is models.MessageStatus.COMPLETED
    assert message.content[0].text.value == "Hello! How can I assist you today?"  # type: ignore[union-attr]


def test_until_done_returns_the_final_run(api: RunsServer) -> None:
    api.state.streams.append(StreamScript(encode(transcript())))
    with Client(api_key=API_KEY, base_url=api.base_url) as client:
        with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
            run = stream.until_done()
    assert run.status is models.RunStatus.COMPLETED
    assert run.usage is not None and run.usage.total_tokens == 31  # type: ignore[union-attr]


def tool_loop_streams() -> tuple[bytes, bytes]:
    waiting = run_object("thread_1", "run_1", "asst_1", 1, status="requires_action", required_action={
        "type": "submit_tool_outputs",
        "submit_tool_outputs": {"tool_calls": [
            {"id": "call_1", "type": "function", "function": {"name": "weather", "arguments": '{"city": "Oslo"}'}},
            {"id": "call_2", "type": "function", "function": {"name": "time", "arguments": "{}"}}]}})  # fmt: skip
    first = encode([("thread.run.created", run_object("thread_1", "run_1", "asst_1", 1)), ("thread.run.requires_action", waiting), ("done", "[DONE]")])
    finished = run_object("thread_1", "run_1", "asst_1", 1, status="completed")
    second = encode([("thread.run.queued", run_object("thread_1", "run_1", "asst_1", 1)), ("thread.run.completed", finished), ("done", "[DONE]")])
    return first, second


def answer(calls: list[models.RunToolCall]) -> list[models.ToolOutput]:
    return [models.ToolOutput(tool_call_id=call.id, output=f"result of {call.function.name}") for call in calls]


def test_the_tool_loop_submits_outputs_and_keeps_streaming(api: RunsServer) -> None:
    api.state.streams.extend(StreamScript(body) for body in tool_loop_streams())
    with Client(api_key=API_KEY, base_url=api.base_url) as client:
        with client.create_run_stream("thread_1", assistant_id="asst_1") as stream:
            names = [event.event for event in stream.with_tool_outputs(answer)]
            assert stream.run is not None and stream.run.status is models.RunStatus.COMPLETED
    assert names == ["thread.run.created", "thread.run.requires_action", "thread.run.queued", "thread.run.completed"]
    submitted = api.state.requests[-1]
    assert submitted.raw_path == "/v1/threads/thread_1/runs/run_1/submit_tool_outputs"
    assert submitted.body == {
        "tool_outputs": [
            {"tool_call_id": "call_1", "output": "result of weather"},
            {"tool_call_id": "call_2", "output": "result of time"},
        ],
        "stream": True,
    }


def test_the_async_helpers(api: RunsServer) -> None:
    api.state.streams.extend(StreamScript(body) for body in tool_loop_streams())
    api.state.streams.append(StreamScript(encode(with_deltas(["a", "b"]))))

    async def scenario() -> tuple[list[str], list[str], models.Run]:
        async with AsyncClient(api_key=API_KEY, base_url=api.base_url) as client:
            async with client.create_run_stream("thread_1", assistant_id="asst_1") as stream:
                seen = [str(event.event) async for event in stream.with_tool_outputs(answer)]
                run = stream.run
            async with client.create_run_stream("thread_1", assistant_id="asst_1") as stream:
                texts = [text async for text in stream.text_deltas()]
            assert run is not None
            return seen, texts, run

    seen, texts, run = asyncio.run(scenario())
    assert seen[1] == "thread.run.requires_action" and seen[-1] == "thread.run.completed"
    assert texts == ["a", "b"] and run.status is models.RunStatus.COMPLETED


def test_plain_iteration_narrows_event_data(api: RunsServer) -> None:
    api.state.streams.append(StreamScript(encode(transcript())))
    with Client(api_key=API_KEY, base_url=api.base_url) as client:
        with client.create_run_stream("thread_123", assistant_id="asst_123") as stream:
            kinds = {type(event).__name__ for event in stream}
    assert "ThreadMessageDeltaEvent" in kinds and "ThreadRunRequiresActionEvent" not in kinds
    assert ThreadRunRequiresActionEvent.from_data(run_object("t", "r", "a", 1)).data.id == "r"
