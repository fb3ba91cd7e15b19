"""The runtime templates know no particular API (issue 12, item 11): what is particular to
one (its auth header, environment variables, identity headers, request-id header, poll
hint header, wording) comes from the spec. A list of words that belong to the runs or
Responses API or to OpenAI is looked for in every runtime template, and in the runtime
modules generated for a spec that is neither (tests/golden/basic), so they cannot come
back unnoticed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "templates"
BASIC = ROOT / "tests" / "golden" / "basic" / "expected" / "petstore"

# case-insensitive words, then `run`/`runs` as a word or as a part of a CamelCase name
# (`ListRunsResponse`); the generator's own name, runs-codegen, is not a mention of runs
FORBIDDEN = re.compile(r"(?i:openai|assistant|thread|conversation)|\[DONE\]|\b[Rr]uns?\b|[a-z]Runs?(?=[A-Z_]|\b)|\bRuns?(?=[A-Z])|OPENAI_")
TOOL_NAME = "runs-codegen"
# the stream helpers written for the runs API's own stream, chosen by its name
API_SPECIFIC = ("partials/stream_helpers/RunStream",)


def runtime_templates() -> list[Path]:
    found = []
    for style in ("python", "python-pydantic"):
        for path in sorted((TEMPLATES / style).rglob("*")):
            relative = path.relative_to(TEMPLATES / style).as_posix()
            if path.is_file() and not relative.startswith(API_SPECIFIC):
                found.append(path)
    return found


def mentions(text: str) -> list[str]:
    lines = []
    for number, line in enumerate(text.splitlines(), 1):
        if FORBIDDEN.search(line.replace(TOOL_NAME, "")):
            lines.append(f"{number}: {line.strip()}")
    return lines


def test_the_word_list_finds_what_it_is_for() -> None:
    caught = ["OPENAI_API_KEY", "OpenAI-Organization", "no such thread", "an assistant", "runs can be slow",
              "a new run status", "ListRunsResponse", "RunStep", "Run.status", "openai-poll-after-ms",
              "conversation_item_from_dict", "data: [DONE]"]  # fmt: skip
    assert all(mentions(text) for text in caught), [text for text in caught if not mentions(text)]
    kept = ["runs-codegen", "truncation", "running", "rerun", "Runtime", "brunswick"]
    assert not any(mentions(text) for text in kept), [text for text in kept if mentions(text)]


@pytest.mark.parametrize("path", runtime_templates(), ids=lambda p: p.relative_to(TEMPLATES).as_posix())
def test_no_runtime_template_names_a_particular_api(path: Path) -> None:
    assert mentions(path.read_text(encoding="utf-8")) == []


def test_the_runtime_generated_for_another_api_names_none() -> None:
    """What the templates render from themselves, for a spec that is not runs: the
    package's private modules (models.py and events.py are the spec's own text)."""
    found = {}
    for path in sorted(BASIC.glob("*.py")):
        if path.name.startswith("_"):
            found[path.name] = mentions(path.read_text(encoding="utf-8"))
    assert found and not any(found.values()), {name: lines for name, lines in found.items() if lines}


def test_polling_is_generated_only_for_a_spec_with_polls() -> None:
    """The poll constants, `poll_delay` and `_poll` belong to a spec's `polls`: the basic
    spec has none, runs has one (its hint header, `openai-poll-after-ms`, is the spec's)."""
    for name in ("_constants.py", "_retries.py", "_base_client.py", "_client.py"):
        assert "poll" not in (BASIC / name).read_text(encoding="utf-8").lower(), name
    runs = ROOT / "generated" / "runs" / "openai_runs"
    assert "DEFAULT_POLL_INTERVAL = 1.0" in (runs / "_constants.py").read_text(encoding="utf-8")
    assert "def _poll(" in (runs / "_base_client.py").read_text(encoding="utf-8")
    assert '"openai-poll-after-ms"' in (runs / "_client.py").read_text(encoding="utf-8")
