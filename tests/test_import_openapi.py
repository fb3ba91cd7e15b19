"""runs-codegen import-openapi against the upstream reference documents: the runs import
has no drift from upstream; both generate a type-checked client; the Responses import
reports what the format still cannot say at its line and column, and differs from
upstream only where it says so; imports are deterministic; the output folder is refused
as `generate --out` refuses it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, codegen

from generator.exports.upstream_reading import load_deviations

REFERENCES = next((p for p in (ROOT.parent / "shared" / "reference", ROOT.parents[1] / "shared" / "reference") if p.is_dir()), None)
RUNS = REFERENCES / "openai-runs-openapi.yaml" if REFERENCES else None
RESPONSES = REFERENCES / "openai-responses-openapi.yaml" if REFERENCES else None
needs_references = pytest.mark.skipif(REFERENCES is None, reason="the upstream reference documents are not beside this checkout")
RUNS_OPERATIONS = ("createThreadAndRun", "listRuns", "createRun", "getRun", "modifyRun", "cancelRun", "listRunSteps", "getRunStep", "submitToolOuputsToRun")
PROBLEM = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): \[(?P<kind>[a-zA-Z-]+)\] ")


def import_runs(out: Path) -> subprocess.CompletedProcess[str]:
    selection = [arg for op in RUNS_OPERATIONS for arg in ("--operation", op)]
    return codegen("import-openapi", str(RUNS), *selection, "--events", "AssistantStreamEvent", "--out", str(out))


def problems(stderr: str) -> list[re.Match[str]]:
    return [found for line in stderr.splitlines() if (found := PROBLEM.match(line))]


@needs_references
def test_the_runs_import_differs_from_upstream_only_where_spec_lists_deviations(tmp_path: Path) -> None:
    out = tmp_path / "imported"
    result = import_runs(out)
    assert "Traceback" not in result.stderr
    assert "imported 9 operations" in result.stdout and "25 events" in result.stdout
    # the two places the format cannot say what upstream says, each with its position
    assert sorted(found["kind"] for found in problems(result.stderr)) == ["event-field", "keyword"]
    assert "field `enabled` of ThreadStreamEvent" in result.stderr

    diff = codegen("diff-upstream", str(RUNS), "--spec", str(out))
    assert diff.returncode == 0, diff.stdout + diff.stderr
    listed = {(d.path, d.what) for d in load_deviations(ROOT / "spec" / "runs" / "upstream" / "deviations.yaml")}
    found = {tuple(line.split(": ")[:2]) for line in diff.stdout.splitlines() if ": upstream " in line}
    assert found <= listed
    assert "0 unexplained" in diff.stdout + diff.stderr


@needs_references
def test_the_runs_import_generates_a_client_that_passes_mypy_strict(tmp_path: Path) -> None:
    spec, generated = tmp_path / "spec", tmp_path / "generated"
    import_runs(spec)
    result = codegen("generate", "--spec", str(spec), "--out", str(generated))
    assert result.returncode == 0, result.stderr
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "openai_api"],  # the package is named by api.name, from the title
        cwd=generated, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout
    probe = "import openai_api as p; c = p.Client(api_key='k'); print(callable(c.create_run), callable(c.create_run_stream), callable(c.list_run_steps))"
    imported = subprocess.run([sys.executable, "-c", probe], cwd=generated, capture_output=True, text=True, timeout=60)
    assert imported.stdout.split() == ["True", "True", "True"], imported.stderr


@needs_references
def test_the_responses_import_generates_a_client_that_passes_mypy_strict(tmp_path: Path) -> None:
    spec, generated = tmp_path / "spec", tmp_path / "generated"
    codegen("import-openapi", str(RESPONSES), "--events", "ResponseStreamEvent", "--out", str(spec))
    result = codegen("generate", "--spec", str(spec), "--out", str(generated))
    assert result.returncode == 0, result.stderr
    package = next(p.name for p in generated.iterdir() if (p / "__init__.py").is_file())
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", package],
        cwd=generated, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout
    probe = f"import {package} as p; c = p.Client(api_key='k'); print(callable(c.create_response_stream), callable(c.list_conversation_items))"
    imported = subprocess.run([sys.executable, "-c", probe], cwd=generated, capture_output=True, text=True, timeout=60)
    assert imported.stdout.split() == ["True", "True"], imported.stderr


@needs_references
def test_the_responses_import_reports_each_limit_at_its_place(tmp_path: Path) -> None:
    out = tmp_path / "imported"
    (tmp_path / "none.yaml").write_text("deviations: []\n")
    result = codegen("import-openapi", str(RESPONSES), "--events", "ResponseStreamEvent", "--out", str(out))
    assert result.returncode == 1  # written, with problems to edit by hand
    assert "Traceback" not in result.stderr
    assert "imported 15 operations" in result.stdout and "58 events" in result.stdout
    found = problems(result.stderr)
    kinds: dict[str, int] = {}
    for match in found:
        kinds[match["kind"]] = kinds.get(match["kind"], 0) + 1
    # what the format still cannot say: `pattern`, `required` naming no property, a field
    # two parts of an `allOf` give different types, InputItem's three `message` variants
    # whose roles overlap
    assert kinds == {"keyword": 9, "allOf": 4, "shared-tag": 2}
    assert "response: null" in (out / "responses.yaml").read_text()  # DELETE /responses/{id}: no body

    assert f"{len(found)} problems (" in result.stderr
    lines = RESPONSES.read_text().splitlines()
    for match in found:  # each position is a real place in the document that names the construct
        text = lines[int(match["line"]) - 1][int(match["column"]) - 1 :]
        named = re.search(r"`required` at \S+ names `(\w+)`", match.string)
        expected = {"allOf": "allOf", "shared-tag": "$re"}.get(match["kind"])
        expected = named[1] if named else "pattern" if match["kind"] == "keyword" else expected
        assert expected is not None and text.startswith(expected), (match.string, text)
    # every problem is marked where it is written, and the stand-ins keep the spec valid
    written = "".join(p.read_text() for p in out.glob("*.yaml"))
    assert written.count("# import problem [") >= len(found)
    validated = codegen("validate", "--spec", str(out))
    assert validated.returncode == 0, validated.stderr
    assert "15 operations" in validated.stdout and "58 events" in validated.stdout
    # the event union is the stream; event models named like the events module's classes
    # are renamed without `Event`, each saying so
    assert "\n  ResponseStreamEvent:" not in written
    assert "\n  ResponseAudioDelta:" in written and "upstream: ResponseAudioDeltaEvent" in written
    assert written.count("renamed without `Event`") == 38
    diff = codegen("diff-upstream", str(RESPONSES), "--spec", str(out), "--deviations", str(tmp_path / "none.yaml"))
    found_differences = [line for line in diff.stdout.splitlines() if ": upstream " in line]
    assert found_differences == [  # the shared-tag stand-in, and nothing else
        "InputItem<InputMessage>: variant: upstream present; ours absent",
        "InputItem<OutputMessage>: variant: upstream present; ours absent",
    ], diff.stdout + diff.stderr


@needs_references
def test_two_imports_are_byte_identical_from_any_folder(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    codegen("import-openapi", str(RESPONSES), "--events", "ResponseStreamEvent", "--out", str(first))
    codegen("import-openapi", str(RESPONSES), "--events", "ResponseStreamEvent", "--out", str(second), cwd=tmp_path)
    names = sorted(p.name for p in first.iterdir())
    assert names == sorted(p.name for p in second.iterdir())
    assert names == [".runs-codegen-manifest.json", "api.yaml", "common.yaml", "conversations.yaml", "events.yaml", "responses.yaml"]
    for name in names:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


@needs_references
def test_the_output_folder_is_refused_unless_empty_or_written_by_runs_codegen(tmp_path: Path) -> None:
    out = tmp_path / "spec"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    refused = import_runs(out)
    assert refused.returncode == 1
    assert "did not write (notes.txt)" in refused.stderr and "Nothing was written." in refused.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    (out / "notes.txt").unlink()
    import_runs(out)
    again = import_runs(out)  # a folder it wrote is replaced
    assert "imported 9 operations" in again.stdout
    inside = codegen("import-openapi", str(RUNS), "--out", str(REFERENCES.parent))
    assert inside.returncode == 1 and "contains" in inside.stderr
