"""A piece of Python read as black reads it, statement by statement: each logical line
with its tokens, depth, rows and trailing comment, and each comment on a line of its
own. `settled` decides from these what black would leave as it is."""

from __future__ import annotations

import io
import tokenize
from dataclasses import dataclass, field
from tokenize import COMMENT, DEDENT, ENDMARKER, INDENT, NAME, NEWLINE, NL, NUMBER, OP, STRING, TokenInfo

INDENT_UNIT = "    "


@dataclass
class Statement:
    """One logical line: its tokens, depth and where it starts and ends."""

    depth: int
    first_row: int
    last_row: int
    tokens: list[TokenInfo] = field(default_factory=list)
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


def read(text: str) -> list[Statement | Comment] | None:
    """Statements and own-line comments in order, or None when the tokenizer refuses
    the text or its indentation is not black's."""
    items: list[Statement | Comment] = []
    depth = 0
    current: Statement | None = None
    try:
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            kind = token.type
            if kind == INDENT:
                depth += 1
                if token.string != INDENT_UNIT * depth:
                    return None
            elif kind == DEDENT:
                depth -= 1
            elif kind == COMMENT:
                if current is None:
                    items.append(Comment(token.start[0], token.start[1], token.string))
                elif current.comment is None and not current.inner_comments:
                    current.comment = token.string
                else:
                    current.inner_comments = True
            elif kind == NL:
                if current is not None and current.comment is not None:
                    current.inner_comments = True  # a comment inside brackets
            elif kind == NEWLINE:
                if current is None:
                    return None
                current.classify()
                items.append(current)
                current = None
            elif kind == ENDMARKER:
                break
            elif kind in (NAME, NUMBER, STRING, OP):
                if current is None:
                    current = Statement(depth, token.start[0], token.end[0])
                elif current.comment is not None:
                    current.inner_comments = True
                current.tokens.append(token)
                current.last_row = token.end[0]
            else:
                return None
    except (tokenize.TokenError, SyntaxError):
        return None
    if current is not None:
        return None
    previous: Statement | None = None
    for item in items:
        if isinstance(item, Statement):
            if item.is_string:
                item.is_docstring = previous is None or (previous.opens_block and previous.depth == item.depth - 1)
            previous = item
    return items
