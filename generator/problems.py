"""Positions in spec files and the problems found there.

Every stage reports mistakes as `Problem` values instead of raising, so that one run
shows all of them at once, each as `file:line:column: message`.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, order=True)
class Position:
    """A place in a spec file; line and column count from 1."""

    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, order=True)
class Problem:
    position: Position
    message: str

    def __str__(self) -> str:
        return printable(f"{self.position}: {self.message}")


class GenerationError(Exception):
    """Raised by a stage that cannot go on; carries every problem found so far."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


class SpecError(GenerationError):
    """Mistakes in the spec files."""


class TemplateError(GenerationError):
    """Mistakes in a template, or templates that produce invalid code."""


def printable(text: str) -> str:
    """`text` with each unprintable character escaped (a newline as `\\n`), so that a name
    from the spec that holds one keeps its problem on one line and cannot drive the
    terminal."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """A ' (did you mean `x`?)' hint when a known name is close to `name`, else ''."""
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.7)
    return f" (did you mean `{close[0]}`?)" if close else ""
