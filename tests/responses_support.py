"""Where the tests find the generated `openai_responses` package: one fixture, so that the
place can change in one line.

It is the committed generated/responses (the suite's staleness test keeps it in step
with spec/responses), or the folder RESPONSES_CODEGEN_CLIENT names: tests/test_styles.py
runs the Responses tests that way against the python-pydantic style.
`generate_responses_client` generates it afresh for tools outside pytest (the bench) and
for the pydantic style.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "spec" / "responses"
PACKAGE = "openai_responses"


def generate_responses_client(out: Path, style: str = "python") -> Path:
    """Generate spec/responses into OUT with STYLE, as a user would; OUT holds the package."""
    done = subprocess.run(
        [sys.executable, "-m", "generator", "generate", "--spec", str(SPEC), "--out", str(out), "--style", style],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        raise RuntimeError(f"generating {SPEC} failed:\n{done.stdout}{done.stderr}")
    return out


@pytest.fixture(scope="session")
def responses_client_path() -> Iterator[Path]:
    """The folder holding the `openai_responses` package the tests import, on sys.path."""
    folder = Path(os.environ.get("RESPONSES_CODEGEN_CLIENT") or ROOT / "generated" / "responses")
    sys.path.insert(0, str(folder))
    try:
        yield folder
    finally:
        sys.path.remove(str(folder))


@pytest.fixture(scope="session")
def openai_responses(responses_client_path: Path) -> ModuleType:
    """The generated package, imported from `responses_client_path`."""
    module = importlib.import_module(PACKAGE)
    assert Path(module.__file__ or "").parent.parent == responses_client_path, "another openai_responses was imported first"
    return module
