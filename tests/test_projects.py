"""Several APIs in one project: [tool.runs-codegen.apis.NAME] tables in pyproject.toml."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from conftest import ROOT, codegen

GOLDEN = ROOT / "tests" / "golden"

TWO_APIS = """\
[tool.runs-codegen]
style = "python"

[tool.runs-codegen.apis.pets]
spec = "spec/pets"
out = "generated/pets"

[tool.runs-codegen.apis.hostile]
spec = "spec/hostile"
out = "generated/hostile"
"""


def project(tmp_path: Path, pyproject: str) -> Path:
    """A project folder holding two small specs and `pyproject`."""
    for name, golden in (("pets", "basic"), ("hostile", "hostile")):
        (tmp_path / "spec" / name).mkdir(parents=True)
        shutil.copy(GOLDEN / golden / "spec.yaml", tmp_path / "spec" / name / "spec.yaml")
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    return tmp_path


def test_generate_and_check_cover_every_api(tmp_path: Path) -> None:
    root = project(tmp_path, TWO_APIS)
    generated = codegen("generate", cwd=root)
    assert generated.returncode == 0, generated.stderr
    assert "[pets]" in generated.stderr and "[hostile]" in generated.stderr
    for name, golden, package in (("pets", "basic", "petstore"), ("hostile", "hostile", "hostile")):
        expected = (GOLDEN / golden / "expected" / package / "models.py").read_text(encoding="utf-8")
        written = (root / "generated" / name / package / "models.py").read_text(encoding="utf-8")
        assert written.split("\n", 1)[1] == expected.split("\n", 1)[1]  # the first line names the spec file
    assert codegen("check", cwd=root).returncode == 0

    edited = root / "generated" / "hostile" / "hostile" / "models.py"
    edited.write_text(edited.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    stale = codegen("check", cwd=root)
    assert stale.returncode == 1
    assert "failed for hostile" in stale.stderr
    assert codegen("check", "--api", "pets", cwd=root).returncode == 0


def test_api_selects_one_and_names_are_suggested(tmp_path: Path) -> None:
    root = project(tmp_path, TWO_APIS)
    one = codegen("generate", "--api", "pets", cwd=root)
    assert one.returncode == 0, one.stderr
    assert (root / "generated" / "pets").is_dir() and not (root / "generated" / "hostile").exists()
    wrong = codegen("validate", "--api", "petz", cwd=root)
    assert wrong.returncode == 1
    assert wrong.stderr.splitlines()[0] == "--api:1:1: no API `petz`: the configured APIs are pets, hostile (did you mean `pets`?)"


def test_spec_or_out_with_several_apis_needs_api(tmp_path: Path) -> None:
    root = project(tmp_path, TWO_APIS)
    result = codegen("generate", "--out", "elsewhere", cwd=root)
    assert result.returncode == 1
    assert "configures several APIs (pets, hostile): add --api NAME" in result.stderr
    assert not (root / "elsewhere").exists()
    exported = codegen("openapi", cwd=root)
    assert exported.returncode == 1 and "say which one with --api NAME" in exported.stderr
    assert codegen("openapi", "--api", "hostile", cwd=root).stdout.startswith("# OpenAPI document")


def test_spec_and_out_together_need_no_api(tmp_path: Path) -> None:
    """--spec with --out (or --spec alone for a command that writes no folder) names a
    target of its own, with the style of [tool.runs-codegen]; no configured API is touched."""
    root = project(tmp_path, TWO_APIS.replace('style = "python"', 'style = "python-pydantic"'))
    result = codegen("generate", "--spec", "spec/pets", "--out", "elsewhere", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "[pets]" not in result.stderr and not (root / "generated").exists()
    assert "from pydantic import" in (root / "elsewhere" / "petstore" / "models.py").read_text(encoding="utf-8")
    assert codegen("check", "--spec", "spec/pets", "--out", "elsewhere", cwd=root).returncode == 0
    validated = codegen("validate", "--spec", "spec/hostile", cwd=root)
    assert validated.returncode == 0 and validated.stdout.startswith("spec/hostile: "), validated.stderr
    assert codegen("openapi", "--spec", "spec/pets", cwd=root).stdout.startswith("# OpenAPI document")
    alone = codegen("generate", "--spec", "spec/pets", cwd=root)
    assert alone.returncode == 1 and "add --api NAME to say which one --spec/--out replace, or give both" in alone.stderr


@pytest.mark.parametrize(
    ("pyproject", "expected"),
    [
        pytest.param(
            TWO_APIS.replace('out = "generated/hostile"', 'out = "generated/pets/inner"'),
            "pyproject.toml:10:1: API `hostile` writes to generated/pets/inner, which overlaps the output of API `pets` (generated/pets): give each API a folder of its own",
            id="nested-outputs",
        ),
        pytest.param(
            TWO_APIS.replace('style = "python"', 'spec = "spec"'),
            "pyproject.toml:2:1: `spec` belongs to each API when [tool.runs-codegen.apis] is written: move it into [tool.runs-codegen.apis.NAME]",
            id="spec-beside-apis",
        ),
        pytest.param(
            TWO_APIS.replace('out = "generated/pets"\n', ""),
            'pyproject.toml:4:1: API `pets` needs a table with `spec` and `out`, e.g. spec = "spec/pets" and out = "generated/pets"',
            id="api-without-out",
        ),
        pytest.param(
            TWO_APIS.replace('spec = "spec/hostile"', 'spec = "spec/hostile"\nspce = "x"'),
            "pyproject.toml:10:1: unknown [tool.runs-codegen.apis.hostile] key `spce` (did you mean `spec`?); known keys: spec, out, style, templates",
            id="unknown-key-in-an-api",
        ),
        pytest.param(
            '[tool.runs-codegen]\napis = "runs"\n',
            "pyproject.toml:2:1: `apis` must hold a table per API: [tool.runs-codegen.apis.NAME] with spec and out",
            id="apis-not-a-table",
        ),
    ],
)
def test_project_mistakes_are_positioned(tmp_path: Path, pyproject: str, expected: str) -> None:
    root = project(tmp_path, pyproject)
    result = codegen("generate", cwd=root)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == expected
    assert not (root / "generated").exists()


def test_diff_upstream_reads_deviations_beside_the_chosen_spec(tmp_path: Path) -> None:
    root = project(tmp_path, TWO_APIS)
    deviations = root / "spec" / "pets" / "upstream" / "deviations.yaml"
    deviations.parent.mkdir()
    deviations.write_text(
        textwrap.dedent(
            """\
            deviations:
              - {path: "#/components/schemas/Gone", what: only upstream, reason: not needed here}
            """
        ),
        encoding="utf-8",
    )
    upstream = root / "upstream.yaml"
    upstream.write_text("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n", encoding="utf-8")
    result = codegen("diff-upstream", "--api", "pets", str(upstream), cwd=root)
    assert "listed in spec/pets/upstream/deviations.yaml but no longer differs" in result.stdout + result.stderr
