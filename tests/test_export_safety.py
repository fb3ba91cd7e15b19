"""One-file exports (`openapi`, `schema`, `template-docs` with `--out`) write a new file or
replace their own earlier export, nothing else (issue 10, sections 2 and 7)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, codegen

BASIC = ROOT / "tests" / "golden" / "basic" / "spec.yaml"
EXPORTS = [("openapi", "--spec", str(BASIC)), ("schema", "--spec", str(BASIC)), ("template-docs",)]


def refused(result: object, *phrases: str) -> None:
    assert getattr(result, "returncode") == 1
    stderr: str = getattr(result, "stderr")
    assert "Traceback" not in stderr and "Nothing was written." in stderr
    assert len(stderr.strip().splitlines()) == 1, stderr
    for phrase in phrases:
        assert phrase in stderr, stderr


def test_an_export_over_its_own_spec_is_refused(tmp_path: Path) -> None:
    spec = tmp_path / "spec.yaml"
    shutil.copy(BASIC, spec)
    for command in ("openapi", "schema"):
        refused(codegen(command, "--spec", str(spec), "--out", str(spec)), f"--out {spec} is the spec;")
    assert spec.read_bytes() == BASIC.read_bytes()


def test_an_export_into_the_spec_or_template_folders_is_refused() -> None:
    refused(codegen("openapi", "--api", "runs", "--out", "spec/runs/new.yaml"), "is inside the spec (spec/runs)")
    refused(codegen("template-docs", "--out", "templates/python/x.md"), "is inside the built-in styles")
    refused(codegen("schema", "--api", "runs", "--out", "generated/runs/schema.json"), "is inside the generated output")
    assert not (ROOT / "spec" / "runs" / "new.yaml").exists() and not (ROOT / "templates" / "python" / "x.md").exists()
    assert not (ROOT / "generated" / "runs" / "schema.json").exists()


def test_an_export_into_another_apis_folders_is_refused() -> None:
    """Every configured API's spec and output are protected, not only the exported one's."""
    refused(codegen("openapi", "--api", "runs", "--out", "generated/responses/x.yaml"), "is inside the generated output (generated/responses)")
    refused(codegen("schema", "--api", "responses", "--out", "spec/runs/x.json"), "is inside the spec (spec/runs)")
    refused(codegen("openapi", "--spec", str(BASIC), "--out", "spec/responses/x.yaml"), "is inside the spec (spec/responses)")
    assert not (ROOT / "generated" / "responses" / "x.yaml").exists() and not (ROOT / "spec" / "runs" / "x.json").exists()
    assert not (ROOT / "spec" / "responses" / "x.yaml").exists()


@pytest.mark.parametrize("command", EXPORTS, ids=lambda c: c[0])
def test_an_export_writes_and_then_replaces_its_own_file(tmp_path: Path, command: tuple[str, ...]) -> None:
    target = tmp_path / "export.txt"
    first = codegen(*command, "--out", str(target))
    assert first.returncode == 0, first.stderr
    printed = codegen(*command)
    assert target.read_text() == printed.stdout
    target.write_text(target.read_text() + "\nedited\n")
    assert codegen(*command, "--out", str(target)).returncode == 0
    assert target.read_text() == printed.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export.txt"]  # no temporary file left


@pytest.mark.parametrize("command", EXPORTS, ids=lambda c: c[0])
def test_an_export_never_replaces_a_file_it_did_not_write(tmp_path: Path, command: tuple[str, ...]) -> None:
    target = tmp_path / "notes.md"
    target.write_text("my notes\n")
    refused(codegen(*command, "--out", str(target)), "exists and was not written by this command")
    assert target.read_text() == "my notes\n"


def test_one_exports_file_is_not_replaced_by_another_export(tmp_path: Path) -> None:
    target = tmp_path / "api.yaml"
    assert codegen("openapi", "--spec", str(BASIC), "--out", str(target)).returncode == 0
    before = target.read_bytes()
    refused(codegen("schema", "--spec", str(BASIC), "--out", str(target)), 'carry the mark "exported by `runs-codegen schema`"')
    assert target.read_bytes() == before


def test_an_export_to_a_folder_is_a_message(tmp_path: Path) -> None:
    refused(codegen("openapi", "--spec", str(BASIC), "--out", str(tmp_path)), f"--out {tmp_path} is a folder; give a file path inside it.")


def test_an_export_into_a_missing_folder_is_a_message() -> None:
    refused(codegen("schema", "--spec", str(BASIC), "--out", "/nonexistent/x.json"), "/nonexistent does not exist; create the folder first")


def test_an_export_below_a_file_is_a_message(tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("x\n")
    refused(codegen("openapi", "--spec", str(BASIC), "--out", str(tmp_path / "afile" / "x.yaml")), "afile is not a folder")


def test_an_export_to_a_symlink_is_refused(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(victim)
    refused(codegen("openapi", "--spec", str(BASIC), "--out", str(link)), "is a symlink")
    assert link.is_symlink() and victim.read_text() == "keep\n"


def test_an_export_into_an_unwritable_folder_is_a_message(tmp_path: Path) -> None:
    import os

    if os.geteuid() == 0:
        refused(codegen("openapi", "--spec", str(BASIC), "--out", "/proc/self/x.yaml"), "cannot write it")
        return
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o500)
    refused(codegen("openapi", "--spec", str(BASIC), "--out", str(locked / "x.yaml")), "cannot write it (Permission denied)")


def test_the_schema_export_says_what_made_it() -> None:
    from generator.exports.openapi import to_json_schema
    from generator.pipeline import load_api
    from generator.targets import PYTHON

    document = json.loads(codegen("schema", "--spec", str(BASIC)).stdout)
    assert document.pop("$comment") == "JSON Schema exported by `runs-codegen schema`; edit the spec, not this file."
    assert document == to_json_schema(load_api(BASIC, PYTHON))
