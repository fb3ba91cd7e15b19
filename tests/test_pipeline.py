"""The generator as a user runs it: generate, check, determinism, atomic writes."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT, codegen

from generator.output import write as write_module
from generator.output.write import write

BASIC = ROOT / "tests" / "golden" / "basic" / "spec.yaml"
MANIFEST_AB = (
    b'{\n "note": "The files runs-codegen generated in this folder; it replaces the folder only while it holds nothing else.",\n'
    b' "files": [\n  "a.py",\n  "b.py"\n ]\n}\n'
)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, leaving out tool caches (__pycache__, .mypy_cache)."""
    files = {}
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts[:-1]
        if path.is_file() and not any(p == "__pycache__" or p.startswith(".") for p in parts):
            files[path.relative_to(folder).as_posix()] = path.read_bytes()
    return files


def test_generated_folder_is_up_to_date() -> None:
    """`make check`: generated/ is exactly what spec/ generates, for every API."""
    result = codegen("check")
    assert result.returncode == 0, result.stdout + result.stderr
    for api in ("runs", "responses"):
        assert f"[{api}]\n" in result.stderr and f"generated/{api} is up to date" in result.stdout


@pytest.mark.parametrize("api", ["runs", "responses"])
def test_output_is_identical_under_different_hash_seeds(tmp_path: Path, api: str) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    assert codegen("generate", "--api", api, "--out", str(first), env={"PYTHONHASHSEED": "1"}).returncode == 0
    assert codegen("generate", "--api", api, "--out", str(second), env={"PYTHONHASHSEED": "4242"}).returncode == 0
    assert tree(first) == tree(second)
    assert tree(first) == tree(ROOT / "generated" / api)


