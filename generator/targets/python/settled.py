"""What black would leave exactly as it is, recognised without running black.

black parses a whole piece into a syntax tree and tries its ways of breaking each long
line before it decides anything, which costs about as much for code already in its
style as for code it rewrites; most of what the templates write is in its style
already. `plan` reads a piece itself instead (`statements.read`) and sorts its
statements: one that fits on its line, spaced exactly as black spaces it, stays as it
is; any other statement (one black would break over lines, or whose parentheses,
strings or spacing black might change) goes through black alone (`wrap`, `unwrap`,
`splice`), since black formats each statement of a body on its own. Blank lines and
own-line comments are checked against black's rules; where the reading is not sure
what black would do (a decorator or clause that cannot be formatted alone, a comment
above a definition, an odd indent...) `plan` answers None and the whole piece goes
through black as before. So a wrong "not sure" costs time and a wrong "settled" would
change the output: tests/test_settled.py holds the result to black's on every piece
the generator writes, on the cases black rewrites, and on random mutations.
"""

from __future__ import annotations

import re

from .spacing import DOCSTRING_RISK, render
from .statements import INDENT_UNIT, Comment, Statement, read

_CLAUSES = frozenset({"elif", "else", "except", "finally"})
# `# text` with no space at its end; a type comment spaced `# type: value`, as black spaces it
_COMMENT = re.compile(r"#(?: [^\n]*\S)?\Z")
_TYPE_COMMENT = re.compile(r"#\s*type:")
_TYPE_COMMENT_SPACED = re.compile(r"# type: \S")
_DIRECTIVE = re.compile(r"#\s*(?:fmt|yapf)\s*:")
_CONTROL = re.compile("[\r\x0b\x0c]")  # black keeps form feeds by rules of their own


def settled(text: str, line_length: int = 88) -> bool:
    """True only when black (stable style, `line_length`) would return `text` unchanged."""
    found = plan(text, line_length)
    return found is not None and not found


def plan(text: str, line_length: int = 88) -> list[Statement] | None:
    """The statements of `text` black has to format, each on its own (`wrap`), for the
    whole to be black's: every other line is already as black would leave it. None
    when the text as a whole is not settled that way (its blank lines, a comment,
    tokens the reading gives up on, or a statement that cannot be formatted alone):
    then the whole text goes through black."""
    if not text.endswith("\n") or text.endswith("\n\n") or text.startswith("\n") or _DIRECTIVE.search(text) or _CONTROL.search(text):
        return None
    items = read(text)
    if items is None:
        return None
    lines = text.split("\n")
    unsettled: list[Statement] = []
    for item in items:
        if isinstance(item, Comment):
            if not _comment_settled(item, lines):
                return None
        elif item.inner_comments or not _fits(item, lines, line_length):
            if not _alone(item):
                return None
            unsettled.append(item)
    return unsettled if _blank_lines_settled(items, lines) else None


def _alone(statement: Statement) -> bool:
    """Whether `wrap` can give black this statement alone: not a decorator or a clause
    (they need their neighbours to parse), not a module docstring."""
    if statement.is_decorator or statement.words[0] in _CLAUSES or statement.words[0] in ("case", "match", "try"):
        return False
    if statement.words == ("...", ""):
        return False  # black joins a body of `...` to its `def` or `class` line
    return not (statement.is_string and statement.depth == 0)


def wrap(statement: Statement, lines: list[str]) -> str:
    """The statement as black gets it alone: inside `if _:` blocks for its depth, after
    a `pass` when it is a string that is not a docstring, and with a `pass` body when
    it opens a block. `unwrap` takes them off black's result again."""
    head = "".join(line + "\n" for line in _head(statement))
    body = "\n".join(lines[statement.first_row - 1 : statement.last_row]) + "\n"
    if statement.opens_block:
        body += INDENT_UNIT * (statement.depth + 1) + "pass\n"
    return head + body


def _head(statement: Statement) -> list[str]:
    """The lines `wrap` puts before a statement: blocks for its depth (a class right
    around a definition, where black puts no blank line before it), and a `pass`
    before a string that must not read as a docstring."""
    head = [INDENT_UNIT * level + "if _:" for level in range(statement.depth)]
    if head and (statement.is_def or statement.is_class):
        head[-1] = INDENT_UNIT * (statement.depth - 1) + "class _:"
    if statement.is_string and not statement.is_docstring:
        head.append(INDENT_UNIT * statement.depth + "pass")
    return head


def unwrap(statement: Statement, formatted: str) -> list[str] | None:
    """The statement's lines in black's result for `wrap`, or None when that result is
    not shaped as expected (then the whole piece goes through black)."""
    out = formatted.split("\n")
    if out[-1] != "":
        return None
    out.pop()
    head = _head(statement)
    if out[: len(head)] != head:
        return None
    out = out[len(head) :]
    if statement.opens_block:
        if not out or out[-1] != INDENT_UNIT * (statement.depth + 1) + "pass":
            return None
        out.pop()
    while out and not out[0]:
        out.pop(0)
    indent = INDENT_UNIT * statement.depth
    if not out or not out[0].startswith(indent) or out[0][len(indent) : len(indent) + 1] in ("", " "):
        return None
    return out


