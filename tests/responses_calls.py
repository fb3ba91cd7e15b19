"""A battery of calls covering every operation of the Responses and Conversations API, as
data, so that any client can be driven by it: the official SDK now, the generated
`openai_responses` client later, and a differential test can compare what each sent.

Each call names the upstream operation, the SDK's method and the generated client's
(issue 13's public surface), and its arguments as keywords named as upstream names the
parameters. Ids made by earlier calls are `Ref`s, filled from the server's replies (not
from a client's return values), so every client sees the same ids: the server's ids are
deterministic from a reset.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from responses_server import Recorded, Reply, ResponsesServer


@dataclass(frozen=True)
class Ref:
    """The value an earlier call saved under NAME."""

    name: str


@dataclass(frozen=True)
class Call:
    operation: str  # the upstream operationId, as the server records the answer
    sdk: str  # the official SDK's method, from the client: "responses.input_items.list"
    method: str  # the generated client's method
    kwargs: dict[str, Any] = field(default_factory=dict)
    stream: bool = False  # the stream form: SDK `stream=True`; the generated client's `*_stream` method
    all_pages: bool = False  # iterate every item, page after page
    saves: dict[str, str] = field(default_factory=dict)  # name -> dotted path in the server's first reply


WEATHER_TOOL = {
    "type": "function", "name": "get_weather", "description": "Current weather in a city.", "strict": True,
    "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"], "additionalProperties": False},
}  # fmt: skip

CALLS: tuple[Call, ...] = (
    Call("createConversation", "conversations.create", "create_conversation",
         {"items": [{"type": "message", "role": "user", "content": "Plan a day in Lyon."}], "metadata": {"topic": "travel"}},
         saves={"conversation": "id"}),
    Call("updateConversation", "conversations.update", "update_conversation",
         {"conversation_id": Ref("conversation"), "metadata": {"topic": "travel", "city": "Lyon"}}),
    Call("getConversation", "conversations.retrieve", "retrieve_conversation", {"conversation_id": Ref("conversation")}),
    Call("createConversationItems", "conversations.items.create", "create_conversation_items",
         {"conversation_id": Ref("conversation"), "include": ["message.output_text.logprobs"], "items": [
             {"type": "message", "role": "assistant", "content": "Start at Fourvière."},
             {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "And lunch?"}]},
             {"type": "message", "role": "developer", "content": "Answer briefly."}]},
         saves={"item": "data.0.id", "last_item": "last_id"}),
    Call("listConversationItems", "conversations.items.list", "list_conversation_items",
         {"conversation_id": Ref("conversation"), "limit": 2, "order": "asc", "include": ["message.input_image.image_url"]},
         all_pages=True),
    Call("listConversationItems", "conversations.items.list", "list_conversation_items",
         {"conversation_id": Ref("conversation"), "after": Ref("last_item"), "order": "desc"}),
    Call("getConversationItem", "conversations.items.retrieve", "retrieve_conversation_item",
         {"conversation_id": Ref("conversation"), "item_id": Ref("item"), "include": ["code_interpreter_call.outputs", "file_search_call.results"]}),
    Call("createResponse", "responses.create", "create_response",
         {"model": "gpt-4.1", "conversation": Ref("conversation"), "input": "Where should we eat?"}, saves={"in_conversation": "id"}),
    Call("createResponse", "responses.create", "create_response",
         {"model": "o4-mini", "instructions": "Use the tools you have.", "tools": [WEATHER_TOOL], "tool_choice": "auto",
          "input": [{"type": "message", "role": "user", "content": "Weather in Lyon?"}], "include": ["reasoning.encrypted_content"],
          "reasoning": {"effort": "low", "summary": "auto"}, "metadata": {"run": "battery"}, "temperature": 0.2, "store": True},
         saves={"asked": "id", "call_id": "output.0.call_id"}),
    Call("createResponse", "responses.create", "create_response",
         {"model": "o4-mini", "previous_response_id": Ref("asked"), "tools": [WEATHER_TOOL],
          "input": [{"type": "function_call_output", "call_id": Ref("call_id"), "output": '{"celsius": 21}'}],
          "max_output_tokens": 200, "parallel_tool_calls": False, "text": {"format": {"type": "text"}, "verbosity": "low"}},
         saves={"answered": "id"}),
    Call("getResponse", "responses.retrieve", "retrieve_response",
         {"response_id": Ref("asked"), "include": ["reasoning.encrypted_content", "message.output_text.logprobs"]}),
    Call("createResponse", "responses.create", "create_response",
         {"model": "gpt-4.1", "input": [
             {"role": "developer", "content": "Reply in French."},
             {"role": "user", "content": "Good morning"},
             {"role": "assistant", "content": "Bonjour !"},
             {"role": "user", "content": [{"type": "input_text", "text": "And good night?"}]},
             {"role": "user", "content": "Thanks."}]},
         saves={"many_inputs": "id"}),
    Call("listInputItems", "responses.input_items.list", "list_input_items",
         {"response_id": Ref("many_inputs"), "limit": 2, "order": "asc", "include": ["message.input_image.image_url"]},
         all_pages=True, saves={"second_input": "data.1.id"}),
    Call("listInputItems", "responses.input_items.list", "list_input_items",
         {"response_id": Ref("many_inputs"), "after": Ref("second_input"), "limit": 20}),
    Call("Getinputtokencounts", "responses.input_tokens.count", "count_input_tokens",
         {"model": "gpt-4.1", "instructions": "Be brief.", "input": "How many tokens is this sentence?", "tools": [WEATHER_TOOL]}),
    Call("Getinputtokencounts", "responses.input_tokens.count", "count_input_tokens",
         {"model": "gpt-4.1", "previous_response_id": Ref("answered"), "input": [{"role": "user", "content": "And tomorrow?"}]}),
    Call("Compactconversation", "responses.compact", "compact_response",
         {"model": "gpt-4.1", "previous_response_id": Ref("answered"), "input": [{"role": "user", "content": "Summarise so far."}]}),
    Call("createResponse", "responses.create", "create_response",
         {"model": "o3-pro", "input": "Write a long essay.", "background": True}, saves={"background": "id"}),
    Call("getResponse", "responses.retrieve", "retrieve_response", {"response_id": Ref("background")}),
    Call("cancelResponse", "responses.cancel", "cancel_response", {"response_id": Ref("background")}),
    Call("createResponse", "responses.create", "create_response",
         {"model": "gpt-4.1", "input": "Stream a short greeting, please.", "background": True},
         stream=True, saves={"streamed": "-1.response.id"}),
    Call("getResponse", "responses.retrieve", "retrieve_response",
         {"response_id": Ref("streamed"), "starting_after": 3}, stream=True),
    Call("getResponse", "responses.retrieve", "retrieve_response",
         {"response_id": Ref("streamed"), "starting_after": 0, "include": ["message.output_text.logprobs"]}, stream=True),
    Call("deleteResponse", "responses.delete", "delete_response", {"response_id": Ref("in_conversation")}),
    Call("deleteConversationItem", "conversations.items.delete", "delete_conversation_item",
         {"conversation_id": Ref("conversation"), "item_id": Ref("item")}),
    Call("deleteConversation", "conversations.delete", "delete_conversation", {"conversation_id": Ref("conversation")}),
)  # fmt: skip


@dataclass
class Exchange:
    """One call of the battery as played: the requests it made, the server's replies, its result."""

    call: Call
    requests: list[Recorded]
    replies: list[Reply]
    result: Any


