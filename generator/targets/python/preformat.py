"""Line breaks black is likely to make, put in ahead of it: a speed hint for the format
stage, never a change to its result.

black formats a text once, and when that changed anything, formats its own result a
second time: a piece it leaves as it is costs half. Templates write each statement on
one line, and black breaks the long ones. `prepare` breaks them the way black most often
does, so that black more often leaves a piece as it is.

What makes this safe: it only adds line breaks and indentation between the tokens
inside a pair of brackets on one line, and parentheses that black drops as redundant
(around the condition of an `if`, or the value of an assignment), where black ignores them (black joins and breaks
bracketed code by its own rules; only comments, which such a line has none of, and
commas, which are never added or removed here, change what it does). So black makes the
same of the prepared text as of the rendered one, whether or not the guess was right.
Lines inside or holding a multi-line string, lines with a comment or a backslash, and
brackets that do not match on the line are left as they are.
"""

from __future__ import annotations

import re

LINE_LENGTH = 88
INDENT = "    "
OPENING, CLOSING = "([{", ")]}"

# strings and comments, so that lines inside a multi-line string are never touched
_LEXEME = re.compile(
    r"""\#[^\n]*
    | \"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
    | '''(?:[^'\\]|\\.|'(?!''))*'''
    | "(?:[^"\\\n]|\\.)*"
    | '(?:[^'\\\n]|\\.)*'""",
    re.VERBOSE | re.DOTALL,
)


def prepare(text: str) -> str:
    """`text` with its long one-line statements broken as black would likely break them,
    and each bracket that ends in a comma (black's sign to put one item per line) opened
    one item per line."""
    strings, comments = lexeme_lines(text)
    protected = strings | comments
    lines = text.split("\n")
    out: list[str] = []
    number = 0
    while number < len(lines):
        line = lines[number]
        if number in protected:
            out.append(line)
        elif _empty_pair(line, lines[number + 1 : number + 2]) and number + 1 not in protected:
            out.append(line + lines[number + 1].lstrip(" "))  # `{` then `}` alone: black joins them
            number += 1
        elif len(line) > LINE_LENGTH and (wrapped := _wrap(line)) is not None:
            out.extend(wrapped)
        elif "," in line or len(line) > LINE_LENGTH:
            out.extend(_break(line))
        else:
            out.append(line)
        number += 1
    return "\n".join(out)


def lexeme_lines(text: str) -> tuple[set[int], set[int]]:
    """The numbers (from 0) of the lines a multi-line string touches, and of the lines
    that hold a comment."""
    strings: set[int] = set()
    comments: set[int] = set()
    for lexeme in _LEXEME.finditer(text):
        if lexeme[0].startswith("#"):
            comments.add(text.count("\n", 0, lexeme.start()))
        elif "\n" in lexeme[0]:
            first = text.count("\n", 0, lexeme.start())
            strings.update(range(first, first + lexeme[0].count("\n") + 1))
    return strings, comments


def _empty_pair(line: str, following: list[str]) -> bool:
    """Whether `line` ends with an opening bracket that the next line closes, alone."""
    return bool(line) and line[-1] in OPENING and bool(following) and following[0].strip() == CLOSING[OPENING.index(line[-1])]


def _brackets(line: str) -> tuple[dict[int, int], dict[int, list[int]]] | None:
    """The matching bracket pairs of one line (opening index -> closing index) and the
    commas directly inside each opening; None for a line with a comment, a backslash, a
    triple quote or brackets that do not match on the line."""
    stack: list[int] = []
    pairs: dict[int, int] = {}
    commas: dict[int, list[int]] = {}
    i, end = 0, len(line)
    while i < end:
        char = line[i]
        if char in "\"'":
            if line.startswith(char * 3, i):
                return None
            j = i + 1
            while j < end and line[j] != char:
                j += 2 if line[j] == "\\" else 1
            if j >= end:
                return None
            i = j + 1
            continue
        if char in "#\\":
            return None
        if char in OPENING:
            stack.append(i)
        elif char in CLOSING:
            if not stack or OPENING[CLOSING.index(char)] != line[stack[-1]]:
                return None
            pairs[stack.pop()] = i
        elif char == "," and stack:
            commas.setdefault(stack[-1], []).append(i)
        i += 1
    return (pairs, commas) if not stack else None


