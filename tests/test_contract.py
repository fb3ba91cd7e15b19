"""Contract tests: the generated client against Stoplight Prism mocking
generated/runs/openapi.yaml. Prism answers 422 to a request that breaks the contract, so
every call below that returns a decoded model was accepted as the document describes.

`make test` installs Prism (package.json) before running the suite.
"""

from __future__ import annotations

import asyncio
import socket
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from conftest import GENERATED, ROOT

import openai_runs
from openai_runs import AsyncClient, Client, models

PRISM = ROOT / "node_modules" / ".bin" / "prism"
INCLUDE = "step_details.tool_calls[*].file_search.results[*].content"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def prism() -> Iterator[str]:
    if not PRISM.exists():
        pytest.fail("Prism is not installed: run `make test`, which installs it from package.json")
    port = free_port()
    process = subprocess.Popen(
        [str(PRISM), "mock", str(GENERATED / "openapi.yaml"), "-h", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(f"{base_url}/threads/t/runs/r", timeout=1)
                break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"Prism did not start: {process.stdout.read() if process.stdout else ''}") from None
                time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=10)


RICH_CREATE: dict[str, Any] = {
    "assistant_id": "asst_1",
    "model": "gpt-4o",
    "reasoning_effort": "low",
    "instructions": None,
    "additional_instructions": "Be brief.",
    "additional_messages": [
        models.CreateMessageRequest(role=models.CreateMessageRequestRole.USER, content="Hello"),
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "Look"},
                {"type": "image_url", "image_url": {"url": "https://example.invalid/a.png", "detail": "low"}},
                {"type": "image_file", "image_file": {"file_id": "file_1"}},
            ],
            "attachments": [{"file_id": "file_2", "tools": [{"type": "code_interpreter"}, {"type": "file_search"}]}],
            "metadata": {"k": "v"},
        },
    ],
    "tools": [
        models.CodeInterpreterTool(),
        {"type": "file_search", "file_search": {"max_num_results": 5, "ranking_options": {"ranker": "auto", "score_threshold": 0.5}}},
        models.FunctionTool(
            function=models.FunctionDefinition(
                name="weather", description="Weather for a city", parameters={"type": "object"}, strict=True
            )
        ),
    ],
    "metadata": {"purpose": "contract"},
    "temperature": 0.5,
    "top_p": 0.9,
    "max_prompt_tokens": 1000,
    "max_completion_tokens": 500,
    "truncation_strategy": {"type": "last_messages", "last_messages": 4},
    "tool_choice": {"type": "function", "function": {"name": "weather"}},
    "parallel_tool_calls": False,
    "response_format": {"type": "json_schema", "json_schema": {"name": "answer", "schema": {"type": "object"}, "strict": True}},
    "include": [INCLUDE],
}


def test_every_operation_is_accepted_sync(prism: str) -> None:
    sent: list[httpx.Request] = []
    http = httpx.Client(event_hooks={"request": [sent.append]})
    with Client(api_key="sk-contract", base_url=prism, http_client=http, max_retries=0) as client:
        assert isinstance(client.create_run("thread_1", **RICH_CREATE), models.Run)
        assert isinstance(client.create_run("thread_1", assistant_id="a", response_format="auto", tool_choice="required"), models.Run)
        thread = {
            "messages": [{"role": "user", "content": "Hi"}],
            "tool_resources": {"code_interpreter": {"file_ids": ["file_1"]},
                               "file_search": {"vector_stores": [{"file_ids": ["file_2"], "chunking_strategy": {
                                   "type": "static", "static": {"max_chunk_size_tokens": 800, "chunk_overlap_tokens": 400}}}]}},
            "metadata": {"a": "b"},
        }  # fmt: skip
        assert isinstance(
            client.create_thread_and_run(
                assistant_id="asst_1", thread=thread, tool_resources={"file_search": {"vector_store_ids": ["vs_1"]}}, tools=[{"type": "code_interpreter"}]
            ),
            models.Run,
        )
        page = client.list_runs("thread_1", limit=5, order="asc", after="run_0", before="run_9")
        assert all(isinstance(run, models.Run) for run in page.data)
        assert isinstance(client.retrieve_run("thread_1", "run_1"), models.Run)
        assert isinstance(client.modify_run("thread_1", "run_1", metadata={"k": "v"}), models.Run)
        assert isinstance(client.cancel_run("thread_1", "run_1"), models.Run)
        outputs = [models.ToolOutput(tool_call_id="call_1", output="42"), {"tool_call_id": "call_2", "output": "7"}]
        assert isinstance(client.submit_tool_outputs("thread_1", "run_1", tool_outputs=outputs), models.Run)
        steps = client.list_run_steps("thread_1", "run_1", limit=3, order="desc", include=[INCLUDE])
        assert all(isinstance(step, models.RunStep) for step in steps.data)
        assert isinstance(client.retrieve_run_step("thread_1", "run_1", "step_1", include=[INCLUDE]), models.RunStep)
    # Prism does not validate query parameters named with brackets: check them directly
    with_include = [r for r in sent if "include" in str(r.url)]
    assert len(with_include) == 3
    assert all(r.url.params.get_list("include[]") == [INCLUDE] for r in with_include)


def test_every_operation_is_accepted_async(prism: str) -> None:
    async def scenario() -> None:
        async with AsyncClient(api_key="sk-contract", base_url=prism, max_retries=0) as client:
            assert isinstance(await client.create_run("thread_1", **RICH_CREATE), models.Run)
            assert isinstance(await client.create_thread_and_run(assistant_id="asst_1"), models.Run)
            assert isinstance(await client.list_runs("thread_1", limit=2), openai_runs.AsyncPage)
            assert isinstance(await client.retrieve_run("thread_1", "run_1"), models.Run)
            assert isinstance(await client.modify_run("thread_1", "run_1", metadata=None), models.Run)
            assert isinstance(await client.cancel_run("thread_1", "run_1"), models.Run)
            assert isinstance(await client.submit_tool_outputs("thread_1", "run_1", tool_outputs=[{"tool_call_id": "c"}]), models.Run)
            assert isinstance(await client.list_run_steps("thread_1", "run_1", include=[INCLUDE]), openai_runs.AsyncPage)
            assert isinstance(await client.retrieve_run_step("thread_1", "run_1", "step_1"), models.RunStep)

    asyncio.run(scenario())


def test_prism_rejects_what_breaks_the_contract(prism: str) -> None:
    """The check has teeth: an unknown member in a closed body is a 422."""
    with Client(api_key="sk-contract", base_url=prism, max_retries=0) as client:
        with pytest.raises(openai_runs.UnprocessableEntityError):
            client.create_run("thread_1", assistant_id="asst_1", extra_body={"not_a_field": 1})
        with pytest.raises(openai_runs.UnprocessableEntityError):
            client.create_run("thread_1", assistant_id="asst_1", temperature=7)  # maximum is 2
