"""Every stream feature of the format (issue 12), on the synthetic spec
tests/golden/streams/spec.yaml with its test helpers (tests/golden/streams/helpers/):
generated, type-checked, and read over real HTTP. The Responses-shaped stream against
the local Responses server (tests/responses_server.py) with its transcripts: named by
the data's `type`, completed by a terminal event before the connection closes,
incomplete when it closes without one, resumed by query parameters. The others against
a scripted server (tests/streams_server.py): `data: [DONE]` as the terminator, a stream
that only the connection's end completes, and error events of each shape."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from responses_server import API_KEY, ResponsesServer, StreamScript
from streams_server import StreamsServer

from generator.config import style_folders
from generator.problems import TemplateError

sys.path.insert(0, str(Path(__file__).resolve().parent / "golden"))
refresh = __import__("refresh")

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "tests" / "golden" / "streams"
TRANSCRIPTS = ROOT / "tests" / "fixtures" / "responses"
FINAL = "(`response.completed`, `response.failed`, `response.incomplete`)"


@pytest.fixture(scope="module", params=["python", "python-pydantic"])
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The spec generated in one style, with the case's helpers in front of it."""
    out = tmp_path_factory.mktemp(str(request.param))
    folders = refresh.case_templates(CASE)[:1] + style_folders(str(request.param))
    for name, text in refresh.generate(CASE / "spec.yaml", folders, refresh.PYTHON).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")
    return out


def package_folder(generated: Path) -> Path:
    return next(p for p in sorted(generated.iterdir()) if (p / "__init__.py").is_file())


@pytest.fixture(scope="module")
def pkg(generated: Path) -> Iterator[types.ModuleType]:
    """The generated package, imported under a name of its own."""
    name = "stream_features_" + generated.name.replace("-", "_")
    root = package_folder(generated)
    spec = importlib.util.spec_from_file_location(name, root / "__init__.py", submodule_search_locations=[str(root)])
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        for loaded in [n for n in sys.modules if n == name or n.startswith(name + ".")]:
            del sys.modules[loaded]


@pytest.fixture(scope="module")
def streams_server() -> Iterator[StreamsServer]:
    with StreamsServer() as running:
        yield running


@pytest.fixture
def scripted(streams_server: StreamsServer) -> StreamsServer:
    streams_server.state.reset()
    return streams_server


def test_the_package_type_checks(generated: Path, tmp_path: Path) -> None:
    folder = package_folder(generated).name
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), folder],
        cwd=generated, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert mypy.returncode == 0, mypy.stdout


def read(pkg: types.ModuleType, base_url: str, open_stream: Any, aio: bool = False) -> tuple[list[Any], Any, Exception | None]:
    """(events, the stream, what it raised) of `open_stream(client)`, sync or async."""

    def sync() -> tuple[list[Any], Any, Exception | None]:
        seen: list[Any] = []
        with pkg.Client(api_key=API_KEY, base_url=base_url) as client, open_stream(client) as stream:
            try:
                seen.extend(stream)
            except pkg.APIError as exc:
                return seen, stream, exc
        return seen, stream, None

    async def async_() -> tuple[list[Any], Any, Exception | None]:
        seen: list[Any] = []
        async with pkg.AsyncClient(api_key=API_KEY, base_url=base_url) as client, open_stream(client) as stream:
            try:
                async for event in stream:
                    seen.append(event)
            except pkg.APIError as exc:
                return seen, stream, exc
        return seen, stream, None

    return asyncio.run(async_()) if aio else sync()


def transcript(name: str) -> list[dict[str, Any]]:
    text = (TRANSCRIPTS / name).read_text()
    return [json.loads(line[6:]) for line in text.splitlines() if line.startswith("data: ")]


# -- ResponseStream: by the data's type, terminal events, resumed by query ---------------------


