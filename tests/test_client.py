"""The generated client against a real HTTP server on 127.0.0.1 (tests/runs_server.py).

Each test reads as a statement of behaviour: what the client sends, what it returns,
and what it does when the network or the server misbehaves.
"""

from __future__ import annotations

import asyncio
import email.utils
import logging
import time
from typing import Any

import httpx
import pytest
from runs_server import API_KEY, Fault, RunsServer

import openai_runs
from openai_runs import AsyncClient, Client, models


def make_run(api: RunsServer, thread_id: str = "thread_1", **changes: Any) -> dict[str, Any]:
    with api.state.lock:
        return api.state.add_run(thread_id, "asst_1", **changes)


# -- every operation, sync ---------------------------------------------------------------


def test_create_run_sends_the_body_and_returns_a_run(api: RunsServer, client: Client) -> None:
    run = client.create_run(
        "thread_1",
        assistant_id="asst_1",
        temperature=0.2,
        instructions=None,
        tools=[models.CodeInterpreterTool(), {"type": "file_search"}],
        metadata={"purpose": "test"},
    )
    assert isinstance(run, models.Run)
    assert run.thread_id == "thread_1" and run.status is models.RunStatus.QUEUED
    assert isinstance(run.tools[0], models.CodeInterpreterTool)
    assert isinstance(run.tools[1], models.FileSearchTool)
    (sent,) = api.state.requests
    assert (sent.method, sent.raw_path) == ("POST", "/v1/threads/thread_1/runs")
    assert sent.body == {
        "assistant_id": "asst_1",
        "instructions": None,
        "tools": [{"type": "code_interpreter"}, {"type": "file_search"}],
        "metadata": {"purpose": "test"},
        "temperature": 0.2,
    }


def test_create_thread_and_run(api: RunsServer, client: Client) -> None:
    run = client.create_thread_and_run(
        assistant_id="asst_1",
        thread={"messages": [{"role": "user", "content": "Hello"}]},
        tool_choice="auto",
    )
    assert run.thread_id.startswith("thread_")
    (sent,) = api.state.requests
    assert (sent.method, sent.raw_path) == ("POST", "/v1/threads/runs")
    assert sent.body == {"assistant_id": "asst_1", "thread": {"messages": [{"role": "user", "content": "Hello"}]}, "tool_choice": "auto"}


def test_retrieve_modify_and_cancel_a_run(api: RunsServer, client: Client) -> None:
    run_id = make_run(api)["id"]
    assert client.retrieve_run("thread_1", run_id).id == run_id
    modified = client.modify_run("thread_1", run_id, metadata={"k": "v"})
    assert modified.metadata == {"k": "v"}
    cancelled = client.cancel_run("thread_1", run_id)
    assert cancelled.status is models.RunStatus.CANCELLING
    sent = [(r.method, r.raw_path, r.body) for r in api.state.requests]
    assert sent == [
        ("GET", f"/v1/threads/thread_1/runs/{run_id}", None),
        ("POST", f"/v1/threads/thread_1/runs/{run_id}", {"metadata": {"k": "v"}}),
        ("POST", f"/v1/threads/thread_1/runs/{run_id}/cancel", None),
    ]
    assert "content-type" not in api.state.requests[0].headers
    assert api.state.requests[1].headers["content-type"] == "application/json"


def test_submit_tool_outputs(api: RunsServer, client: Client) -> None:
    run_id = make_run(api, status="requires_action")["id"]
    run = client.submit_tool_outputs(
        "thread_1", run_id, tool_outputs=[models.ToolOutput(tool_call_id="call_1", output="42"), {"tool_call_id": "call_2"}]
    )
    assert run.status is models.RunStatus.QUEUED
    assert api.state.requests[-1].body == {"tool_outputs": [{"tool_call_id": "call_1", "output": "42"}, {"tool_call_id": "call_2"}]}


