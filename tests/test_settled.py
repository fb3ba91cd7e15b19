"""`settled.plan` lets the format stage skip black for lines black would leave as they
are and give black the other statements one by one. The output must stay exactly what
black makes of each piece: checked on every piece the generator writes for the two
APIs and the golden specs, on mutations of them, and on the cases black rewrites."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cache import TextCache
from generator.pipeline import load_api
from generator.render.templates import render
from generator.targets import PYTHON
from generator.targets.python import format as formatting
from generator.targets.python.imports import prune_unused_imports
from generator.targets.python.settled import plan, settled

ROOT = Path(__file__).resolve().parent.parent
PYTHON_STYLE = ROOT / "templates" / "python"


def pieces(spec: Path, styles: list[Path]) -> list[str]:
    """Every piece black would get for this spec and style, as the format stage cuts them."""
    files = render(load_api(spec, PYTHON), styles, PYTHON)
    found: dict[str, None] = {}
    for name, text in files.items():
        if name.endswith(".py"):
            for chunk in formatting.split_chunks(prune_unused_imports(text)):
                for index, piece in enumerate(formatting.split_members(chunk)):
                    found[formatting.black_input(piece, index == 0)] = None
    return list(found)


def black_or_none(text: str) -> str | None:
    try:
        return formatting._black(text)
    except Exception:
        return None


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TextCache:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return TextCache("black")


@pytest.mark.parametrize(
    "spec, styles",
    [
        ("spec/runs", ["templates/python"]),
        ("spec/responses", ["templates/python"]),
        ("tests/golden/composed/spec.yaml", ["templates/python-pydantic", "templates/python"]),
        ("tests/golden/streams/spec.yaml", ["tests/golden/streams/helpers", "templates/python"]),
    ],
)
def test_every_piece_the_generator_writes_comes_out_as_black_makes_it(spec: str, styles: list[str], cache: TextCache) -> None:
    salt = formatting._salt()
    kept = 0
    for piece in pieces(ROOT / spec, [ROOT / style for style in styles]):
        assert formatting._formatted(piece, cache, salt)[0] == formatting._black(piece), piece
        kept += settled(piece)
    assert kept > 10  # the point of it: many pieces need no black at all


# what black rewrites in a statement that fits on a line: each must be noticed
REWRITTEN = [
    "x = (1)\n",
    "def f():\n    return (a)\n",
    "class A():\n    pass\n",
    "x = a**2\n",
    "x = a ** 2\n",
    "y = x[1 : 2]\n",
    "y = x[a+1:]\n",
    "s = 'single'\n",
    's = "a\\\'b"\n',
    's = "\\xAB"\n',
    "n = 1E5\n",
    "n = 0xabc\n",
    "f(a, b,)\n",
    "f(a, b, )\n",
    "x = 1 # comment\n",
    "x = 1  #comment\n",
    "if x: pass\n",
    "def f(): ...\n",
    "class A:\n    ...\n",
    "del (a)\n",
    "for (x) in y:\n    pass\n",
    "f = lambda x=1: x\n",
    "print(* args)\n",
    "x = - 1\n",
    "f(a = 1)\n",
    "def f(a: int=1):\n    pass\n",
    "def f(a = 1):\n    pass\n",
    "import os\nx = 1\n",
    "def f():\n\n    x = 1\n",
    "def f():\n    x = 1\n\n\n    y = 2\n",
    "class A:\n    x = 1\n    def f(self):\n        pass\n",
    "class A:\n    '''Doc.'''\n    x = 1\n",
    'class A:\n    """Doc."""\n    x = 1\n',
    'def f():\n    """  Doc.  """\n',
    'def f():\n    """Doc\n      more."""\n',
    'def f():\n    """Doc.\n    """\n',
    "x = 1;y = 2\n",
    "x = [\n    1, 2\n]\n",
    "x = [1, 2,\n]\n",
    "  x = 1\n",
    "if x:\n  y = 1\n",
    "x = 1 \n",
    "x = {'a': 1}\n",
    "x = not(a)\n",
    "x = await (y)\n",
    "def f() -> (int):\n    pass\n",
    "def f(a: (int)):\n    pass\n",
    "x = [(1)]\n",
    "x = f(a)(b) [c]\n",
    "x = 1 .real\n",
    "x = -(-1)\n",
    "x = --1\n",
    "if x:\n    pass\n# trailing\n",
    "@decorator\n\ndef f():\n    pass\n",
    "x = 1\n# comment\ndef f():\n    pass\n",
    "x = 1\ndef f():\n    pass\n",
    "def f():\n    pass\nx = 1\n",
    "def f(a,\n      b):\n    pass\n",
    "x = 'a' \\\n    'b'\n",
    "value = some_function_with_a_long_name(first_argument, second_argument_is_long, third_argument)\n",
    '"""Module docstring."""\nx = 1\n',
    "try:\n    pass\nexcept (ValueError):\n    pass\n",
    "with (open(x)) as f:\n    pass\n",
    "x = f'{a!r}' 'b'\n",
    "x = u\"text\"\n",
    "x = R\"text\"\n",
    "x = 1  # fmt: skip\n",
    "x = 1  # type:  ignore[misc]\n",  # found by mutation: black spaces a type comment
    "x = 1  #  type: int\n",
    "# type:  ignore\nx = 1\n",
    "x = 1\n\n\n\ny = 2\n",
    "x = 1\f\n",
    "def f():\n    return (a + b)\n",
    "(a, b) = c\n",
    "for (a, b) in c:\n    pass\n",
    "with (a, b):\n    pass\n",
    "x = a if (b) else (c)\n",
    "def f() -> (a, b):\n    pass\n",
    "x = f(a=(b))\n",
    "x = [(a)]\n",
    "x = {(a)}\n",
    "x = next((a) for a in b)\n",
    "x = ((a, b))\n",
    'x = "日本語のテキスト、日本語のテキスト、日本語のテキスト、日本語のテキスト、日本語"\n',  # wide: over 88 columns
    'def f():\n    """Résumé — a docstring with a wide character: 日本語."""\n    return "naïve"  # café\n',
    "x = 'tab\there'\n",
]


@pytest.mark.parametrize("text", REWRITTEN)
def test_what_black_rewrites_is_given_to_black(text: str, cache: TextCache) -> None:
    expected = black_or_none(text)
    assert formatting._formatted(text, cache, formatting._salt())[0] == expected
    if expected != text:
        assert not settled(text)


KEPT = [
    'x = ("a", "b")\n__slots__ = ()\ny = a * (b + c)\n',
    "def f():\n    return json.dumps(d, separators=(\",\", \":\"))\n",
    "if not (a or b):\n    pass\n",
    "for x in (a, b):\n    y = isinstance(x, (A, B)) and (x or y)\n",
    'def f():\n    """A docstring longer than the line length is left as it is, as black has no way to break a string."""\n',
    'class _:\n    name: str | None = None\n    """The name; null when unknown."""\n',
    "class _:\n    def to_dict(self) -> dict[str, Any]:\n        data = {}\n        if self.name is not UNSET:\n            data[\"name\"] = self.name\n        return data\n",
    "def f(a, *, b: int = 1, **kwargs: Any) -> None:\n    x = [*a, -b, {**kwargs}]\n    return g(x, key=lambda item: item[0], default=-1)\n",
    'class A(Base, metaclass=Meta):\n    """Summary.\n\n    Details over\n    two lines.\n    """\n\n    x: int = 1\n',
    "if a is not None and b not in c:\n    pass\nelif d:\n    # why\n    x = y if z else w  # because\nelse:\n    raise E(f\"{a}\") from None\n",
]


@pytest.mark.parametrize("text", KEPT)
def test_black_style_code_is_recognised_without_black(text: str) -> None:
    assert black_or_none(text) == text
    assert settled(text)


def test_only_the_statements_black_must_break_go_to_black() -> None:
    text = "class _:\n    def f(self) -> None:\n        x = 1\n        value = some_function_with_a_long_name(first_argument, second_argument_is_long, third)\n        return x\n"
    statements = plan(text)
    assert statements is not None and [s.first_row for s in statements] == [4]


MUTATIONS = [
    lambda line: line.replace(" = ", "=", 1),
    lambda line: line.replace(", ", ",", 1),
    lambda line: line.replace("(", "( ", 1),
    lambda line: line.replace('"', "'", 2),
    lambda line: line.replace(")", ",)", 1),
    lambda line: line.replace("(", "((", 1).replace(")", "))", 1),
    lambda line: line + "  # note",
    lambda line: line + " # note",
    lambda line: " " + line,
    lambda line: line[4:] if line.startswith("        ") else line,
    lambda line: line + "\n",
    lambda line: "\n" + line,
    lambda line: line.replace("data", "data_with_a_name_long_enough_to_push_the_line_past_the_limit_of_black", 1),
    lambda line: line.replace(" is not ", " is not (", 1) + ")" if line.endswith(":") is False else line,
    lambda line: (line[: len(line) - len(line.lstrip())] + "# note\n" + line) if line.strip() else line,
    lambda line: line.replace(":", ": ", 1),
    lambda line: line.replace(" + ", "+", 1),
    lambda line: line.replace("-", "- ", 1),
    lambda line: line.rstrip(":") + ": pass" if line.rstrip().endswith(":") else line,
]
SAMPLE = pieces(ROOT / "tests" / "golden" / "basic" / "spec.yaml", [PYTHON_STYLE])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    piece=st.sampled_from(SAMPLE),
    edits=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=len(MUTATIONS) - 1)), min_size=1, max_size=3),
)
def test_a_mutated_piece_still_comes_out_as_black_makes_it(piece: str, edits: list[tuple[int, int]], cache: TextCache) -> None:
    lines = piece.split("\n")
    for where, mutation in edits:
        row = where % max(len(lines) - 1, 1)
        lines[row] = MUTATIONS[mutation](lines[row])
    text = "\n".join(lines)
    assert formatting._formatted(text, cache, formatting._salt())[0] == black_or_none(text)
