"""The one direction of flow: spec -> load -> validate -> IR -> render -> format."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from . import ir
from .build.builder import build_api
from .read.load import load_spec
from .output.ownership import MANIFEST, manifest_text
from .problems import Position, Problem, TemplateError
from .render.templates import render
from .target import Target
from .check.validate import validate


def load_api(spec: Path, target: Target) -> ir.Api:
    """The IR of the spec at `spec` (a folder or one file), checked for `target` too;
    raises SpecError."""
    return build_api(validate(load_spec(spec), target.check_spec))


def generate(spec: Path, templates: Sequence[Path], target: Target) -> dict[str, str]:
    """Every file the output folder should hold, as {relative path: text}, the manifest
    of what runs-codegen wrote included; raises GenerationError.

    `templates` are the template folders, first match wins (overrides, then a style).
    Never reads the output folder: what is there has no say in what should be.
    """
    api = load_api(spec, target)
    with target.formatter() as formatter:  # formats each file while the next one renders
        files = render(api, templates, target, formatter.add)
        if MANIFEST in files:
            raise TemplateError([Problem(Position(f"(rendered) {MANIFEST}", 1, 1), f"a template renders {MANIFEST}, the name runs-codegen keeps for its record of what it wrote; rename that template")])
        files = formatter.finish(files)
    files[MANIFEST] = manifest_text(list(files))
    return dict(sorted(files.items()))
