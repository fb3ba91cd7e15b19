"""A local runs API over real HTTP, for the client tests.

It implements the nine run endpoints with in-memory state, checks the headers every
request must carry, records each request as received, and can be told to misbehave:
answer with an error status, drop the connection, answer too slowly, or, as a hostile
server would, answer with exact bytes (any status, headers and body: gzip bombs,
redirects, deeply nested JSON) or stream endlessly.

Binds to 127.0.0.1 only, on a free port.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from http_server_support import API_KEY, Fault, LocalServer, Recorded, RecordingHandler, ServerState, StreamScript
from runs_simulation import Simulation

__all__ = ["API_KEY", "Fault", "Recorded", "RunsServer", "RunsState", "StreamScript", "run_object", "step_object"]


def run_object(thread_id: str, run_id: str, assistant_id: str, created_at: int, **changes: Any) -> dict[str, Any]:
    run = {
        "id": run_id, "object": "thread.run", "created_at": created_at, "thread_id": thread_id,
        "assistant_id": assistant_id, "status": "queued", "required_action": None, "last_error": None,
        "expires_at": created_at + 600, "started_at": None, "cancelled_at": None, "failed_at": None,
        "completed_at": None, "incomplete_details": None, "model": "gpt-4o", "instructions": None,
        "tools": [], "metadata": {}, "usage": None, "temperature": 1.0, "top_p": 1.0,
        "max_prompt_tokens": None, "max_completion_tokens": None,
        "truncation_strategy": {"type": "auto", "last_messages": None},
        "tool_choice": "auto", "parallel_tool_calls": True, "response_format": "auto",
    }  # fmt: skip
    run.update(changes)
    return run


def step_object(run: dict[str, Any], step_id: str, created_at: int) -> dict[str, Any]:
    return {
        "id": step_id, "object": "thread.run.step", "created_at": created_at, "run_id": run["id"],
        "assistant_id": run["assistant_id"], "thread_id": run["thread_id"], "type": "message_creation",
        "status": "completed", "cancelled_at": None, "completed_at": created_at, "expires_at": None,
        "failed_at": None, "last_error": None,
        "step_details": {"type": "message_creation", "message_creation": {"message_id": f"msg_{step_id}"}},
        "usage": {"prompt_tokens": 5, "completion_tokens": 7, "total_tokens": 12},
    }  # fmt: skip


class RunsState(ServerState):
    """The server's memory: threads, runs, steps, requests seen and faults to inject."""

    def clear(self) -> None:
        super().clear()
        self.runs: dict[str, dict[str, dict[str, Any]]] = {}  # thread -> run id -> run
        self.steps: dict[str, list[dict[str, Any]]] = {}  # run id -> steps
        self.status_script: dict[str, deque[str]] = {}  # run id -> statuses for later retrieves
        self.script_for_new_runs: tuple[str, ...] = ()  # the status_script of runs created from now on
        self.poll_after_ms: str | None = None
        self.simulate_streams = False  # with no stream scripted, make one up (runs_simulation.py)
        self.simulated_steps: dict[str, dict[str, Any]] = {}  # run id -> its step waiting for tool outputs

    def add_run(self, thread_id: str, assistant_id: str, **changes: Any) -> dict[str, Any]:
        run_id = self.next_id("run")
        run = run_object(thread_id, run_id, assistant_id, 1_700_000_000 + self.counter, **changes)
        self.runs.setdefault(thread_id, {})[run_id] = run
        if self.script_for_new_runs:
            self.status_script[run_id] = deque(self.script_for_new_runs)
        self.steps[run_id] = [step_object(run, self.next_id("step"), 1_700_000_000 + self.counter) for _ in range(3)]
        return run


