"""Building models by hand (issue 11 items 3, 16 and 25), in both styles (tests/test_styles.py
runs this file against the pydantic one): enum fields given their values as plain
strings, fields that are always sent but may be null defaulting to None, and `to_json()`.
Each is sent to the local server and read back.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import CLIENT
from runs_server import API_KEY, RunsServer

from openai_runs import AsyncClient, Client, DecodeError, models

# item 3 ----------------------------------------------------------------------------------


def test_enum_fields_take_plain_strings_and_hold_the_member(api: RunsServer, client: Client) -> None:
    strategy = models.TruncationStrategy(type="last_messages", last_messages=2)
    assert strategy.type is models.TruncationStrategyType.LAST_MESSAGES
    message = models.CreateMessageRequest(role="user", content="Hello")
    assert message.role is models.CreateMessageRequestRole.USER
    run = client.create_thread_and_run(
        assistant_id="asst_1",
        thread=models.CreateThreadRequest(messages=[message]),
        truncation_strategy=strategy,
    )
    (sent,) = api.state.requests
    assert sent.body["truncation_strategy"] == {"type": "last_messages", "last_messages": 2}
    assert sent.body["thread"] == {"messages": [{"role": "user", "content": "Hello"}]}
    assert run.truncation_strategy == strategy  # the server echoes it; decoded, it is equal
    undeclared = models.TruncationStrategy(type="newest_first")  # type: ignore[arg-type]  # open enums keep it
    assert undeclared.to_dict() == {"type": "newest_first"} and not models.TruncationStrategyType(undeclared.type).is_known


def test_async_enum_fields_take_plain_strings(api: RunsServer, sleeps: list[float]) -> None:
    async def scenario() -> None:
        async with AsyncClient(api_key=API_KEY, base_url=api.base_url) as client:
            await client.create_run("thread_1", assistant_id="asst_1", truncation_strategy=models.TruncationStrategy(type="auto"))

    asyncio.run(scenario())
    assert api.state.requests[0].body["truncation_strategy"] == {"type": "auto"}


SNIPPET = """
from openai_runs import models

a = models.TruncationStrategy(type="last_messages", last_messages=3)
b = models.TruncationStrategy(type=models.TruncationStrategyType.AUTO)
c = models.CreateMessageRequest(role="user", content="Hello")
d = models.Run(
    id="run_1", created_at=1, thread_id="thread_1", assistant_id="asst_1", status="completed",
    model="gpt-4o", tools=[], metadata={}, parallel_tool_calls=True,
)
text: str = d.to_json(indent=2) + a.to_json()
"""


def test_both_spellings_and_a_hand_built_run_pass_mypy_strict(tmp_path: Path) -> None:
    (tmp_path / "snippet.py").write_text(textwrap.dedent(SNIPPET))
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), str(tmp_path / "snippet.py")],
        cwd=CLIENT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout


# item 16 ---------------------------------------------------------------------------------


def hand_built_run() -> models.Run:
    return models.Run(
        id="run_1",
        created_at=1,
        thread_id="thread_1",
        assistant_id="asst_1",
        status="completed",
        model="gpt-4o",
        tools=[],
        metadata={},
        parallel_tool_calls=True,
    )


def test_a_run_built_by_hand_needs_only_its_non_nullable_fields(api: RunsServer, client: Client) -> None:
    run = hand_built_run()
    assert run.last_error is None and run.usage is None and run.completed_at is None
    payload = run.to_dict()
    assert payload["last_error"] is None and payload["status"] == "completed"  # sent as null: decodable
    assert models.Run.from_dict(payload) == run
    # the server's runs decode as before; a payload without a nullable field still fails
    server_run = client.retrieve_run("thread_1", api.state.add_run("thread_1", "asst_1")["id"]).to_dict()
    del server_run["last_error"]
    with pytest.raises(DecodeError, match="last_error"):
        models.Run.from_dict(server_run)


# item 25 ---------------------------------------------------------------------------------


def test_to_json_is_compact_json_of_to_dict_with_an_indent_option(api: RunsServer, client: Client) -> None:
    run_id = api.state.add_run("thread_1", "asst_1", metadata={"note": "café"})["id"]
    run = client.retrieve_run("thread_1", run_id)
    text = run.to_json()
    assert json.loads(text) == run.to_dict()
    assert text == json.dumps(run.to_dict(), separators=(",", ":"), ensure_ascii=False) and "café" in text
    indented = run.to_json(indent=2)
    assert json.loads(indented) == run.to_dict() and indented.startswith('{\n  "id": ')
    assert models.TruncationStrategy(type="auto").to_json() == '{"type":"auto"}'
