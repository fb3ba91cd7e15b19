"""`preformat.prepare` is a speed hint only: black makes exactly the same of the prepared
text as of the rendered one, and strings and comments come through untouched."""

from __future__ import annotations

import pytest

from generator.targets.python.format import _black
from generator.targets.python.preformat import prepare

SNIPPETS = [
    'value = some_function_with_a_long_name(first_argument, "second, argument (with brackets)", third)\n',
    "FIELD_NAMES: ClassVar[frozenset[str]] = frozenset(\n    (\"id\", \"object\", \"delta\", )\n)\n",
    'ONE = frozenset(\n    ("type", )\n)\n',
    "def from_dict(cls, data: Any, path: str = \"AssistantNamedToolChoiceFunction\") -> AssistantNamedToolChoiceFunction:\n    return cls()\n",
    "def f(a: int, b: dict[str, list[int]] | None = None, c: str = 'x') -> dict[str, list[tuple[int, str]]]:\n    pass\n",
    "data: dict[str, Any] = {\n}\n",
    'x = {"key, with comma": [1, 2, 3], "other": (4, 5, ), "f": f"{a[\'b\']}, {c}"}  # a comment, (with) brackets\n',
    'text = "escaped \\" quote, (bracket"  + another_function_call_with_a_long_name(argument_one, argument_two)\n',
    'doc = """\nx = call(a, b, )\n    long_line_inside_a_string_that_must_not_change(argument_one, argument_two, argument_three)\n"""\n',
    "result = first_call(argument)[index_value].method_with_a_long_name(argument_one, argument_two, argument_three)\n",
    "if isinstance(value, int) and not isinstance(value, bool) and value > some_limit_with_a_long_name(x, y):\n    pass\n",
    "items = [transform(element, option=True) for element in collection_with_a_long_name if predicate(element)]\n",
    "call(a)(b)(c, d, )\n",
    "total = compute(alpha, beta) + compute(gamma, delta) + compute(epsilon, zeta) + compute(eta, theta, iota)\n",
    "raise SomeError(f'a message that is long enough to need a line break {value!r} and more words here', code)\n",
    "x = (\n    1, 2, )\ny = lambda a, b: (a, b, )\n",
    "nested = outer(inner(deep(argument_one, argument_two), second_inner_argument), last_argument_of_the_outer)\n",
    # conditions, assignment values and dict values black wraps in parentheses
    "if temperature is not UNSET and temperature is not None and (type(temperature) is not float and type(t) is not int):\n    pass\n",
    "while first_condition_with_a_long_name and second_condition_with_a_long_name or third_one_here:\n    pass\n",
    "if (already_in_parentheses_with_a_long_name and another_condition_with_a_long_name_too_long):\n    pass\n",
    'data["additional_messages"] = None if self.additional_messages is None else [item.to_dict() for item in self.x]\n',
    "known = 24 + (required_action_is_here is not UNSET) + (temperature_is_here is not UNSET) + (top_p is not UNSET)\n",
    "short = 1 + (a is not UNSET) + (b is not UNSET) + (c is not UNSET) + (d is not UNSET) + (e is not UNSET)\n",
    'x = {\n    "incomplete_details": None if self.incomplete_details is None else self.incomplete_details.to_dict(),\n}\n',
    'x = {\n    "plain_value_of_a_dict_item": some_function_with_a_long_name(argument_one, argument_two, three),\n}\n',
    "pair = first_value_with_a_long_name if condition_with_a_long_name else other_value, second_item\n",
    "a = b = first_value_with_a_long_name if condition_with_a_long_name else other_value_with_a_long_name\n",
    "value = lambda item: first_value_with_a_long_name if item else other_value_with_a_long_name_and_more\n",
]


@pytest.mark.parametrize("text", SNIPPETS)
def test_black_makes_the_same_of_the_prepared_text(text: str) -> None:
    assert _black(prepare(text)) == _black(text)


def test_strings_and_comments_are_untouched() -> None:
    text = 'doc = """\nx = call(a, b, )\n"""\n# call(a, b, ) stays as written, however long the comment line gets to be here\n'
    assert prepare(text) == text


def test_it_breaks_the_way_black_does_in_the_common_cases() -> None:
    for text in (SNIPPETS[0], SNIPPETS[1], SNIPPETS[3], SNIPPETS[5]):
        assert prepare(text) == _black(text), text


def test_the_rendered_basic_client_comes_out_the_same() -> None:
    from pathlib import Path

    from generator.targets.python.format import black_input, split_chunks, split_members
    from generator.pipeline import load_api
    from generator.render.templates import render
    from generator.targets import PYTHON

    root = Path(__file__).resolve().parent.parent
    files = render(load_api(root / "tests" / "golden" / "basic" / "spec.yaml", PYTHON), [root / "templates" / "python"], PYTHON)
    pieces = [black_input(p, i == 0) for name, text in files.items() if name.endswith("models.py") for c in split_chunks(text) for i, p in enumerate(split_members(c))]
    assert pieces
    for piece in pieces:
        assert _black(prepare(piece)) == _black(piece)


def test_a_dict_value_that_fits_once_spaced_is_not_wrapped() -> None:
    # found by tests/test_settled.py's mutations: two spaces made the line look too long,
    # and black keeps parentheses put around a dict value
    text = 'data = {\n    "metadata":  None if self.metadata is None else _serde.encode(self.metadata_values1),\n}\n'
    assert _black(prepare(text)) == _black(text)


def test_a_parameter_default_spaced_otherwise_is_left_to_black() -> None:
    # found by tests/test_settled.py's mutations: `Unset=UNSET` was read as part of the
    # annotation, and the parentheses put around it made code black refused
    text = "def f(\n    self,\n    tool_choice: models.AssistantToolChoiceOption | Mapping[str, Any] | str | None | Unset=UNSET,\n):\n    pass\n"
    assert _black(prepare(text)) == _black(text)


def test_a_dict_value_is_never_given_an_annotation_s_parentheses() -> None:
    # black keeps parentheses put around a dict value; only a parameter's annotation
    # gets them, and black drops those again where they are not needed
    text = "x = {\n    key_name:  first_value_with_a_long_name(a) | second_value_with_a_long_name | third_v,\n}\n"
    assert _black(prepare(text)) == _black(text)
