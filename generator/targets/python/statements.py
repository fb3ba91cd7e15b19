"""A piece of Python read as black reads it, statement by statement: each logical line
with its tokens, depth, rows and trailing comment, and each comment on a line of its
own. `settled` decides from these what black would leave as it is."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from tokenize import NAME, NUMBER, OP, STRING
from typing import NamedTuple

INDENT_UNIT = "    "


class Token(NamedTuple):
    """A token: its kind (the `tokenize` constant) and text."""

    type: int
    string: str


@dataclass
class Statement:
    """One logical line: its tokens, depth and where it starts and ends."""

    depth: int
    first_row: int
    last_row: int
    tokens: list[Token] = field(default_factory=list)
    comment: str | None = None  # a trailing comment
    is_docstring: bool = False  # a string alone, first in its block
    inner_comments: bool = False  # comments inside its brackets: black's to place

    # what black's empty-line rules ask of a statement, set by `read` once its tokens are in
    words: tuple[str, str] = ("", "")  # its first two tokens
    is_def: bool = False
    is_class: bool = False
    is_decorator: bool = False
    is_import: bool = False
    is_string: bool = False  # a string alone
    opens_block: bool = False  # ends with `:`

    def classify(self) -> None:
        tokens = self.tokens
        first = tokens[0].string
        second = tokens[1].string if len(tokens) > 1 else ""
        self.words = (first, second)
        self.is_def = first == "def" or (first == "async" and second == "def")
        self.is_class = first == "class"
        self.is_decorator = first == "@"
        self.is_import = first in ("import", "from")
        self.is_string = len(tokens) == 1 and tokens[0].type == STRING
        self.opens_block = tokens[-1].string == ":"


@dataclass
class Comment:
    """A comment on a line of its own."""

    row: int
    column: int
    text: str


# one lexeme at a time; `other` is anything this reading does not take (a tab, a
# backslash continuation, an unterminated string...), which makes `read` give up
_LEXEME = re.compile(
    r"""(?P<space>[ ]+)
    |(?P<newline>\n)
    |(?P<comment>\#[^\n]*)
    |(?P<string>[rRbBuUfF]{0,2}(?:\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
        |(?!\"\"\")"(?:[^"\\\n]|\\.)*"|(?!''')'(?:[^'\\\n]|\\.)*'))
    |(?P<number>0[xXoObB][\da-fA-F_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][-+]?\d[\d_]*)?[jJ]?)
    |(?P<name>[^\W\d]\w*)
    |(?P<op>\*\*=|//=|>>=|<<=|\.\.\.|->|:=|\*\*|//|<<|>>|<=|>=|==|!=|[-+*/%@&|^]=|[-+*/%@&|^~<>()\[\]{},:;.=])
    |(?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)
_KINDS = {"string": STRING, "number": NUMBER, "name": NAME, "op": OP}


def read(text: str) -> list[Statement | Comment] | None:
    """Statements and own-line comments in order, or None when the text holds what this
    reading does not take, or its indentation is not black's (four spaces a level)."""
    items: list[Statement | Comment] = []
    current: Statement | None = None
    brackets = 0  # how many are open
    row, line_start, depth, line_begin = 1, True, 0, 0
    for lexeme in _LEXEME.finditer(text):
        kind, value = lexeme.lastgroup, lexeme[0]
        if kind == "space":
            continue
        column = lexeme.start() - line_begin
        if kind == "newline":
            line_begin = lexeme.end()
            if current is not None and brackets == 0:
                current.classify()
                items.append(current)
                current = None
            elif current is not None and current.comment is not None:
                current.inner_comments = True  # a comment inside brackets
            row += 1
            line_start = current is None
            continue
        if kind == "other":
            return None
        if kind == "comment":
            if current is None:
                items.append(Comment(row, column, value))
            elif current.comment is None and not current.inner_comments:
                current.comment = value
            else:
                current.inner_comments = True
            continue
        if line_start:  # the first token of a statement: its indentation
            if column % 4 or column // 4 > depth + 1:
                return None
            depth, line_start = column // 4, False
            current = Statement(depth, row, row)
        assert current is not None
        if current.comment is not None:
            current.inner_comments = True
        if kind == "op":
            if value in "([{":
                brackets += 1
            elif value in ")]}":
                brackets -= 1
                if brackets < 0:
                    return None
        current.tokens.append(Token(_KINDS[kind or ""], value))
        if kind == "string" and "\n" in value:
            row += value.count("\n")
            line_begin = lexeme.start() + value.rfind("\n") + 1
        current.last_row = row
    if current is not None or brackets:
        return None
    previous: Statement | None = None
    for item in items:
        if isinstance(item, Statement):
            if previous is not None and item.depth > previous.depth and not (previous.opens_block and item.depth == previous.depth + 1):
                return None  # an indent where no block opens
            if item.is_string:
                item.is_docstring = previous is None or (previous.opens_block and previous.depth == item.depth - 1)
            previous = item
    return items
