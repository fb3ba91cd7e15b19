"""How black spaces a statement that fits on one line, for `settled`: the statement's
tokens joined as black would join them, or None wherever black might do more than
space them (drop parentheses, hug a power, respace a slice, rewrite a string) or this
reading is not sure what it would do."""

from __future__ import annotations

import keyword
import re
from tokenize import NAME, NUMBER, STRING

from .statements import Statement, Token

_KEYWORDS = frozenset(keyword.kwlist) - {"None", "True", "False"}
COMPOUND = frozenset({"if", "elif", "else", "for", "while", "try", "except", "finally", "with", "def", "class", "async"})
_BINARY = frozenset(
    "+ - * / // % @ | & ^ << >> == != < > <= >= -> := = += -= *= /= //= %= @= |= &= ^= <<= >>= **=".split()
)
_NUMBER = re.compile(r"\d[\d_]*(?:\.[\d_]*)?\Z")
# escapes black rewrites (quotes it may unescape, hex digits it lowercases) or that end a line
_STRING_BODY_RISK = re.compile(r"\\[\"'xuUN\n]")
_PREFIXES = frozenset({"", "f", "r", "b", "rb", "br", "fr", "rf"})
DOCSTRING_RISK = re.compile("[\\\\\t\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_ASSIGNING = frozenset({"=", ":=", "->"} | {op for op in _BINARY if op.endswith("=") and op not in ("==", "!=", "<=", ">=")})
# statement parts black may strip of parentheses (`for` targets, `del`, `with`... are not read)
_CLAUSE_PARTS = frozenset({"return", "in", "if", "elif", "while"})
_OPERATOR_WORDS = frozenset({"not", "and", "or", "is"})
# after these a token follows with no space; after anything else, with one
_HUGGING = frozenset({"start", "open", "unary", "dot", "kwarg", "decorator"})


def _parentheses_kept(tokens: list[Token], index: int, role: str, nested: bool) -> bool:
    """Whether black keeps the parentheses opened at `index`, which are not a call's:
    it drops them where they hold a whole statement part (`x = (a)`, `if (a):`) unless
    they make a tuple, and keeps them inside an expression."""
    before = tokens[index - 1].string
    depth, close, comma = 0, index, False
    for close in range(index, len(tokens)):
        text = tokens[close].string
        depth += (text in "([{") - (text in ")]}")
        if depth == 1 and close > index:
            unpacking = text in ("*", "**") and tokens[close - 1].string in ("(", ",")
            if unpacking or text in ("for", "yield", ":=", "lambda"):
                return False  # a generator, unpacking, walrus: black's special cases
            comma = comma or text == ","
        if depth == 0:
            break
    tuple_ = comma or close == index + 1  # `()` is the empty tuple
    if before in _OPERATOR_WORDS or (role == "binary" and before not in _ASSIGNING):
        return True  # an operand: never a statement part of its own
    if nested:
        return role == "comma" or (role in ("open", "kwarg") and tuple_)
    if before in _CLAUSE_PARTS or before in _ASSIGNING:
        if tuple_:
            return before not in ("->", ":=")
        following = tokens[close + 1].string if close + 1 < len(tokens) else ""
        return following not in ("", ":", "=", ",") and before != "->"
    return False


def _docstring_settled(value: str) -> bool:
    """A one-row docstring black would not touch: trimmed, not empty, no quote at
    either end, no escapes."""
    if not value.startswith('"""') or len(value) < 7 or DOCSTRING_RISK.search(value):
        return False
    body = value[3:-3]
    return body == body.strip() and body[0] != '"' and body[-1] != '"'


def _string_settled(value: str) -> bool:
    """A string black leaves as it is: a lowercase prefix, double quotes, and no escape
    black would rewrite."""
    prefix = value[: len(value) - len(value.lstrip("rbfRBFuU"))]
    if prefix not in _PREFIXES:
        return False
    rest = value[len(prefix) :]
    if not rest.startswith('"') or _STRING_BODY_RISK.search(rest):
        return False
    return not rest.startswith('"""') or "\n" not in rest


def render(statement: Statement) -> str | None:
    """The statement's tokens joined as black spaces them, or None when black might do
    more than space them (or this reading is not sure how it would)."""
    tokens = statement.tokens
    first = statement.words[0]
    if first in ("del", "assert", "global", "nonlocal", "..."):
        return None
    if first in ("match", "case", "type") and len(tokens) > 1 and tokens[1].type in (NAME, NUMBER, STRING):
        return None
    if first in COMPOUND and not statement.opens_block:
        return None
    if statement.is_string:
        value = tokens[0].string
        return value if (_docstring_settled if statement.is_docstring else _string_settled)(value) else None
    if first == "from":  # the module's dots and names go together: `from .a import b`
        names = [token.string for token in tokens]
        if "import" not in names:
            return None
        end = names.index("import")
        if end < 2 or any(token.type != NAME and token.string not in (".", "...") for token in tokens[1:end]):
            return None
        rest = _join(tokens[end:], statement)
        return None if rest is None else "from " + "".join(names[1:end]) + " " + rest
    return _join(tokens, statement)


def _join(tokens: list[Token], statement: Statement) -> str | None:
    compound = statement.words[0] in COMPOUND
    out: list[str] = []
    stack: list[list[str]] = []  # [kind, annotated?] per open bracket
    role = "start"
    lambdas: list[int] = []  # the bracket depths of lambdas whose parameters are being read
    parameters_seen = False  # a `def` line's first parenthesis opens its parameters
    for index, token in enumerate(tokens):
        text, kind = token.string, token.type
        last = index == len(tokens) - 1
        space = "" if role in _HUGGING else " "
        if lambdas and lambdas[-1] == len(stack) and text != ":":
            if not ((kind == NAME and text not in _KEYWORDS) or text == ","):
                return None  # defaults, stars: black's spacing there is not read here
        if kind == NAME:
            if text == "lambda":
                lambdas.append(len(stack))
            new_role = "keyword" if text in _KEYWORDS else "name"
        elif kind == NUMBER:
            if not _NUMBER.match(text) or role == "dot":
                return None
            new_role = "number"
        elif kind == STRING:
            if not _string_settled(text):
                return None
            new_role = "name"
        elif text in "([{":
            trailer = role in ("name", "closer") and text != "{"
            if text == "(" and not trailer:
                if not _parentheses_kept(tokens, index, role, bool(stack)):
                    return None  # black may drop parentheses that are not a call's
                frame = "paren"
            elif text == "(":
                frame = "def" if statement.is_def and not stack and not parameters_seen else "call"
                parameters_seen = parameters_seen or frame == "def"
                if statement.is_class and not stack and tokens[index + 1].string == ")":
                    return None  # black drops a class's empty parentheses
            else:
                frame = "sub" if trailer else "display"
            if trailer:
                space = ""
            stack.append([frame, ""])
            new_role = "open"
        elif text in ")]}":
            if role == "comma" or not stack:
                return None  # a magic trailing comma: black explodes the brackets
            stack.pop()
            space = ""
            new_role = "closer"
        elif text == ",":
            space, new_role = "", "comma"
            if stack:
                stack[-1][1] = ""
        elif text == ".":
            if role not in ("name", "closer"):
                return None
            space, new_role = "", "dot"
        elif text == ":":
            if lambdas and lambdas[-1] == len(stack):
                lambdas.pop()
            elif stack and stack[-1][0] == "sub":
                return None  # a slice: black spaces it by how complex its bounds are
            elif not stack and compound and not last:
                return None  # a body on the clause's line: black moves it
            if stack:
                stack[-1][1] = "annotated"
            space, new_role = "", "colon"
        elif text == "=":
            if not stack:
                new_role = "binary"
            elif stack[-1][0] == "call" or (stack[-1][0] == "def" and not stack[-1][1]):
                space, new_role = "", "kwarg"
            elif stack[-1][0] == "def":
                new_role = "binary"
            else:
                return None
        elif text in ("*", "**"):
            if role in ("open", "comma"):
                new_role = "unary"
            elif text == "**" or role == "start":
                return None  # black hugs simple powers
            else:
                new_role = "binary"
        elif text in ("-", "+", "~"):
            if role == "unary":
                return None
            if role in ("start", "open", "comma", "binary", "kwarg", "keyword", "colon") or text == "~":
                new_role = "unary"
            else:
                new_role = "binary"
        elif text == "@" and role == "start":
            new_role = "decorator"
        elif text == "/" and role in ("open", "comma"):
            return None  # the positional-only marker
        elif text == "...":
            new_role = "closer"
        elif text in _BINARY:
            if role in _HUGGING and role != "kwarg":
                return None
            new_role = "binary"
        else:
            return None
        if role == "start":
            space = ""
        out.append(space + text if out else text)
        role = new_role
    if stack or lambdas:
        return None
    return "".join(out)


