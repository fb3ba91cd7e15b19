"""The SSE decoder's bound on one event (openai_runs._sse): linear buffering, a hard
limit, and the same outcome however the bytes are split.

An event's size is its lines with their line endings (after CR and CRLF become LF),
without the blank line that ends it; past `max_event_bytes` the decoder raises
EventTooLargeError, and it never holds more than that of an unfinished event.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_sse import split, split_points, streams

from openai_runs._sse import DEFAULT_MAX_EVENT_BYTES, EventTooLargeError, ServerSentEvent, SSEDecoder

PROPERTY = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def outcome(chunks: list[bytes], limit: int) -> tuple[list[ServerSentEvent], bool]:
    """The events decoded before any error, and whether the limit was hit; checks after
    every chunk that the decoder holds no more than `limit` bytes of an unfinished event."""
    decoder = SSEDecoder(limit)
    events: list[ServerSentEvent] = []
    try:
        for chunk in chunks:
            events.extend(decoder.feed(chunk))
            assert sum(map(len, decoder._pending)) == decoder._pending_size <= limit
    except EventTooLargeError as exc:
        assert exc.limit == limit
        return events, True
    return events, False


@pytest.mark.parametrize("ending", [b"\n", b"\r", b"\r\n"], ids=["LF", "CR", "CRLF"])
def test_an_event_of_exactly_the_limit_passes_and_one_byte_more_fails(ending: bytes) -> None:
    block = b"event: e" + ending + b"data: " + b"x" * 100 + ending  # 8 + 1 + 106 + 1 = 116 bytes
    data = block + ending + b"data: next" + ending + ending
    for chunks in ([data], [data[i : i + 1] for i in range(len(data))], [data[:50], data[50:]]):
        events, hit = outcome(chunks, 116)
        assert not hit and [e.event for e in events] == ["e", "message"]
        events, hit = outcome(chunks, 115)
        assert hit and events == []


def test_the_default_limit_is_16_mib() -> None:
    assert DEFAULT_MAX_EVENT_BYTES == 16 * 1024 * 1024
    assert SSEDecoder()._max == DEFAULT_MAX_EVENT_BYTES


def test_a_custom_error_is_raised_at_the_limit() -> None:
    class Mine(Exception):
        pass

    decoder = SSEDecoder(10, lambda limit: Mine(limit))
    with pytest.raises(Mine):
        decoder.feed(b"data: 0123456789")


def test_buffering_one_large_event_is_linear_in_its_size() -> None:
    # 16 MiB in 1 KiB chunks: copying the buffer on every chunk would move 128 GiB
    chunk = b"y" * 1024
    decoder = SSEDecoder()
    started = time.process_time()
    assert decoder.feed(b"event: big\ndata: ") == []
    for _ in range(16 * 1024 - 1):
        assert decoder.feed(chunk) == []
    (event,) = decoder.feed(b"\n\n")
    assert time.process_time() - started < 5
    assert event.event == "big" and len(event.data) == (16 * 1024 - 1) * 1024


def test_blank_lines_and_complete_events_never_accumulate() -> None:
    decoder = SSEDecoder(64)
    for _ in range(10_000):
        decoder.feed(b"\n")
        decoder.feed(b"data: 1\n\n")
        decoder.feed(b": comment\n\n")
    assert decoder._pending_size == 0


@PROPERTY
@given(streams(), st.integers(1, 120), st.data())
def test_the_limit_gives_the_same_outcome_however_the_stream_is_split(
    stream: tuple[bytes, list[ServerSentEvent]], limit: int, data: st.DataObject
) -> None:
    body, expected = stream
    whole_events, whole_hit = outcome([body], limit)
    cut_events, cut_hit = outcome(split(body, data.draw(split_points(len(body)))), limit)
    assert cut_hit == whole_hit
    if not whole_hit:
        assert whole_events == cut_events == expected
    else:  # split, the events before the long one come out first
        assert cut_events == expected[: len(cut_events)]
    unlimited, hit = outcome([body], len(body) + 1)
    assert not hit and unlimited == expected


@PROPERTY
@given(st.lists(st.binary(max_size=64), max_size=30), st.integers(1, 200))
def test_any_bytes_give_events_or_the_typed_error_and_nothing_else(chunks: list[bytes], limit: int) -> None:
    outcome(chunks, limit)  # asserts the bound after every chunk; any other exception fails the test


@pytest.mark.parametrize("extra", [1, 2, 5])
def test_blank_lines_after_an_event_of_exactly_the_limit_do_not_count(extra: int) -> None:
    # found by the property above: a chunk ending in three newlines counted one of them
    # into the event before, so the split stream hit a limit the whole one did not
    event = b"data: " + b"x" * 78 + b"\n"  # 85 bytes with its line ending
    body = event + b"\n" * (1 + extra) + b"data: next\n\n"
    for chunks in ([body], [body[: len(event) + 1 + extra], body[len(event) + 1 + extra :]]):
        events, hit = outcome(chunks, 85)
        assert not hit and [e.data for e in events] == ["x" * 78, "next"]
        _, hit = outcome(chunks, 84)
        assert hit
