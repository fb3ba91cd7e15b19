"""Objects of the Responses and Conversations API as the service sends them, shared by the
local server (tests/responses_server.py) and the transcript generator
(tests/responses_transcripts.py). Each validates against its schema in the upstream
reference document; the fixture tests check that.

Fields the reference does not declare but the service sends (`store` on a response,
`obfuscation` on deltas) are kept: a client must keep what it does not know.
"""

from __future__ import annotations

import copy
import json
from typing import Any

Json = dict[str, Any]

MODEL = "gpt-4.1-2025-04-14"


def response_object(response_id: str, created_at: int, **changes: Any) -> Json:
    """A Response with every field the service sends; CHANGES override them. No `usage` until
    there is some: the reference does not let it be null."""
    response = {
        "id": response_id, "object": "response", "created_at": created_at, "status": "completed",
        "background": False, "completed_at": None, "conversation": None, "error": None,
        "incomplete_details": None, "instructions": None, "max_output_tokens": None, "max_tool_calls": None,
        "model": MODEL, "output": [], "parallel_tool_calls": True, "previous_response_id": None,
        "prompt_cache_key": None, "prompt_cache_retention": None,
        "reasoning": {"effort": None, "summary": None}, "safety_identifier": None, "service_tier": "default",
        "store": True, "temperature": 1.0, "text": {"format": {"type": "text"}, "verbosity": "medium"},
        "tool_choice": "auto", "tools": [], "top_logprobs": 0, "top_p": 1.0, "truncation": "disabled",
        "metadata": {},
    }  # fmt: skip
    response.update(copy.deepcopy(changes))
    return response


def usage(input_tokens: int, output_tokens: int, reasoning: int = 0, cached: int = 0) -> Json:
    return {
        "input_tokens": input_tokens,
        "input_tokens_details": {"cached_tokens": cached, "cache_write_tokens": 0},
        "output_tokens": output_tokens,
        "output_tokens_details": {"reasoning_tokens": reasoning},
        "total_tokens": input_tokens + output_tokens,
    }


# -- content --------------------------------------------------------------------------


def output_text(text: str, annotations: list[Json] | None = None) -> Json:
    return {"type": "output_text", "text": text, "annotations": annotations or [], "logprobs": []}


def input_text(text: str) -> Json:
    return {"type": "input_text", "text": text}


def url_citation(url: str, title: str, start: int, end: int) -> Json:
    return {"type": "url_citation", "url": url, "title": title, "start_index": start, "end_index": end}


def file_citation(file_id: str, filename: str, index: int) -> Json:
    return {"type": "file_citation", "file_id": file_id, "filename": filename, "index": index}


# -- items ----------------------------------------------------------------------------


def message(item_id: str, content: list[Json], status: str = "completed") -> Json:
    """An assistant message, as in a response's output."""
    return {"id": item_id, "type": "message", "status": status, "content": content, "role": "assistant"}


def input_message(item_id: str, text: str, role: str = "user") -> Json:
    """A message as stored: in a response's input items or a conversation."""
    return {"id": item_id, "type": "message", "status": "completed", "role": role, "content": [input_text(text)]}


def reasoning(item_id: str, summary: list[str], content: list[str] | None = None, encrypted: str | None = None) -> Json:
    item: Json = {"id": item_id, "type": "reasoning", "summary": [{"type": "summary_text", "text": s} for s in summary]}
    if content is not None:
        item["content"] = [{"type": "reasoning_text", "text": t} for t in content]
    if encrypted is not None:
        item["encrypted_content"] = encrypted
    return item


def function_call(item_id: str, call_id: str, name: str, arguments: str, status: str = "completed") -> Json:
    return {"id": item_id, "type": "function_call", "status": status, "arguments": arguments, "call_id": call_id, "name": name}


def function_call_output(item_id: str, call_id: str, output: str) -> Json:
    return {"id": item_id, "type": "function_call_output", "status": "completed", "call_id": call_id, "output": output}


def web_search_call(item_id: str, query: str, sources: list[str], status: str = "completed") -> Json:
    action = {"type": "search", "query": query, "queries": [query], "sources": [{"type": "url", "url": u} for u in sources]}
    return {"id": item_id, "type": "web_search_call", "status": status, "action": action}


