"""Defaults for the CLI from `[tool.runs-codegen]` in pyproject.toml."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .load import display_path
from .problems import Position, Problem, SpecError, TemplateError, did_you_mean
from .reading import ReadError, read_toml
from .style_manifest import MANIFEST, top_key_position

KEYS = ("spec", "out", "style", "templates")
STYLES = Path(__file__).resolve().parent.parent / "templates"
DEFAULT_STYLE = "python"
BUILTIN_TEMPLATES = STYLES / DEFAULT_STYLE


def builtin_styles() -> list[str]:
    return sorted(p.name for p in STYLES.iterdir() if p.is_dir()) if STYLES.is_dir() else []


def style_folder(style: str) -> Path:
    """A built-in style's folder, or `style` itself when it is a folder path."""
    if style in builtin_styles():
        return STYLES / style
    path = Path(style)
    if path.is_dir():
        return path
    known = builtin_styles()
    raise SpecError([Problem(Position("--style", 1, 1), f"no style `{style}`: the built-in styles are {', '.join(known)}, or give a folder{did_you_mean(style, known)}")])


def style_folders(style: str) -> list[Path]:
    """The folders of `style` and of the styles it extends, nearest first.

    A style's `style.toml` may say `extends = "python"` (a built-in style, or a folder
    relative to the manifest): its files then stand behind the style's own, so the style
    holds only what it changes.
    """
    folders = [style_folder(style)]
    while True:
        manifest = folders[-1] / MANIFEST
        if not manifest.is_file():
            return folders
        display = display_path(manifest)
        try:
            text, document = read_toml(manifest, display)
        except ReadError as exc:
            raise TemplateError([exc.problem]) from None
        base = document.get("extends")
        if base is None:
            return folders
        where = top_key_position(text, display, "extends")
        if not isinstance(base, str):
            raise SpecError([Problem(where, "`extends` must name one style, e.g. extends = \"python\"")])
        folder = STYLES / base if base in builtin_styles() else (manifest.parent / base).resolve()
        if not folder.is_dir():
            known = builtin_styles()
            raise SpecError([Problem(where, f"`extends` names no style `{base}`: the built-in styles are {', '.join(known)}, or give a folder{did_you_mean(base, known)}")])
        if folder.resolve() in (f.resolve() for f in folders):
            raise SpecError([Problem(where, f"`extends` makes a cycle: {' -> '.join(f.name for f in folders)} -> {folder.name}")])
        folders.append(folder)


@dataclass(frozen=True)
class Settings:
    spec: Path = Path("spec")
    out: Path = Path("generated")
    style: str = DEFAULT_STYLE
    """A built-in style (a folder under templates/) or a template folder of one's own."""
    templates: Path | None = None
    """A folder of overrides, in front of the style: same relative path, replaced."""

    def template_folders(self) -> list[Path]:
        """The folders templates are looked up in, first match wins."""
        return ([self.templates] if self.templates is not None else []) + style_folders(self.style)


def _line_of(text: str, key: str) -> int:
    """The line of `key` inside the [tool.runs-codegen] table (1 if not found)."""
    in_table = False
    for number, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = stripped.replace(" ", "") in ('[tool.runs-codegen]', '[tool."runs-codegen"]')
        elif in_table and re.match(rf'"?{re.escape(key)}"?\s*=', stripped):
            return number
    return 1


def read_settings(pyproject: Path) -> Settings:
    """Settings from `pyproject` (paths relative to its folder); defaults if absent."""
    if not pyproject.is_file():
        return Settings()
    try:
        text, document = read_toml(pyproject, str(pyproject))
    except ReadError as exc:
        raise SpecError([exc.problem]) from None
    tool = document.get("tool", {})
    table = tool.get("runs-codegen", {}) if isinstance(tool, dict) else {}
    if not isinstance(table, dict):
        written = re.search(r'^\s*"?runs-codegen"?\s*=', text, re.MULTILINE)
        line = text.count("\n", 0, written.start()) + 1 if written else 1
        raise SpecError([Problem(Position(str(pyproject), line, 1), "[tool.runs-codegen] must be a table of settings")])
    problems = []
    values: dict[str, Any] = {}
    for key, value in table.items():
        position = Position(str(pyproject), _line_of(text, key), 1)
        if key not in KEYS:
            problems.append(Problem(position, f"unknown [tool.runs-codegen] key `{key}`{did_you_mean(key, KEYS)}; known keys: {', '.join(KEYS)}"))
        elif not isinstance(value, str):
            problems.append(Problem(position, f"[tool.runs-codegen] `{key}` must be a path string"))
        else:
            # paths are relative to pyproject.toml; a style may also be a built-in name
            if key == "style":
                values[key] = value if value in builtin_styles() else str(pyproject.parent / value)
            else:
                values[key] = pyproject.parent / value
    if problems:
        raise SpecError(problems)
    return Settings(**values)
