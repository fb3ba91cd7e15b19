"""Differential test: the generated `openai_responses` client against the official `openai`
SDK's `client.responses` and `client.conversations`, both over real HTTP against the local
server (tests/responses_server.py).

The battery of tests/responses_calls.py (every operation, streams and pages included) is
played by the SDK and by our client, sync and async, from the same server state; each
request of ours must equal the SDK's in method, path (as sent, still percent-encoded),
query (pairs in order within each name: `include[]` keeps its order), JSON body and
every header but the SDK's own (`x-stainless-*`, its User-Agent). Where we differ on
purpose the difference is stated below with the reason, as tests/test_differential.py
does for runs. What each client read from the replies must be equal too.
"""

from __future__ import annotations

import asyncio
import functools
import re
from collections.abc import Callable, Iterator
from types import ModuleType
from typing import Any

import openai
import pytest
from responses_calls import CALLS, Call, Exchange, perform_with_sdk, run_battery
from responses_server import API_KEY, Recorded, ResponsesServer

SDK_ONLY = re.compile(r"x-stainless-[a-z-]+|user-agent")
"""Headers only the SDK sends, or sends its own way: not part of the API."""

# A stream is asked for with `Accept: text/event-stream`; the SDK says `application/json`
# for streams too. Ours says what the answer is (RFC 9110 §12.5.1); the service streams
# either way, as the local server does.
STREAM_ACCEPT = ("application/json", "text/event-stream")
# A POST or DELETE without a body (cancel_response, the deletes): the SDK still sends
# `Content-Type: application/json`, we send none. Content-Type describes the content (RFC
# 9110 §8.3) and there is none; the SDK itself leaves it out of its GETs.
BODYLESS_CONTENT_TYPE = ("application/json", None)
# An operation that answers without a body (delete_response): the SDK accepts `*/*`, we
# ask for JSON, the one body such an operation answers with: an error's.
NO_BODY_ACCEPT = ("*/*", "application/json")
NO_BODY_OPERATIONS = {"deleteResponse"}


def summary(request: Recorded) -> dict[str, Any]:
    """What the comparison looks at."""
    return {
        "method": request.method,
        "path": request.raw_path.split("?", 1)[0],
        "query": sorted(request.query, key=lambda pair: pair[0]),  # stable: values of one name keep their order
        "body": request.body,
        "headers": {name.lower(): value for name, value in request.header_list if not SDK_ONLY.fullmatch(name.lower())},
    }


def perform_with_ours(client: Any) -> Callable[[Call, dict[str, Any]], Any]:
    """PERFORM for our sync client: the `_stream` method read to the end, pages all iterated."""

    def perform(call: Call, kwargs: dict[str, Any]) -> Any:
        if call.stream:
            with getattr(client, call.method + "_stream")(**kwargs) as events:
                return list(events)
        result = getattr(client, call.method)(**kwargs)
        return list(result) if call.all_pages else result

    return perform


def perform_with_ours_async(client: Any, loop: asyncio.AbstractEventLoop) -> Callable[[Call, dict[str, Any]], Any]:
    """PERFORM for our async client, each call run to its end on LOOP."""

    async def call_async(call: Call, kwargs: dict[str, Any]) -> Any:
        if call.stream:
            async with getattr(client, call.method + "_stream")(**kwargs) as events:
                return [event async for event in events]
        if call.all_pages:
            return [item async for item in getattr(client, call.method)(**kwargs)]
        return await getattr(client, call.method)(**kwargs)

    return lambda call, kwargs: loop.run_until_complete(call_async(call, kwargs))


@pytest.fixture(scope="module")
def sdk_battery(responses_server: ResponsesServer) -> list[Exchange]:
    with openai.OpenAI(api_key=API_KEY, base_url=responses_server.base_url, max_retries=0) as client:
        return run_battery(responses_server, perform_with_sdk(client))


