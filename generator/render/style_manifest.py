"""A style's `style.toml`: `extends` and `[[each]]` rules, checked where they are written.

An `[[each]]` rule's `path` decides where generated files land, so it is held to the
output folder twice: the template must be a relative, normalised path whose placeholders
are `{name}`, `{snake}` and `{package}` only (parsed here: `str.format` would evaluate
`{name.__class__}`), and each name put in must be one file name. tomllib gives no
positions, so `_Locator` finds each key's line and column in the text itself.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..read.load import display_path
from ..problems import Position, Problem, TemplateError, did_you_mean
from ..read.files import ReadError, read_toml

MANIFEST = "style.toml"
EACH_OVER = ("model", "operation", "stream")
KINDS = ("object", "enum", "union", "alias")
RULE_KEYS = ("template", "for", "path", "kinds")
TOP_KEYS = ("extends", "each")
PLACEHOLDERS = ("name", "snake", "package")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class EachRule:
    """From a style.toml: render `template` once per model, operation or stream."""

    template: str
    over: str
    path: str  # may use {name}, {snake} and {package}
    kinds: tuple[str, ...]  # for models: which kinds (object, enum, union, alias); empty = all
    source: Position  # the `path` value: output problems point here
    template_source: Position  # the `template` value

    def output(self, values: dict[str, str], what: str) -> str | Problem:
        """The path for one item (`what`, e.g. "model `Pet`"), or the problem with a
        name that is not one file name."""
        for placeholder, value in values.items():
            wrong = _name_problem(value) if f"{{{placeholder}}}" in self.path else None
            if wrong:
                return Problem(self.source, f"`{{{placeholder}}}` of {what} would be `{value[:60]}`, which {wrong}: a name fills one file name, never a folder")
        result = re.sub(r"\{(\w+)\}", lambda found: values[found[1]], self.path)
        shape = path_problem(result)
        return Problem(self.source, f"for {what}, {shape[1]}") if shape else result


def _name_problem(name: str) -> str | None:
    if name in ("", ".", ".."):
        return "is not a file name"
    if "/" in name or "\\" in name:
        return "holds a `/` or `\\`"
    if _CONTROL.search(name):
        return "holds a control character"
    return None


def path_problem(path: str) -> tuple[int, str] | None:
    """Where (an index into `path`) and why `path` is not a normalised relative path
    inside the output folder, if it is not."""
    if path == "":
        return 0, "`path` is empty: give a file path such as \"docs/{snake}.md\""
    if path.startswith("/"):
        return 0, "`path` is absolute: paths are relative to the output folder; remove the leading `/`"
    if "\\" in path:
        return path.index("\\"), "`path` holds a `\\`: separate folders with `/`"
    control = _CONTROL.search(path)
    if control:
        return control.start(), "`path` holds a control character: remove it"
    start = 0
    for segment in path.split("/"):
        if segment == "..":
            return start, "`path` goes up a folder with `..`: generated files stay inside the output folder"
        if segment == ".":
            return start, "`path` has a `.` folder: remove it"
        if segment == "":
            return start, "`path` has an empty folder name (`//`, or a `/` at the end): remove the extra `/`"
        start += len(segment) + 1
    return None


def parse_path(path: str) -> tuple[int, str] | None:
    """Where and why the `path` template is wrong: a placeholder outside the documented
    set, a lone brace, or a shape that could leave the output folder."""
    for found in re.finditer(r"\{([^{}]*)\}?|\}", path):
        text = found[0]
        if text == "}":
            return found.start(), "`path` has a `}` without `{`: placeholders are {name}, {snake} and {package}"
        if not text.endswith("}"):
            return found.start(), "`path` has a `{` that is never closed: placeholders are {name}, {snake} and {package}"
        if found[1] not in PLACEHOLDERS:
            hint = did_you_mean(found[1], PLACEHOLDERS)
            return found.start(), f"`path` has the unknown placeholder `{text}`{hint}: it may use {{name}}, {{snake}} and {{package}} only"
    # each placeholder as a name of its own length, so that indexes stay the template's
    return path_problem(re.sub(r"\{\w+\}", lambda found: "x" * len(found[0]), path))


@dataclass
class _Locator:
    """Lines and columns of keys in a TOML text: top-level keys, and keys of each
    `[[each]]` table in order. Good enough for the plain TOML a manifest is."""

    display: str
    top: dict[str, Position] = field(default_factory=dict)
    tables: list[tuple[Position, dict[str, tuple[Position, str]]]] = field(default_factory=list)

    @classmethod
    def of(cls, text: str, display: str) -> "_Locator":
        located = cls(display)
        top: dict[str, tuple[Position, str]] = {}
        current: dict[str, tuple[Position, str]] | None = top
        for number, line in enumerate(text.splitlines(), 1):
            header = re.match(r"\s*(\[\[?)\s*([\w.\"-]+)\s*\]", line)
            if header:
                current = None
                if header[1] == "[[" and header[2] == "each":
                    current = {}
                    located.tables.append((Position(display, number, header.start(1) + 1), current))
                else:
                    located.top.setdefault(header[2], Position(display, number, header.start(2) + 1))
                continue
            key = re.match(r"\s*([\"']?)([\w-]+)\1\s*=\s*", line)
            if key and current is not None:
                current.setdefault(key[2], (Position(display, number, key.end() + 1), line[key.end() :]))
                if current is top:
                    located.top.setdefault(key[2], Position(display, number, key.start(2) + 1))
        return located

    def table(self, index: int) -> tuple[Position, dict[str, tuple[Position, str]]]:
        if index < len(self.tables):
            return self.tables[index]
        return self.top.get("each", Position(self.display, 1, 1)), {}  # written inline: `each = [...]`

    def value(self, index: int, key: str, offset: int | None = None) -> Position:
        """Where `key`'s value starts in the index-th table, or `offset` characters into
        the string value when it is written without escapes."""
        header, keys = self.table(index)
        if key not in keys:
            return header
        position, raw = keys[key]
        quoted = raw[:1] in ("'", '"') and not raw.startswith(('"""', "'''"))
        if offset is not None and quoted and "\\" not in raw.split(raw[0])[1]:
            return Position(position.file, position.line, position.column + 1 + offset)
        return position


def top_key_position(text: str, display: str, key: str) -> Position:
    """Where a manifest's top-level `key` is written (1:1 when it cannot be found)."""
    return _Locator.of(text, display).top.get(key, Position(display, 1, 1))


def read_manifests(folders: Sequence[Path]) -> list[EachRule]:
    """The `[[each]]` rules of every folder's style.toml, in folder order."""
    rules: list[EachRule] = []
    problems: list[Problem] = []
    for folder in folders:
        path = folder / MANIFEST
        if path.is_file():
            try:
                rules += _read_manifest(path, problems)
            except ReadError as exc:
                problems.append(exc.problem)
    if problems:
        raise TemplateError(problems)
    return rules


def _read_manifest(path: Path, problems: list[Problem]) -> list[EachRule]:
    display = display_path(path)
    text, document = read_toml(path, display)
    where = _Locator.of(text, display)
    for key in document:
        if key not in TOP_KEYS:
            at = where.top.get(key, Position(display, 1, 1))
            problems.append(Problem(at, f"unknown style.toml key `{key}`{did_you_mean(key, TOP_KEYS)}; a manifest has `extends` and `[[each]]` rules"))
    each = document.get("each", [])
    if not isinstance(each, list) or not all(isinstance(rule, dict) for rule in each):
        problems.append(Problem(where.top.get("each", Position(display, 1, 1)), "write each rule as an `[[each]]` table"))
        return []
    rules = []
    for index, rule in enumerate(each):
        rule_problems = _check_rule(rule, index, where)
        problems += rule_problems
        if not rule_problems:
            kinds = tuple(rule.get("kinds", ()))
            rules.append(EachRule(rule["template"], rule["for"], rule["path"], kinds, where.value(index, "path"), where.value(index, "template")))
    return rules


def _check_rule(rule: dict[str, Any], index: int, where: _Locator) -> list[Problem]:
    header, _ = where.table(index)
    found = []
    for key in rule:
        if key not in RULE_KEYS:
            found.append(Problem(where.value(index, key), f"unknown `[[each]]` key `{key}`{did_you_mean(key, RULE_KEYS)}; a rule has {', '.join(f'`{k}`' for k in RULE_KEYS)}"))
    missing = [key for key in ("template", "for", "path") if key not in rule]
    if missing:
        found.append(Problem(header, f"this `[[each]]` rule needs {', '.join(f'`{k}`' for k in missing)}: `template`, `for` ({', '.join(EACH_OVER)}) and `path`"))
    if "template" in rule and not isinstance(rule["template"], str):
        found.append(Problem(where.value(index, "template"), "`template` is the relative path of a template, in quotes"))
    if "for" in rule and rule["for"] not in EACH_OVER:
        found.append(Problem(where.value(index, "for"), f"`for` is one of {', '.join(f'`{o}`' for o in EACH_OVER)}{did_you_mean(str(rule['for']), EACH_OVER)}"))
    kinds = rule.get("kinds", [])
    if not isinstance(kinds, list) or not all(isinstance(k, str) and k in KINDS for k in kinds):
        found.append(Problem(where.value(index, "kinds"), f"`kinds` is a list of model kinds: {', '.join(f'`{k}`' for k in KINDS)}"))
    elif kinds and rule.get("for") != "model":
        found.append(Problem(where.value(index, "kinds"), "`kinds` applies to `for = \"model\"` only"))
    template = rule.get("path")
    if "path" in rule and not isinstance(template, str):
        found.append(Problem(where.value(index, "path"), "`path` is a relative path in quotes, such as \"docs/{snake}.md\""))
    elif isinstance(template, str):
        wrong = parse_path(template)
        if wrong:
            offset, why = wrong
            found.append(Problem(where.value(index, "path", offset), why))
    return found
