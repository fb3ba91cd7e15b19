"""A local Responses and Conversations API over real HTTP, for the tests of a Responses
client (and of the official SDK, to compare with).

It implements the 15 operations with in-memory state (tests/responses_state.py), checks the
API key, records each request as received and each answer by its upstream operationId, and
can be told to misbehave as tests/runs_server.py can (Fault, StreamScript). Streams are
sent as the service sends them: `event:` and `data:` lines, ended by closing the
connection after a terminal event (response.completed, response.failed,
response.incomplete), with no `[DONE]` line. A stream is resumed with
`GET /responses/{id}?stream=true&starting_after=N`.

`include` is read only as `include[]`, the name the query parameter has upstream; a plain
`include` is refused, so a client that spells it otherwise is told so.

Binds to 127.0.0.1 only, on a free port.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

import responses_objects as o
from http_server_support import API_KEY, Fault, LocalServer, Recorded, RecordingHandler, StreamScript
from responses_objects import Json
from responses_state import INCLUDABLE, ApiError, Reply, ResponsesState, check_include, count_tokens, page, with_included

__all__ = ["API_KEY", "INCLUDABLE", "Fault", "Recorded", "Reply", "ResponsesServer", "ResponsesState", "StreamScript"]


@dataclass
class Answer:
    operation: str
    status: int = 200
    body: Any = None  # JSON; None with no events: an empty body
    events: list[Json] | None = None  # a stream of these


class Query:
    """The query string's parameters; repeated ones (include[]) kept in order."""

    def __init__(self, pairs: tuple[tuple[str, str], ...]) -> None:
        self.pairs = pairs
        self.last = dict(pairs)

    def include(self) -> list[str]:
        if "include" in self.last:
            raise ApiError(400, "Unknown parameter: 'include'. Did you mean 'include[]'?", "include")
        values = [value for name, value in self.pairs if name == "include[]"]
        check_include(values)
        return values

    def flag(self, name: str) -> bool:
        value = self.last.get(name, "false")
        if value not in ("true", "false"):
            raise ApiError(400, f"Invalid value for '{name}': expected true or false.", name)
        return value == "true"


