"""Every JSON object in the seed documents decodes with its model and encodes back exactly."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import FIXTURES, sse_events

from openai_runs import models
from openai_runs.events import RUN_STREAM, RunStreamEvent


def canonical(value: Any) -> str:
    # sort_keys makes order irrelevant; json keeps 1.0 and 1 apart, unlike ==
    return json.dumps(value, sort_keys=True)


def transcript(name: str) -> list[tuple[str, str]]:
    return sse_events((FIXTURES / f"transcript_{name}.sse").read_text())


SEED_RUNS = json.loads((FIXTURES / "seed_runs.json").read_text())
SEED_REQUESTS = json.loads((FIXTURES / "seed_requests.json").read_text())
EVENTS = [(name, index, event, data) for name in ("plain", "functions") for index, (event, data) in enumerate(transcript(name))]


@pytest.mark.parametrize("label", sorted(SEED_RUNS))
def test_seed_runs_round_trip(label: str) -> None:
    payload = SEED_RUNS[label]
    run = models.Run.from_dict(payload)
    assert canonical(run.to_dict()) == canonical(payload)


def test_seed_create_run_body_round_trips() -> None:
    payload = SEED_REQUESTS["seed 003 create run body"]
    body = models.CreateRunRequest.from_dict(payload)
    assert body.reasoning_effort is models.ReasoningEffort.MEDIUM
    assert canonical(body.to_dict()) == canonical(payload)


@pytest.mark.parametrize(("name", "index", "event", "data"), EVENTS, ids=[f"{n}-{i}-{e}" for n, i, e, _ in EVENTS])
def test_transcript_events_round_trip(name: str, index: int, event: str, data: str) -> None:
    kind = RunStreamEvent(event)
    assert kind.is_known
    if kind is RunStreamEvent.DONE:
        assert RUN_STREAM.terminator == event and data == "[DONE]"
        return
    payload = json.loads(data)
    typed = RUN_STREAM.events[event](payload)
    assert typed.event is kind
    assert canonical(typed.data.to_dict()) == canonical(payload)


def test_transcripts_have_the_expected_sequence() -> None:
    expected = [
        "thread.run.created", "thread.run.queued", "thread.run.in_progress",
        "thread.run.step.created", "thread.run.step.in_progress",
        "thread.message.created", "thread.message.in_progress",
        "thread.message.delta", "thread.message.delta", "thread.message.delta",
        "thread.message.completed", "thread.run.step.completed", "thread.run.completed", "done",
    ]  # fmt: skip
    for name in ("plain", "functions"):
        assert [event for event, _ in transcript(name)] == expected


def test_decoded_transcript_is_typed() -> None:
    events = transcript("plain")
    run = models.Run.from_dict(json.loads(events[0][1]))
    assert run.status is models.RunStatus.QUEUED
    assert run.instructions is None  # upstream says non-null; the server sends null
    assert run.required_action is None
    assert isinstance(run.tools, list) and run.tools == []
    assert run.response_format is models.ResponseFormatMode.AUTO
    delta = models.MessageDelta.from_dict(json.loads(events[7][1]))
    part = delta.delta.content[0]  # type: ignore[index]
    assert isinstance(part, models.MessageDeltaContentText)
    assert part.text.value == "Hello"  # type: ignore[union-attr]
    step = models.RunStep.from_dict(json.loads(events[3][1]))
    assert isinstance(step.step_details, models.RunStepDetailsMessageCreation)
