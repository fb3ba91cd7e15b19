"""The one direction of flow: spec -> load -> validate -> IR -> render -> format."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from . import ir
from .build import build_api
from .format import format_files
from .load import load_spec
from .render import render
from .validate import validate
from .write import read_output


def load_api(spec: Path) -> ir.Api:
    """The IR of the spec at `spec` (a folder or one file); raises SpecError."""
    files = load_spec(spec)
    validate(files)
    return build_api(files)


def generate(spec: Path, templates: Sequence[Path], out: Path) -> dict[str, str]:
    """Every file `out` should hold, as {relative path: text}; raises GenerationError.

    `templates` are the template folders, first match wins (overrides, then a style).

    Reads `out` only to reuse the formatting of code whose rendered text is unchanged.
    """
    return format_files(render(load_api(spec), templates), read_output(out))
