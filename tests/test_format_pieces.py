"""The format stage cuts rendered files into pieces that black formats one by one; put
back together they must be exactly what black makes of the whole file."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.targets.python.format import _black, format_files, split_members

CLASS = '''@dataclass
class Pet:
    """A pet."""

    name: str
    tags: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: Any, path: str = "Pet", extra_argument_that_is_long: int = 1) -> Pet:
        return cls(name=data["name"], tags=[tag for tag in data.get("tags", []) if tag], )

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "tags": self.tags}
'''


def test_a_class_is_cut_before_each_member() -> None:
    pieces = split_members(CLASS)
    assert [p.split("\n")[0].strip() for p in pieces] == ["@dataclass", "name: str", "@classmethod", "def to_dict(self) -> dict[str, Any]:"]
    assert "".join(pieces).replace("\n", "") == CLASS.replace("\n", "")


@pytest.mark.parametrize(
    "chunk",
    [
        "class A:\n\n    def f(self) -> None:\n        pass\n",  # nothing but the class line before it
        "class A:\n    x = 1\n    # about f\n\n    def f(self) -> None:\n        pass\n",  # a comment before the blank line
        "class A:\n    x = 1\n    @property\n\n    def f(self) -> int:\n        return 1\n",  # a decorator before it
        'class A:\n    x = """\nat the margin\n"""\n\n    def f(self) -> None:\n        pass\n',  # a line at the margin
        "def f() -> None:\n    pass\n\n    def g() -> None:\n        pass\n",  # not a class
        'class A:\n    """Summary.\n\n    name: a paragraph of the docstring\n    """\n',  # inside a string
        "class A:\n    if X:\n        y = 1\n\n    else:\n        y = 2\n",  # a clause
        'class A:\n    x = 1\n\n    r"""a string statement"""\n',  # a string black may read as a docstring
    ],
)
def test_no_cut_where_black_looks_across_it(chunk: str) -> None:
    assert split_members(chunk) == [chunk]


def test_pieces_put_together_are_what_black_makes_of_the_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    source = "from typing import Any\n\n\n" + CLASS + "\n\n" + CLASS.replace("Pet", "Dog") + "\n\nX = 1\n"
    assert format_files({"m.py": source})["m.py"] == _black(source)
    directive = source.replace("X = 1", "# fmt: off\nX = [1,2]\n# fmt: on")
    assert format_files({"m.py": directive})["m.py"] == _black(directive)
