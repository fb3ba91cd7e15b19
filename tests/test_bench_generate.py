"""`make bench-generate` keeps working: its harness runs end to end on a tiny spec, with a
stand-in baseline (openapi-python-client lives only in the bench's own virtualenv).
Nothing here asserts a time."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, codegen

sys.path.insert(0, str(ROOT / "tests" / "bench"))

import bench_generate  # noqa: E402

BASIC = ROOT / "tests" / "golden" / "basic" / "spec.yaml"


def test_harness_runs_every_scenario_on_a_tiny_spec(capsys: pytest.CaptureFixture[str]) -> None:
    stand_in = f"{shlex.quote(sys.executable)} -c 'import pathlib, sys; pathlib.Path(sys.argv[1]).mkdir()' {{out}}"
    bench_generate.main(["--spec", str(BASIC), "--upstream", str(BASIC), "--baseline", stand_in, "--runs", "1", "--scales", "1,2.5", "--scale-runs", "1"])
    report = capsys.readouterr().out
    for row in ("| baseline |", "| cold |", "| unchanged |", "| edit: class line |", "| edit: every method |", "| 1x |", "| 2.5x |"):
        assert row in report, report


def test_synthetic_specs_are_valid_and_grow(tmp_path: Path) -> None:
    """Copies keep every reference inside their copy; a half copy is closed under references."""
    sizes = []
    for factor in (1, 1.5, 3):
        spec, models = bench_generate.synthetic_spec(ROOT / "spec" / "runs", factor, tmp_path)
        result = codegen("validate", "--spec", str(spec))
        assert result.returncode == 0, result.stdout + result.stderr
        sizes.append(models)
    document = yaml.safe_load((tmp_path / "spec-3x.yaml").read_text(encoding="utf-8"))
    assert sizes[0] < sizes[1] < sizes[2] == 3 * sizes[0]
    assert {"RunX2", "RunX3"} <= set(document["models"]) and "create_run_x3" in document["operations"]


def test_the_edit_changes_every_class_of_the_model_template(tmp_path: Path) -> None:
    ours = bench_generate.Ours(BASIC, ROOT / "templates" / "python", tmp_path)
    ours.edit()
    edited = ours.template.read_text(encoding="utf-8")
    classes = edited.count("\nclass ")
    assert classes > 0 and edited.count("# edited by bench-generate, edit 1") == classes
    ours.edit("method")
    edited = ours.template.read_text(encoding="utf-8")
    assert edited.count("# edited by bench-generate, edit 2") == edited.count("\n    def ") > 0
