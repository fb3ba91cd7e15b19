"""The server-sent events decoder (openai_runs._sse) against the WHATWG parsing rules.

https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation

Small literal inputs for each rule, the edge cases of openai-python's
tests/test_streaming.py, and property tests: any list of events, encoded with any mix of
line endings and split into chunks anywhere, decodes to the same events.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from openai_runs._sse import ServerSentEvent, SSEDecoder, iter_events

BOM = b"\xef\xbb\xbf"


def decode(*chunks: bytes) -> list[ServerSentEvent]:
    """Every event one decoder gives for these chunks, fed in order, then closed."""
    decoder = SSEDecoder()
    events: list[ServerSentEvent] = []
    for chunk in chunks:
        events.extend(decoder.feed(chunk))
    events.extend(decoder.close())
    return events


def bytewise(data: bytes) -> list[ServerSentEvent]:
    return decode(*(data[i : i + 1] for i in range(len(data))))


def pairs(events: Iterable[ServerSentEvent]) -> list[tuple[str, str]]:
    return [(e.event, e.data) for e in events]


def sse(event: str, data: str, id: str | None = None, retry: int | None = None) -> ServerSentEvent:
    return ServerSentEvent(event, data, id, retry)


# -- the rules, one by one ------------------------------------------------------------------


def test_one_event() -> None:
    assert decode(b"event: ping\ndata: hello\n\n") == [sse("ping", "hello")]


@pytest.mark.parametrize("newline", [b"\n", b"\r", b"\r\n"], ids=["LF", "CR", "CRLF"])
def test_each_line_ending(newline: bytes) -> None:
    data = b"event: a" + newline + b"data: 1" + newline + newline + b"data: 2" + newline + b"data: 3" + newline + newline
    assert decode(data) == [sse("a", "1"), sse("message", "2\n3")]
    assert bytewise(data) == decode(data)


def test_mixed_line_endings_in_one_stream() -> None:
    data = b"data: a\rdata: b\r\ndata: c\n\r\ndata: d\r\r"
    assert pairs(decode(data)) == [("message", "a\nb\nc"), ("message", "d")]


def test_cr_then_lf_is_one_line_ending_but_lf_then_cr_is_two() -> None:
    assert pairs(decode(b"data: a\r\ndata: b\r\n\r\n")) == [("message", "a\nb")]
    assert pairs(decode(b"data: a\n\rdata: b\n\n")) == [("message", "a"), ("message", "b")]


def test_cr_cr_is_two_line_endings() -> None:
    assert pairs(decode(b"data: a\r\rdata: b\r\r")) == [("message", "a"), ("message", "b")]


def test_multi_line_data_is_joined_with_lf() -> None:
    assert decode(b"data: one\ndata: two\ndata: three\n\n") == [sse("message", "one\ntwo\nthree")]


def test_data_keeps_its_trailing_empty_lines_but_one() -> None:
    # the data buffer gets a LF after every data line; the last LF is removed
    assert pairs(decode(b"data\ndata\n\n")) == [("message", "\n")]
    assert pairs(decode(b"data: a\ndata:\n\n")) == [("message", "a\n")]


def test_an_empty_data_line_is_still_an_event() -> None:
    assert decode(b"data\n\n") == [sse("message", "")]
    assert decode(b"data:\n\n") == [sse("message", "")]
    assert decode(b"data: \n\n") == [sse("message", "")]


def test_comments_are_ignored() -> None:
    data = b": this is a comment\ndata: a\n:another\n: data: not data\n\n:\n\n"
    assert decode(data) == [sse("message", "a")]


def test_a_stream_of_only_comments_gives_nothing() -> None:
    assert decode(b": keep-alive\n\n: keep-alive\n\n") == []


def test_only_one_space_after_the_colon_is_removed() -> None:
    assert pairs(decode(b"data:  two spaces\n\n")) == [("message", " two spaces")]
    assert pairs(decode(b"data:no space\n\n")) == [("message", "no space")]
    assert pairs(decode(b"data:\ttab\n\n")) == [("message", "\ttab")]
    assert pairs(decode(b"event:  spaced\ndata: x\n\n")) == [(" spaced", "x")]


def test_only_the_first_colon_separates_field_and_value() -> None:
    assert pairs(decode(b"data: a: b:c\n\n")) == [("message", "a: b:c")]
    assert pairs(decode(b"event: a:b\ndata: {\"k\": 1}\n\n")) == [("a:b", '{"k": 1}')]


def test_a_field_without_a_colon_has_an_empty_value() -> None:
    assert decode(b"data\n\n") == [sse("message", "")]
    # `event` alone sets an empty name, which means "message"
    assert decode(b"event: x\nevent\ndata: y\n\n") == [sse("message", "y")]
    # `id` alone resets the last event id to the empty string
    assert decode(b"id: 7\ndata: a\n\nid\ndata: b\n\n") == [sse("message", "a", "7"), sse("message", "b", "")]


def test_field_names_are_case_sensitive_and_unknown_fields_ignored() -> None:
    assert decode(b"Data: x\nDATA: y\nfoo: bar\ndata: z\n\n") == [sse("message", "z")]
    assert decode(b"Event: x\ndata: z\n\n") == [sse("message", "z")]


def test_the_default_event_name_is_message() -> None:
    assert decode(b"data: x\n\n") == [sse("message", "x")]


def test_an_empty_event_name_means_message() -> None:
    # `event: ` + `data: ` is the shape the decoder reads by a shortcut: it must agree
    assert decode(b"event: \ndata: x\n\n") == [sse("message", "x")]
    assert decode(b"data: x\nevent:\n\n") == [sse("message", "x")]
    assert decode(b"event:\ndata: x\n\n") == [sse("message", "x")]


def test_the_last_event_line_wins() -> None:
    assert decode(b"event: a\nevent: b\ndata: x\n\n") == [sse("b", "x")]


def test_the_event_name_does_not_carry_over() -> None:
    assert pairs(decode(b"event: a\ndata: 1\n\ndata: 2\n\n")) == [("a", "1"), ("message", "2")]


def test_the_last_id_is_kept_across_events() -> None:
    data = b"id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: c\n\n"
    assert decode(data) == [sse("message", "a", "1"), sse("message", "b", "1"), sse("message", "c", "2")]


def test_an_id_in_an_event_without_data_still_sets_the_last_id() -> None:
    assert decode(b"id: 5\n\ndata: a\n\n") == [sse("message", "a", "5")]


def test_an_id_containing_nul_is_ignored() -> None:
    data = b"id: 1\ndata: a\n\nid: 2\x003\ndata: b\n\n"
    assert decode(data) == [sse("message", "a", "1"), sse("message", "b", "1")]


def test_the_id_is_the_last_one_seen_even_after_the_data() -> None:
    # fields are processed in order, the event is dispatched at the blank line
    assert decode(b"data: a\nid: 9\n\n") == [sse("message", "a", "9")]


@pytest.mark.parametrize(
    ("line", "retry"),
    [
        (b"retry: 1000", 1000),
        (b"retry:0", 0),
        (b"retry: 0012", 12),
        (b"retry: 10a", None),
        (b"retry: -1", None),
        (b"retry: 1.5", None),
        (b"retry:  100", None),  # the second space is part of the value
        (b"retry: ", None),
        (b"retry", None),
        ("retry: \u0661\u0662".encode(), None),  # Arabic-Indic digits are not ASCII digits
    ],
)
def test_retry_must_be_ascii_digits(line: bytes, retry: int | None) -> None:
    assert decode(line + b"\ndata: x\n\n") == [sse("message", "x", None, retry)]


def test_a_leading_bom_is_dropped() -> None:
    assert decode(BOM + b"data: x\n\n") == [sse("message", "x")]
    assert decode(BOM + b"event: e\ndata: x\n\n") == [sse("e", "x")]


def test_a_bom_split_across_chunks_is_dropped() -> None:
    data = BOM + b"data: x\n\n"
    for cut in range(1, len(BOM) + 1):
        assert decode(data[:cut], data[cut:]) == [sse("message", "x")]
    assert bytewise(data) == [sse("message", "x")]


def test_only_one_bom_and_only_at_the_start_is_dropped() -> None:
    # a second BOM makes the first field name "\ufeffdata", an unknown field
    assert decode(BOM + BOM + b"data: x\n\ndata: y\n\n") == [sse("message", "y")]
    assert pairs(decode(b"data: x\n\n" + BOM + b"data: y\n\n")) == [("message", "x")]
    assert pairs(decode(b"data: " + BOM + b"x\n\n")) == [("message", "\ufeffx")]


def test_an_event_without_data_is_not_dispatched() -> None:
    # WHATWG: an empty data buffer dispatches nothing. openai-python differs here: its
    # SSEDecoder yields `event: ping` alone as an event with data "".
    assert decode(b"event: ping\n\n") == []
    assert decode(b"event: ping\nid: 1\nretry: 5\n: comment\n\n") == []


def test_blank_lines_alone_dispatch_nothing() -> None:
    assert decode(b"\n\n\n\r\n\r\r") == []
    assert decode(b"\n\n\ndata: x\n\n\n\n") == [sse("message", "x")]


def test_an_unterminated_final_event_is_discarded() -> None:
    assert decode(b"data: a\n\ndata: b") == [sse("message", "a")]
    assert decode(b"data: a\n\ndata: b\n") == [sse("message", "a")]
    assert decode(b"data: a\n\nevent: x\ndata: b\r\n") == [sse("message", "a")]


def test_close_discards_the_pending_event_and_the_decoder_can_go_on() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\n\ndata: b\n") == [sse("message", "a")]
    assert decoder.close() == []


def test_feed_returns_only_the_events_completed_by_that_chunk() -> None:
    decoder = SSEDecoder()
    assert decoder.feed(b"data: a\n") == []
    assert decoder.feed(b"\ndata: b\n\ndata: c") == [sse("message", "a"), sse("message", "b")]
    assert decoder.feed(b"\n") == []
    assert decoder.feed(b"\n") == [sse("message", "c")]


def test_a_split_crlf_is_one_line_ending() -> None:
    # the CR ends one chunk, its LF starts the next: not a blank line in between
    assert decode(b"data: a\r", b"\ndata: b\r\n\r\n") == [sse("message", "a\nb")]
    assert decode(b"data: a\r\n\r", b"\n") == [sse("message", "a")]
    assert decode(b"data: a\r", b"\n", b"\r", b"\n") == [sse("message", "a")]


def test_an_empty_chunk_between_cr_and_lf_changes_nothing() -> None:
    assert decode(b"data: a\r", b"", b"\ndata: b\r\n\r\n") == [sse("message", "a\nb")]


def test_empty_chunks_elsewhere_change_nothing() -> None:
    assert decode(b"", b"data: a", b"", b"\n", b"", b"\n", b"") == [sse("message", "a")]
    assert decode(b"", BOM, b"", b"data: a\n\n") == [sse("message", "a")]


def test_a_multi_byte_character_split_anywhere() -> None:
    text = "é€😀"  # 2, 3 and 4 bytes in UTF-8
    data = f"event: {text}\ndata: {text}\n\n".encode()
    for cut in range(len(data) + 1):
        assert decode(data[:cut], data[cut:]) == [sse(text, text)], cut
    assert bytewise(data) == [sse(text, text)]


def test_invalid_utf8_is_replaced_not_fatal() -> None:
    assert decode(b"data: a\xffb\n\n") == [sse("message", "a\ufffdb")]


def test_nul_and_other_controls_in_data_are_kept() -> None:
    assert pairs(decode(b"data: a\x00b\x0bc\x0cd\n\n")) == [("message", "a\x00b\x0bc\x0cd")]


def test_the_fast_path_and_the_general_path_agree() -> None:
    # `event: x` + `data: y` is decoded by a shortcut; other orders by the general loop
    first = decode(b"id: 3\n\nevent: x\ndata: y\n\n")
    second = decode(b"id: 3\n\ndata: y\nevent: x\n\n")
    third = decode(b"id: 3\n\nevent:x\ndata:y\n\n")
    assert first == second == third == [sse("x", "y", "3")]
    assert decode(b"event: x\ndata:  y\n\n") == [sse("x", " y")]
    assert decode(b"event: x\ndata: y: z\n\n") == [sse("x", "y: z")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"event: \ndata: y\n\n", [sse("message", "y")]),  # an empty name
        (b"event:  x\ndata: y\n\n", [sse(" x", "y")]),  # only one space is dropped
        (b"event: x\nid: 1\ndata: y\n\n", [sse("x", "y", "1")]),
        (b"event: x\ndata: y\nid: 1\n\n", [sse("x", "y", "1")]),
        (b"event: x\ndata: y\ndata: z\n\n", [sse("x", "y\nz")]),
        (b"event: x\n\ndata: y\n\n", [sse("message", "y")]),  # the name ends with its block
        (b"event: x\ndata: y\n\n\nevent: z\ndata: w\n\n", [sse("x", "y"), sse("z", "w")]),
        (b"event: x\ndata: y\n\n: ping\n\nevent: z\ndata: w\n\n", [sse("x", "y"), sse("z", "w")]),
        (b"event: x\ndata: y\n\ndata: m\n\nevent: z\ndata: w\n\n", [sse("x", "y"), sse("message", "m"), sse("z", "w")]),
        (b"id: 7\ndata: m\n\nevent: z\ndata: w\n\n", [sse("message", "m", "7"), sse("z", "w", "7")]),
        (b"event: x\ndata\n\n", [sse("x", "")]),  # a field without a colon
        (b"event: x\nevent: y\ndata: z\n\n", [sse("y", "z")]),
        (b"data: a\nevent: x\ndata: b\n\n", [sse("x", "a\nb")]),
        # streams of `data:` lines alone have a shortcut of their own
        (b"data: a\n\ndata: b\n\n", [sse("message", "a"), sse("message", "b")]),
        (b"data: a\n\n\ndata: b\n\n", [sse("message", "a"), sse("message", "b")]),
        (b"data: a\ndata: b\n\ndata: c\n\n", [sse("message", "a\nb"), sse("message", "c")]),
        (b"data: a\n\nid: 2\ndata: b\n\ndata: c\n\n", [sse("message", "a"), sse("message", "b", "2"), sse("message", "c", "2")]),
        (b"data: a\n\ndata: b\nid: 9\n\ndata: c\n\n", [sse("message", "a"), sse("message", "b", "9"), sse("message", "c", "9")]),
        (b"data: a\n\n: ping\n\ndata: b\n\n", [sse("message", "a"), sse("message", "b")]),
        (b"data: \n\ndata: b\n\n", [sse("message", ""), sse("message", "b")]),
        (b"data: a\n\ndata: b\nretry: 5\n\n", [sse("message", "a"), sse("message", "b", None, 5)]),
        (b"data: a\n\ndata: b\nevent: x\n\ndata: c\n\n", [sse("message", "a"), sse("x", "b"), sse("message", "c")]),
        (b"data: a\n\ndata:b\n\ndata: [DONE]\n\n", [sse("message", "a"), sse("message", "b"), sse("message", "[DONE]")]),
    ],
)
def test_events_of_other_shapes_among_common_ones(data: bytes, expected: list[ServerSentEvent]) -> None:
    # the shortcut takes `event: x` + `data: y` blocks; every other block goes to the
    # general loop, in any mix, split anywhere
    assert decode(data) == expected
    assert bytewise(data) == expected
    decoder = SSEDecoder()
    assert decoder.feed_tuples(data) == [tuple(event) for event in expected]


def test_iter_events_over_chunks() -> None:
    chunks = [b"event: a\nda", b"ta: 1\n", b"\ndata: 2\n\ndata: 3"]
    assert list(iter_events(chunks)) == [sse("a", "1"), sse("message", "2")]


# -- openai-python's tests/test_streaming.py edge cases --------------------------------------


def test_openai_basic() -> None:
    (event,) = decode(b'event: completion\ndata: {"foo":true}\n\n')
    assert event.event == "completion"
    assert json.loads(event.data) == {"foo": True}


def test_openai_data_missing_event() -> None:
    # openai-python gives event None; the WHATWG default name is "message"
    (event,) = decode(b'data: {"foo":true}\n\n')
    assert event.event == "message"
    assert json.loads(event.data) == {"foo": True}


def test_openai_event_missing_data() -> None:
    # openai-python yields this as an event with data ""; WHATWG dispatches nothing
    assert decode(b"event: ping\n\n") == []


def test_openai_multiple_events() -> None:
    # the same without data: openai-python yields two events, WHATWG none
    assert decode(b"event: ping\n\nevent: completion\n\n") == []


def test_openai_multiple_events_with_data() -> None:
    events = decode(b'event: ping\ndata: {"foo":true}\n\nevent: completion\ndata: {"bar":false}\n\n')
    assert [(e.event, json.loads(e.data)) for e in events] == [("ping", {"foo": True}), ("completion", {"bar": False})]


def test_openai_multiple_data_lines_with_empty_line() -> None:
    (event,) = decode(b'event: ping\ndata: {\ndata: "foo":\ndata: \ndata:\ndata: true}\n\n')
    assert event.event == "ping"
    assert event.data == '{\n"foo":\n\n\ntrue}'
    assert json.loads(event.data) == {"foo": True}


def test_openai_data_json_escaped_double_new_line() -> None:
    (event,) = decode(b'event: ping\ndata: {"foo": "my long\\n\\ncontent"}\n\n')
    assert event.event == "ping"
    assert json.loads(event.data) == {"foo": "my long\n\ncontent"}


def test_openai_multiple_data_lines() -> None:
    (event,) = decode(b'event: ping\ndata: {\ndata: "foo":\ndata: true}\n\n')
    assert json.loads(event.data) == {"foo": True}


def test_openai_special_new_line_character() -> None:
    # U+2028 (and U+0085, U+2029) are not line endings in SSE, only CR and LF are
    data = 'data: {"content":" culpa"}\n\ndata: {"content":" \u2028"}\n\ndata: {"content":"\u0085\u2029foo"}\n\n'
    events = decode(data.encode())
    assert [json.loads(e.data) for e in events] == [{"content": " culpa"}, {"content": " \u2028"}, {"content": "\u0085\u2029foo"}]


def test_openai_multi_byte_character_multiple_chunks() -> None:
    # "известни" split inside its first character, as in openai-python's test
    chunks = [b'data: {"content":"', b"\xd0", b"\xb8\xd0\xb7\xd0\xb2\xd0\xb5\xd1\x81\xd1\x82\xd0\xbd\xd0\xb8", b'"}\n\n']
    (event,) = decode(*chunks)
    assert json.loads(event.data) == {"content": "известни"}


# -- properties ------------------------------------------------------------------------------

# No CR or LF inside a line: those are line endings.
line_text = st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=12)
# Names may be empty too: an empty name means "message".
names = st.text(st.characters(codec="utf-8", exclude_characters="\r\n"), max_size=10)
ids = st.one_of(line_text, st.builds(lambda a, b: f"{a}\0{b}", line_text, line_text))
retries = st.one_of(st.integers(0, 10**6).map(str), st.sampled_from(["", "-5", "1.5", "12a", " 7", "x"]))
endings = st.sampled_from(["\n", "\r", "\r\n"])


@st.composite
def event_blocks(draw: st.DrawFn) -> list[tuple[str, str]]:
    """The lines (field, value) of one event, in a random order; field "" is a comment."""
    lines: list[tuple[str, str]] = []
    name = draw(st.none() | names)
    if name is not None:
        lines.append(("event", name))
    lines += [("data", v) for v in draw(st.lists(line_text, max_size=4))]
    lines += [("id", v) for v in draw(st.lists(ids, max_size=2))]
    lines += [("retry", v) for v in draw(st.lists(retries, max_size=2))]
    lines += [("", v) for v in draw(st.lists(line_text, max_size=2))]
    lines += [("unknown", v) for v in draw(st.lists(line_text, max_size=1))]
    # shuffle, but keep data lines in their relative order (that order is the data)
    data_values = iter([value for field, value in lines if field == "data"])
    slots: list[tuple[str, str] | None] = [None if field == "data" else (field, value) for field, value in lines]
    shuffled = draw(st.permutations(slots))
    return [("data", next(data_values)) if slot is None else slot for slot in shuffled]


def expected_events(blocks: list[list[tuple[str, str]]]) -> list[ServerSentEvent]:
    """What WHATWG says these events decode to."""
    events = []
    last_id: str | None = None
    for block in blocks:
        name, data, retry = "", [], None
        for field, value in block:
            if field == "event":
                name = value
            elif field == "data":
                data.append(value)
            elif field == "id" and "\0" not in value:
                last_id = value
            elif field == "retry" and value.isascii() and value.isdigit():
                retry = int(value)
        if data:
            events.append(ServerSentEvent(name or "message", "\n".join(data), last_id, retry))
    return events


@st.composite
def streams(draw: st.DrawFn) -> tuple[bytes, list[ServerSentEvent]]:
    """A whole stream as bytes, and the events it must decode to."""
    blocks = draw(st.lists(event_blocks(), max_size=6))
    text_lines: list[str] = []
    for block in blocks:
        text_lines += [""] * draw(st.integers(0, 1))  # stray blank lines between events
        for field, value in block:
            if field == "":
                text_lines.append(":" + value)
            else:
                # one optional space after the colon (needed when the value starts with one)
                space = " " if value.startswith(" ") or draw(st.booleans()) else ""
                text_lines.append(f"{field}:{space}{value}")
        text_lines.append("")  # the blank line that dispatches
    text = ""
    previous = ""
    for line in text_lines:
        ending = draw(endings)
        if previous == "\r" and line == "" and ending == "\n":
            ending = "\r\n"  # CR then an empty LF line would read as one CRLF
        text += line + ending
        previous = ending
    if draw(st.booleans()):  # an unterminated last event: discarded
        unterminated = "data: " + draw(line_text) + draw(st.sampled_from(["", "\n", "\r\n"]))
        if previous == "\r" and unterminated.startswith("\n"):
            unterminated = unterminated[1:]
        text += unterminated
    data = text.encode()
    if draw(st.booleans()):
        data = BOM + data
    return data, expected_events(blocks)


@st.composite
def split_points(draw: st.DrawFn, size: int) -> list[int]:
    # distinct cuts, so no empty chunks (an empty chunk after a CR is a known bug, above)
    if size <= 1:
        return []
    return sorted(draw(st.sets(st.integers(1, size - 1), max_size=min(size - 1, 40))))


def split(data: bytes, cuts: list[int]) -> list[bytes]:
    bounds = [0, *cuts, len(data)]
    return [data[a:b] for a, b in zip(bounds, bounds[1:])]


FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(st.data())
def test_any_stream_split_anywhere_decodes_the_same(data: st.DataObject) -> None:
    stream, expected = data.draw(streams())
    whole = decode(stream)
    assert whole == expected
    cuts = data.draw(split_points(len(stream)))
    assert decode(*split(stream, cuts)) == whole
    assert bytewise(stream) == whole
    assert list(iter_events(split(stream, cuts))) == whole


@FAST
@given(streams(), st.sampled_from(["\n", "\r", "\r\n"]))
def test_line_endings_do_not_change_the_events(stream: tuple[bytes, list[ServerSentEvent]], newline: str) -> None:
    data, expected = stream
    # the same stream with every line ending replaced by one kind
    has_bom = data.startswith(BOM)
    body = data[len(BOM) :] if has_bom else data
    normalised = body.replace(b"\r\n", b"\n").replace(b"\r", b"\n").replace(b"\n", newline.encode())
    assert decode((BOM if has_bom else b"") + normalised) == expected


@FAST
@given(st.lists(st.tuples(names, st.lists(line_text, min_size=1, max_size=3)), max_size=5), st.data())
def test_fast_path_shaped_events_split_anywhere(events: list[tuple[str, list[str]]], data: st.DataObject) -> None:
    # the common shape, `event: x` then `data: ...` lines, as the API sends it
    stream = "".join(f"event: {n}\n" + "".join(f"data: {d}\n" for d in lines) + "\n" for n, lines in events).encode()
    expected = [sse(n or "message", "\n".join(lines)) for n, lines in events]
    assert decode(stream) == expected
    assert decode(*split(stream, data.draw(split_points(len(stream))))) == expected
    assert bytewise(stream) == expected


@pytest.mark.parametrize("text", ['{"a":1}', ' {"a": [1, 2]} ', '"x"', "1.5", "null", '{"a":1}x', "", "{bad", "[1,"])
def test_the_streams_json_reader_agrees_with_json_loads(text: str) -> None:
    """_event_reader.loads skips json.loads' wrapper on the fast path; results and errors match."""
    import json

    from openai_runs._event_reader import loads

    try:
        expected = json.loads(text)
    except json.JSONDecodeError as error:
        with pytest.raises(json.JSONDecodeError) as caught:
            loads(text)
        assert str(caught.value) == str(error)
    else:
        assert loads(text) == expected
