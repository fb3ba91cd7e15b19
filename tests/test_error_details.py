"""What errors carry and what they never carry, over real HTTP against
tests/runs_server.py: malformed API keys refused up front without being shown; no
exception, pickle or printed chain of causes holding the key; validation errors that
name the request id and the content type.
"""

from __future__ import annotations

import asyncio
import pickle
import traceback
from typing import Any

import pytest
from runs_server import API_KEY, Fault, RunsServer, StreamScript

import openai_runs
from openai_runs import AsyncClient, Client

SECRET = "sk-proj-Secret0123456789abcdefXYZ"

# -- 13. malformed keys are refused at construction, unseen ------------------------------------


@pytest.mark.parametrize(
    ("key", "said"),
    [
        (SECRET + "\n", "a line ending at its end"),
        (SECRET + "\r\n", "a line ending at its end"),
        (SECRET[:20] + "\n" + SECRET[20:], "a line ending at position 21 of 34"),
        (" " + SECRET, "whitespace at its start"),
        (SECRET[:10] + "é" + SECRET[10:], "a non-ASCII character at position 11 of 34"),
        (SECRET[:5] + "\x00" + SECRET[5:], "a control character at position 6 of 34"),
        (SECRET[:5] + "\t" + SECRET[5:], "whitespace at position 6 of 34"),
    ],
)
def test_a_malformed_key_is_refused_without_being_shown(key: str, said: str) -> None:
    for client_class in (Client, AsyncClient):
        with pytest.raises(ValueError) as caught:
            client_class(api_key=key, base_url="http://127.0.0.1:9/v1")
        message = str(caught.value)
        assert f"The API key (api_key) contains {said}" in message and "key.strip()" in message
        assert SECRET not in message and SECRET[:12] not in message
        assert caught.value.__cause__ is None and caught.value.__context__ is None


def test_a_malformed_key_from_the_environment_says_where_it_came_from(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SECRET + "\n")
    with pytest.raises(ValueError, match=r"The API key \(OPENAI_API_KEY\) contains a line ending at its end") as caught:
        Client(base_url="http://127.0.0.1:9/v1")
    assert SECRET not in str(caught.value)


def everything_printable(error: BaseException) -> str:
    """What a caller could see of an error: its text, repr, traceback with causes, and pickle."""
    shown = "".join(traceback.format_exception(error)) + repr(error) + str(vars(error))
    return shown + repr(pickle.dumps(error))


def failures(api: RunsServer, key: str) -> list[openai_runs.APIError]:
    """One error of each kind, from a client holding `key`."""
    caught: list[openai_runs.APIError] = []
    with Client(api_key=key, base_url=api.base_url, max_retries=0, default_headers={"api-key": key}) as client:
        api.state.faults.extend(
            [
                Fault("status", 429),
                Fault("bytes", 200, headers={"Content-Type": "text/html"}, content=b"<html>"),
                Fault("bytes", 302, headers={"Location": "http://127.0.0.1:9/elsewhere"}),
                Fault("drop"),
            ]
        )
        for _ in range(4):
            try:
                client.retrieve_run("thread_1", "run_1")
            except openai_runs.APIError as exc:
                caught.append(exc)
        api.state.streams.append(StreamScript(b'event: error\ndata: {"code": "server_error", "message": "boom", "param": null, "type": "server_error"}\n\n'))
        try:
            with client.create_run_stream("thread_1", assistant_id="asst_1") as stream:
                list(stream)
        except openai_runs.APIError as exc:
            caught.append(exc)
    return caught


