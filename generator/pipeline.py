"""The one direction of flow: spec -> load -> validate -> IR -> render -> format."""

from __future__ import annotations

from pathlib import Path

from . import ir
from .build import build_api
from .format import format_files
from .load import load_spec
from .render import render
from .validate import validate


def load_api(spec: Path) -> ir.Api:
    """The IR of the spec at `spec` (a folder or one file); raises SpecError."""
    files = load_spec(spec)
    validate(files)
    return build_api(files)


def generate(spec: Path, templates: Path, cache_dir: Path | None = None) -> dict[str, str]:
    """Every output file as {relative path: text}; raises GenerationError."""
    return format_files(render(load_api(spec), templates), cache_dir)