def test_list_run_steps_and_retrieve_a_step(api: RunsServer, client: Client) -> None:
    run_id = make_run(api)["id"]
    include = ["step_details.tool_calls[*].file_search.results[*].content"]
    page = client.list_run_steps("thread_1", run_id, limit=10, order="asc", include=include)
    steps = page.data
    assert len(steps) == 3 and all(isinstance(s, models.RunStep) for s in steps)
    step = client.retrieve_run_step("thread_1", run_id, steps[0].id, include=include)
    assert step == steps[0]
    listed, retrieved = api.state.requests
    assert listed.query == (("limit", "10"), ("order", "asc"), ("include[]", include[0]))
    assert retrieved.query == (("include[]", include[0]),)
    assert "include%5B%5D=" in retrieved.raw_path  # the brackets travel percent-encoded


def test_list_runs_walks_every_page_lazily(api: RunsServer, client: Client) -> None:
    created = [make_run(api)["id"] for _ in range(5)]
    page = client.list_runs("thread_1", limit=2, order="asc")
    assert [r.id for r in page.data] == created[:2] and page.has_more
    assert len(api.state.requests) == 1  # nothing fetched before it is needed
    assert [r.id for r in page] == created
    assert [r.query for r in api.state.requests] == [
        (("limit", "2"), ("order", "asc")),
        (("limit", "2"), ("order", "asc"), ("after", created[1])),
        (("limit", "2"), ("order", "asc"), ("after", created[3])),
    ]
    assert [len(p.data) for p in page.iter_pages()] == [2, 2, 1]


def test_raw_response_gives_status_headers_and_the_parsed_body(api: RunsServer, client: Client) -> None:
    run_id = make_run(api)["id"]
    raw = client.with_raw_response.retrieve_run("thread_1", run_id)
    assert raw.status_code == 200
    assert raw.headers["content-type"] == "application/json"
    assert raw.request_id and raw.request_id.startswith("req_")
    assert raw.parse().id == run_id
    assert isinstance(client.retrieve_run("thread_1", run_id), models.Run)  # the plain method is unaffected


# -- every operation, async --------------------------------------------------------------


def test_every_operation_works_async(api: RunsServer, sleeps: list[float]) -> None:
    async def scenario() -> None:
        async with AsyncClient(api_key=API_KEY, base_url=api.base_url) as client:
            run = await client.create_run("thread_9", assistant_id="asst_1", tools=[models.CodeInterpreterTool()])
            other = await client.create_thread_and_run(assistant_id="asst_1")
            assert (await client.retrieve_run("thread_9", run.id)).id == run.id
            assert (await client.modify_run("thread_9", run.id, metadata={"a": "b"})).metadata == {"a": "b"}
            with api.state.lock:
                api.state.runs["thread_9"][run.id]["status"] = "requires_action"
            resumed = await client.submit_tool_outputs("thread_9", run.id, tool_outputs=[{"tool_call_id": "c", "output": "o"}])
            assert resumed.status is models.RunStatus.QUEUED
            steps = await client.list_run_steps("thread_9", run.id)
            assert (await client.retrieve_run_step("thread_9", run.id, steps.data[0].id)).id == steps.data[0].id
            assert (await client.cancel_run("thread_9", run.id)).status is models.RunStatus.CANCELLING
            for _ in range(3):
                await client.create_run("thread_9", assistant_id="asst_1")
            page = await client.list_runs("thread_9", limit=2)
            assert len([r async for r in page]) == 4
            raw = await client.with_raw_response.retrieve_run(other.thread_id, other.id)
            assert raw.status_code == 200 and raw.parse().id == other.id

    asyncio.run(scenario())
    methods = {(r.method, r.segments[-1] if len(r.segments) % 2 else "<id>") for r in api.state.requests}
    assert {("POST", "runs"), ("GET", "runs"), ("GET", "<id>"), ("POST", "<id>"), ("POST", "cancel"), ("POST", "submit_tool_outputs"), ("GET", "steps")} <= methods


# -- what every request carries ------------------------------------------------------------