def _break(line: str, parameter: bool = False) -> list[str]:
    """The line broken as black most likely breaks it; `parameter`: the line is one
    parameter of a signature opened one per line."""
    found = _brackets(line)
    if not found or not found[0]:
        return [line]
    pairs, commas = found
    indent = line[: len(line) - len(line.lstrip(" "))]
    stripped = line.lstrip(" ")
    if parameter and len(line) > LINE_LENGTH and (annotated := _parenthesized_annotation(line, indent)):
        return annotated
    signature = stripped.startswith(("def ", "async def "))
    if signature:
        opening = min(pairs)  # black splits a signature at its parameters
    else:
        opening = max(pairs, key=pairs.__getitem__)  # elsewhere at the last bracket
    closing = pairs[opening]
    body = line[opening + 1 : closing].strip()
    if body.endswith(","):
        return _one_per_line(line, indent, opening, closing, commas.get(opening, []), signature)
    if any(line[o + 1 : c].rstrip().endswith(",") for o, c in pairs.items()):
        return [line]  # a trailing comma elsewhere: black would open that bracket
    if len(line) <= LINE_LENGTH or not body or stripped.startswith(("if ", "elif ", "while ", "for ", "with ", "assert ", "del ")):
        return [line]
    parts = [line[: opening + 1], indent + INDENT + body, indent + line[closing:]]
    return parts if all(len(part) <= LINE_LENGTH for part in parts) else [line]


def _parenthesized_annotation(line: str, indent: str) -> list[str] | None:
    """A parameter `name: T1 | T2 = default,` too long for its line as black writes it:
    the annotation in parentheses, on a line of its own or one `|` operand per line."""
    found = re.match(r"(\w+): (.*?)( = [^=]*)?,\Z", line[len(indent) :])
    if found is None or not found[2] or found[2][0] == "(":
        return None
    annotation, default = found[2], found[3] or ""
    if "=" in annotation:
        return None  # a default spaced otherwise, or a string this reading does not look into
    if _brackets(default) is None or "(" in default or "[" in default or "{" in default:
        return None
    operands = _split_top_level(annotation, " | ")
    if operands is None:
        return None
    inner = indent + INDENT
    head, tail = f"{indent}{found[1]}: (", f"{indent}){default},"
    if len(head) > LINE_LENGTH or len(tail) > LINE_LENGTH:
        return None
    if len(inner + annotation) <= LINE_LENGTH:
        return [head, inner + annotation, tail]
    if len(operands) < 2 or any(len(inner + "| " + operand) > LINE_LENGTH for operand in operands):
        return None
    return [head, inner + operands[0], *(inner + "| " + operand for operand in operands[1:]), tail]


def _split_top_level(text: str, separator: str) -> list[str] | None:
    """`text` cut at `separator` outside brackets and strings; None where a string or
    bracket is unusual."""
    marks = _top_level(text, (separator,))
    if marks is None:
        return None
    cuts = [index for index, _ in marks]
    return [text[a:b] for a, b in zip([0, *(cut + len(separator) for cut in cuts)], [*cuts, len(text)])]


def _one_per_line(line: str, indent: str, opening: int, closing: int, commas: list[int], parameters: bool) -> list[str]:
    items: list[str] = []
    start = opening + 1
    for comma in commas:
        items.append(line[start:comma].strip())
        start = comma + 1
    last = line[start:closing].strip()
    if last:
        items.append(last)
    out = [line[: opening + 1]]
    for item in items:
        out.extend(_break(indent + INDENT + item + ",", parameters))
    out.append(indent + line[closing:])
    return out


