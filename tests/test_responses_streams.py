"""Stream decoding equal to the official SDK's, on every transcript of
tests/fixtures/responses (which together use all 58 events), under random chunking.

Each transcript is streamed by the local server (tests/responses_server.py) in chunks of
random sizes, read by the SDK and by our client (sync and async, created and resumed),
and compared event by event: the name (our `event.event`, the SDK's `type`) and the data
(our `event.data.to_dict()`, the SDK's `model_dump`), unknown members included. Our
events must be the classes the spec names, never UnknownEvent.

One difference is deliberate: the spec makes `error` the stream's error event, which our
client raises as StreamError after the events before it (the SDK yields it and reads
on). The raised error's data must be the SDK's event, and what followed it is not read.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path
from types import ModuleType
from typing import Any

import openai
import pytest
from responses_objects import Json, decode_sse
from responses_server import API_KEY, ResponsesServer

FOLDER = Path(__file__).resolve().parent / "fixtures" / "responses"
TRANSCRIPTS = sorted(FOLDER.glob("*.sse"))
SEEDS = (1, 2, 3)


def chunking(seed: int) -> tuple[int, ...]:
    """Random chunk sizes, from a byte to most of an event, cycled by the server."""
    rng = random.Random(seed)
    return tuple(rng.choice((1, 2, 3, 5, 8, 13, 21, 34, 64, 150)) for _ in range(40))


def dumped(event: Any) -> Json:
    """An SDK event as JSON: `model_dump` of what it read, absent fields left out."""
    data: Json = event.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return data


def sdk_events(server: ResponsesServer, path: Path, sizes: tuple[int, ...]) -> list[Any]:
    server.state.play(path)
    server.state.chunk_sizes = sizes
    with openai.OpenAI(api_key=API_KEY, base_url=server.base_url, max_retries=0) as sdk:
        with sdk.responses.create(model="gpt-4.1", input="Go.", stream=True) as stream:
            return list(stream)


def our_events(client: Any, openai_responses: ModuleType, *, resume: str | None = None) -> tuple[list[Any], Any]:
    """Our events of a created (or resumed) stream, and the StreamError it raised, if any."""
    events: list[Any] = []
    try:
        opened = client.retrieve_response_stream(resume) if resume else client.create_response_stream(model="gpt-4.1", input="Go.")
        with opened as stream:
            for event in stream:
                events.append(event)
    except openai_responses.StreamError as error:
        return events, error
    return events, None


def assert_same(ours: list[Any], error: Any, theirs: list[Any], openai_responses: ModuleType) -> None:
    names = [event.type for event in theirs]
    cut = names.index("error") if "error" in names else len(names)
    assert [event.event for event in ours] == names[:cut]
    assert not any(isinstance(event, openai_responses.events.UnknownEvent) for event in ours)
    assert [event.data.to_dict() for event in ours] == [dumped(event) for event in theirs[:cut]]
    if cut < len(names):
        assert error is not None and error.data.to_dict() == dumped(theirs[cut])
        assert str(error) == theirs[cut].message
    else:
        assert error is None


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.stem)
def test_we_read_what_the_sdk_reads(path: Path, seed: int, responses_api: ResponsesServer, openai_responses: ModuleType) -> None:
    sizes = chunking(seed * 100 + TRANSCRIPTS.index(path))
    theirs = sdk_events(responses_api, path, sizes)
    responses_api.state.play(path)
    with openai_responses.Client(api_key=API_KEY, base_url=responses_api.base_url, max_retries=0) as client:
        ours, error = our_events(client, openai_responses)
        assert_same(ours, error, theirs, openai_responses)
        response_id = theirs[0].response.id
        resumed, error = our_events(client, openai_responses, resume=response_id)  # every event again, resumed
        assert_same(resumed, error, theirs, openai_responses)


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=lambda p: p.stem)
def test_the_async_client_reads_what_the_sdk_reads(path: Path, responses_api: ResponsesServer, openai_responses: ModuleType) -> None:
    sizes = chunking(len(path.stem))
    theirs = sdk_events(responses_api, path, sizes)
    responses_api.state.play(path)

    async def scenario() -> tuple[list[Any], Any]:
        events: list[Any] = []
        async with openai_responses.AsyncClient(api_key=API_KEY, base_url=responses_api.base_url, max_retries=0) as client:
            try:
                async with client.create_response_stream(model="gpt-4.1", input="Go.") as stream:
                    async for event in stream:
                        events.append(event)
            except openai_responses.StreamError as error:
                return events, error
        return events, None

    ours, error = asyncio.run(scenario())
    assert_same(ours, error, theirs, openai_responses)


def test_the_transcripts_use_every_event_the_spec_names(openai_responses: ModuleType) -> None:
    used = {data["type"] for path in TRANSCRIPTS for _, data in decode_sse(path.read_bytes())}
    named = {member.value for member in openai_responses.events.ResponseStreamEvent}
    assert len(named) == 58 and used == named


def test_the_chunkings_cut_events_apart() -> None:
    """The chunk boundaries fall inside events, not between them."""
    body = (FOLDER / "text_with_annotations.sse").read_bytes()
    ends = {n + 2 for n in range(len(body)) if body.startswith(b"\n\n", n)}
    for seed in SEEDS:
        sizes, cuts, at = chunking(seed), set(), 0
        for n in range(len(body)):
            at += sizes[n % len(sizes)]
            if at >= len(body):
                break
            cuts.add(at)
        assert len(cuts - ends) > len(ends)  # most cuts split an event