def test_every_request_carries_auth_beta_and_user_agent(api: RunsServer, sleeps: list[float]) -> None:
    with Client(
        api_key=API_KEY, base_url=api.base_url, organization="org_1", project="proj_1", default_headers={"X-Team": "a"}
    ) as client:
        client.create_run("thread_1", assistant_id="asst_1", extra_headers={"X-Trace": "t1"})
    headers = api.state.requests[0].headers
    assert headers["authorization"] == f"Bearer {API_KEY}"
    assert headers["openai-beta"] == "assistants=v2"
    assert headers["content-type"] == "application/json"
    assert headers["user-agent"].startswith("openai_runs/")
    assert (headers["openai-organization"], headers["openai-project"]) == ("org_1", "proj_1")
    assert (headers["x-team"], headers["x-trace"]) == ("a", "t1")


def test_escape_hatches_add_query_and_body_members(api: RunsServer, client: Client) -> None:
    client.create_run("thread_1", assistant_id="asst_1", extra_query={"debug": "1"}, extra_body={"future_flag": True})
    sent = api.state.requests[0]
    assert sent.query == (("debug", "1"),)
    assert sent.body == {"assistant_id": "asst_1", "future_flag": True}


@pytest.mark.parametrize("hostile", ["../files", "a/b", "...", "x?y=1#z", "sp ace", "ünï", "%2F", "a;b=c"])
def test_path_parameters_are_escaped_into_one_segment(api: RunsServer, client: Client, hostile: str) -> None:
    with pytest.raises(openai_runs.NotFoundError):
        client.retrieve_run(hostile, "run_1")
    (sent,) = api.state.requests
    assert sent.segments == ("threads", hostile, "runs", "run_1")


