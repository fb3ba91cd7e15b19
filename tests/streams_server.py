"""A local server for the stream features' tests (tests/test_stream_features.py): any
path, any method; a request that asks for a stream (`"stream": true` in its JSON body,
or `stream=true` in its query) gets the next scripted stream, any other the next
scripted JSON answer. Requests are recorded as received, and faults can be injected,
as on the other local servers (tests/http_server_support.py).

Binds to 127.0.0.1 only, on a free port.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from http_server_support import API_KEY, LocalServer, Recorded, RecordingHandler, ServerState, StreamScript

__all__ = ["API_KEY", "Recorded", "StreamScript", "StreamsServer", "StreamsState"]


class StreamsState(ServerState):
    def clear(self) -> None:
        super().clear()
        self.answers: deque[Any] = deque()  # JSON bodies for requests that ask for no stream

    def script(self, body: bytes, **options: Any) -> None:
        """The next streaming request gets `body` (see StreamScript for `options`)."""
        with self.lock:
            self.streams.append(StreamScript(body, **options))


class Handler(RecordingHandler):
    server: StreamsServer

    def handle_api(self) -> None:
        received = self.receive()
        if received is None:
            return
        record, _ = received
        if record.headers.get("authorization") != f"Bearer {API_KEY}":
            return self.error(401, "Incorrect API key provided.", "invalid_api_key")
        streaming = (isinstance(record.body, dict) and record.body.get("stream") is True) or ("stream", "true") in record.query
        state = self.server.state
        with state.lock:
            queue: deque[Any] = state.streams if streaming else state.answers
            answer = queue.popleft() if queue else None
        if answer is None:
            return self.error(500, "Nothing scripted for this request.")
        if streaming:
            return self.send_stream(answer)
        self.send_json(200, answer)


class StreamsServer(LocalServer):
    state: StreamsState

    def __init__(self) -> None:
        super().__init__(Handler, StreamsState())
