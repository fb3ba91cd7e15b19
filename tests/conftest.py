"""Shared fixtures: the repository layout and the generated package on sys.path."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))


def sse_events(text: str) -> list[tuple[str, str]]:
    """(event, data) pairs of a simple, well-formed SSE transcript (one data line each)."""
    events = []
    for block in text.split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.splitlines() if ": " in line)
        if "event" in fields:
            events.append((fields["event"], fields.get("data", "")))
    return events