# black's split points in an expression, the first found at the top level splits first:
# a conditional expression, then `and`/`or`, then `+`
_DELIMITERS = ((" if ", " else "), (" and ", " or "), (" + ",))


_MARKS = (",", " if ", " else ", " and ", " or ", " + ", " = ")


def _top_level(text: str, words: tuple[str, ...] = _MARKS) -> list[tuple[int, str]] | None:
    """(index, text) of each of `words` (by default each comma and space-delimited
    `if`/`else`/`and`/`or`/`+`/`=`) outside brackets and strings; None where a string
    or bracket is unusual."""
    starts = {word[0] for word in words}
    found: list[tuple[int, str]] = []
    depth, i, end = 0, 0, len(text)
    while i < end:
        char = text[i]
        if char in "\"'":
            if text.startswith(char * 3, i):
                return None
            j = i + 1
            while j < end and text[j] != char:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if char in OPENING:
            depth += 1
        elif char in CLOSING:
            depth -= 1
        elif depth == 0 and char in starts:
            for word in words:
                if text.startswith(word, i):
                    found.append((i, word))
        i += 1
    return found if depth == 0 else None


def _least_length(line: str) -> int:
    """A lower bound of the line's length once black has spaced it: every space that
    is not inside a string or between two word characters taken out."""
    indent = len(line) - len(line.lstrip(" "))
    kept = re.sub(r"""("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|(?<=\w) +(?=\w)|( +)""", lambda m: m[1] or (" " if m[2] is None else ""), line[indent:])
    return indent + len(kept)


def _wrap(line: str) -> list[str] | None:
    """A long `if`/`elif`/`while` condition, assignment value (a conditional
    expression, a chain of `and`/`or`, a sum) or conditional value of a dict item in
    black's parentheses: on one line of its own when that fits, else one operand per
    line, operators first. None for any other line."""
    if _brackets(line) is None:
        return None
    indent = line[: len(line) - len(line.lstrip(" "))]
    stripped = line[len(indent) :]
    keyword = stripped.split(" ", 1)[0]
    key = re.match(r'"[^"\\]*": ', stripped)
    if keyword in ("if", "elif", "while") and stripped.endswith(":"):
        head, body, tail = f"{indent}{keyword} (", stripped[len(keyword) + 1 : -1], indent + "):"
    elif key and stripped.endswith(","):  # a dict item: black parenthesizes a conditional value
        head, body, tail = indent + key[0] + "(", stripped[key.end() : -1], indent + "),"
        if " if " not in {word for _, word in _top_level(body) or []}:
            return None
        if _least_length(line) <= LINE_LENGTH:
            return None  # black may find it fits, and keeps parentheses put around a dict value
    else:
        marks = _top_level(stripped)
        equals = [i for i, word in marks or [] if word == " = "]
        if len(equals) != 1:
            return None
        head, body, tail = line[: len(indent) + equals[0] + 3] + "(", stripped[equals[0] + 3 :], indent + ")"
    marks = _top_level(body)
    pairs = _brackets(body)
    if pairs and pairs[0].get(0) == len(body) - 1:
        return None  # in parentheses already
    inner = indent + INDENT
    if pairs is not None and not pairs[0] and not marks and len(inner + body) <= LINE_LENGTH and len(head) <= LINE_LENGTH:
        return [head, inner + body, tail]  # a value with no brackets: black's parentheses around it
    if not marks or any(word in (",", " = ") for _, word in marks):
        return None
    if len(inner) + len(body) <= LINE_LENGTH:
        return [head, inner + body, tail]
    for delimiters in _DELIMITERS:
        cuts = [i for i, word in marks if word in delimiters]
        if cuts:
            operands = [body[a:b].strip() for a, b in zip([0, *cuts], [*cuts, len(body)])]
            return [head, *(part for operand in operands for part in _break(inner + operand)), tail]
    return None
