"""A local runs API over real HTTP, for the client tests.

It implements the nine run endpoints with in-memory state, checks the headers every
request must carry, records each request as received, and can be told to misbehave:
answer with an error status, drop the connection, answer too slowly, or, as a hostile
server would, answer with exact bytes (any status, headers and body: gzip bombs,
redirects, deeply nested JSON) or stream endlessly.

Binds to 127.0.0.1 only, on a free port.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

API_KEY = "sk-test-key"


@dataclass(frozen=True)
class Recorded:
    method: str
    raw_path: str  # exactly as sent, still percent-encoded
    segments: tuple[str, ...]  # the path after /v1, split and decoded
    query: tuple[tuple[str, str], ...]
    headers: dict[str, str]  # lower-case names
    body: Any  # decoded JSON, or None
    header_list: tuple[tuple[str, str], ...] = ()  # every header line as received, repeated names too


@dataclass
class StreamScript:
    """What the server sends for the next request with `stream: true`."""

    body: bytes | Iterable[bytes]  # the whole event stream; or pieces, each sent as a chunk, for as long as the client reads
    chunk_sizes: tuple[int, ...] = (65536,)  # written in chunks of these sizes, cycled
    drop_after: int | None = None  # close the connection after this many bytes
    pause: float = 0.0  # seconds between chunks
    headers: dict[str, str] = field(default_factory=dict)  # e.g. Content-Encoding: gzip


@dataclass
class Fault:
    """What to do instead of answering normally, for the next request that matches."""

    kind: str  # status, drop, delay, bytes (`content` as the body, as is), raw (`content` as the whole response)
    status: int = 500
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0
    method: str | None = None
    content: bytes = b""


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


class RunsState:
    """The server's memory: threads, runs, steps, requests seen and faults to inject."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.requests: list[Recorded] = []
            self.faults: deque[Fault] = deque()
            self.runs: dict[str, dict[str, dict[str, Any]]] = {}  # thread -> run id -> run
            self.steps: dict[str, list[dict[str, Any]]] = {}  # run id -> steps
            self.status_script: dict[str, deque[str]] = {}  # run id -> statuses for later retrieves
            self.script_for_new_runs: tuple[str, ...] = ()  # the status_script of runs created from now on
            self.poll_after_ms: str | None = None
            self.streams: deque[StreamScript] = deque()  # answers to streaming requests, in order
            self.counter = 0

    def next_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}_{self.counter:03d}"

    def add_run(self, thread_id: str, assistant_id: str, **changes: Any) -> dict[str, Any]:
        run_id = self.next_id("run")
        run = run_object(thread_id, run_id, assistant_id, 1_700_000_000 + self.counter, **changes)
        self.runs.setdefault(thread_id, {})[run_id] = run
        if self.script_for_new_runs:
            self.status_script[run_id] = deque(self.script_for_new_runs)
        self.steps[run_id] = [step_object(run, self.next_id("step"), 1_700_000_000 + self.counter) for _ in range(3)]
        return run


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: RunsServer

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self.handle_api()

    def do_POST(self) -> None:
        self.handle_api()

    def do_DELETE(self) -> None:
        self.handle_api()

    # -- plumbing -------------------------------------------------------------------

    def send_json(self, status: int, payload: Any, headers: dict[str, str] | None = None) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-request-id", f"req_{self.server.state.counter:03d}")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def error(self, status: int, message: str, kind: str = "invalid_request_error", param: str | None = None) -> None:
        self.send_json(status, {"error": {"message": message, "type": kind, "param": param, "code": None}})

    def handle_api(self) -> None:
        state = self.server.state
        split = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw_body = self.rfile.read(length) if length else b""
        body = json.loads(raw_body) if raw_body else None
        parts = split.path.split("/")
        segments = tuple(unquote(p) for p in parts[2:]) if parts[:2] == ["", "v1"] else ()
        record = Recorded(
            self.command,
            self.path,
            segments,
            tuple(parse_qsl(split.query, keep_blank_values=True)),
            {k.lower(): v for k, v in self.headers.items()},
            body,
            tuple(self.headers.items()),
        )
        with state.lock:
            state.requests.append(record)
            fault = state.faults.popleft() if state.faults and state.faults[0].method in (None, self.command) else None
        if fault is not None and self.inject(fault):
            return
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
            if script is None:
                return self.error(400, "No stream scripted for this request.")
            return self.send_stream(script)
        with state.lock:
            self.route(state, segments, dict(record.query), body or {}, record)

    def send_stream(self, script: StreamScript) -> None:
        """Write the script as a chunked text/event-stream response."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        for name, value in script.headers.items():
            self.send_header(name, value)
        self.end_headers()
        if not isinstance(script.body, bytes):
            return self.send_pieces(script.body)
        sent, index, body = 0, 0, script.body
        limit = len(body) if script.drop_after is None else min(script.drop_after, len(body))
        while sent < limit:
            size = min(script.chunk_sizes[index % len(script.chunk_sizes)], limit - sent)
            index += 1
            piece = body[sent : sent + size]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.flush()
            sent += size
            if script.pause:
                time.sleep(script.pause)
        if script.drop_after is not None:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(b"0\r\n\r\n")

    def send_pieces(self, pieces: Iterable[bytes]) -> None:
        """Each piece as one chunk, until they run out or the client goes away."""
        try:
            for piece in pieces:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.flush()
            self.wfile.write(b"0\r\n\r\n")
        except OSError:  # the client stopped reading: what a bounded client does
            self.close_connection = True

    def inject(self, fault: Fault) -> bool:
        """Carry out a fault; True when the request is answered (or dropped) by it."""
        if fault.kind == "raw":
            self.close_connection = True
            self.wfile.write(fault.content)
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            return True
        if fault.kind == "bytes":
            self.send_response(fault.status)
            self.send_header("Content-Length", str(len(fault.content)))
            if "x-request-id" not in fault.headers:
                self.send_header("x-request-id", f"req_{self.server.state.counter:03d}")
            for name, value in fault.headers.items():
                self.send_header(name, value)
            self.end_headers()
            try:
                self.wfile.write(fault.content)
            except OSError:  # the client refused to read it all
                self.close_connection = True
            return True
        if fault.kind == "drop":
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return True
        if fault.kind == "delay":
            time.sleep(fault.seconds)
            return False
        body = fault.body if fault.body is not None else {"error": {"message": "injected", "type": "server_error", "param": None, "code": None}}
        self.send_json(fault.status, body, fault.headers)
        return True

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


class RunsServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (timeout tests) leaves a broken pipe behind; not news

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.state = RunsState()
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> RunsServer:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.shutdown()
        self.server_close()