@pytest.mark.parametrize(("thread_id", "message"), [("", "non-empty string for `thread_id`"), (".", "path step"), ("..", "path step")])
def test_ids_that_cannot_be_one_segment_are_refused_before_sending(
    api: RunsServer, client: Client, thread_id: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        client.retrieve_run(thread_id, "run_1")
    assert api.state.requests == []


def test_mappings_in_the_query_use_brackets_and_get_sends_no_body(api: RunsServer, client: Client) -> None:
    run_id = make_run(api)["id"]
    client.retrieve_run("thread_1", run_id, extra_query={"filter": {"status": "queued"}}, extra_body={"ignored": True})
    (sent,) = api.state.requests
    assert sent.query == (("filter[status]", "queued"),)
    assert sent.body is None and "content-type" not in sent.headers


def test_tuples_of_models_are_sent_as_arrays(api: RunsServer, client: Client) -> None:
    client.create_run("thread_1", assistant_id="asst_1", tools=(models.CodeInterpreterTool(), models.FileSearchTool()))
    assert api.state.requests[0].body["tools"] == [{"type": "code_interpreter"}, {"type": "file_search"}]


def test_key_and_base_url_come_from_the_environment(api: RunsServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", API_KEY)
    monkeypatch.setenv("OPENAI_BASE_URL", api.base_url)
    with Client() as client:
        client.create_run("thread_1", assistant_id="asst_1")
    assert api.state.requests[0].headers["authorization"] == f"Bearer {API_KEY}"
    monkeypatch.delenv("OPENAI_API_KEY")
    with pytest.raises(ValueError, match="OPENAI_API_KEY"):
        Client()


def test_a_callers_http_client_is_used_and_left_open(api: RunsServer) -> None:
    seen: list[str] = []
    http = httpx.Client(event_hooks={"request": [lambda request: seen.append(request.url.path)]})
    with Client(api_key=API_KEY, base_url=api.base_url, http_client=http) as client:
        client.create_run("thread_1", assistant_id="asst_1")
    assert seen == ["/v1/threads/thread_1/runs"]
    assert not http.is_closed
    http.close()


# -- errors --------------------------------------------------------------------------------


def test_an_error_body_becomes_a_typed_exception(api: RunsServer, client: Client) -> None:
    with pytest.raises(openai_runs.BadRequestError) as caught:
        client.create_run("thread_1", assistant_id="asst_1", extra_body={"assistant_id": None})
    error = caught.value
    assert error.status_code == 400
    assert error.message == "Error code: 400 - Missing required parameter: 'assistant_id'."
    assert (error.type, error.param, error.code) == ("invalid_request_error", "assistant_id", None)
    assert error.request_id and error.request_id.startswith("req_")
    assert error.body["error"]["param"] == "assistant_id"
    assert len(api.state.requests) == 1  # a 400 is not retried


@pytest.mark.parametrize(
    ("status", "kind", "retried"),
    [
        (400, openai_runs.BadRequestError, False),
        (401, openai_runs.AuthenticationError, False),
        (403, openai_runs.PermissionDeniedError, False),
        (404, openai_runs.NotFoundError, False),
        (409, openai_runs.ConflictError, True),
        (422, openai_runs.UnprocessableEntityError, False),
        (429, openai_runs.RateLimitError, True),
        (500, openai_runs.InternalServerError, True),
        (503, openai_runs.InternalServerError, True),
        (418, openai_runs.APIStatusError, False),
    ],
)
def test_each_status_maps_to_its_exception_and_retry_policy(
    api: RunsServer, client: Client, sleeps: list[float], status: int, kind: type[Exception], retried: bool
) -> None:
    api.state.faults.extend(Fault("status", status) for _ in range(3))
    with pytest.raises(kind) as caught:
        client.create_run("thread_1", assistant_id="asst_1")
    assert type(caught.value) is kind
    assert len(api.state.requests) == (3 if retried else 1)
    assert len(sleeps) == (2 if retried else 0)


def test_a_wrong_api_key_is_an_authentication_error_that_does_not_leak_the_key(api: RunsServer, sleeps: list[float]) -> None:
    secret = "sk-wrong-but-secret-0123456789"
    client = Client(api_key=secret, base_url=api.base_url)
    with pytest.raises(openai_runs.AuthenticationError) as caught:
        client.retrieve_run("thread_1", "run_1")
    for text in (str(caught.value), repr(caught.value), repr(client), str(caught.value.request), repr(caught.value.response)):
        assert secret not in text
    client.close()


def test_the_key_never_appears_in_logs(api: RunsServer, client: Client, caplog: pytest.LogCaptureFixture) -> None:
    api.state.faults.extend([Fault("status", 500), Fault("drop")])
    with caplog.at_level(logging.DEBUG):
        client.create_run("thread_1", assistant_id="asst_1")
    assert len(api.state.requests) == 3
    assert "retrying" in caplog.text
    assert API_KEY not in caplog.text


# -- retries and backoff (time is mocked by the `sleeps` fixture) --------------------------


def test_a_500_then_success_is_retried_once_with_backoff(api: RunsServer, client: Client, sleeps: list[float]) -> None:
    api.state.faults.append(Fault("status", 500))
    run = client.create_run("thread_1", assistant_id="asst_1")
    assert run.status is models.RunStatus.QUEUED
    assert [r.method for r in api.state.requests] == ["POST", "POST"]
    assert len(sleeps) == 1 and 0.375 <= sleeps[0] <= 0.5


def test_backoff_doubles_with_jitter_up_to_the_cap(api: RunsServer, sleeps: list[float]) -> None:
    api.state.faults.extend(Fault("status", 503) for _ in range(7))
    with Client(api_key=API_KEY, base_url=api.base_url, max_retries=6) as client:
        with pytest.raises(openai_runs.InternalServerError):
            client.retrieve_run("thread_1", "run_1")
    bounds = [(0.375, 0.5), (0.75, 1.0), (1.5, 2.0), (3.0, 4.0), (6.0, 8.0), (6.0, 8.0)]
    assert len(sleeps) == 6
    assert all(low <= slept <= high for slept, (low, high) in zip(sleeps, bounds)), sleeps


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"Retry-After": "2"}, 2.0),
        ({"retry-after-ms": "1500"}, 1.5),
        ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),
        ({"Retry-After": "0.5"}, 0.5),
    ],
)
def test_retry_after_is_honoured(api: RunsServer, client: Client, sleeps: list[float], headers: dict[str, str], expected: float) -> None:
    api.state.faults.append(Fault("status", 429, headers=headers))
    client.create_run("thread_1", assistant_id="asst_1")
    assert sleeps == [expected]


