"""`make bench`: stream decoding speed and memory, as ratios against baselines measured
in the same run on the same bytes.

- lower bound: split the bytes into events and `json.loads` each data line; nothing less
  can produce the payloads;
- ours: `Client.create_run_stream` over an `httpx.MockTransport`, typed events out;
- official SDK: `openai` (`beta.threads.runs.create(stream=True)`) over its own
  MockTransport, the same bytes;
- httpx-sse: that library's decoder (SSE only, no JSON), against our `SSEDecoder`;
- the python-pydantic style: the same client with pydantic models, generated into a
  temporary folder as `openai_runs_pydantic` (the package imports itself relatively).

Two transcripts: 10,000 `thread.message.delta` events between full Run, RunStep and
Message events, and 2,000 `thread.run.*` events carrying complete Runs. Then the same
for the Responses client (tests/bench/bench_responses.py): 10,000 text deltas, 2,000
complete Responses.
"""

from __future__ import annotations

import gc
import importlib
import json
import sys
import tempfile
import time
import tracemalloc
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "generated" / "runs"))

import httpx  # noqa: E402

import bench_responses  # noqa: E402
from openai_runs import Client  # noqa: E402
from openai_runs._sse import SSEDecoder  # noqa: E402

CHUNK = 16 * 1024
FIXTURES = ROOT / "tests" / "fixtures"


def seed_payloads() -> dict[str, dict[str, Any]]:
    events = {}
    for block in (FIXTURES / "transcript_plain.sse").read_text().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if lines.get("event") and lines["event"] != "done":
            events.setdefault(lines["event"], json.loads(lines["data"]))
    return events


def sse(event: str, data: Any) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode()


def delta_transcript(deltas: int) -> bytes:
    seed = seed_payloads()
    parts = [sse(name, seed[name]) for name in (
        "thread.run.created", "thread.run.queued", "thread.run.in_progress",
        "thread.run.step.created", "thread.run.step.in_progress",
        "thread.message.created", "thread.message.in_progress",
    )]  # fmt: skip
    words = ["Hello", " there", ",", " how", " can", " I", " help", " you", " today", "?"]
    for index in range(deltas):
        delta = {"id": "msg_001", "object": "thread.message.delta", "delta": {"content": [
            {"index": 0, "type": "text", "text": {"value": words[index % len(words)], "annotations": []}}]}}  # fmt: skip
        parts.append(sse("thread.message.delta", delta))
    for name in ("thread.message.completed", "thread.run.step.completed", "thread.run.completed"):
        parts.append(sse(name, seed[name]))
    parts.append(b"event: done\ndata: [DONE]\n\n")
    return b"".join(parts)


def run_transcript(count: int) -> bytes:
    run = seed_payloads()["thread.run.completed"]
    names = ["created", "queued", "in_progress", "requires_action", "completed", "incomplete", "failed", "cancelling", "cancelled", "expired"]
    parts = []
    for index in range(count):
        status = names[index % len(names)]
        parts.append(sse(f"thread.run.{status}", {**run, "status": status, "id": f"run_{index}"}))
    parts.append(b"event: done\ndata: [DONE]\n\n")
    return b"".join(parts)


def chunks(body: bytes) -> Iterator[bytes]:
    for start in range(0, len(body), CHUNK):
        yield body[start : start + CHUNK]


# -- the contenders --------------------------------------------------------------------


def lower_bound(body: bytes, decode: Callable[[bytes], object] = json.loads) -> int:
    """Split into events, each data line given to `decode` (`json.loads`)."""
    count = 0
    for block in body.split(b"\n\n"):
        _, _, rest = block.partition(b"\n")
        data = rest[6:]
        if data and data != b"[DONE]":
            decode(data)
            count += 1
    return count


def streaming(client_class: Any) -> Callable[[bytes], int]:
    """A contender that streams a transcript through `client_class` (a generated Client)."""

    def run(body: bytes) -> int:
        transport = httpx.MockTransport(lambda request: httpx.Response(200, content=chunks(body), headers={"content-type": "text/event-stream"}))
        with client_class(api_key="sk-bench", base_url="http://bench.invalid/v1", http_client=httpx.Client(transport=transport)) as client:
            count = 0
            with client.create_run_stream("thread_1", assistant_id="asst_1") as stream:
                for _ in stream:
                    count += 1
            return count

    return run


ours = streaming(Client)


