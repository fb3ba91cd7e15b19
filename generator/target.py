"""The contract between the generic stages and a target language.

The stages that read, check and build a spec, render templates and write the output
know nothing of the language the templates write. What they need from it comes in a
`Target`, which the command line picks (`generator/targets/` lists them) and passes
down: the checks a spec must also pass for that language (names it reserves or
derives), the filters and globals its templates call, how a spec name becomes a file
name in a style's `[[each]]` path, and the formatter its files go through. Adding a
language means adding a folder under `generator/targets/` that fills this in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .check.context import Validator


class Formatter(Protocol):
    """Formats rendered files: `add` each as it is rendered (it may start at once),
    then `finish` with them all; raises TemplateError for a file it cannot format.
    Used as a context manager so that any workers it started stop."""

    def __enter__(self) -> Formatter: ...

    def __exit__(self, *exc: object) -> None: ...

    def add(self, name: str, text: str) -> None: ...

    def finish(self, files: dict[str, str]) -> dict[str, str]: ...


@dataclass(frozen=True)
class Target:
    name: str
    check_spec: Callable[[Validator], None]
    """Reports, into the validator that has just run the generic checks, each name the
    target's code would use twice or cannot use; its problems are reported with the
    others, sorted by position."""
    filters: Mapping[str, Callable[..., Any]]
    template_globals: Mapping[str, Any]
    file_stem: Callable[[str], str]
    """A model's, operation's or stream's name as `{snake}` in an `[[each]]` path."""
    formatter: Callable[[], Formatter]
