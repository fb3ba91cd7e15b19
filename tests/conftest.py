"""Shared fixtures: the repository layout, the generated package on sys.path, the local
runs server with clients of it, the local Responses server and the generated Responses
client (tests/responses_support.py).

RUNS_CODEGEN_CLIENT names another folder holding an `openai_runs` package to test instead
of generated/runs/: tests/test_styles.py runs the request and streaming tests that way
against the python-pydantic style."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated" / "runs"
"""The runs API's output: openai_runs/ and openapi.yaml (pyproject.toml's first API)."""
RESPONSES = ROOT / "generated" / "responses"
"""The Responses API's output: openai_responses/ and openapi.yaml."""
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CLIENT = Path(os.environ.get("RUNS_CODEGEN_CLIENT") or GENERATED)
"""The folder whose `openai_runs` package the client tests import."""

if str(CLIENT) not in sys.path:
    sys.path.insert(0, str(CLIENT))

from responses_server import ResponsesServer  # noqa: E402
from responses_support import openai_responses, responses_client_path  # noqa: E402,F401  (fixtures)
from runs_server import API_KEY, RunsServer  # noqa: E402

from openai_runs import Client, _base_client  # noqa: E402


def codegen(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m generator ARGS` as a user runs it, from `cwd`, with `env` added."""
    return subprocess.run(
        [sys.executable, "-m", "generator", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def server() -> Iterator[RunsServer]:
    """The local runs API on 127.0.0.1 (tests/runs_server.py), shared by the suite."""
    with RunsServer() as running:
        yield running


@pytest.fixture
def api(server: RunsServer) -> RunsServer:
    """The server with its state, faults and scripts cleared for one test."""
    server.state.reset()
    return server


@pytest.fixture(scope="session")
def responses_server() -> Iterator[ResponsesServer]:
    """The local Responses and Conversations API on 127.0.0.1 (tests/responses_server.py)."""
    with ResponsesServer() as running:
        yield running


@pytest.fixture
def responses_api(responses_server: ResponsesServer) -> ResponsesServer:
    """The Responses server with its state, faults and scripts cleared for one test."""
    responses_server.state.reset()
    return responses_server


@pytest.fixture
def sleeps(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Retries and polls sleep through this list instead of the clock."""
    recorded: list[float] = []

    async def fake_async_sleep(seconds: float) -> None:
        recorded.append(seconds)

    monkeypatch.setattr(_base_client, "_sleep", recorded.append)
    monkeypatch.setattr(_base_client, "_async_sleep", fake_async_sleep)
    return recorded


@pytest.fixture
def client(api: RunsServer, sleeps: list[float]) -> Iterator[Client]:
    """A sync client of the local server, with sleeping mocked."""
    with Client(api_key=API_KEY, base_url=api.base_url) as running:
        yield running


def sse_events(text: str) -> list[tuple[str, str]]:
    """(event, data) pairs of a simple, well-formed SSE transcript (one data line each)."""
    events = []
    for block in text.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "event" in fields:
            events.append((fields["event"], fields.get("data", "")))
    return events