def pydantic_client(folder: Path) -> Any:
    """The Client of the python-pydantic style, generated into `folder`."""
    sys.path.insert(0, str(ROOT))
    from generator.config import style_folders
    from generator.pipeline import generate
    from generator.targets import PYTHON

    for name, text in generate(ROOT / "spec" / "runs", style_folders("python-pydantic"), PYTHON).items():
        if name.startswith("openai_runs/"):
            target = folder / "openai_runs_pydantic" / name.removeprefix("openai_runs/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
    sys.path.insert(0, str(folder))
    return importlib.import_module("openai_runs_pydantic").Client


def official(body: bytes) -> int:
    import httpx2
    import openai

    transport = httpx2.MockTransport(lambda request: httpx2.Response(200, content=chunks(body), headers={"content-type": "text/event-stream"}))
    sdk = openai.OpenAI(api_key="sk-bench", base_url="http://bench.invalid/v1", http_client=httpx2.Client(transport=transport))
    count = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for _ in sdk.beta.threads.runs.create("thread_1", assistant_id="asst_1", stream=True):
            count += 1
    return count


def our_decoder_only(body: bytes) -> int:
    decoder = SSEDecoder()
    count = 0
    for chunk in chunks(body):
        count += len(decoder.feed(chunk))
    return count


def httpx_sse_decoder_only(body: bytes) -> int:
    from httpx_sse import EventSource

    response = httpx.Response(200, content=chunks(body), headers={"content-type": "text/event-stream"})
    return sum(1 for _ in EventSource(response).iter_sse())


# -- measuring -------------------------------------------------------------------------


def best_rates(contenders: dict[str, Callable[[bytes], int]], body: bytes, repeats: int = 7) -> dict[str, float]:
    """Events per second of CPU time of each contender, best of `repeats`; the contenders
    take turns so that a slow spell of the machine hits them all alike."""
    best = dict.fromkeys(contenders, float("inf"))
    events = dict.fromkeys(contenders, 0)
    for _ in range(repeats):
        for name, run in contenders.items():
            gc.collect()
            started = time.process_time()  # CPU time: what other processes do is not counted
            events[name] = run(body)
            best[name] = min(best[name], time.process_time() - started)
    return {name: events[name] / best[name] for name in contenders}


def peak_memory(events: int) -> int:
    """Peak traced memory while our client iterates a stream generated on the fly."""
    one = sse("thread.message.delta", {"id": "msg_001", "object": "thread.message.delta",
              "delta": {"content": [{"index": 0, "type": "text", "text": {"value": "word"}}]}})  # fmt: skip

    def generated() -> Iterator[bytes]:
        batch = one * 256
        for _ in range(events // 256):
            yield batch
        yield b"event: done\ndata: [DONE]\n\n"

    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=generated()))
    tracemalloc.start()
    with Client(api_key="sk-bench", base_url="http://bench.invalid/v1", http_client=httpx.Client(transport=transport)) as client:
        with client.create_run_stream("thread_1", assistant_id="asst_1") as stream:
            for _ in stream:
                pass
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    transcripts = {"deltas (10,000)": delta_transcript(10_000), "full Runs (2,000)": run_transcript(2_000)}
    print(f"{'transcript':<20}{'lower bound':>14}{'ours':>12}{'official SDK':>14}{'ours/SDK':>10}{'bound/ours':>12}")
    for label, body in transcripts.items():
        rates = best_rates({"bound": lower_bound, "ours": ours, "sdk": official}, body)
        bound, mine, theirs = rates["bound"], rates["ours"], rates["sdk"]
        print(f"{label:<20}{bound:>12,.0f}/s{mine:>10,.0f}/s{theirs:>12,.0f}/s{mine / theirs:>9.1f}x{bound / mine:>11.2f}x")
    with tempfile.TemporaryDirectory() as folder:
        with_pydantic = streaming(pydantic_client(Path(folder)))
        print(f"\n{'python-pydantic style':<22}{'dataclasses':>12}{'pydantic':>12}{'dataclasses/pydantic':>22}")
        for label, body in transcripts.items():
            rates = best_rates({"dataclasses": ours, "pydantic": with_pydantic}, body)
            print(f"{label:<22}{rates['dataclasses']:>10,.0f}/s{rates['pydantic']:>10,.0f}/s{rates['dataclasses'] / rates['pydantic']:>21.2f}x")
    rates = best_rates({"ours": our_decoder_only, "httpx-sse": httpx_sse_decoder_only}, transcripts["deltas (10,000)"])
    print(f"\nSSE decoding only (deltas): ours {rates['ours']:,.0f}/s, httpx-sse {rates['httpx-sse']:,.0f}/s, ratio {rates['ours'] / rates['httpx-sse']:.1f}x")
    small, large = peak_memory(10_000), peak_memory(100_000)
    print(f"peak memory while iterating: 10,000 events {small / 1024:,.0f} KiB, 100,000 events {large / 1024:,.0f} KiB")
    with tempfile.TemporaryDirectory() as folder:
        bench_responses.report(Path(folder), best_rates, lower_bound)


if __name__ == "__main__":
    main()
