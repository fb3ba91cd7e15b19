"""The README's client example runs as written against the local server and type-checks."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GENERATED, ROOT
from runs_server import API_KEY, RunsServer


def readme_example() -> str:
    text = (ROOT / "README.md").read_text()
    section = text[text.index("## Vendoring the client") :]
    found = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert found, "no python example under 'Vendoring the client'"
    return found[1]


def test_the_readme_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with RunsServer() as server:
        server.state.script_for_new_runs = ("in_progress", "completed")
        script = tmp_path / "example.py"
        script.write_text(readme_example())
        result = subprocess.run(
            [sys.executable, str(script)],
            env={"OPENAI_API_KEY": API_KEY, "OPENAI_BASE_URL": server.base_url, "PYTHONPATH": str(GENERATED)},
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len([line for line in lines if line.startswith("step_")]) == 3
    assert "200 req_" in result.stdout and "completed" in result.stdout
    assert lines[-1] == "404 Error code: 404 - No run found with id 'run_missing'. " + lines[-1].split()[-1]


def test_the_readme_example_type_checks(tmp_path: Path) -> None:
    script = tmp_path / "example.py"
    script.write_text(readme_example())
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), str(script)],
        env={"MYPYPATH": str(GENERATED), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout
