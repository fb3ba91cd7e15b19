"""Defaults for the CLI from `[tool.runs-codegen]` in pyproject.toml."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .read.load import display_path
from .problems import Position, Problem, SpecError, TemplateError, did_you_mean
from .read.files import ReadError, read_toml
from .render.style_manifest import MANIFEST, top_key_position

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


def _header(line: str) -> tuple[str, ...] | None:
    """The key path of a `[table]` header line (None for any other line)."""
    found = re.fullmatch(r"\[\s*([^\[\]]*?)\s*\](\s*#.*)?", line.strip())
    if not found:
        return None
    return tuple(part.strip().strip('"').strip("'") for part in found[1].split("."))


def _position(text: str, display: str, table: tuple[str, ...], key: str | None = None) -> Position:
    """Where `key` is written inside `[table]`, or the table's header when `key` is None
    or cannot be found (1:1 when neither can)."""
    current: tuple[str, ...] | None = None
    header = Position(display, 1, 1)
    for number, line in enumerate(text.splitlines(), 1):
        path = _header(line)
        if path is not None:
            current = path
            if path == table:
                header = Position(display, number, 1)
        elif key is not None and current == table and re.match(rf'\s*["\']?{re.escape(key)}["\']?\s*=', line):
            return Position(display, number, 1)
    return header


TOOL = ("tool", "runs-codegen")


def _settings_of(table: dict[str, Any], where: tuple[str, ...], keys: tuple[str, ...], pyproject: Path, text: str, problems: list[Problem], defaults: Settings) -> Settings:
    """The Settings a table writes, over `defaults`; problems are collected."""
    values: dict[str, Any] = {}
    shown = "[" + ".".join(where) + "]"
    for key, value in table.items():
        position = _position(text, str(pyproject), where, key)
        if key not in keys:
            problems.append(Problem(position, f"unknown {shown} key `{key}`{did_you_mean(key, keys)}; known keys: {', '.join(keys)}"))
        elif key == "apis":
            continue
        elif not isinstance(value, str):
            problems.append(Problem(position, f"{shown} `{key}` must be a path string"))
        elif key == "style":  # paths are relative to pyproject.toml; a style may also be a built-in name
            values[key] = value if value in builtin_styles() else str(pyproject.parent / value)
        else:
            values[key] = pyproject.parent / value
    return replace(defaults, **values)


def read_project(pyproject: Path) -> dict[str, Settings]:
    """Every API `pyproject` configures, by name in the order written; one API named ""
    when `[tool.runs-codegen]` holds its settings itself (or when there is no file).

    Several APIs are tables `[tool.runs-codegen.apis.NAME]`, each with its own `spec`
    and `out`; `style` and `templates` written in `[tool.runs-codegen]` are their
    defaults. Two APIs may not share an output folder or write inside each other's."""
    return _read(pyproject)[1]


def read_defaults(pyproject: Path) -> Settings:
    """What `[tool.runs-codegen]` itself says (`style`, `templates`), without any API's
    table: the settings of a spec and output given on the command line."""
    return _read(pyproject)[0]


def _read(pyproject: Path) -> tuple[Settings, dict[str, Settings]]:
    """The settings of `[tool.runs-codegen]` itself, and those of every API."""
    if not pyproject.is_file():
        return Settings(), {"": Settings()}
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
    problems: list[Problem] = []
    apis = table.get("apis")
    keys = KEYS + ("apis",)
    base = _settings_of(table, TOOL, keys, pyproject, text, problems, Settings())
    if apis is None:
        if problems:
            raise SpecError(problems)
        return base, {"": base}
    where = TOOL + ("apis",)
    if not isinstance(apis, dict) or not apis:
        raise SpecError(problems + [Problem(_position(text, str(pyproject), TOOL, "apis"), "`apis` must hold a table per API: [tool.runs-codegen.apis.NAME] with spec and out")])
    for key in ("spec", "out"):
        if key in table:
            problems.append(Problem(_position(text, str(pyproject), TOOL, key), f"`{key}` belongs to each API when [tool.runs-codegen.apis] is written: move it into [tool.runs-codegen.apis.NAME]"))
    project: dict[str, Settings] = {}
    for name, entry in apis.items():
        at = _position(text, str(pyproject), where + (name,))
        if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", name):
            problems.append(Problem(at, f"API name `{name[:40]}` must be a plain name (letters, digits, - and _), e.g. [tool.runs-codegen.apis.responses]"))
        elif not isinstance(entry, dict) or not {"spec", "out"} <= entry.keys():
            problems.append(Problem(at, f"API `{name}` needs a table with `spec` and `out`, e.g. spec = \"spec/{name}\" and out = \"generated/{name}\""))
        else:
            project[name] = _settings_of(entry, where + (name,), KEYS, pyproject, text, problems, base)
    problems += _overlapping(project, text, str(pyproject))
    if problems:
        raise SpecError(problems)
    return base, project


def _overlapping(project: dict[str, Settings], text: str, display: str) -> list[Problem]:
    """Two APIs writing the same folder, or one inside the other, would replace each
    other's output on every run."""
    problems = []
    names = list(project)
    for index, first in enumerate(names):
        for second in names[index + 1 :]:
            a, b = (project[n].out.resolve() for n in (first, second))
            if a == b or a in b.parents or b in a.parents:
                at = _position(text, display, TOOL + ("apis", second), "out")
                problems.append(Problem(at, f"API `{second}` writes to {project[second].out}, which overlaps the output of API `{first}` ({project[first].out}): give each API a folder of its own"))
    return problems