def test_check_reports_drift_with_a_diff(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert codegen("generate", "--spec", str(BASIC), "--out", str(out)).returncode == 0
    assert codegen("check", "--spec", str(BASIC), "--out", str(out)).returncode == 0

    models = out / "petstore" / "models.py"
    models.write_text(models.read_text().replace("The identifier.", "Edited by hand."))
    (out / "petstore" / "stale.py").write_text("x = 1\n")
    result = codegen("check", "--spec", str(BASIC), "--out", str(out))
    assert result.returncode == 1
    assert "-    \"\"\"Edited by hand.\"\"\"" in result.stdout
    assert "+    \"\"\"The identifier.\"\"\"" in result.stdout
    assert "petstore/stale.py (on disk)\n+++ not written by runs-codegen" in result.stdout
    assert "1 changed, 0 missing, 0 no longer generated, 1 not written by runs-codegen." in result.stderr
    assert "Move what runs-codegen did not write out of it, then run `make generate`." in result.stderr


def test_generate_removes_files_the_spec_no_longer_produces(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "NOTICE.txt.jinja").write_text("{{ api.models | length }} models\n")
    out = tmp_path / "out"
    assert codegen("generate", "--spec", str(BASIC), "--templates", str(overrides), "--out", str(out)).returncode == 0
    assert (out / "NOTICE.txt").exists()
    result = codegen("check", "--spec", str(BASIC), "--out", str(out))
    assert result.returncode == 1
    assert "NOTICE.txt (on disk)\n+++ no longer generated" in result.stdout
    assert "1 changed, 0 missing, 1 no longer generated. Run `make generate`" in result.stderr  # and the manifest
    result = codegen("generate", "--spec", str(BASIC), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert not (out / "NOTICE.txt").exists()
    assert codegen("check", "--spec", str(BASIC), "--out", str(out)).returncode == 0


def test_a_broken_spec_leaves_the_previous_output_untouched(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert codegen("generate", "--spec", str(BASIC), "--out", str(out)).returncode == 0
    before = tree(out)
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*")}
    broken = tmp_path / "broken.yaml"
    broken.write_text(BASIC.read_text().replace("kind: Animal", "kind: Animall"))
    result = codegen("generate", "--spec", str(broken), "--out", str(out))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "type `Animall` is not a declared model (did you mean `Animal`?)" in result.stderr
    assert "nothing was written" in result.stderr
    assert tree(out) == before
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*")} == stamps


def test_a_failure_while_writing_keeps_the_previous_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    write({"a.py": "a = 1\n", "b.py": "b = 1\n"}, out)
    real_replace = os.replace

    def failing_replace(source: object, target: object) -> None:
        if Path(str(source)).name.startswith(".out.new-"):  # swapping the new tree in
            raise OSError("disk full")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(write_module.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        write({"a.py": "a = 2\n"}, out)
    assert tree(out) == {"a.py": b"a = 1\n", "b.py": b"b = 1\n", ".runs-codegen-manifest.json": MANIFEST_AB}
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # no staging folder left behind


def test_unchanged_output_is_not_rewritten(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert write({"a.py": "a = 1\n"}, out) is True
    stamp = (out / "a.py").stat().st_mtime_ns
    assert write({"a.py": "a = 1\n"}, out) is False
    assert (out / "a.py").stat().st_mtime_ns == stamp


def test_generate_refuses_to_replace_a_folder_holding_the_spec(tmp_path: Path) -> None:
    result = codegen("generate", "--api", "runs", "--out", ".")
    assert result.returncode == 1
    assert "choose a folder that holds only generated code" in result.stderr
    assert (ROOT / "spec").is_dir()


def test_custom_templates_render_with_the_same_ir(tmp_path: Path) -> None:
    templates = ROOT / "tests" / "golden" / "typescript" / "style"
    out = tmp_path / "ts"
    result = codegen("generate", "--spec", str(BASIC), "--style", str(templates), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "export interface Pet {" in (out / "types.ts").read_text()


def test_a_typo_in_a_custom_template_is_a_positioned_error(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.md.jinja").write_text("# {{ api.title }}\n\n{% for m in api.models %}\n- {{ m.nmae }}\n{% endfor %}\n")
    result = codegen("generate", "--spec", str(BASIC), "--style", str(templates), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"{templates / 'page.md.jinja'}:4:1: template error:" in result.stderr
    assert "has no attribute 'nmae'" in result.stderr
    assert not (tmp_path / "out").exists()


def test_validate_summarises_the_spec() -> None:
    result = codegen("validate")
    assert result.returncode == 0
    runs, responses = result.stdout.splitlines()
    assert runs == "spec/runs: 9 operations, 143 models, 25 events"
    assert responses.startswith("spec/responses: 15 operations, ") and responses.endswith(" models, 58 events")
    assert result.stderr == "[runs]\n[responses]\n"


def test_yaml_1_1_words_are_plain_names_as_keys(tmp_path: Path) -> None:
    """`on`, `yes` and `null` as property names stay names; YAML 1.1 would make them booleans."""
    from generator.pipeline import load_api
    from generator.targets import PYTHON

    spec = tmp_path / "spec.yaml"
    spec.write_text(
        "api: {name: words, base_url: https://x.invalid}\n"
        "models:\n  Switch:\n    type: object\n    properties:\n      on: boolean\n      yes: string\n      null: string\n"
    )
    switch = load_api(spec, PYTHON).model("Switch")
    assert [f.name for f in switch.fields] == ["on", "yes", "null"]  # type: ignore[union-attr]


def test_unused_imports_are_dropped_and_used_ones_kept() -> None:
    from generator.targets.python.imports import prune_unused_imports

    source = (
        "from __future__ import annotations\n\n"
        "import json\nimport os.path\nimport httpx as web\n"
        "from typing import Any, Literal, TypeAlias\n"
        "from .models import (\n    Run,\n    Step as RunStep,\n    Thread,\n)\n\n"
        "__all__ = ['Thread']\n\n"
        "def f(x: Any) -> RunStep:\n    return json.loads(x)  # Literal appears only here\n"
    )
    assert prune_unused_imports(source) == (
        "from __future__ import annotations\n\n"
        "import json\n"
        "from typing import Any, Literal\n"
        "from .models import Step as RunStep, Thread\n\n"
        "__all__ = ['Thread']\n\n"
        "def f(x: Any) -> RunStep:\n    return json.loads(x)  # Literal appears only here\n"
    )


def test_overrides_replace_style_files_by_relative_path(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    (overrides / "partials").mkdir(parents=True)
    (overrides / "partials" / "header.jinja").write_text("# {{ api.title }}: made by our own header; do not edit.\n")
    (overrides / "NOTICE.txt.jinja").write_text("{{ api.models | length }} models\n")
    out = tmp_path / "out"
    result = codegen("generate", "--spec", str(BASIC), "--templates", str(overrides), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "petstore" / "models.py").read_text().startswith("# Pet store: made by our own header; do not edit.\n")
    assert (out / "NOTICE.txt").read_text() == "10 models\n"
    assert (out / "petstore" / "_serde.py").exists()  # the rest of the style is still there


def test_an_unknown_style_is_a_clear_error(tmp_path: Path) -> None:
    result = codegen("generate", "--api", "runs", "--style", "pyhton", "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "no style `pyhton`: the built-in styles are python, python-pydantic, or give a folder (did you mean `python`?)" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_style_manifest_renders_a_template_per_model_and_per_operation(tmp_path: Path) -> None:
    style = tmp_path / "style"
    (style / "docs").mkdir(parents=True)
    (style / "style.toml").write_text(
        '[[each]]\ntemplate = "docs/model.md.jinja"\nfor = "model"\nkinds = ["object"]\npath = "docs/models/{snake}.md"\n\n'
        '[[each]]\ntemplate = "docs/operation.md.jinja"\nfor = "operation"\npath = "docs/{name}.md"\n'
    )
    (style / "docs" / "model.md.jinja").write_text("# {{ model.name }}\n{% for f in model.fields %}- {{ f.name }}\n{% endfor %}")
    (style / "docs" / "operation.md.jinja").write_text("`{{ operation.method }} {{ operation.path }}`\n")
    (style / "index.md.jinja").write_text("{{ api.title }}\n")
    out = tmp_path / "out"
    result = codegen("generate", "--spec", str(BASIC), "--style", str(style), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [
        ".runs-codegen-manifest.json", "docs/get_pet.md", "docs/models/cat.md", "docs/models/dog.md", "docs/models/pet.md",
        "docs/models/schedule.md", "docs/models/toy.md", "index.md",
    ]  # fmt: skip
    assert (out / "docs" / "models" / "toy.md").read_text() == "# Toy\n- type\n- colour\n"
    assert (out / "docs" / "get_pet.md").read_text() == "`GET /pets/{pet_id}`\n"


def test_a_bad_style_manifest_is_a_positioned_error(tmp_path: Path) -> None:
    style = tmp_path / "style"
    style.mkdir()
    (style / "style.toml").write_text('[[each]]\ntemplate = "missing.jinja"\nfor = "model"\npath = "{name}.txt"\n')
    result = codegen("generate", "--spec", str(BASIC), "--style", str(style), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "style.toml:2:12: `[[each]]` names template `missing.jinja`, which no template folder has" in result.stderr
