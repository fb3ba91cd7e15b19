"""Every Python example in the README runs as written against the local server and
type-checks; the local server makes up the streams they read (tests/runs_simulation.py)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GENERATED, ROOT
from runs_server import API_KEY, RunsServer
from runs_simulation import GREETING


def readme_examples() -> list[str]:
    return re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(), re.DOTALL)


def example_after(heading: str) -> str:
    """The first example under `heading`."""
    text = (ROOT / "README.md").read_text()
    found = re.search(r"```python\n(.*?)```", text[text.index(heading) :], re.DOTALL)
    assert found, f"no python example under {heading!r}"
    return found[1]


def run(example: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """`example` run by a fresh interpreter against a fresh local server."""
    with RunsServer() as server:
        server.state.script_for_new_runs = ("in_progress", "completed")
        server.state.simulate_streams = True
        script = tmp_path / "example.py"
        script.write_text(example)
        return subprocess.run(
            [sys.executable, str(script)],
            env={"OPENAI_API_KEY": API_KEY, "OPENAI_BASE_URL": server.base_url, "PYTHONPATH": str(GENERATED)},
            capture_output=True,
            text=True,
            timeout=60,
        )


def test_the_readme_has_its_examples() -> None:
    examples = readme_examples()
    assert len(examples) >= 4 and example_after("## Vendoring the client") == examples[0]


@pytest.mark.parametrize("index", range(len(readme_examples())))
def test_every_readme_example_runs(tmp_path: Path, index: int) -> None:
    result = run(readme_examples()[index], tmp_path)
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


def test_every_readme_example_type_checks(tmp_path: Path) -> None:
    files = []
    for index, example in enumerate(readme_examples()):
        files.append(tmp_path / f"example_{index}.py")
        files[-1].write_text(example)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), *map(str, files)],
        env={"MYPYPATH": str(GENERATED), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout
