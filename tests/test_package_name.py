"""The generated package is named by `api.name` (issue 12, item 4): template folders named
`{package}` are written to that folder, for every built-in style and for overrides, and
`api.name` is held to a name that can only ever be one plain folder."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from generator.config import BUILTIN_TEMPLATES, style_folders
from generator.pipeline import generate
from generator.targets import PYTHON
from generator.problems import SpecError, TemplateError
from generator.render.templates import output_path

ROOT = Path(__file__).resolve().parent.parent
BASIC = ROOT / "tests" / "golden" / "basic" / "spec.yaml"  # api.name: petstore


def spec_named(folder: Path, name: str) -> Path:
    path = folder / "spec.yaml"
    text = BASIC.read_text(encoding="utf-8").replace("name: petstore", f"name: {name}", 1)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("style", ["python", "python-pydantic"])
def test_every_builtin_style_writes_the_package_under_api_name(style: str) -> None:
    files = generate(BASIC, style_folders(style), PYTHON)
    folders = {name.split("/")[0] for name in files if "/" in name}
    assert folders == {"petstore"}
    assert "petstore/_client.py" in files and "petstore/py.typed" in files
    assert not any("{" in name or "openai_runs" in name for name in files)


def test_the_same_style_renders_two_apis_into_two_packages(tmp_path: Path) -> None:
    files = generate(spec_named(tmp_path, "shop_client"), [BUILTIN_TEMPLATES], PYTHON)
    assert "shop_client/models.py" in files and not any(name.startswith("petstore/") for name in files)
    assert 'PACKAGE = "shop_client"' in files["shop_client/_constants.py"]


def test_output_paths_resolve_only_the_package_folder() -> None:
    assert output_path(PurePosixPath("{package}/models.py.jinja"), "pets") == "pets/models.py"
    assert output_path(PurePosixPath("docs/{package}/x.md.jinja"), "pets") == "docs/pets/x.md"
    assert output_path(PurePosixPath("{package}/py.typed"), "pets") == "pets/py.typed"
    assert output_path(PurePosixPath("{pakage}/models.py.jinja"), "pets") is None
    assert output_path(PurePosixPath("{package}x/models.py.jinja"), "pets") is None


def test_a_misspelt_placeholder_is_an_error_not_a_folder(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    (overrides / "{pakage}").mkdir(parents=True)
    (overrides / "{pakage}" / "extra.py.jinja").write_text("X = 1\n")
    with pytest.raises(TemplateError) as caught:
        generate(BASIC, [overrides, BUILTIN_TEMPLATES], PYTHON)
    assert "extra.py.jinja:1:1: a folder or file name holds a brace" in str(caught.value)


def test_an_override_spelling_the_package_name_is_told_to_use_the_placeholder(tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    (overrides / "petstore").mkdir(parents=True)
    (overrides / "petstore" / "_constants.py.jinja").write_text("DEFAULT_MAX_RETRIES = 7\n")
    with pytest.raises(TemplateError) as caught:
        generate(BASIC, [overrides, BUILTIN_TEMPLATES], PYTHON)
    assert "two templates produce `petstore/_constants.py`" in str(caught.value)
    assert "goes in a folder named `{package}`" in str(caught.value)
    (overrides / "petstore").rename(overrides / "{package}")
    assert generate(BASIC, [overrides, BUILTIN_TEMPLATES], PYTHON)["petstore/_constants.py"] == "DEFAULT_MAX_RETRIES = 7\n"


def test_an_each_rule_may_put_files_inside_the_package(tmp_path: Path) -> None:
    style = tmp_path / "style"
    style.mkdir()
    (style / "style.toml").write_text('[[each]]\ntemplate = "m.txt.jinja"\nfor = "model"\nkinds = ["object"]\npath = "{package}/docs/{snake}.txt"\n')
    (style / "m.txt.jinja").write_text("{{ model.name }} of {{ api.name }}\n")
    files = generate(BASIC, [style], PYTHON)
    assert files["petstore/docs/pet.txt"] == "Pet of petstore\n"


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("class", "is a Python keyword"),
        ("match", "is a Python keyword"),
        ("__pycache__", "starts with `__`"),
        ("__init__", "starts with `__`"),
        ("Pets", "must be a snake_case identifier"),
        ('"../escape"', "must be a snake_case identifier"),
        ('"pets/sub"', "must be a snake_case identifier"),
        ("p" * 101, "is longer than 100 characters"),
    ],
)
def test_api_names_that_cannot_be_one_package_folder_are_refused(tmp_path: Path, name: str, why: str) -> None:
    with pytest.raises(SpecError) as caught:
        generate(spec_named(tmp_path, name), [BUILTIN_TEMPLATES], PYTHON)
    (problem,) = caught.value.problems
    assert (problem.position.line, problem.position.column) == (3, 9)
    assert why in problem.message and "names the generated package and its folder" in problem.message
