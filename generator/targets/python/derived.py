"""Python names derived from spec names and values, one-to-one: distinct models get
distinct decoder and table names, distinct constants distinct decoder names."""

from __future__ import annotations

import re

from ... import ir


def model_stem(name: str) -> str:
    """The snake_case stem of the names derived from a model's or stream's (its decoder
    function, its lookup tables): `RunStatus` -> `run_status`.

    Every capital starts a word, so that distinct names keep distinct stems: `ABCDef`
    -> `a_b_c_def`, `AbcDef` -> `abc_def` (`snake` gives `abc_def` for both).
    """
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


_CHARACTER_WORDS = {".": "DOT", "-": "DASH", "_": "UNDERSCORE", " ": "SPACE", "/": "SLASH", ":": "COLON"}
_PLAIN_CONST = re.compile(r"[a-z0-9]+(?:_[a-z0-9]+)*")


def const_spelling(value: ir.JsonScalar) -> str:
    """`code_interpreter` -> `code_interpreter`, `thread.run` -> `thread_DOT_run`, `1` ->
    `INT_1`, `"1"` -> `1`, `true` -> `TRUE`: one-to-one. A plain lower-case string is
    itself; in any other string each other character is an upper-case word (`DOT`, a
    capital itself, `U00E9`), and the words are joined by `_`."""
    if value is None or isinstance(value, bool):
        return {None: "NULL", True: "TRUE", False: "FALSE"}[value]
    if isinstance(value, (int, float)):
        return ("INT_" if isinstance(value, int) else "FLOAT_") + const_spelling(repr(value)).replace("DASH", "MINUS")
    if _PLAIN_CONST.fullmatch(value):
        return value
    words = re.findall(r"[a-z0-9]+|.", value, re.DOTALL)
    return "_".join(
        w if w[0] in "abcdefghijklmnopqrstuvwxyz0123456789" else w if "A" <= w <= "Z" else _CHARACTER_WORDS.get(w) or f"U{ord(w):04X}"
        for w in words
    ) or "EMPTY"
