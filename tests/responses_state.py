"""The memory of the local Responses server (tests/responses_server.py) and what it does
with a request: responses made from their input, stored items, pages of them.

A response's output is made the way a stream would make it (tests/responses_transcripts.py),
so a response created with `stream: true` and one created without end the same. The model
is simple and deterministic: it calls the first function tool it is given, unless the input
already answers a call, and otherwise says `Echo: ` and the last user text.
"""

from __future__ import annotations

import copy
import json
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import responses_objects as o
from http_server_support import Recorded, ServerState
from responses_objects import Json
from responses_transcripts import Transcript

# The `include` values the service knows (IncludeEnum upstream; the fixture tests compare).
INCLUDABLE = (
    "file_search_call.results", "web_search_call.results", "web_search_call.action.sources",
    "message.input_image.image_url", "computer_call_output.output.image_url", "code_interpreter_call.outputs",
    "reasoning.encrypted_content", "message.output_text.logprobs",
)  # fmt: skip
ENCRYPTED = "gAAAAABo3xZ1c2VydmVyLXNpZGUgcmVhc29uaW5nIHN0YXRl"  # what a reasoning item carries when asked to
TERMINAL = ("response.completed", "response.failed", "response.incomplete")


class ApiError(Exception):
    """An error answer: status, message and the parameter at fault."""

    def __init__(self, status: int, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.param = status, message, param


@dataclass(frozen=True)
class Reply:
    """What the server answered, by the upstream operationId: JSON, or the events streamed."""

    operation: str
    status: int
    body: Any
    request: Recorded


class ResponsesState(ServerState):
    """Responses, their input items and streams; conversations and their items; replies."""

    def clear(self) -> None:
        super().clear()
        self.responses: dict[str, Json] = {}
        self.input_items: dict[str, list[Json]] = {}  # response id -> its input items, oldest first
        self.events: dict[str, list[Json]] = {}  # response id -> the stream that made it, for resuming
        self.finals: dict[str, Json] = {}  # background response id -> what it becomes once retrieved enough
        self.conversations: dict[str, Json] = {}
        self.items: dict[str, list[Json]] = {}  # conversation id -> items, oldest first
        self.transcripts: deque[list[Json]] = deque()  # what the next `stream: true` creates play, in order
        self.chunk_sizes: tuple[int, ...] = (65536,)  # how streams of transcripts are cut into chunks
        self.replies: list[Reply] = []
        self.clock = 1_760_100_000

    def play(self, transcript: bytes | Path) -> None:
        """The next created stream plays TRANSCRIPT (SSE as in tests/fixtures/responses)."""
        body = transcript.read_bytes() if isinstance(transcript, Path) else transcript
        with self.lock:
            self.transcripts.append([data for _, data in o.decode_sse(body)])

    def tick(self) -> int:
        self.clock += 1
        return self.clock

    # -- responses ----------------------------------------------------------------------

    def response(self, response_id: str) -> Json:
        if response_id not in self.responses:
            raise ApiError(404, f"Response with id '{response_id}' not found.", "response_id")
        return self.responses[response_id]

    def create_response(self, body: Json, stream: bool) -> list[Json]:
        """Make and store a response; the events of its stream (the last one holds it)."""
        conversation = _conversation_id(body.get("conversation"))
        previous = body.get("previous_response_id")
        if conversation is not None and previous is not None:
            raise ApiError(400, "Mutually exclusive parameters: 'previous_response_id' and 'conversation'.", "conversation")
        if conversation is not None and conversation not in self.conversations:
            raise ApiError(404, f"Conversation with id '{conversation}' not found.", "conversation")
        if previous is not None and previous not in self.responses:
            raise ApiError(400, f"Previous response with id '{previous}' not found.", "previous_response_id")
        check_include(body.get("include") or [])
        inputs = self.stored_items(body.get("input"))
        if stream and self.transcripts:
            events = self.transcripts.popleft()
        else:
            events = self.model(body, inputs, conversation).events
        if not events or events[-1]["type"] not in TERMINAL:
            raise ApiError(500, "A scripted transcript must end with a terminal event.")
        final = copy.deepcopy(events[-1]["response"])  # changed later (cancel, delete) without changing the stream
        response_id = final["id"]
        self.input_items[response_id] = inputs
        if stream:
            self.events[response_id] = events
        if conversation is not None:
            self.items[conversation] += inputs + final["output"]
        if body.get("background") and not stream:
            self.finals[response_id] = final
            self.responses[response_id] = {**final, "status": "queued", "output": [], "completed_at": None}
            self.responses[response_id].pop("usage", None)
        else:
            self.responses[response_id] = final
        return events

    def model(self, body: Json, inputs: list[Json], conversation: str | None) -> Transcript:
        echoed = ("model", "instructions", "max_output_tokens", "metadata", "parallel_tool_calls", "previous_response_id",
                  "reasoning", "temperature", "text", "tool_choice", "tools", "top_p", "truncation", "background", "store")  # fmt: skip
        fields = {k: v for k, v in body.items() if k in echoed and v is not None}
        if conversation is not None:
            fields["conversation"] = {"id": conversation}
        response_id = self.new_id("resp")
        t = Transcript(response_id, self.tick(), response_id=response_id, **fields)
        t.start(queued=bool(body.get("background")))
        functions = [tool for tool in body.get("tools") or [] if tool.get("type") == "function"]
        answered = [item for item in inputs if item.get("type") == "function_call_output"]
        said = last_user_text(inputs)
        if functions and not answered:
            t.function_call(functions[0]["name"], [json.dumps({"input": said})])
        else:
            reply = f"The tool said: {answered[-1]['output']}" if answered else f"Echo: {said or '(nothing)'}"
            words = reply.split(" ")
            t.message([word + " " for word in words[:-1]] + words[-1:])
        t.complete(o.usage(count_tokens(body.get("instructions"), inputs), 5))
        return t

    def retrieve_response(self, response_id: str) -> Json:
        """The response; a background one moves on a step (queued, in progress, done) each time."""
        response = self.response(response_id)
        if response_id in self.finals:
            if response["status"] == "queued":
                response["status"] = "in_progress"
            elif response["status"] == "in_progress":
                response = self.responses[response_id] = self.finals.pop(response_id)
        return response

    def cancel_response(self, response_id: str) -> Json:
        response = self.response(response_id)
        if not response.get("background"):
            raise ApiError(400, "Only responses created with background=true can be cancelled.", "response_id")
        if response["status"] in ("queued", "in_progress"):
            self.finals.pop(response_id, None)
            response["status"] = "cancelled"
        elif response["status"] != "cancelled":
            raise ApiError(400, f"Cannot cancel a response in status '{response['status']}'.", "response_id")
        return response

    def new_id(self, prefix: str) -> str:
        """An id the service might give: prefix and 48 hex digits, from the counter."""
        self.counter += 1
        return f"{prefix}_{self.counter:048x}"

    def stored_items(self, given: Any) -> list[Json]:
        """Input as given (a string or a list of items) as stored items: messages made whole, ids given."""
        if given is None:
            return []
        if isinstance(given, str):
            return [o.input_message(self.new_id("msg"), given)]
        if not isinstance(given, list) or not all(isinstance(item, dict) for item in given):
            raise ApiError(400, "Invalid type for 'input': expected a string or an array of items.", "input")
        return [self.stored_item(item) for item in given]

    def stored_item(self, item: Json) -> Json:
        kind = item.get("type", "message")
        if kind == "item_reference":
            found = [i for items in (*self.input_items.values(), *self.items.values()) for i in items if i["id"] == item.get("id")]
            if not found:
                raise ApiError(404, f"Item with id '{item.get('id')}' not found.", "input")
            return found[0]
        if kind == "message":
            content = item.get("content")
            if isinstance(content, str):
                part = o.output_text(content) if item.get("role") == "assistant" else o.input_text(content)
                content = [part]
            stored = {"id": item.get("id") or self.new_id("msg"), "type": "message", "status": "completed", "role": item.get("role"), "content": content}
            return stored
        prefixes = {"function_call": "fc", "function_call_output": "fco", "custom_tool_call": "ctc", "custom_tool_call_output": "ctco"}
        stored = {**item, "id": item.get("id") or self.new_id(prefixes.get(kind, "item"))}
        if kind in ("function_call_output", "function_call", "custom_tool_call", "custom_tool_call_output"):
            stored.setdefault("status", "completed")
        return stored

    # -- conversations ------------------------------------------------------------------

    def conversation(self, conversation_id: str) -> Json:
        if conversation_id not in self.conversations:
            raise ApiError(404, f"Conversation with id '{conversation_id}' not found.", "conversation_id")
        return self.conversations[conversation_id]

    def create_conversation(self, body: Json) -> Json:
        items = self.stored_items(body.get("items") or [])
        if len(items) > 20:
            raise ApiError(400, "A conversation can be created with at most 20 items.", "items")
        conversation_id = self.new_id("conv")
        self.conversations[conversation_id] = o.conversation(conversation_id, self.tick(), body.get("metadata"))
        self.items[conversation_id] = items
        return self.conversations[conversation_id]

    def add_items(self, conversation_id: str, body: Json) -> list[Json]:
        self.conversation(conversation_id)
        if not isinstance(body.get("items"), list) or not 1 <= len(body["items"]) <= 20:
            raise ApiError(400, "'items' must be an array of 1 to 20 items.", "items")
        added = self.stored_items(body["items"])
        self.items[conversation_id] += added
        return added

    def item(self, conversation_id: str, item_id: str) -> Json:
        self.conversation(conversation_id)
        for item in self.items[conversation_id]:
            if item["id"] == item_id:
                return item
        raise ApiError(404, f"Item with id '{item_id}' not found.", "item_id")


def _conversation_id(given: Any) -> str | None:
    return given.get("id") if isinstance(given, dict) else given


def check_include(values: list[str]) -> None:
    for value in values:
        if value not in INCLUDABLE:
            raise ApiError(400, f"Invalid value for 'include': '{value}'.", "include")


def with_included(item: Json, include: list[str]) -> Json:
    """ITEM as the service shows it given INCLUDE: reasoning carries its encrypted content only when asked."""
    if item["type"] == "reasoning" and "reasoning.encrypted_content" in include:
        return {**item, "encrypted_content": ENCRYPTED}
    return item


def last_user_text(items: list[Json]) -> str:
    for item in reversed(items):
        if item.get("type") == "message" and item.get("role") == "user":
            texts = [part.get("text", "") for part in item["content"] if part.get("type") == "input_text"]
            return " ".join(texts)
    return ""


def count_tokens(instructions: Any, items: list[Json]) -> int:
    """A stand-in for a tokenizer: words of instructions and text parts, plus 3 per item."""
    words = len(instructions.split()) if isinstance(instructions, str) else 0
    for item in items:
        words += 3 + sum(len(str(part.get("text", "")).split()) for part in item.get("content") or [] if isinstance(part, dict))
    return words


def page(items: list[Json], query: dict[str, str]) -> Json:
    """One page of ITEMS (oldest first) by the cursor parameters after, before, limit and order."""
    order = query.get("order", "desc")
    if order not in ("asc", "desc"):
        raise ApiError(400, f"Invalid value for 'order': '{order}'.", "order")
    try:
        limit = int(query.get("limit", "20"))
    except ValueError:
        raise ApiError(400, "Invalid value for 'limit': expected an integer.", "limit") from None
    if not 1 <= limit <= 100:
        raise ApiError(400, "'limit' must be between 1 and 100.", "limit")
    ordered = items if order == "asc" else items[::-1]
    ids = [item["id"] for item in ordered]
    for cursor in ("after", "before"):
        if cursor in query and query[cursor] not in ids:
            raise ApiError(400, f"No item with id '{query[cursor]}' to list {cursor}.", cursor)
    if "after" in query:
        ordered = ordered[ids.index(query["after"]) + 1 :]
    if "before" in query:  # the LIMIT items just before the cursor, in the same order
        kept = [item["id"] for item in ordered]
        ordered = ordered[: kept.index(query["before"])] if query["before"] in kept else []
        return o.page(ordered[-limit:], len(ordered) > limit)
    return o.page(ordered[:limit], len(ordered) > limit)
