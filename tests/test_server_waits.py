"""What a server's timing headers can make the client do: `openai-poll-after-ms` between
polls and `Retry-After` / `retry-after-ms` before retries are advice, read without ever
raising and kept within bounds, over real HTTP against tests/runs_server.py.
"""

from __future__ import annotations

import math
import re
from collections import deque
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runs_server import API_KEY, Fault, RunsServer

import openai_runs
from openai_runs import Client, _base_client, _constants

README = Path(__file__).resolve().parent.parent / "README.md"

# header values a server can send: latin-1 text without line breaks, numbers of every kind, dates
HEADER_VALUES = st.one_of(
    st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=40),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["nan", "-nan", "inf", "-inf", "1e12", "1e999", "0x10", "1_000", " 5 ", "Wed, 21 Oct 99999 07:28:00 GMT",
                     "Wed, 21 Oct 2015 07:28:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT",
                     "Mon, 32 Foo 2020 99:99:99 +9999", "0, 0 0 0"]),
)  # fmt: skip


def poll_once(api: RunsServer, client: Client, header: str) -> None:
    """One `poll_run` whose run needs one more look, the server asking for `header` in between."""
    with api.state.lock:
        run = api.state.add_run("thread_1", "asst_1")
        api.state.status_script[run["id"]] = deque(["in_progress", "completed"])
        api.state.poll_after_ms = header
    client.poll_run("thread_1", run["id"])


# -- 11. openai-poll-after-ms is clamped -------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [("250", 0.25), ("0", 0.1), ("-1", 0.1), ("1e12", 60.0), ("inf", 60.0), ("nan", 1.0), ("soon", 1.0), ("", 1.0)],
)
def test_the_servers_poll_interval_is_clamped(api: RunsServer, client: Client, sleeps: list[float], header: str, expected: float) -> None:
    poll_once(api, client, header)
    assert sleeps == [expected]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(HEADER_VALUES)
def test_any_poll_after_header_gives_a_pause_within_bounds(server: RunsServer, value: str) -> None:
    server.state.reset()
    slept: list[float] = []
    original, _base_client._sleep = _base_client._sleep, slept.append  # no function fixtures under hypothesis
    try:
        with Client(api_key=API_KEY, base_url=server.base_url) as client:
            poll_once(server, client, value)
    finally:
        _base_client._sleep = original
    assert len(slept) == 1
    assert _constants.MIN_POLL_AFTER <= slept[0] <= _constants.MAX_POLL_AFTER


# -- 12. a Retry-After no calendar holds --------------------------------------------------------


@pytest.mark.parametrize("value", ["Wed, 21 Oct 99999 07:28:00 GMT", "Mon, 32 Foo 2020 99:99:99 GMT", "Thu, 01 Jan 1970 00:00:00 GMT"])
def test_an_unreadable_or_past_retry_after_falls_back_to_backoff(api: RunsServer, client: Client, sleeps: list[float], value: str) -> None:
    api.state.faults.append(Fault("status", 503, headers={"Retry-After": value}))
    client.create_run("thread_1", assistant_id="asst_1")
    assert len(sleeps) == 1 and 0.375 <= sleeps[0] <= 0.5  # the first backoff step


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(["Retry-After", "retry-after-ms"]), HEADER_VALUES, st.sampled_from([429, 500, 503]))
def test_any_retry_after_header_raises_only_api_errors_and_waits_at_most_the_cap(
    server: RunsServer, name: str, value: str, status: int
) -> None:
    server.state.reset()
    server.state.faults.extend(Fault("status", status, headers={name: value}) for _ in range(3))
    slept: list[float] = []
    original, _base_client._sleep = _base_client._sleep, slept.append
    try:
        with Client(api_key=API_KEY, base_url=server.base_url) as client:
            with pytest.raises(openai_runs.APIStatusError) as caught:
                client.retrieve_run("thread_1", "run_1")
    finally:
        _base_client._sleep = original
    assert all(0 < seconds <= _constants.MAX_RETRY_AFTER for seconds in slept), slept
    wait = caught.value.retry_after
    assert wait is None or math.isfinite(wait)


# -- 19. a Retry-After over 60 s -------------------------------------------------------------------


@pytest.mark.parametrize(("headers", "asked"), [({"Retry-After": "3600"}, "3600 s"), ({"retry-after-ms": "90000"}, "90 s")])
def test_a_retry_after_over_the_cap_is_not_retried_and_the_error_says_what_was_asked(
    api: RunsServer, client: Client, sleeps: list[float], headers: dict[str, str], asked: str
) -> None:
    api.state.faults.append(Fault("status", 429, headers=headers))
    with pytest.raises(openai_runs.RateLimitError) as caught:
        client.create_run("thread_1", assistant_id="asst_1")
    assert sleeps == [] and len(api.state.requests) == 1
    message = str(caught.value)
    assert message.startswith("Error code: 429 - injected")
    assert f"the server asked to retry after {asked}; not retried: the client waits at most 60 s" in message
    assert caught.value.retry_after == float(asked.split()[0])


def test_a_retry_after_within_the_cap_is_kept_on_the_final_error(api: RunsServer, client: Client, sleeps: list[float]) -> None:
    api.state.faults.extend(Fault("status", 429, headers={"Retry-After": "2"}) for _ in range(3))
    with pytest.raises(openai_runs.RateLimitError) as caught:
        client.create_run("thread_1", assistant_id="asst_1")
    assert sleeps == [2.0, 2.0] and caught.value.retry_after == 2.0
    assert "asked to retry" not in str(caught.value)


def test_the_readme_and_the_docstring_state_the_same_cap() -> None:
    cap = f"{_constants.MAX_RETRY_AFTER:g} s"
    assert cap == "60 s"
    docstring = " ".join((openai_runs.RateLimitError.__doc__ or "").split())
    assert f"at most {cap}" in docstring and "does not retry" in docstring
    readme = " ".join(README.read_text().split())
    assert re.search(rf"`Retry-After`.*up to {cap}.*longer.*not retried", readme), "README: the Retry-After cap"