def test_retry_after_as_an_http_date(api: RunsServer, client: Client, sleeps: list[float]) -> None:
    when = email.utils.formatdate(time.time() + 30, usegmt=True)
    api.state.faults.append(Fault("status", 429, headers={"Retry-After": when}))
    client.create_run("thread_1", assistant_id="asst_1")
    assert len(sleeps) == 1 and 28 <= sleeps[0] <= 30


def test_a_retry_after_beyond_the_cap_is_not_waited_for(api: RunsServer, client: Client, sleeps: list[float]) -> None:
    api.state.faults.append(Fault("status", 429, headers={"Retry-After": "3600"}))
    with pytest.raises(openai_runs.RateLimitError):
        client.create_run("thread_1", assistant_id="asst_1")
    assert sleeps == [] and len(api.state.requests) == 1


def test_the_server_can_forbid_or_ask_for_a_retry(api: RunsServer, client: Client, sleeps: list[float]) -> None:
    api.state.faults.append(Fault("status", 500, headers={"x-should-retry": "false"}))
    with pytest.raises(openai_runs.InternalServerError):
        client.create_run("thread_1", assistant_id="asst_1")
    assert len(api.state.requests) == 1
    api.state.reset()
    api.state.faults.append(Fault("status", 400, headers={"x-should-retry": "true"}))
    client.create_run("thread_1", assistant_id="asst_1")
    assert len(api.state.requests) == 2


def test_max_retries_zero_sends_once(api: RunsServer, sleeps: list[float]) -> None:
    api.state.faults.append(Fault("status", 500))
    with Client(api_key=API_KEY, base_url=api.base_url, max_retries=0) as client:
        with pytest.raises(openai_runs.InternalServerError):
            client.create_run("thread_1", assistant_id="asst_1")
    assert len(api.state.requests) == 1 and sleeps == []


def test_a_dropped_connection_is_retried(api: RunsServer, client: Client, sleeps: list[float]) -> None:
    api.state.faults.append(Fault("drop"))
    assert client.create_run("thread_1", assistant_id="asst_1").assistant_id == "asst_1"
    assert len(api.state.requests) == 2 and len(sleeps) == 1


def test_a_connection_that_keeps_dropping_raises_a_connection_error(api: RunsServer, client: Client, sleeps: list[float]) -> None:
    api.state.faults.extend(Fault("drop") for _ in range(3))
    with pytest.raises(openai_runs.APIConnectionError) as caught:
        client.create_run("thread_1", assistant_id="asst_1")
    assert type(caught.value) is openai_runs.APIConnectionError
    assert len(api.state.requests) == 3


def test_nothing_listens_is_a_connection_error(sleeps: list[float]) -> None:
    with Client(api_key=API_KEY, base_url="http://127.0.0.1:9/v1", max_retries=1) as client:
        with pytest.raises(openai_runs.APIConnectionError):
            client.retrieve_run("thread_1", "run_1")
    assert len(sleeps) == 1


def test_a_response_slower_than_the_timeout_raises_a_timeout_error(api: RunsServer, sleeps: list[float]) -> None:
    api.state.faults.append(Fault("delay", seconds=1.0))
    with Client(api_key=API_KEY, base_url=api.base_url, max_retries=0, timeout=0.2) as client:
        started = time.monotonic()
        with pytest.raises(openai_runs.APITimeoutError):
            client.retrieve_run("thread_1", "run_1")
    assert time.monotonic() - started < 0.9


def test_a_per_call_timeout_overrides_the_clients(api: RunsServer, client: Client, sleeps: list[float]) -> None:
    api.state.faults.extend(Fault("delay", seconds=1.0) for _ in range(3))
    with pytest.raises(openai_runs.APITimeoutError):
        client.create_run("thread_1", assistant_id="asst_1", timeout=0.2)
    assert len(api.state.requests) == 3  # timeouts are retried like other connection errors
    assert len(sleeps) == 2


