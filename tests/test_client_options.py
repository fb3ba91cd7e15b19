"""How a client is configured, against the local server (issue 11 items 2, 4, 15, 20, 22
and 23): headers merged without case, a caller's http_client and its timeout, options
from the environment, `copy` / `with_options` and `default_query`, the private request
machinery, `next()` on streams, async list calls without `await`, and debug logging
that never shows the key. Sync and async where both exist.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from conftest import CLIENT, ROOT
from runs_server import API_KEY, Fault, RunsServer, StreamScript, run_object

import openai_runs
from openai_runs import AsyncClient, Client, ResponseLimits, ResponseTooLargeError, events


def make_run(api: RunsServer, thread_id: str = "thread_1") -> str:
    with api.state.lock:
        return str(api.state.add_run(thread_id, "asst_1")["id"])


def named(request: Any, name: str) -> list[str]:
    """Every value the server received for header `name`, however it was spelled."""
    return [value for key, value in request.header_list if key.lower() == name.lower()]


def async_client(api: RunsServer, **options: Any) -> AsyncClient:
    return AsyncClient(api_key=API_KEY, base_url=api.base_url, **options)


# -- item 2: headers that differ only in case are sent once ------------------------------


def test_headers_differing_in_case_are_sent_once_the_later_layer_winning(api: RunsServer, sleeps: list[float]) -> None:
    with Client(api_key=API_KEY, base_url=api.base_url, default_headers={"openai-beta": "assistants=v2", "x-layer": "default"}) as client:
        client.retrieve_run("thread_1", make_run(api), extra_headers={"authorization": f"Bearer {API_KEY}", "X-LAYER": "call"})
    (sent,) = api.state.requests
    assert named(sent, "OpenAI-Beta") == ["assistants=v2"]
    assert named(sent, "Authorization") == [f"Bearer {API_KEY}"]
    assert named(sent, "x-layer") == ["call"]
    assert [key for key, _ in sent.header_list if key.lower() == "x-layer"] == ["X-LAYER"]  # the later spelling


def test_async_headers_differing_in_case_are_sent_once(api: RunsServer, sleeps: list[float]) -> None:
    run_id = make_run(api)

    async def scenario() -> None:
        async with async_client(api, default_headers={"OPENAI-BETA": "assistants=v2", "user-agent": "mine/1"}) as client:
            await client.retrieve_run("thread_1", run_id, extra_headers={"AUTHORIZATION": f"Bearer {API_KEY}"})

    asyncio.run(scenario())
    (sent,) = api.state.requests
    assert named(sent, "openai-beta") == ["assistants=v2"]
    assert named(sent, "authorization") == [f"Bearer {API_KEY}"]
    assert named(sent, "user-agent") == ["mine/1"]


# -- item 4: a caller's http_client keeps its timeout --------------------------------------


def test_a_callers_http_client_keeps_its_timeout(api: RunsServer, sleeps: list[float]) -> None:
    run_id = make_run(api)
    api.state.faults.append(Fault("delay", seconds=1.0))
    with httpx.Client(timeout=0.3) as http, Client(api_key=API_KEY, base_url=api.base_url, http_client=http, max_retries=0) as client:
        assert client.timeout == httpx.Timeout(0.3)
        started = time.monotonic()
        with pytest.raises(openai_runs.APITimeoutError):
            client.retrieve_run("thread_1", run_id)
        assert time.monotonic() - started < 0.9


def test_an_explicit_timeout_wins_over_the_http_clients(api: RunsServer, sleeps: list[float]) -> None:
    run_id = make_run(api)
    api.state.faults.append(Fault("delay", seconds=0.5))
    with httpx.Client(timeout=0.1) as http, Client(api_key=API_KEY, base_url=api.base_url, http_client=http, timeout=5.0, max_retries=0) as client:
        assert client.retrieve_run("thread_1", run_id).id == run_id
    with Client(api_key=API_KEY, base_url=api.base_url) as own:
        assert own.timeout == openai_runs._constants.DEFAULT_TIMEOUT


def test_async_a_callers_http_client_keeps_its_timeout(api: RunsServer, sleeps: list[float]) -> None:
    run_id = make_run(api)
    api.state.faults.append(Fault("delay", seconds=1.0))

    async def scenario() -> None:
        async with httpx.AsyncClient(timeout=0.3) as http, async_client(api, http_client=http, max_retries=0) as client:
            assert client.timeout == httpx.Timeout(0.3)
            with pytest.raises(openai_runs.APITimeoutError):
                await client.retrieve_run("thread_1", run_id)

    started = time.monotonic()
    asyncio.run(scenario())
    assert time.monotonic() - started < 0.9


# -- item 15: organization and project from the environment -------------------------------


def test_organization_and_project_come_from_the_environment(api: RunsServer, sleeps: list[float], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_ORG_ID", "org_env")
    monkeypatch.setenv("OPENAI_PROJECT_ID", "proj_env")
    run_id = make_run(api)
    with Client(api_key=API_KEY, base_url=api.base_url) as client, Client(api_key=API_KEY, base_url=api.base_url, organization="org_arg") as other:
        assert (client.organization, client.project) == ("org_env", "proj_env")
        client.retrieve_run("thread_1", run_id)
        other.retrieve_run("thread_1", run_id)
    first, second = api.state.requests
    assert (named(first, "OpenAI-Organization"), named(first, "OpenAI-Project")) == (["org_env"], ["proj_env"])
    assert (named(second, "OpenAI-Organization"), named(second, "OpenAI-Project")) == (["org_arg"], ["proj_env"])

    monkeypatch.delenv("OPENAI_ORG_ID")
    monkeypatch.delenv("OPENAI_PROJECT_ID")

    async def scenario() -> None:
        async with async_client(api, project="proj_arg") as client:
            assert client.organization is None
            await client.retrieve_run("thread_1", run_id)

    asyncio.run(scenario())
    third = api.state.requests[-1]
    assert (named(third, "OpenAI-Organization"), named(third, "OpenAI-Project")) == ([], ["proj_arg"])


def test_the_environment_names_come_from_the_spec() -> None:
    constants = openai_runs._constants
    assert (constants.API_KEY_ENV, constants.BASE_URL_ENV, constants.LOG_ENV) == ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_LOG")
    assert constants.CLIENT_HEADERS == (
        ("organization", "OpenAI-Organization", "OPENAI_ORG_ID"),
        ("project", "OpenAI-Project", "OPENAI_PROJECT_ID"),
    )
    templates = ROOT / "templates" / "python"
    for path in templates.rglob("*.jinja"):  # no runtime template names the API's variables
        assert "OPENAI_" not in path.read_text(), path


# -- item 20: private machinery, next() on streams, async lists without await -------------


def test_the_request_machinery_is_private() -> None:
    for cls in (Client, AsyncClient):
        assert not any(hasattr(cls, name) for name in ("request", "stream", "poll"))
        assert all(hasattr(cls, name) for name in ("_request", "_stream", "_poll"))
    assert (AsyncClient.__doc__ or "").startswith("An async client")
    assert (Client.__doc__ or "").startswith("A client")


def transcript(run_id: str) -> bytes:
    data = json.dumps(run_object("thread_1", run_id, "asst_1", 1))
    return f"event: thread.run.created\ndata: {data}\n\nevent: thread.run.queued\ndata: {data}\n\nevent: done\ndata: [DONE]\n\n".encode()


def test_next_works_on_a_stream_and_a_loop_goes_on_from_there(api: RunsServer, client: Client) -> None:
    api.state.streams.append(StreamScript(transcript("run_s")))
    with client.create_run_stream("thread_1", assistant_id="asst_1") as stream:
        first = next(stream)
        assert isinstance(first, events.ThreadRunCreatedEvent)
        rest = list(stream)
        assert [type(event) for event in rest] == [events.ThreadRunQueuedEvent]
        with pytest.raises(StopIteration):
            next(stream)
    assert stream.completed


def test_async_anext_works_on_a_stream(api: RunsServer, sleeps: list[float]) -> None:
    api.state.streams.append(StreamScript(transcript("run_s")))

    async def scenario() -> list[Any]:
        async with async_client(api) as client:
            async with client.create_run_stream("thread_1", assistant_id="asst_1") as stream:
                first = await anext(stream)
                return [first] + [event async for event in stream]

    seen = asyncio.run(scenario())
    assert [type(event) for event in seen] == [events.ThreadRunCreatedEvent, events.ThreadRunQueuedEvent]


def test_async_for_over_a_list_call_without_await_walks_every_page(api: RunsServer, sleeps: list[float]) -> None:
    ids = {make_run(api) for _ in range(5)}

    async def scenario() -> tuple[set[str], int]:
        async with async_client(api) as client:
            walked = {run.id async for run in client.list_runs("thread_1", limit=2)}
            page = await client.list_runs("thread_1", limit=2)  # awaiting still gives the first page
            return walked, len(page.data)

    walked, first_page = asyncio.run(scenario())
    assert walked == ids and first_page == 2
    assert [dict(r.query).get("after") is not None for r in api.state.requests[:3]] == [False, True, True]


def test_the_readme_speed_claim_matches_performance_md() -> None:
    readme = (ROOT / "README.md").read_text()
    performance = (ROOT / "docs" / "performance.md").read_text()
    claimed = re.findall(r"(\d+)x to (\d+)x", readme)
    assert len(claimed) >= 2, "the README states the speed against the official SDK as `Nx to Mx`"
    for low, high in claimed:
        assert f"{low}x to {high}x" in performance


# -- item 22: copy / with_options, default_query ------------------------------------------


def test_with_options_changes_retries_for_one_call_and_leaves_the_client_as_it_was(api: RunsServer, client: Client) -> None:
    run_id = make_run(api)
    api.state.faults.append(Fault("status", status=500))
    with pytest.raises(openai_runs.InternalServerError):
        client.with_options(max_retries=0).retrieve_run("thread_1", run_id)
    assert len(api.state.requests) == 1
    api.state.faults.append(Fault("status", status=500))
    assert client.retrieve_run("thread_1", run_id).id == run_id  # retried: max_retries is still 2
    assert client.max_retries == 2 and len(api.state.requests) == 3


def test_copy_takes_every_constructor_option(api: RunsServer, client: Client) -> None:
    run_id = make_run(api)
    copied = client.copy(
        timeout=7.0,
        default_headers={"X-Team": "a"},
        default_query={"api-version": "2024-05-01"},
        organization="org_copy",
        response_limits=ResponseLimits(max_body_bytes=64),
    )
    assert (copied.timeout, copied.organization, copied.base_url, copied.api_key) == (7.0, "org_copy", client.base_url, API_KEY)
    with pytest.raises(ResponseTooLargeError):
        copied.retrieve_run("thread_1", run_id)
    bigger = copied.copy(response_limits=ResponseLimits(), default_headers={"x-team": "b", "X-Other": "c"})
    bigger.retrieve_run("thread_1", run_id)
    sent = api.state.requests[-1]
    assert named(sent, "x-team") == ["b"] and named(sent, "x-other") == ["c"] and named(sent, "openai-organization") == ["org_copy"]
    assert dict(sent.query) == {"api-version": "2024-05-01"}
    replaced = bigger.copy(set_default_headers={}, set_default_query={})
    replaced.retrieve_run("thread_1", run_id)
    assert named(api.state.requests[-1], "x-team") == [] and api.state.requests[-1].query == ()
    with pytest.raises(ValueError, match="not both"):
        client.copy(default_headers={}, set_default_headers={})
    # copies share the HTTP client; closing one leaves it open for the others
    replaced.close()
    assert client.retrieve_run("thread_1", run_id).id == run_id


def test_default_query_goes_on_every_request_a_calls_extra_query_winning(api: RunsServer, sleeps: list[float]) -> None:
    for _ in range(3):
        make_run(api)
    with Client(api_key=API_KEY, base_url=api.base_url, default_query={"api-version": "v1", "limit": "1"}) as client:
        assert len(list(client.list_runs("thread_1"))) == 3  # the method's own `limit` is unset: the default stays
        client.list_runs("thread_1", limit=2, extra_query={"api-version": "v2"})
    queries = [dict(r.query) for r in api.state.requests]
    assert all(q["api-version"] == "v1" and q["limit"] == "1" for q in queries[:3])
    assert queries[3]["api-version"] == "v2" and queries[3]["limit"] == "2"


def test_async_with_options_and_default_query(api: RunsServer, sleeps: list[float]) -> None:
    run_id = make_run(api)
    api.state.faults.append(Fault("status", status=500))

    async def scenario() -> None:
        async with async_client(api, default_query={"deployment": "d1"}) as client:
            with pytest.raises(openai_runs.InternalServerError):
                await client.with_options(max_retries=0).retrieve_run("thread_1", run_id)
            copied = client.copy(project="proj_copy", default_query={"api-version": "x"})
            assert (await copied.retrieve_run("thread_1", run_id)).id == run_id
            await copied.close()
            assert (await client.retrieve_run("thread_1", run_id)).id == run_id

    asyncio.run(scenario())
    assert [dict(r.query) for r in api.state.requests] == [{"deployment": "d1"}, {"deployment": "d1", "api-version": "x"}, {"deployment": "d1"}]
    assert named(api.state.requests[1], "openai-project") == ["proj_copy"]


# -- item 23: debug logging from the environment, never showing the key -------------------


@pytest.fixture
def package_logger() -> Iterator[logging.Logger]:
    logger = logging.getLogger("openai_runs")
    yield logger
    logger.setLevel(logging.NOTSET)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)


def test_openai_log_debug_logs_requests_without_the_key(
    api: RunsServer, sleeps: list[float], monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, package_logger: logging.Logger
) -> None:
    monkeypatch.setenv("OPENAI_LOG", "debug")
    run_id = make_run(api)
    with caplog.at_level(logging.NOTSET), Client(api_key=API_KEY, base_url=api.base_url, default_query={"api_key": API_KEY}) as client:
        assert package_logger.level == logging.DEBUG
        client.retrieve_run("thread_1", run_id)

        async def scenario() -> None:
            async with async_client(api) as aclient:
                await aclient.retrieve_run("thread_1", run_id, extra_headers={"api-key": API_KEY})

        asyncio.run(scenario())
    messages = [record.getMessage() for record in caplog.records if record.name == "openai_runs"]
    assert any(m.startswith(f"Request: GET {api.base_url}/threads/thread_1/runs/{run_id}") for m in messages)
    assert sum(m.startswith("Response: GET") and ": 200 OK" in m for m in messages) == 2
    assert messages and all(API_KEY not in m for m in messages)
    assert any("<redacted>" in m for m in messages)


def test_without_openai_log_nothing_is_logged_below_warning(
    api: RunsServer, client: Client, caplog: pytest.LogCaptureFixture, package_logger: logging.Logger
) -> None:
    assert "OPENAI_LOG" not in os.environ
    with caplog.at_level(logging.INFO, logger="openai_runs"):
        client.retrieve_run("thread_1", make_run(api))
    assert not caplog.records


def test_openai_log_prints_to_stderr_when_the_application_configured_no_logging(api: RunsServer) -> None:
    run_id = make_run(api)
    script = f"from openai_runs import Client\nClient(api_key={API_KEY!r}, base_url={api.base_url!r}).retrieve_run('thread_1', {run_id!r})\n"
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={**os.environ, "OPENAI_LOG": "debug", "PYTHONPATH": str(CLIENT), "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "Request: GET" in result.stderr and "Response: GET" in result.stderr
    assert API_KEY not in result.stderr


def readme_options_example() -> str:
    text = (ROOT / "README.md").read_text()
    found = re.search(r"```python\n((?:(?!```).)*?with_options(?:(?!```).)*?)```", text, re.DOTALL)
    assert found, "no README example of with_options"
    return found[1]


def test_the_readme_options_example_runs_and_type_checks(api: RunsServer, tmp_path: Path) -> None:
    script = tmp_path / "options.py"
    script.write_text(readme_options_example())
    result = subprocess.run(
        [sys.executable, str(script)],
        env={"OPENAI_API_KEY": API_KEY, "OPENAI_BASE_URL": api.base_url, "PYTHONPATH": str(CLIENT), "PYTHONDONTWRITEBYTECODE": "1"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "[]\n"
    assert dict(api.state.requests[-1].query) == {"api-version": "2024-05-01"}
    assert named(api.state.requests[-1], "x-team") == ["search"]
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), str(script)],
        env={"MYPYPATH": str(CLIENT), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert mypy.returncode == 0, mypy.stdout