@pytest.mark.parametrize(("key", "last"), [(API_KEY, "StreamError"), (SECRET, "AuthenticationError")])
def test_no_error_holds_the_key_in_any_form(api: RunsServer, sleeps: list[float], key: str, last: str) -> None:
    errors = failures(api, key)
    kinds = [type(error).__name__ for error in errors]
    assert kinds == ["RateLimitError", "APIResponseValidationError", "RedirectError", "APIConnectionError", last]
    for error in errors:
        assert key not in everything_printable(error), type(error).__name__
        assert error.request is not None and error.request.headers["authorization"] == "<redacted>"
        assert error.request.headers["api-key"] == "<redacted>"
    assert all(r.headers["authorization"] == f"Bearer {key}" for r in api.state.requests)  # what was sent is intact


def test_errors_survive_a_pickle_round_trip(api: RunsServer, sleeps: list[float]) -> None:
    for error in failures(api, API_KEY):
        copy: Any = pickle.loads(pickle.dumps(error))
        assert type(copy) is type(error) and str(copy) == str(error) and copy.message == error.message
        if isinstance(error, openai_runs.APIStatusError):
            assert (copy.status_code, copy.request_id, copy.body) == (error.status_code, error.request_id, error.body)
            assert copy.response.request.headers["authorization"] == "<redacted>"


def test_a_chained_cause_that_quotes_the_key_is_left_out(api: RunsServer, sleeps: list[float]) -> None:
    # httpx refuses a header value with a line break and quotes the value in its message
    with Client(api_key=SECRET, base_url=api.base_url, max_retries=0) as client:
        with pytest.raises(openai_runs.APIConnectionError) as caught:
            client.retrieve_run("thread_1", "run_1", extra_headers={"X-Secret-Copy": SECRET + "\n"})
    assert caught.value.__cause__ is None
    assert SECRET not in everything_printable(caught.value)


def test_an_ordinary_cause_is_still_chained(sleeps: list[float]) -> None:
    with Client(api_key=SECRET, base_url="http://127.0.0.1:9/v1", max_retries=0) as client:
        with pytest.raises(openai_runs.APIConnectionError) as caught:
            client.retrieve_run("thread_1", "run_1")
    assert caught.value.__cause__ is not None


def test_async_errors_are_redacted_too(api: RunsServer, sleeps: list[float]) -> None:
    api.state.faults.append(Fault("status", 404))

    async def scenario() -> openai_runs.APIError:
        async with AsyncClient(api_key=SECRET, base_url=api.base_url) as client:
            try:
                await client.retrieve_run("thread_1", "run_1")
            except openai_runs.APIError as exc:
                return exc
        raise AssertionError("no error")

    assert SECRET not in everything_printable(asyncio.run(scenario()))


# -- 18. validation errors say which request and what came back ----------------------------------


def test_a_body_that_is_not_json_names_its_content_type_and_request_id(api: RunsServer, client: Client) -> None:
    page = b"<html><body>Bad gateway</body></html>"
    api.state.faults.append(Fault("bytes", 200, headers={"Content-Type": "text/html; charset=utf-8", "x-request-id": "req_html"}, content=page))
    with pytest.raises(openai_runs.APIResponseValidationError) as caught:
        client.retrieve_run("thread_1", "run_1")
    error = caught.value
    assert str(error).startswith("The response body is not JSON (text/html; charset=utf-8): Expecting value")
    assert error.request_id == "req_html" and error.body == page.decode() and error.status_code == 200


def test_a_body_without_a_content_type_says_so(api: RunsServer, client: Client) -> None:
    api.state.faults.append(Fault("bytes", 200, content=b"nope"))
    with pytest.raises(openai_runs.APIResponseValidationError, match=r"not JSON \(no content type\)"):
        client.retrieve_run("thread_1", "run_1")


def test_a_spec_mismatch_carries_the_request_id(api: RunsServer, client: Client) -> None:
    api.state.faults.append(Fault("status", 200, body={"object": "thread.run", "id": 5}))
    with pytest.raises(openai_runs.APIResponseValidationError) as caught:
        client.retrieve_run("thread_1", "run_1")
    assert caught.value.request_id is not None and caught.value.request_id.startswith("req_")
    assert str(caught.value).startswith("The response does not match the spec: ")
