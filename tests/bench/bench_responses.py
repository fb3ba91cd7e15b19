"""The Responses part of `make bench` (tests/bench/bench_streaming.py runs it): stream
decoding of the generated `openai_responses` client against the official SDK's
`responses.create(stream=True)` and the split + `json.loads` lower bound, on the same bytes.

Two transcripts made from tests/fixtures/responses: 10,000 `response.output_text.delta`
events (with `logprobs` and `obfuscation`, as the service sends them) inside one message
of one response (text_with_annotations.sse); and 2,000 events carrying a complete
Response, the final responses of all the transcripts in turn. The client is generated
from spec/responses into a temporary folder, as the tests do (tests/responses_support.py).

A fourth contender, the walk, is the lower bound plus a Python walk over every value of
each payload: no decoder that looks at each value in Python can cost less, whatever it
checks and builds.
"""

from __future__ import annotations

import importlib
import json
import sys
import tracemalloc
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402
from responses_objects import decode_sse  # noqa: E402
from responses_support import generate_responses_client  # noqa: E402

TRANSCRIPT = ROOT / "tests" / "fixtures" / "responses" / "text_with_annotations.sse"
WORDS = ["Hello", " there", ",", " how", " can", " I", " help", " you", " today", "?"]


def sse(data: dict[str, Any]) -> bytes:
    return f"event: {data['type']}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


def delta_transcript(deltas: int) -> bytes:
    """A response whose one message streams DELTAS pieces of text, then ends."""
    events = [data for _, data in decode_sse(TRANSCRIPT.read_bytes())]
    first = next(n for n, e in enumerate(events) if e["type"] == "response.output_text.delta")
    template = events[first]
    pieces = [WORDS[index % len(WORDS)] for index in range(deltas)]
    streamed = [{**template, "delta": word, "obfuscation": "x" * (16 - len(word))} for word in pieces]
    after = [e for e in events[first:] if e["type"] != "response.output_text.delta"]
    after = [{**e, "text": "".join(pieces)} if e["type"] == "response.output_text.done" else e for e in after]
    return b"".join(sse({**e, "sequence_number": n}) for n, e in enumerate([*events[:first], *streamed, *after]))


def response_transcript(count: int) -> bytes:
    """COUNT events each carrying a complete response: the final responses of every
    transcript in tests/fixtures/responses in turn (messages with citations and log
    probabilities, reasoning, function, search, code, image, MCP, shell and custom tool
    calls), in progress, then completed at the end."""
    finals = [[data for _, data in decode_sse(path.read_bytes())][-1]["response"] for path in sorted(TRANSCRIPT.parent.glob("*.sse"))]
    body = []
    for index in range(count):
        kind, status = ("response.completed", "completed") if index == count - 1 else ("response.in_progress", "in_progress")
        body.append(sse({"type": kind, "sequence_number": index, "response": {**finals[index % len(finals)], "status": status}}))
    return b"".join(body)


def chunks(body: bytes, size: int = 16 * 1024) -> Iterator[bytes]:
    for start in range(0, len(body), size):
        yield body[start : start + size]


def client_class(folder: Path) -> Any:
    """The generated Client, from spec/responses into FOLDER."""
    sys.path.insert(0, str(generate_responses_client(folder)))
    return importlib.import_module("openai_responses").Client


def ours(client: Any) -> Callable[[bytes], int]:
    def run(body: bytes) -> int:
        transport = httpx.MockTransport(lambda request: httpx.Response(200, content=chunks(body), headers={"content-type": "text/event-stream"}))
        with client(api_key="sk-bench", base_url="http://bench.invalid/v1", http_client=httpx.Client(transport=transport)) as running:
            count = 0
            with running.create_response_stream(model="gpt-4.1", input="Hi") as stream:
                for _ in stream:
                    count += 1
            return count

    return run


def official(body: bytes) -> int:
    import httpx2
    import openai

    transport = httpx2.MockTransport(lambda request: httpx2.Response(200, content=chunks(body), headers={"content-type": "text/event-stream"}))
    sdk = openai.OpenAI(api_key="sk-bench", base_url="http://bench.invalid/v1", http_client=httpx2.Client(transport=transport))
    count = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in sdk.responses.create(model="gpt-4.1", input="Hi", stream=True):
            count += 1
    return count


def peak_memory(client: Any, deltas: int) -> int:
    """Peak traced memory while our client reads a stream of DELTAS text deltas made on the fly."""
    events = [data for _, data in decode_sse(TRANSCRIPT.read_bytes())]
    first = next(n for n, e in enumerate(events) if e["type"] == "response.output_text.delta")
    head, delta = b"".join(sse(e) for e in events[:first]), sse({**events[first], "delta": "word"})

    def generated() -> Iterator[bytes]:
        yield head
        batch = delta * 256
        for _ in range(deltas // 256):
            yield batch
        yield sse(events[-1])

    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=generated()))
    tracemalloc.start()
    with client(api_key="sk-bench", base_url="http://bench.invalid/v1", http_client=httpx.Client(transport=transport)) as running:
        with running.create_response_stream(model="gpt-4.1", input="Hi") as stream:
            for _ in stream:
                pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def walk(value: Any) -> None:
    """Look at every value below a JSON object or array once, checking and building nothing."""
    for item in value.values() if type(value) is dict else value:
        kind = type(item)
        if kind is dict or kind is list:
            walk(item)


def walked(data: bytes) -> None:
    """A data line parsed, then walked: given to the lower bound in place of
    `json.loads`, what any decoder that looks at each value in Python costs at least,
    before it checks one or builds an object."""
    walk(json.loads(data))


def report(folder: Path, best_rates: Callable[..., dict[str, float]], lower_bound: Callable[..., int]) -> None:
    client = client_class(folder)
    transcripts = {"text deltas (10,000)": delta_transcript(10_000), "full Responses (2,000)": response_transcript(2_000)}
    print(f"\n{'Responses transcript':<24}{'lower bound':>12}{'ours':>12}{'official SDK':>14}{'ours/SDK':>10}{'bound/ours':>12}{'bound/walk':>12}")
    for label, body in transcripts.items():
        rates = best_rates({"bound": lower_bound, "walk": lambda body: lower_bound(body, walked), "ours": ours(client), "sdk": official}, body)
        bound, mine, theirs = rates["bound"], rates["ours"], rates["sdk"]
        print(f"{label:<24}{bound:>10,.0f}/s{mine:>10,.0f}/s{theirs:>12,.0f}/s{mine / theirs:>9.1f}x{bound / mine:>11.2f}x{bound / rates['walk']:>11.2f}x")
    small, large = peak_memory(client, 10_000), peak_memory(client, 100_000)
    print(f"peak memory while reading a response: 10,000 deltas {small / 1024:,.0f} KiB, 100,000 deltas {large / 1024:,.0f} KiB")