@pytest.mark.parametrize("aio", [False, True], ids=["sync", "async"])
def test_a_stream_named_by_type_is_completed_by_its_terminal_event(pkg: types.ModuleType, responses_api: ResponsesServer, aio: bool) -> None:
    responses_api.state.play(TRANSCRIPTS / "text_with_annotations.sse")
    seen, stream, error = read(pkg, responses_api.base_url, lambda c: c.create_response_stream(model="gpt-test", input="hi"), aio)
    sent = transcript("text_with_annotations.sse")
    assert error is None and [str(e.event) for e in seen] == [e["type"] for e in sent]
    events = pkg.events
    known = {type(e).__name__ for e in seen if not isinstance(e, events.UnknownEvent)}
    assert known == {"ResponseCreatedEvent", "ResponseInProgressEvent", "ResponseOutputTextDeltaEvent", "ResponseOutputTextDoneEvent", "ResponseCompletedEvent"}
    assert isinstance(seen[-1], events.ResponseCompletedEvent) and stream.completed
    unknown = next(e for e in seen if isinstance(e, events.UnknownEvent))
    assert unknown.event == "response.output_item.added" and unknown.data == sent[2]  # named by its type, kept whole
    assert stream.output_text == "".join(e["delta"] for e in sent if e["type"] == "response.output_text.delta")
    assert stream.final.status == "completed" and stream.final.id == sent[-1]["response"]["id"]
    assert responses_api.state.requests[-1].body == {"model": "gpt-test", "input": "hi", "stream": True}


def test_events_are_named_by_type_whatever_their_event_lines_say(pkg: types.ModuleType, responses_api: ResponsesServer) -> None:
    sent = transcript("text_with_annotations.sse")
    lines = [b"data: " + json.dumps(e).encode() for e in sent]  # no `event:` line
    lines[3] = b"event: message\n" + lines[3]
    lines[4] = b"event: response.completed\n" + lines[4]  # a wrong one: the type wins
    responses_api.state.streams.append(StreamScript(b"\n\n".join(lines) + b"\n\n", chunk_sizes=(7, 1, 64)))
    with pkg.Client(api_key=API_KEY, base_url=responses_api.base_url) as client:
        with client.create_response_stream(model="gpt-test") as stream:
            response = stream.until_done()
    assert response.status == "completed" and stream.completed
    assert stream.index == len(sent) and stream.output_text.startswith("Server")


@pytest.mark.parametrize("aio", [False, True], ids=["sync", "async"])
def test_a_stream_is_resumed_by_query_parameters(pkg: types.ModuleType, responses_api: ResponsesServer, aio: bool) -> None:
    responses_api.state.play(TRANSCRIPTS / "reasoning_function_calls.sse")
    with pkg.Client(api_key=API_KEY, base_url=responses_api.base_url) as client:
        with client.create_response_stream(model="gpt-test") as stream:
            first = [next(stream) for _ in range(4)]
        response_id = first[0].data.response.id
        plain = client.retrieve_response(response_id, include=["message.output_text.logprobs"])
    assert plain.status == "completed"
    assert responses_api.state.requests[-1].query == (("include[]", "message.output_text.logprobs"),)  # no `stream`
    seen, resumed, error = read(pkg, responses_api.base_url, lambda c: c.retrieve_response_stream(response_id, starting_after=3), aio)
    request = responses_api.state.requests[-1]
    assert request.method == "GET" and dict(request.query) == {"starting_after": "3", "stream": "true"} and request.body is None
    sent = transcript("reasoning_function_calls.sse")
    assert error is None and [e.data["sequence_number"] if isinstance(e.data, dict) else e.data.sequence_number for e in seen] == [e["sequence_number"] for e in sent[4:]]
    assert resumed.completed and resumed.final.status == "completed"


@pytest.mark.parametrize("aio", [False, True], ids=["sync", "async"])
def test_a_stream_closed_before_a_terminal_event_is_incomplete(pkg: types.ModuleType, responses_api: ResponsesServer, aio: bool) -> None:
    body = (TRANSCRIPTS / "text_with_annotations.sse").read_bytes()
    cut = body[: body.rindex(b"event: response.completed")]  # whole events, then a clean close
    responses_api.state.streams.append(StreamScript(cut, close=True))

    def until_done(client: Any) -> Any:
        return client.create_response_stream(model="gpt-test")

    seen, stream, error = read(pkg, responses_api.base_url, until_done, aio)
    assert error is None and not stream.completed and seen[-1].event == "response.output_item.done"
    responses_api.state.streams.append(StreamScript(cut, close=True))
    with pkg.Client(api_key=API_KEY, base_url=responses_api.base_url) as client:
        with client.create_response_stream(model="gpt-test") as stream:
            with pytest.raises(pkg.IncompleteStreamError) as raised:
                stream.until_done()
            assert stream.until_done(allow_incomplete=True).status == "in_progress"  # as last told
    assert str(raised.value) == f"The stream ended after {len(seen)} events, before any of its final events {FINAL}."


