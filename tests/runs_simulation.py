"""Streams the local runs server makes up when no stream is scripted and
`RunsState.simulate_streams` is set, as the real API would send them.

A run whose tools include functions calls each of them: a tool-calls step whose
arguments arrive in `thread.run.step.delta` pieces, then `thread.run.requires_action`.
Its tool outputs (`submit_tool_outputs` with `stream: true`) complete that step and the
run goes on. A run without function tools, or one given its outputs, writes a message
in `thread.message.delta` pieces and completes. The README's examples run against this.
"""

from __future__ import annotations

import json
from typing import Any

ARGUMENTS = '{"city": "Oslo"}'
"""What every simulated function call is called with."""
GREETING = "Hello! How can I help you today?"
"""The message a run without function tools writes."""


def sse(name: str, data: Any) -> bytes:
    return f"event: {name}\ndata: {json.dumps(data)}\n\n".encode()


class Simulation:
    """Builds the events of one streamed request against the server's state `state`."""

    def __init__(self, state: Any, run: dict[str, Any]) -> None:
        self.state = state
        self.run = run
        self.events: list[bytes] = []

    def emit(self, name: str, data: Any) -> None:
        self.events.append(sse(name, data))

    def now(self) -> int:
        return 1_700_000_000 + self.state.counter

    def status(self, status: str, name: str | None = None, **changes: Any) -> None:
        self.run.update(status=status, **changes)
        self.emit(name or f"thread.run.{status}", dict(self.run))

    def step(self, kind: str, details: dict[str, Any]) -> dict[str, Any]:
        step = {
            "id": self.state.next_id("step"), "object": "thread.run.step", "created_at": self.now(),
            "run_id": self.run["id"], "assistant_id": self.run["assistant_id"], "thread_id": self.run["thread_id"],
            "type": kind, "status": "in_progress", "cancelled_at": None, "completed_at": None,
            "expires_at": None, "failed_at": None, "last_error": None, "step_details": details, "usage": None,
        }  # fmt: skip
        self.emit("thread.run.step.created", step)
        self.emit("thread.run.step.in_progress", step)
        return step

    def finish_step(self, step: dict[str, Any]) -> None:
        step.update(status="completed", completed_at=self.now(), usage={"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12})
        self.emit("thread.run.step.completed", step)

    def start(self) -> bytes:
        """The events of a new run: its message, or its function calls."""
        self.status("queued", "thread.run.created")
        self.status("queued")
        self.status("in_progress", started_at=self.now())
        functions = [tool["function"]["name"] for tool in self.run.get("tools") or [] if tool.get("type") == "function"]
        if functions:
            self.call(functions)
        else:
            self.answer(GREETING)
        return self.done()

    def call(self, functions: list[str]) -> None:
        step = self.step("tool_calls", {"type": "tool_calls", "tool_calls": []})
        calls = []
        for index, name in enumerate(functions):
            call_id = self.state.next_id("call")
            calls.append({"id": call_id, "type": "function", "function": {"name": name, "arguments": ARGUMENTS}})
            first = {"index": index, "id": call_id, "type": "function", "function": {"name": name, "arguments": "", "output": None}}
            self.step_delta(step, first)
            for start in range(0, len(ARGUMENTS), 5):
                self.step_delta(step, {"index": index, "type": "function", "function": {"arguments": ARGUMENTS[start : start + 5]}})
        step["step_details"]["tool_calls"] = [{**call, "function": {**call["function"], "output": None}} for call in calls]
        self.state.simulated_steps[self.run["id"]] = step
        action = {"type": "submit_tool_outputs", "submit_tool_outputs": {"tool_calls": calls}}
        self.status("requires_action", required_action=action)

    def step_delta(self, step: dict[str, Any], call: dict[str, Any]) -> None:
        delta = {"step_details": {"type": "tool_calls", "tool_calls": [call]}}
        self.emit("thread.run.step.delta", {"id": step["id"], "object": "thread.run.step.delta", "delta": delta})

    def resume(self, outputs: list[dict[str, Any]]) -> bytes:
        """The events after tool outputs: the tool step completes, then the message."""
        self.status("queued", required_action=None)
        self.status("in_progress")
        step = self.state.simulated_steps.pop(self.run["id"])
        answers = {output.get("tool_call_id"): output.get("output") for output in outputs}
        for call in step["step_details"]["tool_calls"]:
            call["function"]["output"] = answers.get(call["id"])
        self.finish_step(step)
        self.answer("The tools said: " + "; ".join(str(answer) for answer in answers.values()))
        return self.done()

    def answer(self, text: str) -> None:
        message_id = self.state.next_id("msg")
        step = self.step("message_creation", {"type": "message_creation", "message_creation": {"message_id": message_id}})
        message = {
            "id": message_id, "object": "thread.message", "created_at": self.now(), "thread_id": self.run["thread_id"],
            "assistant_id": self.run["assistant_id"], "run_id": self.run["id"], "status": "in_progress",
            "incomplete_details": None, "incomplete_at": None, "completed_at": None, "role": "assistant",
            "content": [], "attachments": [], "metadata": {},
        }  # fmt: skip
        self.emit("thread.message.created", message)
        self.emit("thread.message.in_progress", message)
        words = text.split(" ")
        for position, word in enumerate(words):
            piece = word if position == len(words) - 1 else word + " "
            text_delta: dict[str, Any] = {"value": piece, "annotations": []} if position == 0 else {"value": piece}
            content = [{"index": 0, "type": "text", "text": text_delta}]
            self.emit("thread.message.delta", {"id": message_id, "object": "thread.message.delta", "delta": {"content": content}})
        message.update(status="completed", completed_at=self.now(), content=[{"type": "text", "text": {"value": text, "annotations": []}}])
        self.emit("thread.message.completed", message)
        self.finish_step(step)
        self.status("completed", completed_at=self.now(), usage={"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12})

    def done(self) -> bytes:
        self.events.append(b"event: done\ndata: [DONE]\n\n")
        return b"".join(self.events)