class Handler(RecordingHandler):
    server: RunsServer

    def handle_api(self) -> None:
        state = self.server.state
        received = self.receive()
        if received is None:
            return
        record, raw_body = received
        body = record.body
        if record.headers.get("authorization") != f"Bearer {API_KEY}":
            return self.error(401, "Incorrect API key provided.", "invalid_api_key")
        if record.headers.get("openai-beta") != "assistants=v2":
            return self.error(400, "The OpenAI-Beta header must be assistants=v2.")
        if raw_body and record.headers.get("content-type") != "application/json":
            return self.error(400, "Bodies must be JSON.")
        if body is not None and not isinstance(body, dict):
            return self.error(400, "The body must be a JSON object.")
        if isinstance(body, dict) and body.get("stream") is True:
            with state.lock:
                script = state.streams.popleft() if state.streams else None
                if script is None and state.simulate_streams:
                    simulated = simulate(state, record.segments, body)
                    script = StreamScript(simulated, chunk_sizes=(101,)) if simulated is not None else None
            if script is None:
                return self.error(400, "No stream scripted for this request.")
            return self.send_stream(script)
        with state.lock:
            self.route(state, record.segments, dict(record.query), body or {}, record)

    # -- the API --------------------------------------------------------------------

    def route(self, state: RunsState, segments: tuple[str, ...], query: dict[str, str], body: dict[str, Any], record: Recorded) -> None:
        method = self.command
        match segments:
            case ("threads", "runs") if method == "POST":
                thread_id = state.next_id("thread")
                run = state.add_run(thread_id, body["assistant_id"], **_run_fields(body))
                return self.send_json(200, run)
            case ("threads", thread_id, "runs") if method == "POST":
                if not isinstance(body.get("assistant_id"), str):
                    return self.error(400, "Missing required parameter: 'assistant_id'.", param="assistant_id")
                run = state.add_run(thread_id, body["assistant_id"], **_run_fields(body))
                return self.send_json(200, run)
            case ("threads", thread_id, "runs") if method == "GET":
                runs = list(state.runs.get(thread_id, {}).values())
                return self.send_json(200, _page(runs, query))
            case ("threads", thread_id, "runs", run_id) if method in ("GET", "POST"):
                run = state.runs.get(thread_id, {}).get(run_id)
                if run is None:
                    return self.error(404, f"No run found with id '{run_id}'.")
                if method == "POST":
                    run.update({k: v for k, v in body.items() if k == "metadata"})
                elif run_id in state.status_script and state.status_script[run_id]:
                    run["status"] = state.status_script[run_id].popleft()
                headers = {"openai-poll-after-ms": state.poll_after_ms} if state.poll_after_ms else {}
                return self.send_json(200, run, headers)
            case ("threads", thread_id, "runs", run_id, "cancel") if method == "POST":
                run = state.runs.get(thread_id, {}).get(run_id)
                if run is None:
                    return self.error(404, f"No run found with id '{run_id}'.")
                run["status"] = "cancelling"
                return self.send_json(200, run)
            case ("threads", thread_id, "runs", run_id, "submit_tool_outputs") if method == "POST":
                run = state.runs.get(thread_id, {}).get(run_id)
                if run is None:
                    return self.error(404, f"No run found with id '{run_id}'.")
                if run["status"] != "requires_action":
                    return self.error(400, f"Runs in status {run['status']} do not accept tool outputs.")
                run.update(status="queued", required_action=None)
                return self.send_json(200, run)
            case ("threads", thread_id, "runs", run_id, "steps") if method == "GET":
                if run_id not in state.runs.get(thread_id, {}):
                    return self.error(404, f"No run found with id '{run_id}'.")
                return self.send_json(200, _page(state.steps[run_id], query))
            case ("threads", thread_id, "runs", run_id, "steps", step_id) if method == "GET":
                steps = {s["id"]: s for s in state.steps.get(run_id, []) if s["thread_id"] == thread_id}
                if step_id not in steps:
                    return self.error(404, f"No step found with id '{step_id}'.")
                return self.send_json(200, steps[step_id])
        self.error(404, f"Unknown route: {self.command} {record.raw_path}")


def simulate(state: RunsState, segments: tuple[str, ...], body: dict[str, Any]) -> bytes | None:
    """The made-up stream for a streaming request, or None when it makes no sense."""
    match segments:
        case ("threads", "runs") | ("threads", _, "runs") if isinstance(body.get("assistant_id"), str):
            thread_id = segments[1] if len(segments) == 3 else state.next_id("thread")
            return Simulation(state, state.add_run(thread_id, body["assistant_id"], **_run_fields(body))).start()
        case ("threads", thread_id, "runs", run_id, "submit_tool_outputs"):
            run = state.runs.get(thread_id, {}).get(run_id)
            if run is not None and run["status"] == "requires_action":
                return Simulation(state, run).resume(body.get("tool_outputs") or [])
    return None


def _run_fields(body: dict[str, Any]) -> dict[str, Any]:
    echoed = ("model", "instructions", "tools", "metadata", "temperature", "top_p", "max_prompt_tokens",
              "max_completion_tokens", "truncation_strategy", "tool_choice", "parallel_tool_calls", "response_format")  # fmt: skip
    return {k: v for k, v in body.items() if k in echoed}


def _page(items: list[dict[str, Any]], query: dict[str, str]) -> dict[str, Any]:
    ordered = sorted(items, key=lambda item: item["created_at"], reverse=query.get("order", "desc") == "desc")
    ids = [item["id"] for item in ordered]
    if "after" in query:
        ordered = ordered[ids.index(query["after"]) + 1 :] if query["after"] in ids else []
    limit = int(query.get("limit", 20))
    page = ordered[:limit]
    return {
        "object": "list",
        "data": page,
        "first_id": page[0]["id"] if page else None,
        "last_id": page[-1]["id"] if page else None,
        "has_more": len(ordered) > limit,
    }


class RunsServer(LocalServer):
    state: RunsState

    def __init__(self) -> None:
        super().__init__(Handler, RunsState())