def file_search_call(item_id: str, queries: list[str], results: list[Json] | None, status: str = "completed") -> Json:
    return {"id": item_id, "type": "file_search_call", "status": status, "queries": queries, "results": results}


def file_search_result(file_id: str, filename: str, score: float, text: str) -> Json:
    return {"file_id": file_id, "filename": filename, "score": score, "text": text, "attributes": {}}


def code_interpreter_call(item_id: str, container_id: str, code: str | None, outputs: list[Json] | None, status: str = "completed") -> Json:
    return {"id": item_id, "type": "code_interpreter_call", "status": status, "code": code, "container_id": container_id, "outputs": outputs}


def image_generation_call(item_id: str, result: str | None, status: str = "completed", **extra: Any) -> Json:
    return {"id": item_id, "type": "image_generation_call", "status": status, "result": result, **extra}


def mcp_list_tools(item_id: str, server_label: str, tools: list[Json], error: str | None = None) -> Json:
    return {"id": item_id, "type": "mcp_list_tools", "server_label": server_label, "tools": tools, "error": error}


def mcp_tool(name: str, description: str, properties: Json, required: list[str]) -> Json:
    schema = {"type": "object", "properties": properties, "required": required, "additionalProperties": False}
    return {"name": name, "description": description, "input_schema": schema, "annotations": {"read_only": True}}


def mcp_call(item_id: str, server_label: str, name: str, arguments: str, status: str = "completed", output: str | None = None, error: Json | None = None) -> Json:
    return {
        "id": item_id, "type": "mcp_call", "status": status, "approval_request_id": None, "arguments": arguments,
        "error": error, "name": name, "output": output, "server_label": server_label,
    }  # fmt: skip


def custom_tool_call(item_id: str, call_id: str, name: str, input: str, status: str | None = None) -> Json:
    """In a response's output the call has no status; as a stored input item it has one."""
    item = {"id": item_id, "type": "custom_tool_call", "call_id": call_id, "name": name, "input": input}
    return item if status is None else {**item, "status": status}


def shell_call(item_id: str, call_id: str, commands: list[str], status: str = "completed") -> Json:
    action = {"commands": commands, "timeout_ms": 120000, "max_output_length": 4096}
    return {"id": item_id, "type": "shell_call", "status": status, "call_id": call_id, "action": action, "environment": {"type": "local"}}


def shell_output(stdout: str, stderr: str = "", exit_code: int = 0) -> Json:
    return {"stdout": stdout, "stderr": stderr, "outcome": {"type": "exit", "exit_code": exit_code}}


def shell_call_output(item_id: str, call_id: str, output: list[Json], status: str = "completed") -> Json:
    return {"id": item_id, "type": "shell_call_output", "status": status, "call_id": call_id, "output": output, "max_output_length": 4096}


# -- conversations and other resources ------------------------------------------------


def conversation(conversation_id: str, created_at: int, metadata: Json | None = None) -> Json:
    return {"id": conversation_id, "object": "conversation", "created_at": created_at, "metadata": metadata or {}}


def page(items: list[Json], has_more: bool) -> Json:
    """A list of items; an empty page names no first or last id (the reference says string, but there is none)."""
    return {
        "object": "list",
        "data": items,
        "first_id": items[0]["id"] if items else None,
        "last_id": items[-1]["id"] if items else None,
        "has_more": has_more,
    }


def output_text_of(response: Json) -> str:
    """All output_text parts of a response's messages, joined: what the SDK's `output_text` gives."""
    return "".join(
        part["text"]
        for item in response["output"]
        if item["type"] == "message"
        for part in item["content"]
        if part["type"] == "output_text"
    )


# -- the wire -------------------------------------------------------------------------


def encode_sse(events: list[Json]) -> bytes:
    """Events as the service streams them: `event:` named by the data's type, compact JSON."""
    return b"".join(
        b"event: %s\ndata: %s\n\n" % (event["type"].encode(), json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode())
        for event in events
    )


def decode_sse(body: bytes) -> list[tuple[str, Json]]:
    """(event name, data) of a transcript in the form `encode_sse` writes (one data line each)."""
    pairs = []
    for block in body.decode().split("\n\n"):
        if block:
            name_line, data_line = block.split("\n")
            assert name_line.startswith("event: ") and data_line.startswith("data: "), block
            pairs.append((name_line[len("event: ") :], json.loads(data_line[len("data: ") :])))
    return pairs
