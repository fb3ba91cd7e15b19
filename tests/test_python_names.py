"""The filters that put spec text and names into Python: nothing from the spec can end a
string early or become a name Python already uses."""

from __future__ import annotations

import ast
import builtins
import itertools
import keyword
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.targets.python.names import docstring, literal, py_identifier, py_name
from generator.targets.python.reserved import BUILTINS, MODELS_MODULE_NAMES

HOSTILE = [
    '"',
    '"""',
    "'''",
    'ends with a quote"',
    "ends with a backslash \\",
    "\\",
    '\\"""',
    "new\nline",
    "\r\n and \u2028 and \0 and \a",
    "{{ api.name }} {% if x %}{% endif %} {0} {x!r} {",
    '""" + __import__("os").system("echo pwned") + """',
    "",
]


def _docstring_value(text: str, **options: int) -> str:
    """What Python makes of `text` put in a docstring, or an error if it escaped."""
    tree = ast.parse(f'def f():\n    """{docstring(text, **options)}"""\n')
    body = tree.body[0]
    assert isinstance(body, ast.FunctionDef) and len(body.body) == 1
    value = ast.get_docstring(body, clean=False)
    assert value is not None
    return value


@pytest.mark.parametrize("text", HOSTILE)
def test_literal_keeps_any_string_as_it_is(text: str) -> None:
    assert ast.literal_eval(literal(text)) == text
    assert "\n" not in literal(text)


@pytest.mark.parametrize("text", HOSTILE)
def test_docstring_keeps_any_text_inside_the_string(text: str) -> None:
    assert _docstring_value(text).split() == text.split()


@given(st.text())
def test_literal_round_trips(text: str) -> None:
    assert ast.literal_eval(literal(text)) == text


@given(st.text(), st.integers(0, 16))
def test_docstring_only_rewraps(text: str, indent: int) -> None:
    # wrapping may move whitespace (and expands tabs), never characters
    assert _docstring_value(text, indent=indent).split() == text.expandtabs().split()


def test_py_name_keeps_builtins_and_renames_keywords() -> None:
    assert [py_name(n) for n in ("id", "type", "object", "format", "input")] == ["id", "type", "object", "format", "input"]
    assert [py_name(n) for n in ("class", "from", "match", "to_dict")] == ["class_", "from_", "match_", "to_dict_"]
    assert [py_name(n) for n in ("class_", "class__", "id_")] == ["class__", "class___", "id_"]  # one-to-one


def test_py_name_does_not_depend_on_the_python_running_the_generator() -> None:
    # Python 3.12 made `type` a soft keyword; generated models keep their `type` field
    assert py_name("type") == "type"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("thread_id", "thread_id"),
        ("id", "id_"),
        ("type", "type_"),
        ("input", "input_"),
        ("class", "class_"),
        ("self", "self_"),
        ("id_", "id__"),
        ("__debug__", "__debug___"),
        ("X-Request-Id", "x_request_id"),
        ("thread.run.created", "thread_run_created"),
        ("2fa", "value_2fa"),
        ("", "empty"),
        ("Type!", "type_"),
        ("café", "caf"),
    ],
)
def test_py_identifier(name: str, expected: str) -> None:
    assert py_identifier(name) == expected


def _usable(name: str) -> bool:
    return name.isidentifier() and not keyword.iskeyword(name) and name not in dir(builtins) and name != "__debug__"


@given(st.text())
def test_py_identifier_always_gives_a_name_that_shadows_nothing(name: str) -> None:
    result = py_identifier(name)
    assert _usable(result) and result.isascii() and py_identifier(result) in (result, result + "_")


def test_py_identifier_keeps_distinct_identifiers_distinct() -> None:
    stems = ["id", "type", "x", "self", "match", "_", "__debug", "class"]
    names = [stem + "_" * count for stem, count in itertools.product(stems, range(4)) if (stem + "_" * count).isidentifier()]
    names += ["__debug__", "__debug___"]
    assert len({py_identifier(n) for n in names}) == len(set(names))


def test_the_frozen_builtins_match_this_python() -> None:
    assert BUILTINS <= set(dir(builtins))
    assert {n for n in dir(builtins) if n.islower() and not n.startswith("_")} <= BUILTINS


def test_model_names_the_validator_refuses_cover_every_import_of_the_models_modules() -> None:
    """A model may not be named like anything the models module of a built-in style
    imports (tests/golden/pydantic holds the python-pydantic one)."""
    root = Path(__file__).resolve().parent
    for module in (*(root.parent / "generated" / api / f"openai_{api}" / "models.py" for api in ("runs", "responses")), root / "golden" / "pydantic" / "expected" / "petstore" / "models.py"):
        tree = ast.parse(module.read_text())
        imported = {
            alias.asname or alias.name for node in tree.body if isinstance(node, ast.ImportFrom) for alias in node.names
        }
        assert {name for name in imported if name[:1].isupper()} <= MODELS_MODULE_NAMES, module