def test_failed_and_incomplete_responses_are_terminal_too(pkg: types.ModuleType, responses_api: ResponsesServer) -> None:
    responses_api.state.play(TRANSCRIPTS / "incomplete_max_tokens.sse")
    seen, stream, error = read(pkg, responses_api.base_url, lambda c: c.create_response_stream(model="gpt-test"))
    assert error is None and isinstance(seen[-1], pkg.events.ResponseIncompleteEvent)
    assert stream.completed and stream.final.status == "incomplete"


@pytest.mark.parametrize("aio", [False, True], ids=["sync", "async"])
def test_an_error_event_beside_its_type_raises_stream_error(pkg: types.ModuleType, responses_api: ResponsesServer, aio: bool) -> None:
    responses_api.state.play(TRANSCRIPTS / "failed_mcp_server.sse")
    seen, stream, error = read(pkg, responses_api.base_url, lambda c: c.create_response_stream(model="gpt-test"), aio)
    sent = transcript("failed_mcp_server.sse")
    at = next(i for i, e in enumerate(sent) if e["type"] == "error")
    assert isinstance(error, pkg.StreamError) and len(seen) == at and not stream.completed
    assert error.data == pkg.models.ResponseErrorEvent.from_dict(sent[at]) and error.data is error.error
    assert (error.message, error.code) == (sent[at]["message"], "server_error")


def test_a_wrapped_error_in_a_stream_named_by_type_is_raised_by_its_event_line(pkg: types.ModuleType, responses_api: ResponsesServer) -> None:
    body = b'event: error\ndata: {"error": {"message": "Overloaded.", "code": "busy", "param": null}}\n\n'
    responses_api.state.streams.append(StreamScript(body))
    seen, _, error = read(pkg, responses_api.base_url, lambda c: c.create_response_stream(model="gpt-test"))
    assert seen == [] and isinstance(error, pkg.StreamError)
    assert error.data == pkg.models.ResponseErrorEvent(message="Overloaded.", code="busy", param=None)
    assert (error.message, error.code, error.body) == ("Overloaded.", "busy", {"error": {"message": "Overloaded.", "code": "busy", "param": None}})


def test_the_helpers_named_by_the_spec(pkg: types.ModuleType, responses_api: ResponsesServer) -> None:
    events = pkg.events
    told: list[tuple[str, str]] = []

    class Texts(events.ResponseStreamEventHandler):  # type: ignore[misc,name-defined]
        def on_text_delta(self, delta: str, snapshot: str) -> None:
            told.append((delta, snapshot))

    responses_api.state.play(TRANSCRIPTS / "text_with_annotations.sse")
    with pkg.Client(api_key=API_KEY, base_url=responses_api.base_url) as client:
        with client.create_response_stream(model="gpt-test", event_handler=Texts()) as stream:
            deltas = list(stream.text_deltas())
    assert [delta for delta, _ in told] == deltas and told[-1][1] == "".join(deltas) == stream.output_text
    assert events.ResponseOutputTextDeltaEvent.from_data({"type": "response.output_text.delta", "sequence_number": 1, "item_id": "m", "output_index": 0, "content_index": 0, "delta": "hi"}).text == "hi"
    for generic in ("CompletionStreamEvents", "AsyncJobStreamEvents"):  # streams without `helpers`
        assert not hasattr(getattr(events, generic), "until_done") and hasattr(getattr(events, generic), "until_complete")


