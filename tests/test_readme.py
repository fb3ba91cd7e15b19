"""Every Python example in the README runs as written against a local server and
type-checks. An example that imports `openai_responses` runs against the Responses server
(tests/responses_server.py), any other against the runs server, which makes up the streams
they read (tests/runs_simulation.py). Commands that must not run are `sh` blocks."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GENERATED, RESPONSES, ROOT
from responses_server import ResponsesServer
from runs_server import API_KEY, RunsServer
from runs_simulation import GREETING

TRANSCRIPTS = ROOT / "tests" / "fixtures" / "responses"
PLAYED = {"### Errors": ("failed_mcp_server",)}
"""Heading -> the transcripts the Responses server plays, in order, for the streams of the
examples under it (the others' streams are made from their requests)."""
MIGRATION = "## From runs to responses"


def readme() -> str:
    return (ROOT / "README.md").read_text()


def readme_examples() -> list[str]:
    return re.findall(r"```python\n(.*?)```", readme(), re.DOTALL)


def example_after(heading: str) -> str:
    """The first example under `heading`."""
    text = readme()
    found = re.search(r"```python\n(.*?)```", text[text.index(heading) :], re.DOTALL)
    assert found, f"no python example under {heading!r}"
    return found[1]


def heading_of(example: str) -> str:
    """The heading the example is under."""
    text = readme()
    return re.findall(r"^#+ .*$", text[: text.index(example)], re.MULTILINE)[-1]


def migration_pairs() -> list[tuple[str, str, str]]:
    """(heading, runs example, responses example) of each numbered task of the migration."""
    text = readme()
    section = text[text.index(MIGRATION) :]
    section = section[: section.index("\n## ", 1)]
    tasks = re.split(r"^(#### \d+\. .*)$", section, flags=re.MULTILINE)[1:]
    pairs = []
    for heading, body in zip(tasks[::2], tasks[1::2]):
        examples = re.findall(r"```python\n(.*?)```", body, re.DOTALL)
        assert len(examples) == 2, f"{heading}: a runs example, then a responses one"
        pairs.append((heading, examples[0], examples[1]))
    return pairs


def run(example: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`example` run by a fresh interpreter against a fresh local server of its API."""
    script = tmp_path / "example.py"
    script.write_text(example)

    def execute(base_url: str, package: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, str(script)],
            env={"OPENAI_API_KEY": API_KEY, "OPENAI_BASE_URL": base_url, "PYTHONPATH": str(package)},
            capture_output=True,
            text=True,
            timeout=60,
        )

    if "openai_responses" in example:
        assert "openai_runs" not in example, "an example uses one client"
        with ResponsesServer() as responses:
            for name in PLAYED.get(heading_of(example), ()):
                responses.state.play(TRANSCRIPTS / f"{name}.sse")
            return execute(responses.base_url, RESPONSES)
    with RunsServer() as server:
        server.state.script_for_new_runs = ("in_progress", "completed")
        server.state.simulate_streams = True
        return execute(server.base_url, GENERATED)


def test_the_readme_has_its_examples() -> None:
    examples = readme_examples()
    assert len(examples) >= 4 and example_after("## Vendoring the client") == examples[0]
    assert all(heading in readme().splitlines() for heading in PLAYED)


def outside_the_migration() -> list[str]:
    """The examples the migration's paired ones (run by their own test) are not."""
    paired = {example for _, *pair in migration_pairs() for example in pair}
    return [example for example in readme_examples() if example not in paired]


@pytest.mark.parametrize("index", range(len(outside_the_migration())))
def test_every_readme_example_runs(tmp_path: Path, index: int) -> None:
    result = run(outside_the_migration()[index], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip()


def test_the_client_example_prints_what_it_says(tmp_path: Path) -> None:
    result = run(example_after("## Vendoring the client"), tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len([line for line in lines if line.startswith("step_")]) == 3
    assert "200 req_" in result.stdout and "completed" in result.stdout
    assert lines[-1] == "404 Error code: 404 - No run found with id 'run_missing'. " + lines[-1].split()[-1]


def test_the_streaming_examples_print_text(tmp_path: Path) -> None:
    result = run(example_after("### Streaming"), tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [GREETING, "completed 1 True", GREETING, "completed 2"]
    handlers = run(example_after("Event handlers, as the official SDK"), tmp_path)
    assert handlers.returncode == 0, handlers.stderr
    lines = handlers.stdout.splitlines()
    assert lines[0] == GREETING and re.fullmatch(r"200 text/event-stream req_stream_\d+", lines[1]) and lines[2] == "completed"
    tools = run(example_after("The async client has the same"), tmp_path)
    assert tools.returncode == 0, tools.stderr
    assert tools.stdout.splitlines()[:2] == ["The tools said: 12 C, sunny", "completed"]


def lines_of(heading: str, tmp_path: Path) -> list[str]:
    """What the first example under `heading` prints, as lines; it must succeed."""
    result = run(example_after(heading), tmp_path)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_the_responses_example_prints_what_it_says(tmp_path: Path) -> None:
    lines = lines_of("## The Responses client", tmp_path)
    assert lines[0] == "completed Echo: What is a response?"
    assert re.fullmatch(r"user msg_[0-9a-f]{48}", lines[1])
    assert lines[2].isdigit() and re.fullmatch(r"200 req_\d+ Echo: Hi", lines[3]) and len(lines) == 4


def test_the_responses_streaming_example_resumes_where_it_stopped(tmp_path: Path) -> None:
    assert lines_of("### Streaming a response", tmp_path) == [
        "Echo: Hello, stream", "completed True", "Echo: One word at a time",
        "Echo: ", "Stop me after one piece", "Echo: Stop me after one piece",
    ]  # fmt: skip


def test_the_function_call_example_answers_the_calls(tmp_path: Path) -> None:
    assert lines_of("### Function calls", tmp_path) == [
        'get_weather({"input": "Weather in Oslo?"})', "The tool said: 12 C, sunny",
        'get_weather({"input": "Weather in Lyon?"})', "The tool said: 12 C, sunny",
    ]  # fmt: skip


def test_the_conversations_example_lists_the_items_page_by_page(tmp_path: Path) -> None:
    assert lines_of("### Conversations", tmp_path) == [
        "Echo: And for lunch?",
        "user ['Plan a day in Lyon.']", "assistant ['Start at Fourvière.']",
        "user ['And for lunch?']", "assistant ['Echo: And for lunch?']",
        "3 True True", "1", "True", "{'topic': 'travel', 'city': 'Lyon'}", "True",
    ]  # fmt: skip


def test_the_errors_example_raises_for_the_stream_error_event(tmp_path: Path) -> None:
    lines = lines_of("### Errors", tmp_path)
    assert lines[0] == "404 response_id Error code: 404 - Response with id 'resp_missing' not found."
    assert lines[1].startswith("400 conversation Error code: 400 - Mutually exclusive parameters")
    assert lines[-3] == "response.output_item.done"  # the last event before `error`
    assert lines[-2].startswith("error: server_error The server had an error") and lines[-1] == "in_progress"


def test_the_async_responses_example(tmp_path: Path) -> None:
    assert lines_of("### Async", tmp_path) == [
        "Echo: Hello, async", "Echo: Streamed, async", "completed", "The tool said: 12 C, sunny", "Message",
    ]  # fmt: skip


def github_anchor(heading: str) -> str:
    """The fragment GitHub gives a heading: lower case, punctuation dropped, spaces as -."""
    return re.sub(r"[^\w\- ]", "", heading.lstrip("#").strip().lower()).replace(" ", "-")


def test_the_migration_pairs_each_task_and_its_links_resolve() -> None:
    pairs = migration_pairs()
    assert len(pairs) >= 7
    for heading, runs_example, responses_example in pairs:
        assert "from openai_runs import" in runs_example and "openai_responses" not in runs_example, heading
        assert "from openai_responses import" in responses_example, heading
    anchors = {github_anchor(line) for line in readme().splitlines() if line.startswith("#")}
    links = re.findall(r"\]\(#([^)]+)\)", readme())
    assert {github_anchor(heading) for heading, _, _ in pairs} <= set(links)
    assert set(links) <= anchors


def test_the_migration_examples_print_the_same_outcomes(tmp_path: Path) -> None:
    outputs = {}
    for heading, runs_example, responses_example in migration_pairs():
        done = run(runs_example, tmp_path), run(responses_example, tmp_path)
        for result in done:
            assert result.returncode == 0, f"{heading}\n{result.stderr}"
        outputs[heading.split(".")[0][5:]] = [result.stdout.splitlines() for result in done]
    assert outputs["1"] == [["completed", "completed"], ["completed Echo: Plan a day in Lyon.", "Echo: And for lunch?"]]
    assert outputs["2"] == [[GREETING, "completed"], ["Echo: Say hello.", "completed"]]
    assert outputs["3"] == [["completed"], ["completed The tool said: 12 C, sunny"]]
    assert outputs["4"][0] == [f"assistant ['{GREETING}']"] + ["message_creation completed"] * 3
    assert outputs["4"][1] == ["user ['Hello']", "assistant ['Echo: Hello']", "InputMessageResource"]
    assert outputs["5"] == [["completed", "cancelling"], ["completed Echo: Hello", "cancelled"]]
    both = "{'user': '42', 'topic': 'travel'}"
    assert outputs["6"] == [[both], ["{'user': '42'}", both]]
    assert outputs["7"][0][0].startswith("404 Error code: 404 - No run found")
    assert outputs["7"][1][0].startswith("404 Error code: 404 - Response with id 'resp_missing' not found.")


def test_every_readme_example_type_checks(tmp_path: Path) -> None:
    files = []
    for index, example in enumerate(readme_examples()):
        files.append(tmp_path / f"example_{index}.py")
        files[-1].write_text(example)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), *map(str, files)],
        env={"MYPYPATH": os.pathsep.join(map(str, (GENERATED, RESPONSES))), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout
