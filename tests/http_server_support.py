"""What every local API server of the test suite shares: requests recorded as received,
faults injected in place of an answer, scripted event streams, and a threaded HTTP server
bound to 127.0.0.1 on a free port.

tests/runs_server.py and tests/responses_server.py each add their own routes and state on
top; nothing here knows an API.
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
from typing import Any, Self
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
    """What the server sends for the next streaming request."""

    body: bytes | Iterable[bytes]  # the whole event stream; or pieces, each sent as a chunk, for as long as the client reads
    chunk_sizes: tuple[int, ...] = (65536,)  # written in chunks of these sizes, cycled
    drop_after: int | None = None  # close the connection after this many bytes
    pause: float = 0.0  # seconds between chunks
    headers: dict[str, str] = field(default_factory=dict)  # e.g. Content-Encoding: gzip
    close: bool = False  # say `Connection: close` and close once the body is sent, as servers that end a stream that way do


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


class ServerState:
    """The memory every server keeps: requests seen, faults to inject, streams scripted.

    Subclasses add their objects in `clear`, which runs under the lock."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self.lock:
            self.clear()

    def clear(self) -> None:
        self.requests: list[Recorded] = []
        self.faults: deque[Fault] = deque()
        self.streams: deque[StreamScript] = deque()  # answers to streaming requests, in order
        self.counter = 0

    def next_id(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}_{self.counter:03d}"


class RecordingHandler(BaseHTTPRequestHandler):
    """Plumbing for a JSON API: record the request, inject faults, answer JSON or a stream.

    Subclasses implement `handle_api`, usually starting with `self.receive()`."""

    protocol_version = "HTTP/1.1"
    server: LocalServer

    def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
        pass

    def do_GET(self) -> None:
        self.handle_api()

    def do_POST(self) -> None:
        self.handle_api()

    def do_DELETE(self) -> None:
        self.handle_api()

    def handle_api(self) -> None:
        raise NotImplementedError

    def receive(self) -> tuple[Recorded, bytes] | None:
        """Read and record the request; carry out a pending fault. None when the fault answered it."""
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
            return None
        return record, raw_body

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

    def send_empty(self, status: int = 200) -> None:
        """A status with no body (and no Content-Type), as some deletes answer."""
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.send_header("x-request-id", f"req_{self.server.state.counter:03d}")
        self.end_headers()

    def error(self, status: int, message: str, kind: str = "invalid_request_error", param: str | None = None) -> None:
        self.send_json(status, {"error": {"message": message, "type": kind, "param": param, "code": None}})

    def send_stream(self, script: StreamScript) -> None:
        """Write the script as a chunked text/event-stream response."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        if script.close:
            self.send_header("Connection", "close")
        if "x-request-id" not in script.headers:
            self.send_header("x-request-id", f"req_stream_{self.server.state.counter:03d}")
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
        if script.close:
            self.wfile.flush()
            self.close_connection = True

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


class LocalServer(ThreadingHTTPServer):
    """A threaded server on 127.0.0.1 and a free port; a context manager that serves while open."""

    daemon_threads = True
    state: Any  # a ServerState; each server names its own subclass

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (timeout tests) leaves a broken pipe behind; not news

    def __init__(self, handler: type[RecordingHandler], state: ServerState) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.state = state
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/v1"

    def __enter__(self) -> Self:
        self.thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.shutdown()
        self.server_close()