def resolve(value: Any, saved: dict[str, Any]) -> Any:
    if isinstance(value, Ref):
        return saved[value.name]
    if isinstance(value, dict):
        return {k: resolve(v, saved) for k, v in value.items()}
    if isinstance(value, list):
        return [resolve(v, saved) for v in value]
    return value


def dig(value: Any, path: str) -> Any:
    for step in path.split("."):
        value = value[int(step)] if isinstance(value, list) else value[step]
    return value


def run_battery(server: ResponsesServer, perform: Callable[[Call, dict[str, Any]], Any], calls: tuple[Call, ...] = CALLS) -> list[Exchange]:
    """Reset SERVER and play CALLS with PERFORM(call, arguments) (which streams and pages as the call says)."""
    server.state.reset()
    saved: dict[str, Any] = {}
    exchanges = []
    for call in calls:
        requests, replies = len(server.state.requests), len(server.state.replies)
        result = perform(call, resolve(call.kwargs, saved))
        with server.state.lock:
            exchange = Exchange(call, server.state.requests[requests:], server.state.replies[replies:], result)
        for name, path in call.saves.items():
            saved[name] = dig(exchange.replies[0].body, path)
        exchanges.append(exchange)
    return exchanges


def perform_with_sdk(client: Any) -> Callable[[Call, dict[str, Any]], Any]:
    """PERFORM for the official SDK's client: streams read to the end, pages all iterated."""

    def perform(call: Call, kwargs: dict[str, Any]) -> Any:
        method = functools.reduce(getattr, call.sdk.split("."), client)
        if call.stream:
            with method(**kwargs, stream=True) as events:
                return list(events)
        result = method(**kwargs)
        return list(result) if call.all_pages else result

    return perform