def test_async_retries_follow_the_same_rules(api: RunsServer, sleeps: list[float]) -> None:
    api.state.faults.extend([Fault("status", 429, headers={"retry-after-ms": "100"}), Fault("drop")])

    async def scenario() -> models.Run:
        async with AsyncClient(api_key=API_KEY, base_url=api.base_url) as client:
            return await client.create_run("thread_1", assistant_id="asst_1")

    assert asyncio.run(scenario()).status is models.RunStatus.QUEUED
    assert len(api.state.requests) == 3
    assert sleeps[0] == 0.1 and 0.75 <= sleeps[1] <= 1.0


# -- responses that do not match the spec ---------------------------------------------------


def test_unknown_fields_and_values_in_responses_decode(api: RunsServer, client: Client) -> None:
    run_id = make_run(api, status="teleporting", brand_new_field={"x": 1}, instructions=None)["id"]
    run = client.retrieve_run("thread_1", run_id)
    assert run.status == "teleporting" and not run.status.is_known
    assert run.unknown_fields == {"brand_new_field": {"x": 1}}
    assert run.instructions is None


def test_a_response_that_breaks_the_spec_raises_a_validation_error(api: RunsServer, client: Client) -> None:
    api.state.faults.append(Fault("status", 200, body={"object": "thread.run", "id": 5}))
    with pytest.raises(openai_runs.APIResponseValidationError) as caught:
        client.retrieve_run("thread_1", "run_1")
    # the dataclass style says "expected a string, got an integer"; pydantic words it its way
    assert "Run.id: " in str(caught.value) and "string" in str(caught.value)
    assert caught.value.status_code == 200


# -- polling ---------------------------------------------------------------------------------


def script_statuses(api: RunsServer, run_id: str, *statuses: str) -> None:
    from collections import deque

    with api.state.lock:
        api.state.status_script[run_id] = deque(statuses)


def test_poll_run_waits_for_a_final_status_at_the_servers_pace(api: RunsServer, client: Client, sleeps: list[float]) -> None:
    run_id = make_run(api)["id"]
    script_statuses(api, run_id, "in_progress", "in_progress", "requires_action")
    api.state.poll_after_ms = "250"
    run = client.poll_run("thread_1", run_id)
    assert run.status is models.RunStatus.REQUIRES_ACTION
    assert [r.method for r in api.state.requests] == ["GET"] * 3
    assert sleeps == [0.25, 0.25]


def test_create_run_and_poll_starts_then_polls_the_created_run(api: RunsServer, client: Client, sleeps: list[float]) -> None:
    api.state.script_for_new_runs = ("in_progress", "completed")
    run = client.create_run_and_poll("thread_1", assistant_id="asst_1", temperature=0.5, poll_interval=0.01)
    assert run.status is models.RunStatus.COMPLETED
    created, *polls = api.state.requests
    assert (created.method, created.body) == ("POST", {"assistant_id": "asst_1", "temperature": 0.5})
    assert [p.raw_path for p in polls] == [f"/v1/threads/thread_1/runs/{run.id}"] * 2
    assert sleeps == [0.01]


def test_polling_uses_one_second_without_a_header_and_the_callers_interval_first(
    api: RunsServer, client: Client, sleeps: list[float]
) -> None:
    run_id = make_run(api)["id"]
    script_statuses(api, run_id, "queued", "completed")
    client.poll_run("thread_1", run_id)
    assert sleeps == [1.0]
    api.state.poll_after_ms = "5000"
    script_statuses(api, run_id, "queued", "cancelled")
    client.poll_run("thread_1", run_id, poll_interval=0.1)
    assert sleeps == [1.0, 0.1]


def test_submit_tool_outputs_and_poll_async(api: RunsServer, sleeps: list[float]) -> None:
    run_id = make_run(api, status="requires_action")["id"]
    script_statuses(api, run_id, "in_progress", "completed")

    async def scenario() -> models.Run:
        async with AsyncClient(api_key=API_KEY, base_url=api.base_url) as client:
            return await client.submit_tool_outputs_and_poll(
                "thread_1", run_id, tool_outputs=[{"tool_call_id": "c", "output": "o"}], poll_interval=0.01
            )

    assert asyncio.run(scenario()).status is models.RunStatus.COMPLETED
    assert [r.method for r in api.state.requests] == ["POST", "GET", "GET"]
    assert sleeps == [0.01]
