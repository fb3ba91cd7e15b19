"""Differential test: our generated client against the official `openai` SDK.

Every case makes the same call through `openai.OpenAI` (`sdk.beta.threads.runs...`) and
through `openai_runs.Client`, each on its own library's `MockTransport` (the SDK uses the
`httpx2` fork, we use `httpx`). Both transports record the request and answer with a
canned, valid payload. The two requests must agree on method, path (decoded and raw),
query (sorted, decoded pairs), JSON body (parsed) and the headers `Authorization`,
`OpenAI-Beta` and `Content-Type` (presence and value).

Where we deliberately differ from the SDK, the case lists the difference in `differs`
as `field: (what the SDK sends, what we send)`, with a comment saying why ours is right,
so the assertion states the difference instead of hiding it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import httpx
import httpx2
import openai
import pytest
from conftest import FIXTURES, sse_events

import openai_runs
from openai_runs import models

# The SDK marks every Assistants API method as deprecated; that is not what we test here.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

API_KEY = "sk-differential"
BASE_URL = "https://api.example.test/v1"
INCLUDE = "step_details.tool_calls[*].file_search.results[*].content"

RUN: dict[str, Any] = json.loads((FIXTURES / "seed_runs.json").read_text())["seed 004 example 2"]
STEP: dict[str, Any] = json.loads(
    next(
        data
        for event, data in sse_events((FIXTURES / "transcript_plain.sse").read_text())
        if event == "thread.run.step.completed"
    )
)


def page(item: dict[str, Any]) -> dict[str, Any]:
    return {"object": "list", "data": [item], "first_id": item["id"], "last_id": item["id"], "has_more": False}


RUN_LIST = page(RUN)
STEP_LIST = page(STEP)

FIELDS = ("method", "path", "raw_path", "query", "body", "authorization", "openai-beta", "content-type")


def summarize(request: httpx.Request | httpx2.Request) -> dict[str, Any]:
    """What the comparison looks at, from an httpx or an httpx2 request."""
    content = request.read()
    return {
        "method": request.method,
        "path": request.url.path,
        "raw_path": request.url.raw_path.split(b"?", 1)[0],
        "query": sorted(parse_qsl(request.url.query.decode("ascii"), keep_blank_values=True)),
        "body": json.loads(content) if content else None,
        "authorization": request.headers.get("authorization"),
        "openai-beta": request.headers.get("openai-beta"),
        "content-type": request.headers.get("content-type"),
    }


def sdk_request(call: Callable[[openai.OpenAI], object], response: dict[str, Any]) -> dict[str, Any]:
    sent: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        sent.append(request)
        return httpx2.Response(200, json=response)

    http = httpx2.Client(transport=httpx2.MockTransport(handler))
    sdk = openai.OpenAI(api_key=API_KEY, base_url=BASE_URL, http_client=http, max_retries=0)
    call(sdk)
    assert len(sent) == 1
    return summarize(sent[0])


def our_request(call: Callable[[openai_runs.Client], object], response: dict[str, Any]) -> dict[str, Any]:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json=response)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with openai_runs.Client(api_key=API_KEY, base_url=BASE_URL, http_client=http, max_retries=0) as client:
        call(client)
    assert len(sent) == 1
    return summarize(sent[0])


@dataclass(frozen=True)
class Case:
    id: str
    sdk: Callable[[openai.OpenAI], object]
    ours: Callable[[openai_runs.Client], object]
    response: dict[str, Any] = field(default_factory=lambda: RUN)
    differs: Mapping[str, tuple[Any, Any]] = field(default_factory=dict)
    """Deliberate differences: field -> (what the SDK sends, what we send)."""
    marks: tuple[Any, ...] = ()


# ---------------------------------------------------------------------------------------
# Argument values, as plain dicts (for the SDK and some of our calls) and as our models.

FUNCTION_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Current weather of a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}, "unit": {"enum": ["c", "f"]}},
            "required": ["city"],
            "additionalProperties": False,
        },
        "strict": True,
    },
}
FILE_SEARCH_TOOL = {
    "type": "file_search",
    "file_search": {"max_num_results": 7, "ranking_options": {"ranker": "auto", "score_threshold": 0.25}},
}
# every nullable argument of create_run, sent as null
ALL_NULL: dict[str, Any] = dict.fromkeys(
    [
        "model", "instructions", "additional_instructions", "additional_messages", "tools", "metadata",
        "temperature", "top_p", "max_prompt_tokens", "max_completion_tokens", "truncation_strategy",
        "tool_choice", "response_format", "reasoning_effort",
    ]
)  # fmt: skip
ALL_TOOLS = [{"type": "code_interpreter"}, FILE_SEARCH_TOOL, FUNCTION_TOOL]
ALL_TOOL_MODELS = [
    models.CodeInterpreterTool(),
    models.FileSearchTool(
        file_search=models.FileSearchToolOptions(
            max_num_results=7,
            ranking_options=models.FileSearchRankingOptions(ranker=models.FileSearchRanker.AUTO, score_threshold=0.25),
        )
    ),
    models.FunctionTool(
        function=models.FunctionDefinition(
            name="get_weather",
            description="Current weather of a city.",
            parameters=FUNCTION_TOOL["function"]["parameters"],  # type: ignore[index]
            strict=True,
        )
    ),
]

MESSAGE_WITH_PARTS = {
    "role": "user",
    "content": [
        {"type": "text", "text": "What is in these?"},
        {"type": "image_file", "image_file": {"file_id": "file-img", "detail": "high"}},
        {"type": "image_url", "image_url": {"url": "https://example.test/cat.png", "detail": "low"}},
    ],
    "attachments": [
        {"file_id": "file-csv", "tools": [{"type": "code_interpreter"}]},
        {"file_id": "file-pdf", "tools": [{"type": "file_search"}, {"type": "code_interpreter"}]},
    ],
    "metadata": {"source": "differential"},
}
MESSAGE_WITH_PARTS_MODEL = models.CreateMessageRequest(
    role=models.CreateMessageRequestRole.USER,
    content=[
        models.MessageRequestContentText(text="What is in these?"),
        models.MessageContentImageFile(image_file=models.ImageFile(file_id="file-img", detail=models.ImageDetail.HIGH)),
        models.MessageContentImageUrl(
            image_url=models.ImageUrl(url="https://example.test/cat.png", detail=models.ImageDetail.LOW)
        ),
    ],
    attachments=[
        models.MessageAttachment(file_id="file-csv", tools=[models.CodeInterpreterTool()]),
        models.MessageAttachment(
            file_id="file-pdf", tools=[models.FileSearchToolTypeOnly(), models.CodeInterpreterTool()]
        ),
    ],
    metadata={"source": "differential"},
)

JSON_SCHEMA_FORMAT = {
    "type": "json_schema",
    "json_schema": {
        "name": "answer",
        "description": "A single answer.",
        "schema": {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]},
        "strict": True,
    },
}
JSON_SCHEMA_FORMAT_MODEL = models.ResponseFormatJsonSchema(
    json_schema=models.JsonSchemaFormat(
        name="answer",
        description="A single answer.",
        schema=JSON_SCHEMA_FORMAT["json_schema"]["schema"],  # type: ignore[index]
        strict=True,
    )
)

THREAD = {
    "messages": [
        {"role": "user", "content": "Hello"},
        {"role": "assistant", "content": "Hi! How can I help?", "metadata": {"turn": "1"}},
        MESSAGE_WITH_PARTS,
    ],
    "tool_resources": {
        "code_interpreter": {"file_ids": ["file-a", "file-b"]},
        "file_search": {"vector_store_ids": ["vs_1"]},
    },
    "metadata": {"project": "x"},
}
THREAD_WITH_VECTOR_STORE_HELPERS = {
    "messages": [{"role": "user", "content": "Search my files"}],
    "tool_resources": {
        "file_search": {
            "vector_stores": [
                {
                    "file_ids": ["file-1", "file-2"],
                    "chunking_strategy": {
                        "type": "static",
                        "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400},
                    },
                    "metadata": {"kind": "docs"},
                }
            ]
        }
    },
}
THREAD_WITH_VECTOR_STORE_HELPERS_MODEL = models.CreateThreadRequest(
    messages=[models.CreateMessageRequest(role=models.CreateMessageRequestRole.USER, content="Search my files")],
    tool_resources=models.CreateThreadToolResources(
        file_search=models.CreateThreadFileSearchResources(
            vector_stores=[
                models.VectorStoreHelper(
                    file_ids=["file-1", "file-2"],
                    chunking_strategy=models.StaticChunkingStrategy(
                        static=models.StaticChunkingConfig(max_chunk_size_tokens=800, chunk_overlap_tokens=400)
                    ),
                    metadata={"kind": "docs"},
                )
            ]
        )
    ),
)
THREAD_WITH_AUTO_CHUNKING = {
    "tool_resources": {
        "file_search": {"vector_stores": [{"file_ids": ["file-3"], "chunking_strategy": {"type": "auto"}}]}
    }
}

TOOL_OUTPUTS = [
    {"tool_call_id": "call_1", "output": "22C and sunny"},
    {"tool_call_id": "call_2", "output": json.dumps({"ok": True, "items": [1, 2]})},
    {"tool_call_id": "call_3", "output": ""},
]
TOOL_OUTPUT_MODELS = [models.ToolOutput(**output) for output in TOOL_OUTPUTS]


def runs(sdk: openai.OpenAI) -> Any:
    return sdk.beta.threads.runs


# A body-less POST: the SDK still sends `Content-Type: application/json` (with an empty
# body), we send no Content-Type. Ours is right: Content-Type describes the content of the
# message (RFC 9110 §8.3) and there is none; the SDK itself drops the header on GETs.
BODYLESS_POST = {"content-type": ("application/json", None)}

CASES: list[Case] = [
    # --- create_run ---------------------------------------------------------------------
    Case(
        "create_run-minimal",
        lambda sdk: runs(sdk).create("thread_1", assistant_id="asst_1"),
        lambda c: c.create_run("thread_1", assistant_id="asst_1"),
    ),
    Case(
        "create_run-scalars",
        lambda sdk: runs(sdk).create(
            "thread_1",
            assistant_id="asst_1",
            model="gpt-4o",
            instructions="Be brief.",
            additional_instructions="Answer in French.",
            metadata={"user": "u1", "empty": ""},
            temperature=0.2,
            top_p=1,
            max_prompt_tokens=2000,
            max_completion_tokens=500,
            parallel_tool_calls=False,
            reasoning_effort="high",
        ),
        lambda c: c.create_run(
            "thread_1",
            assistant_id="asst_1",
            model="gpt-4o",
            instructions="Be brief.",
            additional_instructions="Answer in French.",
            metadata={"user": "u1", "empty": ""},
            temperature=0.2,
            top_p=1,
            max_prompt_tokens=2000,
            max_completion_tokens=500,
            parallel_tool_calls=False,
            reasoning_effort=models.ReasoningEffort.HIGH,
        ),
    ),
    Case(
        "create_run-explicit-nulls",
        lambda sdk: runs(sdk).create("thread_1", assistant_id="asst_1", **ALL_NULL),
        lambda c: c.create_run("thread_1", assistant_id="asst_1", **ALL_NULL),
    ),
    Case(
        "create_run-instructions-and-temperature-null",
        lambda sdk: runs(sdk).create("thread_1", assistant_id="a1", instructions=None, temperature=None),
        lambda c: c.create_run("thread_1", assistant_id="a1", instructions=None, temperature=None),
    ),
    Case(
        "create_run-additional-messages-dicts",
        lambda sdk: runs(sdk).create(
            "thread_1",
            assistant_id="asst_1",
            additional_messages=[{"role": "user", "content": "plain string"}, MESSAGE_WITH_PARTS],
        ),
        lambda c: c.create_run(
            "thread_1",
            assistant_id="asst_1",
            additional_messages=[{"role": "user", "content": "plain string"}, MESSAGE_WITH_PARTS],
        ),
    ),
    Case(
        "create_run-additional-messages-models",
        lambda sdk: runs(sdk).create(
            "thread_1",
            assistant_id="asst_1",
            additional_messages=[
                {"role": "assistant", "content": "plain string", "attachments": None},
                MESSAGE_WITH_PARTS,
            ],
        ),
        lambda c: c.create_run(
            "thread_1",
            assistant_id="asst_1",
            additional_messages=[
                models.CreateMessageRequest(
                    role=models.CreateMessageRequestRole.ASSISTANT, content="plain string", attachments=None
                ),
                MESSAGE_WITH_PARTS_MODEL,
            ],
        ),
    ),
    Case(
        "create_run-tools-dicts",
        lambda sdk: runs(sdk).create("thread_1", assistant_id="asst_1", tools=ALL_TOOLS),
        lambda c: c.create_run("thread_1", assistant_id="asst_1", tools=ALL_TOOLS),
    ),
    Case(
        "create_run-tools-models",
        lambda sdk: runs(sdk).create(
            "thread_1",
            assistant_id="asst_1",
            tools=[{"type": "code_interpreter"}, {"type": "file_search"}, {"type": "function", "function": {"name": "f"}}],
        ),
        lambda c: c.create_run(
            "thread_1",
            assistant_id="asst_1",
            tools=[
                models.CodeInterpreterTool(),
                models.FileSearchTool(),
                models.FunctionTool(function=models.FunctionDefinition(name="f")),
            ],
        ),
    ),
    Case(
        "create_run-tools-models-nested-options",
        lambda sdk: runs(sdk).create("thread_1", assistant_id="asst_1", tools=ALL_TOOLS),
        lambda c: c.create_run("thread_1", assistant_id="asst_1", tools=ALL_TOOL_MODELS),
    ),
    Case(
        "create_run-tool-choice-string-and-truncation",
        lambda sdk: runs(sdk).create(
            "thread_1",
            assistant_id="asst_1",
            tool_choice="required",
            truncation_strategy={"type": "last_messages", "last_messages": 3},
            response_format="auto",
        ),
        lambda c: c.create_run(
            "thread_1",
            assistant_id="asst_1",
            tool_choice="required",
            truncation_strategy={"type": "last_messages", "last_messages": 3},
            response_format="auto",
        ),
    ),
    Case(
        "create_run-tool-choice-and-formats-as-models",
        lambda sdk: runs(sdk).create(
            "thread_1",
            assistant_id="asst_1",
            tool_choice={"type": "function", "function": {"name": "get_weather"}},
            truncation_strategy={"type": "auto", "last_messages": None},
            response_format=JSON_SCHEMA_FORMAT,
        ),
        lambda c: c.create_run(
            "thread_1",
            assistant_id="asst_1",
            tool_choice=models.AssistantNamedToolChoice(
                type=models.AssistantNamedToolChoiceType.FUNCTION,
                function=models.AssistantNamedToolChoiceFunction(name="get_weather"),
            ),
            truncation_strategy=models.TruncationStrategy(type=models.TruncationStrategyType.AUTO, last_messages=None),
            response_format=JSON_SCHEMA_FORMAT_MODEL,
        ),
    ),
    Case(
        "create_run-tool-choice-object-dict-and-json-schema-dict",
        lambda sdk: runs(sdk).create(
            "thread_1",
            assistant_id="asst_1",
            tool_choice={"type": "file_search"},
            response_format=JSON_SCHEMA_FORMAT,
        ),
        lambda c: c.create_run(
            "thread_1",
            assistant_id="asst_1",
            tool_choice={"type": "file_search"},
            response_format=JSON_SCHEMA_FORMAT,
        ),
    ),
    Case(
        "create_run-enum-members-and-json-object-format",
        lambda sdk: runs(sdk).create(
            "thread_1", assistant_id="asst_1", tool_choice="none", response_format={"type": "json_object"}
        ),
        lambda c: c.create_run(
            "thread_1",
            assistant_id="asst_1",
            tool_choice=models.ToolChoiceMode.NONE,
            response_format=models.ResponseFormatJsonObject(),
        ),
    ),
    Case(
        "create_run-include",
        lambda sdk: runs(sdk).create("thread_1", assistant_id="asst_1", include=[INCLUDE]),
        lambda c: c.create_run(
            "thread_1",
            assistant_id="asst_1",
            include=[models.RunStepInclude.STEP_DETAILS_TOOL_CALLS_FILE_SEARCH_RESULTS_CONTENT],
        ),
    ),
    Case(
        "create_run-escape-hatches",
        lambda sdk: runs(sdk).create(
            "thread_1",
            assistant_id="asst_1",
            model="gpt-4o",
            include=[INCLUDE],
            extra_headers={"X-Trace": "t1", "OpenAI-Beta": "assistants=v2,experimental=1"},
            extra_query={"debug": "1", "flag": True, "tags": ["a", "b"], "dropped": None},
            extra_body={"model": "gpt-4.1", "future_flag": True, "nested": {"k": [1, None]}},
        ),
        lambda c: c.create_run(
            "thread_1",
            assistant_id="asst_1",
            model="gpt-4o",
            include=[INCLUDE],
            extra_headers={"X-Trace": "t1", "OpenAI-Beta": "assistants=v2,experimental=1"},
            extra_query={"debug": "1", "flag": True, "tags": ["a", "b"], "dropped": None},
            extra_body={"model": "gpt-4.1", "future_flag": True, "nested": {"k": [1, None]}},
        ),
    ),
    Case(
        # A `Sequence` argument given as a tuple of our models: the SDK accepts any
        # iterable; ours takes any sequence, models inside included.
        "create_run-tools-tuple-of-models",
        lambda sdk: runs(sdk).create(
            "thread_1", assistant_id="asst_1", tools=({"type": "code_interpreter"}, {"type": "file_search"})
        ),
        lambda c: c.create_run(
            "thread_1", assistant_id="asst_1", tools=(models.CodeInterpreterTool(), models.FileSearchTool())
        ),
    ),
    # --- create_thread_and_run ----------------------------------------------------------
    Case(
        "create_thread_and_run-minimal",
        lambda sdk: sdk.beta.threads.create_and_run(assistant_id="asst_1"),
        lambda c: c.create_thread_and_run(assistant_id="asst_1"),
    ),
    Case(
        "create_thread_and_run-thread-messages-and-tool-resources",
        lambda sdk: sdk.beta.threads.create_and_run(
            assistant_id="asst_1",
            thread=THREAD,
            model="gpt-4o",
            instructions=None,
            tools=ALL_TOOLS,
            tool_resources={"code_interpreter": {"file_ids": ["file-x"]}, "file_search": {"vector_store_ids": ["vs_9"]}},
            metadata={"a": "b"},
            temperature=0.7,
            top_p=None,
            max_prompt_tokens=100,
            max_completion_tokens=50,
            truncation_strategy={"type": "last_messages", "last_messages": 10},
            tool_choice={"type": "code_interpreter"},
            parallel_tool_calls=True,
            response_format={"type": "text"},
        ),
        lambda c: c.create_thread_and_run(
            assistant_id="asst_1",
            thread=THREAD,
            model="gpt-4o",
            instructions=None,
            tools=ALL_TOOLS,
            tool_resources={"code_interpreter": {"file_ids": ["file-x"]}, "file_search": {"vector_store_ids": ["vs_9"]}},
            metadata={"a": "b"},
            temperature=0.7,
            top_p=None,
            max_prompt_tokens=100,
            max_completion_tokens=50,
            truncation_strategy={"type": "last_messages", "last_messages": 10},
            tool_choice={"type": "code_interpreter"},
            parallel_tool_calls=True,
            response_format={"type": "text"},
        ),
    ),
    Case(
        "create_thread_and_run-vector-store-helpers-models",
        lambda sdk: sdk.beta.threads.create_and_run(
            assistant_id="asst_1",
            thread=THREAD_WITH_VECTOR_STORE_HELPERS,
            tool_resources={"file_search": {"vector_store_ids": ["vs_2"]}},
            tools=[{"type": "file_search"}],
        ),
        lambda c: c.create_thread_and_run(
            assistant_id="asst_1",
            thread=THREAD_WITH_VECTOR_STORE_HELPERS_MODEL,
            tool_resources=models.ToolResources(file_search=models.FileSearchResources(vector_store_ids=["vs_2"])),
            tools=[models.FileSearchTool()],
        ),
    ),
    Case(
        "create_thread_and_run-auto-chunking-and-null-tool-resources",
        lambda sdk: sdk.beta.threads.create_and_run(
            assistant_id="asst_1", thread=THREAD_WITH_AUTO_CHUNKING, tool_resources=None, metadata=None
        ),
        lambda c: c.create_thread_and_run(
            assistant_id="asst_1", thread=THREAD_WITH_AUTO_CHUNKING, tool_resources=None, metadata=None
        ),
    ),
    # --- list_runs ----------------------------------------------------------------------
    Case(
        "list_runs-minimal",
        lambda sdk: runs(sdk).list("thread_1"),
        lambda c: c.list_runs("thread_1"),
        response=RUN_LIST,
    ),
    Case(
        "list_runs-all-params",
        lambda sdk: runs(sdk).list("thread_1", limit=5, order="asc", after="run_a", before="run_b"),
        lambda c: c.list_runs("thread_1", limit=5, order=models.ListRunsOrder.ASC, after="run_a", before="run_b"),
        response=RUN_LIST,
    ),
    Case(
        "list_runs-escape-hatches",
        lambda sdk: runs(sdk).list(
            "thread_1", limit=100, order="desc", extra_query={"limit": 3, "x": "y z&=?"}, extra_headers={"X-A": "1"}
        ),
        lambda c: c.list_runs(
            "thread_1", limit=100, order="desc", extra_query={"limit": 3, "x": "y z&=?"}, extra_headers={"X-A": "1"}
        ),
        response=RUN_LIST,
    ),
    # --- retrieve_run -------------------------------------------------------------------
    Case(
        "retrieve_run",
        lambda sdk: runs(sdk).retrieve("run_1", thread_id="thread_1"),
        lambda c: c.retrieve_run("thread_1", "run_1"),
    ),
    Case(
        "retrieve_run-hostile-ids",
        lambda sdk: runs(sdk).retrieve("a b?c#d", thread_id="thread/../x"),
        lambda c: c.retrieve_run("thread/../x", "a b?c#d"),
    ),
    Case(
        "retrieve_run-unicode-and-percent-ids",
        lambda sdk: runs(sdk).retrieve("%2F%2E%2E", thread_id="thé-~_.x"),
        lambda c: c.retrieve_run("thé-~_.x", "%2F%2E%2E"),
    ),
    Case(
        "retrieve_run-sub-delims-in-ids",
        lambda sdk: runs(sdk).retrieve("r:1@x", thread_id="t!$&'()*+,;="),
        lambda c: c.retrieve_run("t!$&'()*+,;=", "r:1@x"),
        # The SDK leaves RFC 3986 `pchar` characters (sub-delims, ':' and '@') bare in a
        # path segment; we percent-escape everything except unreserved characters. Both
        # decode to the same path; ours is right for an opaque id: an escaped octet is
        # always data, never a delimiter that a server, proxy or framework may give a
        # meaning to (';' matrix parameters, '=' / ',' in routing, '@' / ':' in logs).
        differs={
            "raw_path": (
                b"/v1/threads/t!$&'()*+,;=/runs/r:1@x",
                b"/v1/threads/t%21%24%26%27%28%29%2A%2B%2C%3B%3D/runs/r%3A1%40x",
            )
        },
    ),
    Case(
        # An explicit `extra_body` on a GET: both drop it and send no Content-Type.
        # RFC 9110 §9.3.1: a client SHOULD NOT generate content in a GET request.
        "retrieve_run-extra-body-on-get",
        lambda sdk: runs(sdk).retrieve("run_1", thread_id="thread_1", extra_body={"x": 1}),
        lambda c: c.retrieve_run("thread_1", "run_1", extra_body={"x": 1}),
    ),
    Case(
        # A nested object in `extra_query`: both encode it in brackets form
        # (`filter[status]=queued`), the same form used for arrays.
        "retrieve_run-nested-extra-query",
        lambda sdk: runs(sdk).retrieve("run_1", thread_id="thread_1", extra_query={"filter": {"status": "queued"}}),
        lambda c: c.retrieve_run("thread_1", "run_1", extra_query={"filter": {"status": "queued"}}),
    ),
    # --- modify_run ---------------------------------------------------------------------
    Case(
        "modify_run-metadata",
        lambda sdk: runs(sdk).update("run_1", thread_id="thread_1", metadata={"k": "v", "k2": "v2"}),
        lambda c: c.modify_run("thread_1", "run_1", metadata={"k": "v", "k2": "v2"}),
    ),
    Case(
        "modify_run-no-args-sends-empty-object",
        lambda sdk: runs(sdk).update("run_1", thread_id="thread_1"),
        lambda c: c.modify_run("thread_1", "run_1"),
    ),
    Case(
        "modify_run-metadata-null-and-extra-body",
        lambda sdk: runs(sdk).update("run_1", thread_id="thread_1", metadata=None, extra_body={"note": "x"}),
        lambda c: c.modify_run("thread_1", "run_1", metadata=None, extra_body={"note": "x"}),
    ),
    # --- cancel_run ---------------------------------------------------------------------
    Case(
        "cancel_run",
        lambda sdk: runs(sdk).cancel("run_1", thread_id="thread_1"),
        lambda c: c.cancel_run("thread_1", "run_1"),
        differs=BODYLESS_POST,
    ),
    Case(
        "cancel_run-hostile-ids",
        lambda sdk: runs(sdk).cancel("a b?c#d", thread_id="thread/../x"),
        lambda c: c.cancel_run("thread/../x", "a b?c#d"),
        differs=BODYLESS_POST,
    ),
    Case(
        # With an extra_body there is content, and both send Content-Type.
        "cancel_run-extra-body",
        lambda sdk: runs(sdk).cancel(
            "run_1", thread_id="thread_1", extra_body={"reason": "user"}, extra_query={"q": "1"}
        ),
        lambda c: c.cancel_run("thread_1", "run_1", extra_body={"reason": "user"}, extra_query={"q": "1"}),
    ),
    # --- submit_tool_outputs ------------------------------------------------------------
    Case(
        "submit_tool_outputs-dicts",
        lambda sdk: runs(sdk).submit_tool_outputs("run_1", thread_id="thread_1", tool_outputs=TOOL_OUTPUTS),
        lambda c: c.submit_tool_outputs("thread_1", "run_1", tool_outputs=TOOL_OUTPUTS),
    ),
    Case(
        "submit_tool_outputs-models",
        lambda sdk: runs(sdk).submit_tool_outputs("run_1", thread_id="thread_1", tool_outputs=TOOL_OUTPUTS),
        lambda c: c.submit_tool_outputs("thread_1", "run_1", tool_outputs=TOOL_OUTPUT_MODELS),
    ),
    Case(
        "submit_tool_outputs-partial-outputs-and-hostile-ids",
        lambda sdk: runs(sdk).submit_tool_outputs(
            "r/1", thread_id="t?1", tool_outputs=[{"tool_call_id": "call_1"}, {"output": "orphan"}]
        ),
        lambda c: c.submit_tool_outputs(
            "t?1", "r/1", tool_outputs=[models.ToolOutput(tool_call_id="call_1"), {"output": "orphan"}]
        ),
    ),
    # --- list_run_steps -----------------------------------------------------------------
    Case(
        "list_run_steps-minimal",
        lambda sdk: runs(sdk).steps.list("run_1", thread_id="thread_1"),
        lambda c: c.list_run_steps("thread_1", "run_1"),
        response=STEP_LIST,
    ),
    Case(
        "list_run_steps-all-params",
        lambda sdk: runs(sdk).steps.list(
            "run_1", thread_id="thread_1", limit=1, order="desc", after="step_a", before="step_b", include=[INCLUDE]
        ),
        lambda c: c.list_run_steps(
            "thread_1",
            "run_1",
            limit=1,
            order=models.ListRunStepsOrder.DESC,
            after="step_a",
            before="step_b",
            include=[INCLUDE],
        ),
        response=STEP_LIST,
    ),
    Case(
        "list_run_steps-include-twice-and-empty-extra-list",
        lambda sdk: runs(sdk).steps.list(
            "run_1", thread_id="thread_1", include=[INCLUDE, INCLUDE], extra_query={"extra": []}
        ),
        lambda c: c.list_run_steps("thread_1", "run_1", include=(INCLUDE, INCLUDE), extra_query={"extra": []}),
        response=STEP_LIST,
    ),
    # --- retrieve_run_step --------------------------------------------------------------
    Case(
        "retrieve_run_step",
        lambda sdk: runs(sdk).steps.retrieve("step_1", thread_id="thread_1", run_id="run_1"),
        lambda c: c.retrieve_run_step("thread_1", "run_1", "step_1"),
        response=STEP,
    ),
    Case(
        "retrieve_run_step-include",
        lambda sdk: runs(sdk).steps.retrieve("step_1", thread_id="thread_1", run_id="run_1", include=[INCLUDE]),
        lambda c: c.retrieve_run_step(
            "thread_1",
            "run_1",
            "step_1",
            include=[models.RunStepInclude.STEP_DETAILS_TOOL_CALLS_FILE_SEARCH_RESULTS_CONTENT],
        ),
        response=STEP,
    ),
    Case(
        "retrieve_run_step-hostile-ids-and-escape-hatches",
        lambda sdk: runs(sdk).steps.retrieve(
            "step 1#frag",
            thread_id="thread/../x",
            run_id="a b?c#d",
            extra_headers={"OpenAI-Beta": "assistants=v9"},
            extra_query={"include": ["other"]},
        ),
        lambda c: c.retrieve_run_step(
            "thread/../x",
            "a b?c#d",
            "step 1#frag",
            extra_headers={"OpenAI-Beta": "assistants=v9"},
            extra_query={"include": ["other"]},
        ),
        response=STEP,
    ),
]


def _params() -> list[Any]:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    return [pytest.param(case, id=case.id, marks=case.marks) for case in CASES]


@pytest.mark.parametrize("case", _params())
def test_same_request_as_the_official_sdk(case: Case) -> None:
    theirs = sdk_request(case.sdk, case.response)
    ours = our_request(case.ours, case.response)
    assert set(case.differs) <= set(FIELDS)
    # Each stated difference must hold exactly as stated on both sides...
    for name, (sdk_value, our_value) in case.differs.items():
        assert (theirs[name], ours[name]) == (sdk_value, our_value), name
    # ...and everything else must be identical.
    expected = {**theirs, **{name: our_value for name, (_, our_value) in case.differs.items()}}
    assert ours == expected


def test_the_table_covers_every_operation() -> None:
    operations = {case.id.split("-")[0] for case in CASES}
    assert operations == {
        "create_run",
        "create_thread_and_run",
        "list_runs",
        "retrieve_run",
        "modify_run",
        "cancel_run",
        "submit_tool_outputs",
        "list_run_steps",
        "retrieve_run_step",
    }
    assert len(CASES) >= 25


# ---------------------------------------------------------------------------------------
# Ids that are dot-segments. Both refuse `.` and `..` before sending anything: escaped
# or not they stay dot-segments (RFC 3986 6.2.2.2 lets normalizers decode `%2E`), and a
# normalizing proxy would resolve `/threads/t/runs/..` to `/threads/t`.


def _sdk_dot_segment_call(sdk: openai.OpenAI, value: str) -> object:
    return runs(sdk).retrieve(value, thread_id="thread_1")


@pytest.mark.parametrize("value", [".", ".."])
def test_the_sdk_refuses_dot_segment_ids_without_sending(value: str) -> None:
    sent: list[httpx2.Request] = []
    http = httpx2.Client(transport=httpx2.MockTransport(lambda r: sent.append(r) or httpx2.Response(200, json=RUN)))
    sdk = openai.OpenAI(api_key=API_KEY, base_url=BASE_URL, http_client=http, max_retries=0)
    with pytest.raises(ValueError, match="dot-segment"):
        _sdk_dot_segment_call(sdk, value)
    assert sent == []


@pytest.mark.parametrize("value", [".", ".."])
def test_we_refuse_dot_segment_ids_without_sending(value: str) -> None:
    sent: list[httpx.Request] = []
    http = httpx.Client(transport=httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(200, json=RUN)))
    with openai_runs.Client(api_key=API_KEY, base_url=BASE_URL, http_client=http, max_retries=0) as client:
        with pytest.raises(ValueError):
            client.retrieve_run("thread_1", value)
    assert sent == []


@pytest.mark.parametrize("which", ["thread_id", "run_id"])
def test_both_refuse_an_empty_id_without_sending(which: str) -> None:
    ids = {"thread_id": "thread_1", "run_id": "run_1", which: ""}
    sent: list[object] = []
    http2 = httpx2.Client(transport=httpx2.MockTransport(lambda r: sent.append(r) or httpx2.Response(200, json=RUN)))
    sdk = openai.OpenAI(api_key=API_KEY, base_url=BASE_URL, http_client=http2, max_retries=0)
    with pytest.raises(ValueError, match=f"`{which}`"):
        runs(sdk).cancel(ids["run_id"], thread_id=ids["thread_id"])
    http = httpx.Client(transport=httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(200, json=RUN)))
    with openai_runs.Client(api_key=API_KEY, base_url=BASE_URL, http_client=http, max_retries=0) as client:
        with pytest.raises(ValueError, match=f"`{which}`"):
            client.cancel_run(ids["thread_id"], ids["run_id"])
    assert sent == []
