"""diff-upstream on documents it cannot use: a clear, positioned message or a report of
differences, quickly, never a traceback."""

from __future__ import annotations

import copy
import os
import time
from pathlib import Path
from typing import Any

import pytest
from conftest import codegen
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_spec_input import alias_bomb
from test_upstream_diff import BASIC, pet_document

from generator.pipeline import load_api
from generator.targets import PYTHON
from generator.exports.upstream_diff import differences

QUICK = 5.0


def diff(tmp_path: Path, document: str, deviations: str | None = None) -> tuple[int, str, str]:
    (tmp_path / "upstream.yaml").write_text(document, encoding="utf-8")
    args = ["diff-upstream", "upstream.yaml", "--spec", str(BASIC)]
    if deviations is not None:
        (tmp_path / "deviations.yaml").write_text(deviations, encoding="utf-8")
        args += ["--deviations", "deviations.yaml"]
    started = time.perf_counter()
    result = codegen(*args, cwd=tmp_path)
    assert time.perf_counter() - started < QUICK
    assert "Traceback" not in result.stderr, result.stderr
    return result.returncode, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ("- a\n- b\n", "upstream.yaml:1:1: the upstream document is a list, not a mapping: give an OpenAPI document (a mapping with `paths` and `components`)"),
        ("just text\n", "upstream.yaml:1:1: the upstream document is the value `just text`, not a mapping: give an OpenAPI document (a mapping with `paths` and `components`)"),
        ("", "upstream.yaml:1:1: the upstream document is empty: give an OpenAPI document (a mapping with `paths` and `components`)"),
        ("openapi: 3.1.0\ninfo: {}\n", "upstream.yaml:1:1: the upstream document has neither `paths` nor `components`: give an OpenAPI document"),
        ("openapi: 3.1.0\npaths: [1]\n", "upstream.yaml:2:8: `paths` is a list: OpenAPI makes it a mapping"),
        ("paths: {}\ncomponents: {schemas: 3}\n", "upstream.yaml:2:23: `components.schemas` is the value `3`: OpenAPI makes it a mapping"),
        ("paths: {}\ncomponents: !!python/object/new:os.system [echo]\n", "upstream.yaml:2:13: unsupported YAML tag `!!python/object/new:os.system`: spec files use plain YAML values; remove the tag"),
        ("paths: {\n", "upstream.yaml:2:1: malformed YAML: did not find expected node content (while parsing a flow node that starts at line 2, column 1)"),
    ],
    ids=["list", "scalar", "empty", "no-paths", "paths-a-list", "schemas-a-number", "python-tag", "malformed"],
)
def test_a_document_of_the_wrong_shape_is_refused_with_its_position(tmp_path: Path, document: str, expected: str) -> None:
    status, stdout, stderr = diff(tmp_path, document)
    assert status == 1
    assert stdout == ""
    assert stderr.splitlines()[0] == expected


def test_an_alias_bomb_stops_at_the_value_limit(tmp_path: Path) -> None:
    status, _, stderr = diff(tmp_path, alias_bomb(12))
    assert status == 1
    assert ": more than 4000000 values in one file: this is far more than an API description holds" in stderr


def test_aliases_that_repeat_a_little_are_read(tmp_path: Path) -> None:
    """Upstream documents are not ours to restyle: modest aliases are fine there."""
    status, stdout, _ = diff(tmp_path, "paths: {}\ncomponents:\n  schemas:\n    A: &a {type: string}\n    B: *a\n")
    assert "differences from upstream.yaml" in stdout + _
    assert status == 1  # every operation of ours is absent upstream


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    started = time.perf_counter()
    result = codegen("diff-upstream", "pipe.yaml", "--spec", str(BASIC), cwd=tmp_path)
    assert time.perf_counter() - started < QUICK
    assert result.stderr.splitlines()[0] == "pipe.yaml:1:1: this is a named pipe, not a regular file: give a file or a folder of files"


@pytest.mark.parametrize(
    ("deviations", "expected"),
    [
        ("- a\n", "deviations.yaml:1:1: expected a mapping: write `deviations:` as a list of `- {path: ..., what: ..., reason: ...}`"),
        ("deviations: {a: 1}\n", "deviations.yaml:1:13: expected a list: write `deviations:` as a list of `- {path: ..., what: ..., reason: ...}`"),
        (
            "deviations:\n  - path: Pet.id\n    what: type\n",
            "deviations.yaml:2:5: a deviation needs `reason` as text: write `deviations:` as a list of `- {path: ..., what: ..., reason: ...}`",
        ),
        ("deviations:\n  - x\n", "deviations.yaml:2:5: a deviation needs `path`, `what`, `reason` as text: write `deviations:` as a list of `- {path: ..., what: ..., reason: ...}`"),
    ],
    ids=["list", "mapping-of-entries", "missing-reason", "entry-a-string"],
)
def test_a_deviations_file_of_the_wrong_shape_is_refused_with_its_position(tmp_path: Path, deviations: str, expected: str) -> None:
    status, _, stderr = diff(tmp_path, "paths: {}\n", deviations)
    assert status == 1
    assert stderr.splitlines()[0] == expected


# -- anything anywhere below the top level is a difference, never an exception ------------

junk = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5) | st.sampled_from(["null", "string", "#/components/schemas/Pet", "type"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["type", "$ref", "enum", "const", "oneOf", "anyOf", "allOf", "properties", "items", "required", "nullable", "name", "in"]), inner, max_size=3),
    max_leaves=8,
)


def _places(value: Any, trail: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside nested dicts and lists."""
    found = [trail]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _places(item, trail + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _places(item, trail + (index,))
    return found


def _put(document: Any, place: tuple[Any, ...], value: Any) -> None:
    """Replace the value at `place`, unless an earlier replacement removed the way there."""
    try:
        for step in place[:-1]:
            document = document[step]
        if isinstance(document, dict) or (isinstance(document, list) and isinstance(place[-1], int)):
            document[place[-1]] = value
    except (KeyError, IndexError, TypeError):
        pass


PLACES = [p for p in _places(pet_document()) if p]
API = load_api(BASIC, PYTHON)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(PLACES), junk), min_size=1, max_size=4))
def test_junk_anywhere_in_a_document_is_compared_without_an_exception(replacements: list[tuple[tuple[Any, ...], Any]]) -> None:
    document = copy.deepcopy(pet_document())
    for place, value in replacements:
        _put(document, place, value)
    for found in differences(document, API):
        assert str(found)