class Handler(RecordingHandler):
    server: ResponsesServer

    def handle_api(self) -> None:
        state = self.server.state
        received = self.receive()
        if received is None:
            return
        record, raw_body = received
        if record.headers.get("authorization") != f"Bearer {API_KEY}":
            return self.error(401, "Incorrect API key provided.", "invalid_api_key")
        if raw_body and record.headers.get("content-type") != "application/json":
            return self.error(400, "Bodies must be JSON.")
        if record.body is not None and not isinstance(record.body, dict):
            return self.error(400, "The body must be a JSON object.")
        script = None
        with state.lock:
            try:
                answer = self.route(state, record.segments, Query(record.query), record.body or {})
            except ApiError as problem:
                answer = Answer("", problem.status, error_body(problem.message, problem.param))
            if answer.events is not None and state.streams:
                script = state.streams.popleft()  # an exact stream scripted by the test wins
            sent = answer.events if answer.events is not None else answer.body
            state.replies.append(Reply(answer.operation, answer.status, copy.deepcopy(sent), record))  # as it was then
            chunk_sizes = state.chunk_sizes
        if script is not None:
            return self.send_stream(script)
        if answer.events is not None:
            return self.send_stream(StreamScript(o.encode_sse(answer.events), chunk_sizes=chunk_sizes, close=True))
        if answer.body is None:
            return self.send_empty(answer.status)
        self.send_json(answer.status, answer.body)

    def route(self, state: ResponsesState, segments: tuple[str, ...], query: Query, body: Json) -> Answer:
        method = self.command
        match segments:
            case ("responses",) if method == "POST":
                events = state.create_response(body, stream=body.get("stream") is True)
                if body.get("stream") is True:
                    return Answer("createResponse", events=events)
                return Answer("createResponse", body=state.responses[events[-1]["response"]["id"]])
            case ("responses", "input_tokens") if method == "POST":
                check_include(body.get("include") or [])
                tokens = count_input_tokens(state, body)
                return Answer("Getinputtokencounts", body={"object": "response.input_tokens", "input_tokens": tokens})
            case ("responses", "compact") if method == "POST":
                return Answer("Compactconversation", body=compact(state, body))
            case ("responses", response_id) if method == "GET":
                include = query.include()
                if query.flag("stream"):
                    return Answer("getResponse", events=resumed(state, response_id, query))
                response = state.retrieve_response(response_id)
                return Answer("getResponse", body={**response, "output": [with_included(i, include) for i in response["output"]]})
            case ("responses", response_id) if method == "DELETE":
                state.response(response_id)
                del state.responses[response_id]
                return Answer("deleteResponse")
            case ("responses", response_id, "cancel") if method == "POST":
                return Answer("cancelResponse", body=state.cancel_response(response_id))
            case ("responses", response_id, "input_items") if method == "GET":
                include = query.include()
                state.response(response_id)
                items = [with_included(i, include) for i in state.input_items[response_id]]
                return Answer("listInputItems", body=page(items, query.last))
            case ("conversations",) if method == "POST":
                return Answer("createConversation", body=state.create_conversation(body))
            case ("conversations", conversation_id) if method == "GET":
                return Answer("getConversation", body=state.conversation(conversation_id))
            case ("conversations", conversation_id) if method == "POST":
                conversation = state.conversation(conversation_id)
                if not isinstance(body.get("metadata"), dict):
                    raise ApiError(400, "Missing required parameter: 'metadata'.", "metadata")
                conversation["metadata"] = body["metadata"]
                return Answer("updateConversation", body=conversation)
            case ("conversations", conversation_id) if method == "DELETE":
                state.conversation(conversation_id)
                del state.conversations[conversation_id]  # its items stay, as upstream says
                return Answer("deleteConversation", body={"id": conversation_id, "object": "conversation.deleted", "deleted": True})
            case ("conversations", conversation_id, "items") if method == "POST":
                include = query.include()
                added = [with_included(i, include) for i in state.add_items(conversation_id, body)]
                return Answer("createConversationItems", body=o.page(added, False))
            case ("conversations", conversation_id, "items") if method == "GET":
                include = query.include()
                state.conversation(conversation_id)
                items = [with_included(i, include) for i in state.items[conversation_id]]
                return Answer("listConversationItems", body=page(items, query.last))
            case ("conversations", conversation_id, "items", item_id) if method == "GET":
                include = query.include()
                return Answer("getConversationItem", body=with_included(state.item(conversation_id, item_id), include))
            case ("conversations", conversation_id, "items", item_id) if method == "DELETE":
                item = state.item(conversation_id, item_id)
                state.items[conversation_id].remove(item)
                return Answer("deleteConversationItem", body=state.conversation(conversation_id))
        raise ApiError(404, f"Unknown route: {method} /{'/'.join(segments)}")


def error_body(message: str, param: str | None) -> Json:
    return {"error": {"message": message, "type": "invalid_request_error", "param": param, "code": None}}


def resumed(state: ResponsesState, response_id: str, query: Query) -> list[Json]:
    """The events of a streamed response after `starting_after` (all of them without it)."""
    state.response(response_id)
    if response_id not in state.events:
        raise ApiError(400, "This response was not created with stream=true; it cannot be streamed.", "stream")
    try:
        after = int(query.last.get("starting_after", "-1"))
    except ValueError:
        raise ApiError(400, "Invalid value for 'starting_after': expected an integer.", "starting_after") from None
    return [event for event in state.events[response_id] if event["sequence_number"] > after]


def count_input_tokens(state: ResponsesState, body: Json) -> int:
    items = state.stored_items(body.get("input"))
    if body.get("previous_response_id") is not None:
        previous = state.response(body["previous_response_id"])
        items = state.input_items[previous["id"]] + previous["output"] + items
    return count_tokens(body.get("instructions"), items)


def compact(state: ResponsesState, body: Json) -> Json:
    """The user's messages kept, everything else folded into one encrypted compaction item."""
    if not isinstance(body.get("model"), str):
        raise ApiError(400, "Missing required parameter: 'model'.", "model")
    items = state.stored_items(body.get("input"))
    if body.get("previous_response_id") is not None:
        previous = state.response(body["previous_response_id"])
        items = state.input_items[previous["id"]] + previous["output"] + items
    kept = [item for item in items if item["type"] == "message" and item.get("role") == "user"]
    folded = {"id": state.new_id("cmp"), "type": "compaction", "encrypted_content": "gAAAAABo3xZ2Y29tcGFjdGVkIGNvbnRleHQ="}
    usage = o.usage(count_tokens(body.get("instructions"), items), 12)
    return {"id": state.new_id("resp"), "object": "response.compaction", "created_at": state.tick(), "output": [*kept, folded], "usage": usage}


class ResponsesServer(LocalServer):
    state: ResponsesState

    def __init__(self) -> None:
        super().__init__(Handler, ResponsesState())
