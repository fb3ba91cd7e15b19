"""Hostile spec files: bombs, devices and bytes YAML forbids are refused at once, with a
position, instead of hanging, exhausting memory or ending in a traceback."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
import yaml
from conftest import codegen
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.read.load import SPEC_BYTES, SPEC_LIMITS, load_spec
from generator.read.nodes import MapNode, ScalarNode, plain
from generator.read.yaml_tree import read_tree

HEAD = "api:\n  name: demo\n  base_url: https://api.example.com/v1\n"
QUICK = 5.0  # seconds: generous for a loaded machine, far below what a bomb takes


def refused(spec: Path, cwd: Path) -> str:
    """Run `validate` on `spec`; assert it fails quickly and cleanly; return stderr."""
    started = time.perf_counter()
    result = codegen("validate", "--spec", str(spec), cwd=cwd)
    elapsed = time.perf_counter() - started
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    assert elapsed < QUICK, f"took {elapsed:.1f} s"
    return result.stderr


def alias_bomb(levels: int) -> str:
    """The billion laughs: each level repeats the one before nine times."""
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    names = "abcdefghijklmnopqrstuvwxyz"
    for level in range(1, levels):
        lines.append(f"{names[level]}: &{names[level]} [{', '.join(['*' + names[level - 1]] * 9)}]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("levels", [9, 12], ids=["381-bytes", "12-levels"])
def test_an_alias_bomb_is_refused_at_its_first_alias(tmp_path: Path, levels: int) -> None:
    (tmp_path / "bomb.yaml").write_text(alias_bomb(levels), encoding="utf-8")
    stderr = refused(tmp_path / "bomb.yaml", tmp_path)
    first = stderr.splitlines()[0]
    assert first == "bomb.yaml:2:8: YAML aliases (`*a`) are not supported: write the value out, or declare a model and refer to it with `$ref`"
    assert len(stderr.splitlines()) == levels  # one line per anchor, not per repetition


@pytest.mark.parametrize(
    "nesting",
    [
        "models: " + "[" * 500 + "]" * 500 + "\n",
        "models:\n" + "".join("  " * (level + 1) + f"k{level}:\n" for level in range(500)),
        "models: " + "{a: " * 500 + "1" + "}" * 500 + "\n",
    ],
    ids=["flow-lists", "block-mappings", "flow-mappings"],
)
def test_deep_nesting_is_refused_where_it_crosses_the_limit(tmp_path: Path, nesting: str) -> None:
    (tmp_path / "deep.yaml").write_text(nesting, encoding="utf-8")
    stderr = refused(tmp_path / "deep.yaml", tmp_path)
    assert stderr.startswith("deep.yaml:")
    assert ": nested more than 64 levels deep: declare nested objects as models and refer to them with `$ref`\n" in stderr
    line, column = map(int, stderr.split(":")[1:3])
    assert (line, column) != (1, 1)


def test_nesting_within_the_limit_loads(tmp_path: Path) -> None:
    """A list of lists 30 deep (61 levels of YAML) is legal and validates."""
    schema = "string"
    for _ in range(30):
        schema = f"{{type: array, items: {schema}}}"
    (tmp_path / "spec.yaml").write_text(HEAD + f"models:\n  Grid: {schema}\n", encoding="utf-8")
    result = codegen("validate", "--spec", "spec.yaml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr


def test_too_many_values_are_refused(tmp_path: Path) -> None:
    values = ",".join(["0"] * (SPEC_LIMITS.nodes + 10))
    (tmp_path / "wide.yaml").write_text(f"models: [{values}]\n", encoding="utf-8")
    stderr = refused(tmp_path / "wide.yaml", tmp_path)
    assert stderr.startswith("wide.yaml:1:")
    assert f"more than {SPEC_LIMITS.nodes} values in one file: split the spec into several files" in stderr


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    (tmp_path / "big.yaml").write_text(HEAD + "# " + "x" * SPEC_BYTES + "\n", encoding="utf-8")
    stderr = refused(tmp_path / "big.yaml", tmp_path)
    assert stderr.splitlines()[0] == "big.yaml:1:1: the file is larger than 1 MiB: split the spec into several files"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_as_spec_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "spec.yaml")
    stderr = refused(tmp_path / "spec.yaml", tmp_path)
    assert stderr.splitlines()[0] == "spec.yaml:1:1: this is a named pipe, not a regular file: give a file or a folder of files"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_inside_a_spec_folder_is_refused_not_skipped(tmp_path: Path) -> None:
    spec = tmp_path / "spec"
    spec.mkdir()
    (spec / "api.yaml").write_text(HEAD, encoding="utf-8")
    os.mkfifo(spec / "models.yaml")
    started = time.perf_counter()
    result = codegen("validate", "--spec", "spec", cwd=tmp_path)
    assert time.perf_counter() - started < QUICK
    assert result.returncode == 1
    assert "spec/models.yaml:1:1: this is a named pipe, not a regular file" in result.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_device_as_spec_is_refused(tmp_path: Path) -> None:
    stderr = refused(Path("/dev/zero"), tmp_path)
    assert stderr.splitlines()[0] == "/dev/zero:1:1: this is a device, not a regular file: give a file or a folder of files"


@pytest.mark.parametrize(
    ("character", "shown"),
    [("\x00", "U+0000"), ("\x07", "U+0007"), ("\x1b", "U+001B"), ("\x7f", "U+007F")],
    ids=["nul", "bell", "escape", "delete"],
)
def test_a_control_character_is_a_positioned_problem(tmp_path: Path, character: str, shown: str) -> None:
    (tmp_path / "spec.yaml").write_text(HEAD + f"  description: bad{character}text\n", encoding="utf-8")
    stderr = refused(tmp_path / "spec.yaml", tmp_path)
    escape = f"\\x{ord(character):02x}"
    assert stderr == (
        f"spec.yaml:4:19: control character {shown} is not allowed in YAML: remove it, or write `{escape}` inside a double-quoted string\n"
        "1 problem found; nothing was written.\n"
    )


def test_bytes_that_are_not_utf8_are_a_positioned_problem(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_bytes(HEAD.encode() + b"  description: caf\xe9\n")
    stderr = refused(tmp_path / "spec.yaml", tmp_path)
    assert stderr.splitlines()[0] == "spec.yaml:4:19: byte 0xe9 is not UTF-8 text: save the file as UTF-8"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!python/object/new:os.system [echo hi]", "unsupported YAML tag `!!python/object/new:os.system`"),
        ("!!python/object/apply:os.system {args: [echo]}", "unsupported YAML tag `!!python/object/apply:os.system`"),
        ("!!binary aGk=", "unsupported YAML tag `!!binary`"),
        ("!!timestamp 2001-12-14", "unsupported YAML tag `!!timestamp`"),
        ("!!omap [a: 1]", "unsupported YAML tag `!!omap`"),
        ("!custom {a: 1}", "unsupported YAML tag `!custom`"),
        ("!!map [1]", "unsupported YAML tag `!!map`"),
        ("!!int twelve", "`twelve` is not a valid `!!int`"),
        ("!!bool maybe", "`maybe` is not a valid `!!bool`"),
    ],
)
def test_every_non_standard_tag_is_refused_where_it_is_written(tmp_path: Path, value: str, message: str) -> None:
    (tmp_path / "spec.yaml").write_text(HEAD + f"  description: {value}\n", encoding="utf-8")
    stderr = refused(tmp_path / "spec.yaml", tmp_path)
    assert stderr.splitlines()[0].startswith(f"spec.yaml:4:16: {message}")


def test_standard_tags_and_plain_dates_read_as_plain_values(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(
        HEAD + "  version: !!str 2\n  title: 2024-01-01\n  description: ! text\n", encoding="utf-8"
    )
    (root,) = (f.root for f in load_spec(tmp_path / "spec.yaml"))
    api = root.entries["api"] if isinstance(root, MapNode) else None
    assert isinstance(api, MapNode)
    values = {key: node.value for key, node in api.entries.items() if isinstance(node, ScalarNode)}
    assert values["version"] == "2"
    assert values["title"] == "2024-01-01"  # JSON has no dates: the text as written
    assert values["description"] == "text"


def test_a_second_document_is_a_positioned_problem(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(HEAD + "---\nmodels: {}\n", encoding="utf-8")
    stderr = refused(tmp_path / "spec.yaml", tmp_path)
    assert stderr.splitlines()[0] == "spec.yaml:4:1: a second YAML document (`---`) in one file: put it in a file of its own"


# -- the reader reads plain YAML as PyYAML does --------------------------------------------

keys = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=8)
scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | keys
documents = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4), max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(documents, st.booleans())
def test_plain_yaml_reads_as_pyyaml_reads_it(document: object, flow: bool) -> None:
    text = yaml.safe_dump(document, default_flow_style=flow, allow_unicode=True)
    root, problems = read_tree(text, "t.yaml", SPEC_LIMITS)
    assert problems == []
    assert root is not None
    assert plain(root) == yaml.safe_load(text)


def test_upstream_style_aliases_are_shared_and_counted() -> None:
    """Where aliases are allowed (an upstream OpenAPI document), each use counts the
    values it repeats, so a bomb stops at the limit instead of expanding."""
    from generator.read.yaml_tree import Limits, Unreadable

    limits = Limits(depth=64, nodes=1000, aliases=True, too_many="no")
    root, _ = read_tree("a: &x [1, 2]\nb: *x\n", "t.yaml", limits)
    assert root is not None
    data = plain(root)
    assert data == {"a": [1, 2], "b": [1, 2]}
    with pytest.raises(Unreadable) as caught:
        read_tree(alias_bomb(9), "t.yaml", limits)
    assert str(caught.value.problems[0]).startswith("t.yaml:")
    assert "more than 1000 values in one file" in str(caught.value.problems[0])


yaml_pieces = st.sampled_from(
    ["a", ": ", "- ", "\n", "  ", "[", "]", "{", "}", ",", "&x ", "*x", "!!str ", "!t ", "<<: ", "'", '"', "#", "---\n", "? ", "|\n", "\ufeff", "\x85", "\u2028", "\x00", "\t", "%YAML 1.1\n"]
)


@settings(max_examples=500, deadline=None)
@given(st.lists(yaml_pieces, max_size=30).map("".join))
def test_any_text_reads_or_is_refused_with_positions(text: str) -> None:
    """Whatever the text, the reader returns nodes or raises Unreadable: never another
    exception, never a problem without a position inside the file."""
    from generator.read.yaml_tree import Unreadable

    try:
        _, problems = read_tree(text, "t.yaml", SPEC_LIMITS)
    except Unreadable as refused:
        problems = refused.problems
        assert problems
    for problem in problems:
        assert problem.position.file == "t.yaml"
        breaks = sum(text.count(b) for b in ("\n", "\x85", "\u2028", "\u2029"))  # YAML's line breaks
        assert 1 <= problem.position.line <= breaks + 2
