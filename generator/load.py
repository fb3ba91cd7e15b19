"""Stage 1: read spec YAML into a tree of nodes that remember where they came from.

PyYAML's composer already records a mark for every node; we keep those marks on our own
small node types, resolve scalars with the safe constructor, and report duplicate keys
(which plain `yaml.safe_load` silently overwrites).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Union

import yaml

from .problems import Position, Problem, SpecError

Scalar = Union[str, int, float, bool, None]
# libyaml's parser when PyYAML was built with it: same nodes and marks, several times faster
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class ScalarNode:
    value: Scalar
    position: Position


@dataclass(frozen=True)
class ListNode:
    items: tuple["Node", ...]
    position: Position


@dataclass(frozen=True)
class MapNode:
    """A mapping with string keys, in file order; `key_positions` locate each key."""

    entries: dict[str, "Node"]
    key_positions: dict[str, Position]
    position: Position

    def get(self, key: str) -> "Node | None":
        return self.entries.get(key)


Node = Union[ScalarNode, ListNode, MapNode]


@dataclass(frozen=True)
class SpecFile:
    path: str  # as shown in messages: relative to the working directory when possible
    root: Node
    problems: tuple[Problem, ...] = ()  # found while reading, reported with validation's


@dataclass
class _Reader:
    display: str
    problems: list[Problem] = field(default_factory=list)
    _constructor: yaml.SafeLoader = field(default_factory=lambda: yaml.SafeLoader(""))

    def position(self, node: yaml.Node) -> Position:
        mark = node.start_mark
        return Position(self.display, mark.line + 1, mark.column + 1)

    def convert(self, node: yaml.Node) -> Node:
        if isinstance(node, yaml.ScalarNode):
            try:
                value = self._constructor.construct_object(node, deep=True)
            except yaml.YAMLError:
                tag = node.tag.replace("tag:yaml.org,2002:", "!!")
                self.problems.append(Problem(self.position(node), f"unsupported YAML tag `{tag}`: spec files use plain YAML values"))
                value = str(node.value)
            if not isinstance(value, (str, int, float, bool, type(None))):
                # dates, binary and other YAML-only types have no JSON meaning here
                value = str(node.value)
            return ScalarNode(value, self.position(node))
        if isinstance(node, yaml.SequenceNode):
            return ListNode(tuple(self.convert(item) for item in node.value), self.position(node))
        assert isinstance(node, yaml.MappingNode)
        entries: dict[str, Node] = {}
        key_positions: dict[str, Position] = {}
        for key_node, value_node in node.value:
            key_position = self.position(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(key_position, "a key must be a plain name"))
                continue
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(Problem(key_position, "YAML merge keys (`<<`) are not supported: write the keys out"))
                continue
            # the key as written: YAML 1.1 would read `on`, `yes` or `null` as other types
            key = str(key_node.value)
            if key in entries:
                first = key_positions[key]
                self.problems.append(
                    Problem(key_position, f"duplicate key `{key}` (first defined at line {first.line})")
                )
                continue
            entries[key] = self.convert(value_node)
            key_positions[key] = key_position
        return MapNode(entries, key_positions, self.position(node))


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def spec_files(spec: Path) -> list[Path]:
    """The YAML files of a spec folder in name order, or the one file given."""
    if spec.is_dir():
        return sorted(p for p in spec.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return [spec]


def load_spec(spec: Path) -> list[SpecFile]:
    """Parse every file of the spec; raise SpecError when one cannot be parsed.

    Problems in files that did parse (duplicate keys, unsupported tags) are kept on each
    SpecFile so that validation reports them together with its own."""
    problems: list[Problem] = []
    files: list[SpecFile] = []
    paths = spec_files(spec)
    if not paths:
        raise SpecError([Problem(Position(display_path(spec), 1, 1), "no .yaml files in the spec folder")])
    for path in paths:
        reader = _Reader(display_path(path))
        try:
            text = path.read_text(encoding="utf-8")
            composed = yaml.compose(text, Loader=_LOADER)
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem(Position(reader.display, 1, 1), f"cannot read the file: {exc}"))
            continue
        except yaml.MarkedYAMLError as exc:
            problems.append(_syntax_problem(reader.display, exc))
            continue
        if composed is None:
            root: Node = MapNode({}, {}, Position(reader.display, 1, 1))
        else:
            root = reader.convert(composed)
        files.append(SpecFile(reader.display, root, tuple(reader.problems)))
    if problems:
        raise SpecError(problems + [p for f in files for p in f.problems])
    return files


def _syntax_problem(display: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = f"malformed YAML: {exc.problem or exc.context or 'cannot parse'}"
    context = exc.context_mark
    if exc.problem and exc.context and context is not None and context is not mark:
        message += f" ({exc.context} that starts at line {context.line + 1}, column {context.column + 1})"
    return Problem(Position(display, line, column), message)
