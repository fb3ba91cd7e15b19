"""The client against a hostile server: what it can make the client buffer, follow or
raise. Every case is played by tests/runs_server.py over real HTTP on 127.0.0.1, with
faults that send exact bytes: endless lines, gzip bombs, redirects to a second local
server on another port (another origin), deeply nested JSON, and fuzzed responses.
"""

from __future__ import annotations

import asyncio
import gzip
import struct
import time
import tracemalloc
import zlib
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runs_server import API_KEY, Fault, RunsServer, StreamScript

import openai_runs
from openai_runs import AsyncClient, Client, ResponseLimits

MiB = 1024 * 1024


@pytest.fixture(scope="module")
def elsewhere() -> Iterator[RunsServer]:
    """A second server on another port: another origin, which must never hear from us."""
    with RunsServer() as running:
        yield running


def endless(piece: bytes, total: int) -> Iterator[bytes]:
    """`total` bytes of `piece`, repeated, in chunks of 64 KiB."""
    chunk = piece * (64 * 1024 // len(piece))
    for _ in range(total // len(chunk)):
        yield chunk


def bomb(size: int) -> bytes:
    """`{"x":"aaa...a"}` with `size` bytes of `a`, gzip-compressed about a thousand times.
    Each MiB of `a` compresses alike after a full flush, so it is compressed once and
    repeated, and the gzip trailer is computed: a 200 MB bomb takes no time to make."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: the gzip frame is ours
    block = b"a" * MiB
    head, tail = b'{"x":"', b'"}'
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    last = compressor.compress(tail) + compressor.flush()
    crc = zlib.crc32(head)
    for _ in range(size // MiB):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    total = len(head) + size // MiB * MiB + len(tail)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    return header + first + repeated * (size // MiB) + last + struct.pack("<II", crc, total & 0xFFFFFFFF)


def test_the_bomb_is_a_valid_gzip_body() -> None:
    assert gzip.decompress(bomb(3 * MiB)) == b'{"x":"' + b"a" * (3 * MiB) + b'"}'


def drain(client: Client) -> list[Any]:
    with client.create_run_stream("thread_1", assistant_id="asst_1") as stream:
        return list(stream)


# -- 8. SSE buffering is linear and bounded ----------------------------------------------------


@pytest.mark.parametrize("piece", [b"data: " + b"x" * 58, b": keep-alive\n"], ids=["one endless line", "comments, no blank line"])
def test_an_event_that_never_ends_is_refused_at_the_limit(api: RunsServer, client: Client, piece: bytes) -> None:
    api.state.streams.append(StreamScript(endless(piece, 64 * MiB)))
    tracemalloc.start()
    started = time.monotonic()
    with pytest.raises(openai_runs.ResponseTooLargeError) as caught:
        drain(client)
    elapsed = time.monotonic() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert caught.value.limit == 16 * MiB  # the default
    assert str(caught.value).startswith("One event of the stream is larger than 16,777,216 bytes")
    assert isinstance(caught.value, openai_runs.APIError)
    assert peak < 3 * 16 * MiB, peak  # the event's bytes, joined once at most
    assert elapsed < 20, elapsed  # was 24 s for 32 MB, quadratic


def test_the_event_limit_is_configurable(api: RunsServer, sleeps: list[float]) -> None:
    big = b"event: thread.run.created\ndata: {" + b" " * (2 * MiB) + b"}\n\n"
    api.state.streams.append(StreamScript(big, chunk_sizes=(4096,)))
    with Client(api_key=API_KEY, base_url=api.base_url, response_limits=ResponseLimits(max_event_bytes=MiB)) as small:
        with pytest.raises(openai_runs.ResponseTooLargeError) as caught:
            drain(small)
    assert caught.value.limit == MiB and caught.value.request is not None
    with pytest.raises(ValueError, match="max_event_bytes must be a positive integer"):
        ResponseLimits(max_event_bytes=0)


def test_a_large_event_within_the_limit_arrives_in_small_chunks_in_linear_time(api: RunsServer, client: Client) -> None:
    # 8 MB in 4 KiB chunks: re-copying the buffer on every chunk would move ~8 GB
    payload = b'{"object":"x","filler":"' + b"y" * (8 * MiB) + b'"}'
    api.state.streams.append(StreamScript(b"event: something.new\ndata: " + payload + b"\n\nevent: done\ndata: [DONE]\n\n", chunk_sizes=(4096,)))
    started = time.monotonic()
    (event,) = drain(client)
    assert time.monotonic() - started < 15
    assert isinstance(event, openai_runs.UnknownEvent) and len(event.data["filler"]) == 8 * MiB


def test_an_endless_stream_is_bounded_async(api: RunsServer, sleeps: list[float]) -> None:
    api.state.streams.append(StreamScript(endless(b"data: " + b"z" * 122, 8 * MiB)))

    async def scenario() -> None:
        limits = ResponseLimits(max_event_bytes=MiB)
        async with AsyncClient(api_key=API_KEY, base_url=api.base_url, response_limits=limits) as client:
            async with client.create_run_stream("thread_1", assistant_id="asst_1") as stream:
                async for _ in stream:
                    pass

    with pytest.raises(openai_runs.ResponseTooLargeError):
        asyncio.run(scenario())


# -- 9. gzip bombs ------------------------------------------------------------------------------


def test_a_gzip_bomb_is_refused_at_the_body_limit(api: RunsServer, client: Client) -> None:
    compressed = bomb(1024 * MiB)
    assert len(compressed) < 1100 * 1024
    api.state.faults.append(Fault("bytes", 200, headers={"Content-Type": "application/json", "Content-Encoding": "gzip"}, content=compressed))
    tracemalloc.start()
    with pytest.raises(openai_runs.ResponseTooLargeError) as caught:
        client.retrieve_run("thread_1", "run_1")
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert caught.value.limit == 64 * MiB and "the response body is larger" in str(caught.value).lower()
    # was 2 GB for 500 MB: now the limit, plus what one 64 KiB network read inflates to
    # (~66 MB at deflate's ~1000:1), which httpx decompresses in one step
    assert peak < 256 * MiB, peak
    assert len(api.state.requests) == 1  # not retried


def test_the_body_limit_is_configurable_and_applies_to_error_bodies(api: RunsServer, sleeps: list[float]) -> None:
    api.state.faults.append(Fault("bytes", 400, headers={"Content-Encoding": "gzip"}, content=bomb(4 * MiB)))
    with Client(api_key=API_KEY, base_url=api.base_url, response_limits=ResponseLimits(max_body_bytes=MiB)) as small:
        with pytest.raises(openai_runs.ResponseTooLargeError):
            small.retrieve_run("thread_1", "run_1")


def test_an_error_message_quotes_a_large_body_only_in_part(api: RunsServer, client: Client) -> None:
    text = b"x" * (5 * MiB)
    api.state.faults.append(Fault("bytes", 400, headers={"Content-Type": "text/plain", "Content-Encoding": "gzip"}, content=gzip.compress(text)))
    with pytest.raises(openai_runs.BadRequestError) as caught:
        client.retrieve_run("thread_1", "run_1")
    assert len(str(caught.value)) < 2100 and str(caught.value).endswith("(5,240,880 more characters)")
    assert len(caught.value.body) == 5 * MiB  # the body itself is kept, within the body limit


def test_a_json_error_message_is_capped_too(api: RunsServer, client: Client) -> None:
    api.state.faults.append(Fault("status", 400, body={"error": {"message": "m" * 100_000, "type": "invalid_request_error"}}))
    with pytest.raises(openai_runs.BadRequestError) as caught:
        client.retrieve_run("thread_1", "run_1")
    assert len(caught.value.message) < 2100 and caught.value.type == "invalid_request_error"


def test_a_gzip_bomb_in_a_stream_meets_the_event_limit(api: RunsServer, client: Client) -> None:
    compressed = gzip.compress(b"data: " + b"a" * (32 * MiB))
    api.state.streams.append(StreamScript(compressed, chunk_sizes=(8192,), headers={"Content-Encoding": "gzip"}))
    with pytest.raises(openai_runs.ResponseTooLargeError):
        drain(client)


def test_a_body_that_cannot_be_decompressed_is_a_validation_error(api: RunsServer, client: Client) -> None:
    api.state.faults.append(Fault("bytes", 200, headers={"Content-Encoding": "gzip"}, content=b"not gzip at all"))
    with pytest.raises(openai_runs.APIResponseValidationError, match=r"could not be decompressed \(gzip\)"):
        client.retrieve_run("thread_1", "run_1")
    api.state.streams.append(StreamScript(b"event: x\ndata: {}\n\n" * 10, headers={"Content-Encoding": "gzip"}))
    with pytest.raises(openai_runs.APIResponseValidationError, match="could not be decompressed"):
        drain(client)


# -- 10. redirects --------------------------------------------------------------------------------


def redirect(status: int, location: str) -> Fault:
    return Fault("bytes", status, headers={"Location": location})


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_post_is_never_redirected(api: RunsServer, elsewhere: RunsServer, sleeps: list[float], status: int) -> None:
    elsewhere.state.reset()
    api.state.faults.append(redirect(status, f"{elsewhere.base_url}/threads/thread_1/runs"))
    headers = {"api-key": "azure-secret"}
    with Client(api_key=API_KEY, base_url=api.base_url, default_headers=headers, organization="org_1", project="proj_1") as client:
        with pytest.raises(openai_runs.RedirectError) as caught:
            client.create_run("thread_1", assistant_id="asst_1")
    assert elsewhere.state.requests == [] and len(api.state.requests) == 1
    error = caught.value
    assert error.status_code == status and error.location == f"{elsewhere.base_url}/threads/thread_1/runs"
    assert "a POST is not redirected" in str(error)
    assert "azure-secret" not in repr(error.request.headers) and API_KEY not in repr(error.request.headers)


def test_a_post_is_not_redirected_even_to_the_same_origin(api: RunsServer, client: Client) -> None:
    api.state.faults.append(redirect(302, "/v1/threads/thread_1/runs/run_1"))
    with pytest.raises(openai_runs.RedirectError):
        client.create_run("thread_1", assistant_id="asst_1")
    assert [r.method for r in api.state.requests] == ["POST"]


@pytest.mark.parametrize("follow_redirects", [False, True], ids=["our http client", "a caller's that follows redirects"])
def test_a_get_is_not_redirected_to_another_origin(api: RunsServer, elsewhere: RunsServer, sleeps: list[float], follow_redirects: bool) -> None:
    elsewhere.state.reset()
    run = elsewhere.state.add_run("thread_1", "asst_evil")
    api.state.faults.append(redirect(302, f"{elsewhere.base_url}/threads/thread_1/runs/{run['id']}"))
    http = httpx.Client(follow_redirects=follow_redirects)
    with Client(api_key=API_KEY, base_url=api.base_url, http_client=http, default_headers={"api-key": "azure-secret"}) as client:
        with pytest.raises(openai_runs.RedirectError, match="not followed to another origin"):
            client.retrieve_run("thread_1", "run_1")
    http.close()
    assert elsewhere.state.requests == []


def test_a_scheme_change_is_another_origin(api: RunsServer, client: Client) -> None:
    port = api.server_address[1]
    api.state.faults.append(redirect(301, f"https://127.0.0.1:{port}/v1/threads/thread_1/runs/run_1"))
    with pytest.raises(openai_runs.RedirectError, match="another origin"):
        client.retrieve_run("thread_1", "run_1")
    assert len(api.state.requests) == 1


def test_a_get_follows_a_same_origin_redirect_with_its_headers(api: RunsServer, client: Client) -> None:
    with api.state.lock:
        run = api.state.add_run("thread_1", "asst_1")
    api.state.faults.append(redirect(302, f"/v1/threads/thread_1/runs/{run['id']}"))
    assert client.retrieve_run("thread_1", "run_moved").id == run["id"]
    first, second = api.state.requests
    assert second.raw_path == f"/v1/threads/thread_1/runs/{run['id']}"
    assert second.headers["authorization"] == first.headers["authorization"] == f"Bearer {API_KEY}"


def test_a_redirect_loop_stops_after_five(api: RunsServer, client: Client) -> None:
    api.state.faults.extend(redirect(307, "/v1/threads/thread_1/runs/run_1") for _ in range(10))
    with pytest.raises(openai_runs.RedirectError, match="after 5 redirects"):
        client.retrieve_run("thread_1", "run_1")
    assert len(api.state.requests) == 6


def test_a_stream_request_is_not_redirected(api: RunsServer, elsewhere: RunsServer, client: Client) -> None:
    elsewhere.state.reset()
    api.state.faults.append(redirect(307, f"{elsewhere.base_url}/threads/thread_1/runs"))
    with pytest.raises(openai_runs.RedirectError):
        drain(client)
    assert elsewhere.state.requests == []


def test_redirects_async(api: RunsServer, elsewhere: RunsServer, sleeps: list[float]) -> None:
    elsewhere.state.reset()
    api.state.faults.extend([redirect(308, f"{elsewhere.base_url}/threads/thread_1/runs"), redirect(302, f"{elsewhere.base_url}/x")])

    async def scenario() -> list[str]:
        failures = []
        async with AsyncClient(api_key=API_KEY, base_url=api.base_url) as client:
            for call in (client.create_run("thread_1", assistant_id="asst_1"), client.retrieve_run("thread_1", "run_1")):
                try:
                    await call
                except openai_runs.RedirectError as exc:
                    failures.append(type(exc).__name__)
        return failures

    assert asyncio.run(scenario()) == ["RedirectError", "RedirectError"]
    assert elsewhere.state.requests == []


# -- 12. every failure is an APIError ---------------------------------------------------------------

DEEP = b"[" * 100_000 + b"]" * 100_000


def test_deeply_nested_json_in_a_response_is_a_validation_error(api: RunsServer, client: Client) -> None:
    api.state.faults.append(Fault("bytes", 200, headers={"Content-Type": "application/json"}, content=DEEP))
    with pytest.raises(openai_runs.APIResponseValidationError, match="nested too deeply"):
        client.retrieve_run("thread_1", "run_1")
    api.state.faults.append(Fault("bytes", 400, headers={"Content-Type": "application/json"}, content=DEEP))
    with pytest.raises(openai_runs.BadRequestError):
        client.retrieve_run("thread_1", "run_1")


@pytest.mark.parametrize("event", ["thread.run.created", "error", "something.unknown"])
def test_deeply_nested_json_in_an_event_is_a_decode_error(api: RunsServer, client: Client, event: str) -> None:
    api.state.streams.append(StreamScript(b"event: " + event.encode() + b"\ndata: " + DEEP + b"\n\n"))
    if event == "something.unknown":  # data that is not JSON is kept as text
        (unknown,) = drain(client)
        assert isinstance(unknown, openai_runs.UnknownEvent) and unknown.data.startswith("[[[")
        return
    with pytest.raises(openai_runs.StreamDecodeError, match="nested too deeply"):
        drain(client)


FUZZ_HEADERS = st.sampled_from(
    ["Retry-After", "retry-after-ms", "Content-Type", "Content-Encoding", "x-should-retry", "openai-poll-after-ms", "Location", "Content-Length"]
)
FUZZ_VALUES = st.one_of(
    st.text(st.characters(min_codepoint=32, max_codepoint=255), max_size=30),
    st.sampled_from(["gzip", "deflate", "br", "identity", "nan", "inf", "-1", "1e999", "true", "Wed, 21 Oct 99999 07:28:00 GMT", "//x.invalid/", "http://[::1"]),
)
FUZZ_BODIES = st.one_of(
    st.binary(max_size=100),
    st.sampled_from([DEEP, b"{}", b'{"error": 5}', b'{"error": {"message": 5}}', gzip.compress(b"{}"), b"\xff\xfe{", b"event: error\ndata: {}\n\n"]),
)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    st.sampled_from([200, 201, 204, 301, 302, 307, 400, 404, 409, 429, 500, 503, 599, 600]),
    st.lists(st.tuples(FUZZ_HEADERS, FUZZ_VALUES), max_size=4),
    FUZZ_BODIES,
    st.sampled_from(["retrieve", "create", "list", "stream"]),
)
def test_whatever_the_server_answers_a_call_raises_only_api_errors(
    server: RunsServer, status: int, headers: list[tuple[str, str]], body: bytes, call: str
) -> None:
    server.state.reset()
    lines = [f"HTTP/1.1 {status} Whatever", *(f"{name}: {value}" for name, value in headers)]
    if not any(name == "Content-Length" for name, _ in headers):
        lines.append(f"Content-Length: {len(body)}")
    raw = "\r\n".join([*lines, "", ""]).encode("latin-1") + body
    server.state.faults.extend(Fault("raw", content=raw) for _ in range(3))
    slept: list[float] = []
    original = openai_runs._base_client._sleep
    openai_runs._base_client._sleep = slept.append  # hypothesis runs examples without function fixtures
    try:
        with Client(api_key=API_KEY, base_url=server.base_url, timeout=5) as client:
            try:
                if call == "retrieve":
                    client.retrieve_run("thread_1", "run_1")
                elif call == "create":
                    client.create_run("thread_1", assistant_id="asst_1")
                elif call == "list":
                    list(client.list_runs("thread_1"))
                else:
                    drain(client)
            except openai_runs.APIError:
                pass
    finally:
        openai_runs._base_client._sleep = original
    assert all(0 <= seconds <= 60 for seconds in slept), slept