def test_helpers_the_style_lacks_are_refused_at_the_spec(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    spec.write_text((CASE / "spec.yaml").read_text().replace("helpers: ResponseText", "helpers: ResponseTexts"))
    with pytest.raises(TemplateError) as raised:
        refresh.generate(spec, refresh.case_templates(CASE), refresh.PYTHON)
    line = next(n for n, text in enumerate(spec.read_text().splitlines(), 1) if text.strip().startswith("helpers:"))
    assert str(raised.value).endswith(
        f"spec.yaml:{line}:14: the style has no stream helpers `ResponseTexts` (`partials/stream_helpers/ResponseTexts.jinja`) (did you mean `ResponseText`?); it has `ResponseStream`, `ResponseText`, `RunStream`"
    )


# -- CompletionStream: `data:` lines only, `data: [DONE]` -------------------------------------


def chunk(text: str) -> bytes:
    return b"data: " + json.dumps({"id": "cmpl_1", "text": text}).encode() + b"\n\n"


@pytest.mark.parametrize("aio", [False, True], ids=["sync", "async"])
def test_data_done_ends_a_stream_whose_terminator_says_so(pkg: types.ModuleType, scripted: StreamsServer, aio: bool) -> None:
    scripted.state.script(chunk("Hel") + chunk("lo") + b"data: [DONE]\n\n" + chunk("never read"), chunk_sizes=(5,))
    seen, stream, error = read(pkg, scripted.base_url, lambda c: c.create_completion_stream(prompt="Say hello"), aio)
    assert error is None and stream.completed
    assert [type(e).__name__ for e in seen] == ["MessageEvent", "MessageEvent"] and "".join(e.data.text for e in seen) == "Hello"
    assert scripted.state.requests[-1].body == {"prompt": "Say hello", "stream": True}


def test_a_stream_closed_before_its_terminator_is_incomplete(pkg: types.ModuleType, scripted: StreamsServer) -> None:
    scripted.state.script(chunk("Hel"))
    with pkg.Client(api_key=API_KEY, base_url=scripted.base_url) as client:
        with client.create_completion_stream(prompt="Say hello") as stream:
            with pytest.raises(pkg.IncompleteStreamError, match=r"after 1 events, before its `done` event\.$"):
                stream.until_complete()


@pytest.mark.parametrize("shape", ["bare", "wrapped"])
def test_a_bare_error_event_raises_stream_error_in_either_shape(pkg: types.ModuleType, scripted: StreamsServer, shape: str) -> None:
    error = {"message": "Too long.", "code": "context_length_exceeded", "param": "prompt", "type": "invalid_request_error"}
    data = error if shape == "bare" else {"error": error}
    scripted.state.script(chunk("Hel") + b"event: error\ndata: " + json.dumps(data).encode() + b"\n\n")
    seen, stream, raised = read(pkg, scripted.base_url, lambda c: c.create_completion_stream(prompt="Say hello"))
    assert len(seen) == 1 and isinstance(raised, pkg.StreamError) and not stream.completed
    assert raised.data == pkg.models.Error.from_dict(error)
    assert (raised.message, raised.code, raised.param, raised.type) == ("Too long.", "context_length_exceeded", "prompt", "invalid_request_error")


# -- JobStream: ended by the connection's close; an error event that is the wrapper ----------


@pytest.mark.parametrize("aio", [False, True], ids=["sync", "async"])
def test_a_stream_without_terminator_is_completed_by_the_close(pkg: types.ModuleType, scripted: StreamsServer, aio: bool) -> None:
    body = b'event: job.progress\ndata: {"percent": 50}\n\ndata: [DONE]\n\nevent: job.finished\ndata: {"id": "job_1", "state": "done"}\n\n'
    scripted.state.script(body, close=True)
    seen, stream, error = read(pkg, scripted.base_url, lambda c: c.start_job_stream(name="backup"), aio)
    assert error is None and stream.completed
    events = pkg.events
    assert [type(e).__name__ for e in seen] == ["JobProgressEvent", "UnknownEvent", "JobFinishedEvent"]
    assert (seen[1].event, seen[1].data) == ("message", "[DONE]")  # no terminator: `[DONE]` is only data
    assert isinstance(seen[2], events.JobFinishedEvent) and seen[2].data.state == "done"


def test_an_error_event_whose_schema_is_the_wrapper_decodes_whole(pkg: types.ModuleType, scripted: StreamsServer) -> None:
    scripted.state.script(b'event: job.failed\ndata: {"error": {"message": "Disk full.", "code": "io"}}\n\n')
    seen, stream, error = read(pkg, scripted.base_url, lambda c: c.start_job_stream(name="backup"))
    assert seen == [] and isinstance(error, pkg.StreamError) and not stream.completed
    assert isinstance(error.data, pkg.models.JobError) and error.data.error.message == "Disk full."
    assert (error.message, error.code) == ("Disk full.", "io")