def splice(text: str, unsettled: list[Statement], formatted: list[list[str]]) -> str:
    """`text` with each unsettled statement's rows replaced by black's lines for it."""
    lines = text.split("\n")
    for statement, replacement in sorted(zip(unsettled, formatted), key=lambda pair: -pair[0].first_row):
        lines[statement.first_row - 1 : statement.last_row] = replacement
    return "\n".join(lines)


def _width(line: str) -> int:
    """At least the width black measures (it counts a wide character twice)."""
    return len(line) if line.isascii() else 2 * len(line)


def _comment_spaced(text: str) -> bool:
    if not _COMMENT.match(text):
        return False
    return not _TYPE_COMMENT.match(text) or bool(_TYPE_COMMENT_SPACED.match(text))


def _comment_settled(item: Comment, lines: list[str]) -> bool:
    line = lines[item.row - 1]
    return line == " " * item.column + item.text and item.column % 4 == 0 and line.isascii() and _comment_spaced(item.text)


def _fits(item: Statement, lines: list[str], line_length: int) -> bool:
    """Whether black leaves this statement's rows as they are."""
    if item.first_row != item.last_row and not item.is_string:
        return False
    indent = INDENT_UNIT * item.depth
    if item.is_string and item.first_row != item.last_row:
        return _long_string_settled(item, lines, indent, line_length)
    rendered = render(item)
    if rendered is None:
        return False
    if item.comment is not None:
        if not _comment_spaced(item.comment):
            return False
        rendered += "  " + item.comment
    line = indent + rendered
    if item.is_string and item.comment is None:
        return line == lines[item.first_row - 1]  # black has no way to break a lone string
    return line == lines[item.first_row - 1] and _width(line) <= line_length


def _long_string_settled(item: Statement, lines: list[str], indent: str, line_length: int) -> bool:
    """A triple-quoted string statement over several rows, as black leaves it: a
    docstring (first in its block) already trimmed and indented as black indents it;
    any other such string is never touched."""
    value = item.tokens[0].string
    if item.comment is not None or not value.startswith('"""') or DOCSTRING_RISK.search(value):
        return False
    if lines[item.first_row - 1] != indent + value.split("\n")[0] or lines[item.last_row - 1] != value.split("\n")[-1]:
        return False
    if not item.is_docstring:
        return True
    body = value[3:-3].split("\n")
    first, rest = body[0], body[1:]
    if not first or first != first.strip() or first[0] == '"':
        return False
    texts = [line for line in rest if line.strip()]
    if not texts or min(len(line) - len(line.lstrip(" ")) for line in texts) != len(indent):
        return False
    for number, line in enumerate(rest):
        last = number == len(rest) - 1
        if line.strip():
            if line != line.rstrip() or (last and (line[-1] == '"' or len(line) + 3 > line_length)):
                return False
        elif line != (indent if last else ""):
            return False
    return True


def _blank_lines_settled(items: list[Statement | Comment], lines: list[str]) -> bool:
    """Every run of blank lines is what black's empty-line rules would put there."""
    defs: list[int] = []  # depths of the definitions whose bodies may still be open
    previous: Statement | Comment | None = None
    after_class_docstring = False
    for number, item in enumerate(items):
        start = item.row if isinstance(item, Comment) else item.first_row
        end = 0 if previous is None else (previous.row if isinstance(previous, Comment) else previous.last_row)
        gap = lines[end : start - 1]
        if any(gap):
            return False  # a line of spaces: black empties it
        blank = len(gap)
        if isinstance(item, Comment):
            following = next((i for i in items[number + 1 :] if isinstance(i, Statement)), None)
            if following is None or item.column != len(INDENT_UNIT) * following.depth:
                return False  # black may move it to another block
            if following.is_def or following.is_class or following.is_decorator:
                return False  # black moves blank lines above a definition's comments
            depth, definition, clause = following.depth, False, False
        else:
            depth = item.depth
            definition = item.is_def or item.is_class or item.is_decorator
            clause = item.words[0] in _CLAUSES
        closed = False
        while defs and defs[-1] >= depth:
            defs.pop()
            closed = True
        expected: int | None = None  # None: black keeps what is there, up to its maximum
        if previous is None or isinstance(previous, Comment):
            expected = 0
        elif previous.is_decorator:
            if not definition:
                return False
            expected = 0
        elif closed:
            if clause:
                return False
            expected = 1 if depth else 2
        elif definition:
            if previous.opens_block and not (previous.is_def or previous.is_class):
                return False
            expected = 0 if previous.opens_block else (1 if depth else 2)
        elif previous.opens_block or clause:
            expected = 0
        if isinstance(previous, Statement) and previous.is_import and not (isinstance(item, Statement) and item.is_import):
            if not definition and depth == previous.depth == 0:
                expected = 1  # black's one blank line after the imports at the top
            elif not definition and depth == previous.depth and not blank:
                return False  # black puts one there
        if after_class_docstring:
            expected = max(1 if expected is None else expected, 1)
        if isinstance(previous, Statement) and previous.is_docstring and previous.depth == 0:
            expected = 1  # black always puts one blank line after a module docstring
        if blank > (2 if depth == 0 else 1) or (expected is not None and blank != expected):
            return False
        after_class_docstring = False
        if isinstance(item, Statement):
            if item.is_def or item.is_class:
                defs.append(item.depth)
            after_class_docstring = item.is_docstring and isinstance(previous, Statement) and previous.is_class
        previous = item
    return True
