"""Regressions of issue 10 §1 and §7: names the spec refers to must be declared names,
spec text must pass a filter made for where it lands, and name patterns match whole
strings. The property tests over every position are in tests/test_spec_text.py."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest
import yaml
from conftest import codegen

from generator import ir
from generator.config import style_folders
from generator.pipeline import load_api
from generator.targets import PYTHON
from generator.problems import TemplateError
from generator.render.templates import render
from spec_positions import probe_spec

ATTACK = 'x""";import builtins;builtins.PWNED = 1;"""'


def write(folder: Path, spec: dict[str, object]) -> Path:
    path = folder / "spec.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


def where(path: Path, text: str) -> str:
    """`file:line:column` of the first `text` in the file."""
    number, line = next((number, line) for number, line in enumerate(path.read_text().splitlines(), 1) if text in line)
    return f"{path}:{number}:{line.index(text) + 1}"


def test_a_discriminator_without_object_variants_is_refused(tmp_path: Path) -> None:
    """Reproduced: `oneOf: [string, integer]` with a discriminator generated (exit 0) a
    client whose `thing_from_dict` ran the discriminator's text."""
    spec = probe_spec()
    spec["models"]["Thing"] = {"oneOf": ["string", "integer"], "discriminator": ATTACK}
    path = write(tmp_path, spec)
    result = codegen("generate", "--spec", str(path), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == (
        f"{where(path, ATTACK[:4])}: union `Thing` has no object variants for `discriminator` to tell apart: "
        "remove `discriminator`, or list object models in `oneOf`"
    )
    assert not (tmp_path / "out").exists()


def test_the_discriminator_reaches_its_docstring_escaped() -> None:
    """Whatever the validator lets through, the template puts the discriminator in a
    docstring through the docstring filter."""
    api = load_api(Path(__file__).parent / "golden" / "basic" / "spec.yaml", PYTHON)
    models = tuple(
        dataclasses.replace(m, discriminator=ATTACK) if isinstance(m, ir.UnionModel) and m.discriminator else m for m in api.models
    )
    source = render(dataclasses.replace(api, models=models), style_folders("python"), PYTHON)["petstore/models.py"]
    tree = ast.parse(source)
    assert not [node for node in ast.walk(tree) if isinstance(node, ast.Import)]
    decoder = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "animal_from_dict")
    assert " ".join(ATTACK.split()) in " ".join((ast.get_docstring(decoder) or "").split())


def test_a_poll_of_a_model_without_the_field_is_refused(tmp_path: Path) -> None:
    """Reproduced: a polled model with no properties let `field` and `arguments` through
    unchecked, and `polled.<field>` ran them."""
    spec = probe_spec()
    spec["models"]["Item"]["properties"] = {}
    del spec["models"]["Item"]["required"]
    spec["polls"]["item"]["field"] = "status or setattr(__import__('builtins'), 'PWNED', 1)"
    path = write(tmp_path, spec)
    result = codegen("validate", "--spec", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    argument = where(path, "item_id: id").rsplit(":", 1)
    assert result.stderr.splitlines()[:2] == [
        f"{argument[0]}:{int(argument[1]) + len('item_id: ')}: the polled object has no field `id`: "
        "the polled model declares no properties",
        f"{where(path, 'status or setattr')}: the polled object has no field `status or setattr(__import__('builtins'), "
        "'PWNED', 1)`: the polled model declares no properties",
    ]


def test_a_filter_refusing_a_name_is_a_positioned_template_error() -> None:
    """A poll's field goes into code through `py_name`, which refuses a non-identifier;
    the render stage reports that at the template line, never as generated code."""
    api = load_api(Path(__file__).resolve().parent.parent / "spec" / "runs", PYTHON)
    polls = tuple(dataclasses.replace(p, field="status in () or print()") for p in api.polls)
    with pytest.raises(TemplateError) as raised:
        render(dataclasses.replace(api, polls=polls), style_folders("python"), PYTHON)
    problem = raised.value.problems[0]
    assert problem.position.file.endswith("operation.jinja")
    assert "`status in () or print()` is not a Python identifier" in problem.message


@pytest.mark.parametrize(
    "where",
    ["api.name", "model", "property", "path parameter", "query parameter", "operation", "stream", "event", "poll"],
)
def test_a_name_with_a_trailing_newline_is_refused(tmp_path: Path, where: str) -> None:
    """Reproduced: patterns ending in `$` accepted `"id\\n"`, which failed later in black
    at "(rendered) openai_runs/models.py:1:1". Now each is a positioned problem, with
    the newline shown escaped on one line."""
    spec = probe_spec()

    def rename(mapping: dict[str, object], old: str) -> None:
        items = [(key + "\n" if key == old else key, value) for key, value in mapping.items()]
        mapping.clear()
        mapping.update(items)

    if where == "api.name":
        spec["api"]["name"] = "probe\n"
    elif where == "model":
        rename(spec["models"], "Failure")
        spec["streams"]["ItemStream"]["events"]["error"]["data"] = "Failure\n"
    elif where == "property":
        rename(spec["models"]["Item"]["properties"], "note")
    elif where == "path parameter":
        rename(spec["operations"]["get_item"]["path_parameters"], "item_id")
        spec["operations"]["get_item"]["path"] = "/items/{item_id\n}/x"
    elif where == "query parameter":
        rename(spec["operations"]["get_item"]["query_parameters"], "include")
    elif where == "operation":
        rename(spec["operations"], "list_items")
    elif where == "stream":
        rename(spec["streams"], "ItemStream")
        spec["operations"]["create_item"]["stream"] = "ItemStream\n"
    elif where == "event":
        rename(spec["streams"]["ItemStream"]["events"], "item.created")
    else:
        rename(spec["polls"], "item")
    path = write(tmp_path, spec)
    result = codegen("validate", "--spec", str(path))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    problems = result.stderr.splitlines()[:-1]
    assert problems and all(problem.startswith(f"{path}:") for problem in problems), problems
    assert "\\n`" in problems[0]
