"""The python-pydantic style: the same client with pydantic v2 models.

The request, streaming and wire tests run again, in a second pytest process, against a
client generated in this style; its models must behave like the dataclass ones where
the shared runtime relies on them. Also: how styles extend one another.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GENERATED, ROOT, codegen

from generator.config import STYLES, style_folders
from generator.problems import SpecError

# test_contract needs Prism and skips itself without it
SHARED_TESTS = [
    "test_client.py", "test_client_options.py", "test_model_building.py", "test_differential.py", "test_streaming.py",
    "test_stream_helpers.py", "test_stream_snapshots.py", "test_stream_handlers.py", "test_sse.py", "test_contract.py",
]  # fmt: skip


@pytest.fixture(scope="module")
def pydantic_client(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A client generated with `--style python-pydantic`, through the CLI."""
    out = tmp_path_factory.mktemp("pydantic") / "out"
    result = codegen("generate", "--api", "runs", "--style", "python-pydantic", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def test_the_shared_client_tests_pass_against_the_pydantic_style(pydantic_client: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *(f"tests/{name}" for name in SHARED_TESTS)],
        cwd=ROOT,
        env={**os.environ, "RUNS_CODEGEN_CLIENT": str(pydantic_client)},
        capture_output=True,
        text=True,
        timeout=900,
    )
    summary = result.stdout.strip().splitlines()[-1]
    assert result.returncode == 0, result.stdout[-6000:]
    assert " passed" in summary and "failed" not in summary


def test_the_pydantic_style_type_checks_and_is_black_formatted(pydantic_client: Path, tmp_path: Path) -> None:
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), "openai_runs"],
        cwd=pydantic_client,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert mypy.returncode == 0, mypy.stdout
    black = subprocess.run([sys.executable, "-m", "black", "--check", "-q", "openai_runs"], cwd=pydantic_client, capture_output=True, text=True, timeout=300)
    assert black.returncode == 0, black.stderr


def test_only_the_models_differ_from_the_default_style(pydantic_client: Path) -> None:
    """...and the package docstring, which says it needs pydantic."""
    ours = {p.relative_to(pydantic_client).as_posix() for p in (pydantic_client / "openai_runs").rglob("*.py")}
    default = {p.relative_to(GENERATED).as_posix() for p in (GENERATED / "openai_runs").rglob("*.py")}
    assert ours - default == {"openai_runs/_pydantic.py"} and default <= ours
    assert "it needs httpx and pydantic." in (pydantic_client / "openai_runs" / "__init__.py").read_text()
    for name in sorted(default - {"openai_runs/models.py", "openai_runs/__init__.py"}):
        assert (pydantic_client / name).read_text() == (GENERATED / name).read_text(), name


def test_pydantic_models_behave_like_the_dataclasses(pydantic_client: Path) -> None:
    """Decoding, round trips, open enums, constants and errors, in a fresh interpreter."""
    script = """
import json
from openai_runs import DecodeError, models

seeds = json.loads(open(FIXTURE).read())
for payload in seeds.values():
    assert models.Run.from_dict(payload).to_dict() == payload
run = dict(next(iter(seeds.values())))
run["status"] = "teleporting"
run["brand_new_field"] = {"x": 1}
decoded = models.Run.from_dict(run)
assert decoded.status == "teleporting" and not decoded.status.is_known
assert decoded.unknown_fields == {"brand_new_field": {"x": 1}}
assert decoded.to_dict() == run
assert models.CodeInterpreterTool().to_dict() == {"type": "code_interpreter"}
assert models.ToolOutput(tool_call_id="c").to_dict() == {"tool_call_id": "c"}
try:
    models.Run.from_dict({**run, "tools": [{"type": "code_interpreter"}, {"type": 7}]}, "thread.run.created")
except DecodeError as error:
    assert error.path.startswith("thread.run.created.tools[1]"), error.path
else:
    raise AssertionError("no DecodeError")
print("ok")
""".replace("FIXTURE", repr(str(ROOT / "tests" / "fixtures" / "seed_runs.json")))
    result = subprocess.run([sys.executable, "-c", script], cwd=pydantic_client, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "ok", result.stderr


def test_hostile_spec_text_stays_text_in_pydantic_models(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = codegen("generate", "--spec", "tests/golden/hostile/spec.yaml", "--style", "python-pydantic", "--out", str(out))
    assert result.returncode == 0, result.stderr
    source = (out / "hostile" / "models.py").read_text()
    assert "echo pwned" in source  # kept, as text
    imported = subprocess.run([sys.executable, "-c", "import hostile.models"], cwd=out, capture_output=True, text=True, timeout=120)
    assert imported.returncode == 0, imported.stderr
    assert "pwned" not in imported.stdout


def test_generation_is_deterministic_without_the_cache(pydantic_client: Path, tmp_path: Path) -> None:
    """A cold run (empty cache, so datamodel-code-generator runs) gives the same bytes."""
    out = tmp_path / "out"
    result = codegen("generate", "--api", "runs", "--style", "python-pydantic", "--out", str(out), env={"XDG_CACHE_HOME": str(tmp_path / "cache")})
    assert result.returncode == 0, result.stderr
    for path in sorted((pydantic_client / "openai_runs").rglob("*")):
        if path.is_file():
            assert (out / path.relative_to(pydantic_client)).read_bytes() == path.read_bytes(), path.name


# -- styles that extend others ---------------------------------------------------------


def test_the_pydantic_style_stands_on_the_python_style() -> None:
    assert style_folders("python-pydantic") == [STYLES / "python-pydantic", STYLES / "python"]
    assert style_folders("python") == [STYLES / "python"]


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ('extends = "pyton"', "style.toml:1:1: `extends` names no style `pyton`: the built-in styles are"),
        ("extends = 3", "style.toml:1:1: `extends` must name one style"),
        ('extends = "."', "style.toml:1:1: `extends` makes a cycle"),
    ],
)
def test_a_bad_extends_is_a_positioned_error(tmp_path: Path, manifest: str, message: str) -> None:
    style = tmp_path / "mine"
    style.mkdir()
    (style / "style.toml").write_text(manifest + "\n")
    with pytest.raises(SpecError) as caught:
        style_folders(str(style))
    assert message in str(caught.value)
    result = codegen("generate", "--api", "runs", "--style", str(style), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and message in result.stderr and "Traceback" not in result.stderr


def test_a_style_of_ones_own_can_extend_a_builtin_one(tmp_path: Path) -> None:
    style = tmp_path / "mine"
    (style / "{package}").mkdir(parents=True)
    (style / "style.toml").write_text('extends = "python-pydantic"\n')
    (style / "{package}" / "_constants.py.jinja").write_text('DEFAULT_MAX_RETRIES = 7\n')
    result = codegen("generate", "--api", "runs", "--style", str(style), "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    package = tmp_path / "out" / "openai_runs"
    assert (package / "_constants.py").read_text() == "DEFAULT_MAX_RETRIES = 7\n"
    assert (package / "_pydantic.py").is_file() and (package / "_sse.py").is_file()