@pytest.fixture(scope="module", params=["sync", "async"])
def our_battery(request: pytest.FixtureRequest, responses_server: ResponsesServer, openai_responses: ModuleType) -> Iterator[list[Exchange]]:
    if request.param == "sync":
        with openai_responses.Client(api_key=API_KEY, base_url=responses_server.base_url, max_retries=0) as client:
            yield run_battery(responses_server, perform_with_ours(client))
        return
    loop = asyncio.new_event_loop()
    try:
        client = openai_responses.AsyncClient(api_key=API_KEY, base_url=responses_server.base_url, max_retries=0)
        yield run_battery(responses_server, perform_with_ours_async(client, loop))
        loop.run_until_complete(client.close())
    finally:
        loop.close()


def test_every_request_is_the_sdks(sdk_battery: list[Exchange], our_battery: list[Exchange]) -> None:
    assert [e.call for e in our_battery] == [e.call for e in sdk_battery] == list(CALLS)
    compared = 0
    for theirs, ours in zip(sdk_battery, our_battery):
        assert len(ours.requests) == len(theirs.requests), ours.call
        for sent_by_sdk, sent_by_us in zip(theirs.requests, ours.requests):
            expected, got = summary(sent_by_sdk), summary(sent_by_us)
            if ours.call.stream:
                assert (expected["headers"]["accept"], got["headers"]["accept"]) == STREAM_ACCEPT
                expected["headers"]["accept"] = got["headers"]["accept"]
            if sent_by_sdk.method != "GET" and sent_by_sdk.body is None:
                assert (expected["headers"].pop("content-type", None), got["headers"].get("content-type")) == BODYLESS_CONTENT_TYPE
            if ours.call.operation in NO_BODY_OPERATIONS:
                assert (expected["headers"]["accept"], got["headers"]["accept"]) == NO_BODY_ACCEPT
                expected["headers"]["accept"] = got["headers"]["accept"]
            assert got == expected, ours.call
            compared += 1
    assert compared > len(CALLS)  # pages took more than one request each


def test_the_comparison_sees_what_matters(sdk_battery: list[Exchange]) -> None:
    """The summary keeps the API's headers and tells apart what differs."""
    request = next(r for e in sdk_battery for r in e.requests if r.body is not None)
    headers = summary(request)["headers"]
    assert headers["authorization"] == f"Bearer {API_KEY}" and headers["content-type"] == "application/json"
    assert not any(name.startswith("x-stainless") for name in headers) and "user-agent" not in headers
    include = next(r for e in sdk_battery for r in e.requests if len([p for p in r.query if p[0] == "include[]"]) > 1)
    flipped = [*reversed([p for p in include.query if p[0] == "include[]"]), *[p for p in include.query if p[0] != "include[]"]]
    assert summary(include)["query"] != summary(Recorded(**{**include.__dict__, "query": tuple(flipped)}))["query"]


def read(result: Any) -> Any:
    """What a client read, as JSON: models by `to_dict`, events by their data."""
    if isinstance(result, list):
        return [read(item) for item in result]
    if result is None:
        return None
    data = getattr(result, "data", None)
    if hasattr(result, "event") and data is not None and hasattr(data, "to_dict"):
        return data.to_dict()  # one of our events
    if hasattr(result, "has_more") and isinstance(data, list):
        return [read(item) for item in data]  # a page
    return result.to_dict()


# The SDK types a compaction's output as output items; the user messages it keeps hold
# input_text parts, which round-trip but make pydantic warn when they are dumped.
@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings:UserWarning")
def test_both_read_the_same_replies(sdk_battery: list[Exchange], our_battery: list[Exchange]) -> None:
    for theirs, ours in zip(sdk_battery, our_battery):
        assert read(ours.result) == read(theirs.result), ours.call
        assert [r.body for r in ours.replies] == [r.body for r in theirs.replies]  # the same state, the same answers


def test_every_call_names_a_method_of_ours(openai_responses: ModuleType) -> None:
    for call in CALLS:
        name = call.method + ("_stream" if call.stream else "")
        assert callable(getattr(openai_responses.Client, name)) and callable(getattr(openai_responses.AsyncClient, name)), name
    sdk = openai.OpenAI(api_key=API_KEY, base_url="http://127.0.0.1:9/v1")  # never called
    assert all(callable(functools.reduce(getattr, call.sdk.split("."), sdk)) for call in CALLS)
