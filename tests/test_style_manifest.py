"""style.toml: `[[each]]` paths stay inside the output folder, placeholders are the
documented ones only, and every mistake is reported at its line and column."""

from __future__ import annotations

import os
import posixpath
import time
from pathlib import Path

import pytest
from conftest import ROOT, codegen
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.problems import Position, Problem
from generator.render.style_manifest import EachRule, parse_path

BASIC = ROOT / "tests" / "golden" / "basic" / "spec.yaml"
RULE = '[[each]]\ntemplate = "docs/m.md.jinja"\nfor = "model"\npath = "{path}"\n'


def style_with(tmp_path: Path, manifest: str) -> Path:
    style = tmp_path / "style"
    (style / "docs").mkdir(parents=True, exist_ok=True)
    (style / "docs" / "m.md.jinja").write_text("# {{ model.name }}\n", encoding="utf-8")
    (style / "style.toml").write_text(manifest, encoding="utf-8")
    return style


def generate_refused(tmp_path: Path, manifest: str) -> str:
    """Generate with a style holding `manifest`; assert nothing at all was written."""
    style_with(tmp_path, manifest)
    out = tmp_path / "work" / "out"
    out.parent.mkdir()
    result = codegen("generate", "--spec", str(BASIC), "--style", "style", "--out", "work/out", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stdout
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == []
    return result.stderr


PATH_CASES = [
    ("../x_{snake}.txt", 9, "`path` goes up a folder with `..`: generated files stay inside the output folder"),
    ("docs/{snake}/../../../x.txt", 22, "`path` goes up a folder with `..`: generated files stay inside the output folder"),
    ("/tmp/abs_{name}.txt", 9, "`path` is absolute: paths are relative to the output folder; remove the leading `/`"),
    ("{model}.txt", 9, "`path` has the unknown placeholder `{model}`: it may use {name}, {snake} and {package} only"),
    ("{nmae}.txt", 9, "`path` has the unknown placeholder `{nmae}` (did you mean `name`?): it may use {name}, {snake} and {package} only"),
    ("docs/{0}.txt", 14, "`path` has the unknown placeholder `{0}`: it may use {name}, {snake} and {package} only"),
    ("{name.__class__.__name__}.txt", 9, "`path` has the unknown placeholder `{name.__class__.__name__}`: it may use {name}, {snake} and {package} only"),
    ("{name!r}.txt", 9, "`path` has the unknown placeholder `{name!r}` (did you mean `name`?): it may use {name}, {snake} and {package} only"),
    ("{}.txt", 9, "`path` has the unknown placeholder `{}`: it may use {name}, {snake} and {package} only"),
    ("{name", 9, "`path` has a `{` that is never closed: placeholders are {name}, {snake} and {package}"),
    ("docs/name}.txt", 18, "`path` has a `}` without `{`: placeholders are {name}, {snake} and {package}"),
    ("docs//{name}", 14, "`path` has an empty folder name (`//`, or a `/` at the end): remove the extra `/`"),
    ("docs/{name}/", 21, "`path` has an empty folder name (`//`, or a `/` at the end): remove the extra `/`"),
    ("./{name}", 9, "`path` has a `.` folder: remove it"),
    ("", 9, '`path` is empty: give a file path such as "docs/{snake}.md"'),
    ("docs\\\\{name}", 8, "`path` holds a `\\`: separate folders with `/`"),
    ("docs/\\u0000{name}", 8, "`path` holds a control character: remove it"),
]


@pytest.mark.parametrize(("path", "column", "message"), PATH_CASES, ids=[c[0] or "empty" for c in PATH_CASES])
def test_a_path_that_could_leave_the_output_is_refused_at_its_place(tmp_path: Path, path: str, column: int, message: str) -> None:
    stderr = generate_refused(tmp_path, RULE.replace("{path}", path))
    assert stderr == f"style/style.toml:4:{column}: {message}\n1 problem found; nothing was written.\n"


MANIFEST_CASES = [
    ('[each]\ntemplate = "docs/m.md.jinja"\n', "style/style.toml:1:2: write each rule as an `[[each]]` table"),
    ('extend = "python"\n', "style/style.toml:1:1: unknown style.toml key `extend` (did you mean `extends`?); a manifest has `extends` and `[[each]]` rules"),
    (
        '[[each]]\ntemplate = "docs/m.md.jinja"\nfor = "model"\npath = "{name}.md"\nkind = ["object"]\n',
        "style/style.toml:5:8: unknown `[[each]]` key `kind` (did you mean `kinds`?); a rule has `template`, `for`, `path`, `kinds`",
    ),
    (
        '[[each]]\ntemplate = "docs/m.md.jinja"\nfor = "model"\npath = "{name}.md"\nkinds = "object"\n',
        "style/style.toml:5:9: `kinds` is a list of model kinds: `object`, `enum`, `union`, `alias`",
    ),
    (
        '[[each]]\ntemplate = "docs/m.md.jinja"\nfor = "model"\npath = "{name}.md"\nkinds = ["objects"]\n',
        "style/style.toml:5:9: `kinds` is a list of model kinds: `object`, `enum`, `union`, `alias`",
    ),
    (
        '[[each]]\ntemplate = "docs/m.md.jinja"\nfor = "operation"\npath = "{name}.md"\nkinds = ["object"]\n',
        '''style/style.toml:5:9: `kinds` applies to `for = "model"` only''',
    ),
    ('[[each]]\ntemplate = "docs/m.md.jinja"\nfor = "models"\npath = "{name}.md"\n', "style/style.toml:3:7: `for` is one of `model`, `operation`, `stream` (did you mean `model`?)"),
    ('[[each]]\ntemplate = 3\nfor = "model"\npath = "{name}.md"\n', "style/style.toml:2:12: `template` is the relative path of a template, in quotes"),
    ('[[each]]\ntemplate = "docs/m.md.jinja"\nfor = "model"\npath = ["a"]\n', 'style/style.toml:4:8: `path` is a relative path in quotes, such as "docs/{snake}.md"'),
    ('# rules\n\n[[each]]\nfor = "model"\n', "style/style.toml:3:1: this `[[each]]` rule needs `template`, `path`: `template`, `for` (model, operation, stream) and `path`"),
    ('[[each]]\ntemplate = "missing.jinja"\nfor = "model"\npath = "{name}.md"\n', "style/style.toml:2:12: `[[each]]` names template `missing.jinja`, which no template folder has"),
    ("each = [\n", "style/style.toml:2:1: invalid TOML: Invalid value at the end of the file"),
    ("x = " + "[" * 5000 + "]" * 5000 + "\n", "style/style.toml:1:1: invalid TOML: values nested too deeply"),
]


@pytest.mark.parametrize(("manifest", "expected"), MANIFEST_CASES)
def test_a_manifest_mistake_is_reported_at_its_place(tmp_path: Path, manifest: str, expected: str) -> None:
    stderr = generate_refused(tmp_path, manifest)
    assert stderr.splitlines()[0] == expected


def test_every_rule_mistake_is_reported_together(tmp_path: Path) -> None:
    manifest = RULE.replace("{path}", "../{name}") + "\n" + RULE.replace("{path}", "{model}")
    stderr = generate_refused(tmp_path, manifest)
    assert stderr.splitlines() == [
        "style/style.toml:4:9: `path` goes up a folder with `..`: generated files stay inside the output folder",
        "style/style.toml:9:9: `path` has the unknown placeholder `{model}`: it may use {name}, {snake} and {package} only",
        "2 problems found; nothing was written.",
    ]


def test_a_valid_path_still_renders_inside_the_output(tmp_path: Path) -> None:
    style_with(tmp_path, RULE.replace("{path}", "docs/{snake}/{name}.md"))
    result = codegen("generate", "--spec", str(BASIC), "--style", "style", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "docs" / "pet" / "Pet.md").read_text() == "# Pet\n"


@pytest.mark.parametrize(
    ("extends", "expected"),
    [
        ('\n# the base\nextends = 3\n', "style/style.toml:3:1: `extends` must name one style, e.g. extends = \"python\""),
        ('\nextends = "pyhton"\n', "style/style.toml:2:1: `extends` names no style `pyhton`: the built-in styles are python, python-pydantic, or give a folder (did you mean `python`?)"),
        ('extends = "python"\nextends = "x"\n', "style/style.toml:2:14: invalid TOML: Cannot overwrite a value"),
    ],
    ids=["not-a-string", "unknown-style", "twice"],
)
def test_extends_mistakes_point_at_their_line(tmp_path: Path, extends: str, expected: str) -> None:
    stderr = generate_refused(tmp_path, extends)
    assert stderr.splitlines()[0] == expected


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_as_style_toml_does_not_hang(tmp_path: Path) -> None:
    style = style_with(tmp_path, "")
    (style / "style.toml").unlink()
    os.mkfifo(style / "style.toml")
    (style / "index.md.jinja").write_text("{{ api.title }}\n", encoding="utf-8")
    started = time.perf_counter()
    result = codegen("generate", "--spec", str(BASIC), "--style", "style", "--out", "out", cwd=tmp_path)
    assert time.perf_counter() - started < 30
    assert "Traceback" not in result.stderr, result.stderr


@pytest.mark.parametrize(
    ("pyproject", "expected"),
    [
        ("[tool]\nruns-codegen = 3\n", "pyproject.toml:2:1: [tool.runs-codegen] must be a table of settings"),
        ("x = " + "[" * 5000 + "]" * 5000 + "\n", "pyproject.toml:1:1: invalid TOML: values nested too deeply"),
        ("tool = 1\n", None),
    ],
    ids=["table-a-number", "deep", "tool-a-number"],
)
def test_odd_pyproject_settings_are_clear_errors(tmp_path: Path, pyproject: str, expected: str | None) -> None:
    (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    result = codegen("validate", "--spec", str(BASIC), cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr
    if expected is None:
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode == 1
        assert result.stderr.splitlines()[0] == expected


# -- the rule, over every template and every name --------------------------------------------

path_text = st.lists(st.sampled_from(list("ab./\\{}_ \x00\n") + ["{name}", "{snake}", "..", "{0}"]), max_size=12).map("".join)
names = st.text(max_size=8) | st.sampled_from(["..", ".", "", "a/b", "../x", "a\\b", "/abs", "x\x00"])


def _inside(path: str) -> bool:
    return (
        path != ""
        and not path.startswith("/")
        and "\\" not in path
        and posixpath.normpath(path) == path
        and ".." not in path.split("/")
        and not any(ord(c) < 32 for c in path)
    )


@settings(max_examples=500, deadline=None)
@given(path_text, names, names)
def test_a_path_that_is_accepted_always_lands_inside_the_output(template: str, name: str, snake: str) -> None:
    """Whatever the template and whatever the names, the result is refused or is a
    normalised relative path of plain segments, with only documented placeholders."""
    if parse_path(template) is not None:
        return
    rule = EachRule("t.jinja", "model", template, (), Position("style.toml", 4, 8), Position("style.toml", 2, 12))
    output = rule.output({"name": name, "snake": snake}, "model `X`")
    if isinstance(output, Problem):
        assert output.position == Position("style.toml", 4, 8)
        return
    assert _inside(output), output
    if not set("{}") & set(name + snake):  # a brace that a name brought in is data, not a placeholder
        assert "{" not in output and "}" not in output


@pytest.mark.parametrize("name", ["a/b", "..", ".", "", "x\\y", "x\ny", "../../etc"])
def test_a_name_that_is_not_one_file_name_is_refused(name: str) -> None:
    rule = EachRule("t.jinja", "model", "docs/{name}.md", (), Position("style.toml", 4, 8), Position("style.toml", 2, 12))
    output = rule.output({"name": name, "snake": "s"}, "model `X`")
    assert isinstance(output, Problem), output
    assert output.message.startswith(f"`{{name}}` of model `X` would be `{name}`, which ")
