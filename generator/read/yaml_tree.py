"""YAML text to nodes with positions, within bounds, straight from the parser's events.

PyYAML's composer shares an aliased node instead of copying it, so composing is cheap,
but converting the tree visits a node once per path to it: a few hundred bytes of nested
aliases make a billion nodes. Its conversion also recurses once per level of nesting.
Building the tree from the event stream keeps an explicit stack, counts every node an
alias repeats, and stops at the first bound crossed, with its position.

Tags are checked where they are written: plain YAML (strings, numbers, booleans, null,
mappings and sequences) is all a spec or an OpenAPI document needs, so any other tag
(`!!binary`, `!!python/object/new:...`, `!ref`) is refused rather than quietly read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from .nodes import ListNode, MapNode, Node, ScalarNode
from ..problems import Position, Problem

# libyaml's parser when PyYAML was built with it: same events and marks, several times faster
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STANDARD = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_STANDARD + name for name in ("str", "int", "float", "bool", "null")}
_MERGE = _STANDARD + "merge"
# what YAML 1.1 does not allow in a stream (the pure-Python reader's own pattern)
_NON_PRINTABLE = re.compile("[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_MAX_PROBLEMS = 50  # per file: past that, the first ones are what to fix


@dataclass(frozen=True)
class Limits:
    depth: int  # levels of nested mappings and sequences
    nodes: int  # values in the file, each alias counted as every node it repeats
    aliases: bool  # whether `*name` may repeat an anchored value at all
    too_many: str  # what to do instead, after "more than N values"


class Unreadable(Exception):
    """The file cannot be turned into nodes; `problems` say where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


@dataclass
class _Collection:
    position: Position
    anchor: str | None
    is_map: bool
    items: list[Node] = field(default_factory=list)
    entries: dict[str, Node] = field(default_factory=dict)
    key_positions: dict[str, Position] = field(default_factory=dict)
    key: tuple[Node, str | None, str | None] | None = None  # a read key awaiting its value
    size: int = 1

    def node(self) -> Node:
        if self.is_map:
            return MapNode(self.entries, self.key_positions, self.position)
        return ListNode(tuple(self.items), self.position)


@dataclass
class _Builder:
    display: str
    limits: Limits
    problems: list[Problem] = field(default_factory=list)
    fatal: list[Problem] = field(default_factory=list)  # the tree would not be what the file says
    stack: list[_Collection] = field(default_factory=list)
    # anchor -> (node, key text and tag when it is a scalar, nodes it stands for)
    anchors: dict[str, tuple[Node, str | None, str | None, int]] = field(default_factory=dict)
    refused: set[str] = field(default_factory=set)  # one message per anchor: a bomb repeats each
    count: int = 0
    root: Node | None = None
    _constructor: Any = field(default_factory=lambda: yaml.SafeLoader(""))

    def position(self, event: yaml.Event) -> Position:
        mark = event.start_mark
        return Position(self.display, mark.line + 1, mark.column + 1) if mark else Position(self.display, 1, 1)

    def report(self, problem: Problem, fatal: bool = False) -> None:
        (self.fatal if fatal else self.problems).append(problem)
        if len(self.problems) + len(self.fatal) >= _MAX_PROBLEMS:
            self.fatal.append(Problem(problem.position, f"more than {_MAX_PROBLEMS} problems in this file; fix these first"))
            raise Unreadable(self.fatal + self.problems)

    def grow(self, size: int, where: Position) -> None:
        self.count += size
        if self.count > self.limits.nodes:
            raise Unreadable([Problem(where, f"more than {self.limits.nodes} values in one file: {self.limits.too_many}")])

    def check_tag(self, event: yaml.CollectionStartEvent, expected: str) -> None:
        tag = event.tag
        if tag not in (None, "!", _STANDARD + expected):
            self.report(Problem(self.position(event), _tag_message(tag)), fatal=True)

    def open(self, event: yaml.CollectionStartEvent, is_map: bool) -> None:
        self.check_tag(event, "map" if is_map else "seq")
        where = self.position(event)
        if len(self.stack) >= self.limits.depth:
            raise Unreadable([Problem(where, f"nested more than {self.limits.depth} levels deep: declare nested objects as models and refer to them with `$ref`")])
        self.grow(1, where)
        self.stack.append(_Collection(where, event.anchor, is_map))

    def close(self) -> None:
        done = self.stack.pop()
        self.add(done.node(), None, None, done.size, done.anchor)

    def scalar(self, event: yaml.ScalarEvent) -> None:
        where = self.position(event)
        self.grow(1, where)
        tag = event.tag
        implicit = tag in (None, "!")
        if implicit:
            tag = self._constructor.resolve(yaml.ScalarNode, event.value, event.implicit)
        value: Any = event.value
        if tag in _SCALAR_TAGS:
            node = yaml.ScalarNode(tag, event.value, style=event.style)
            try:
                value = self._constructor.yaml_constructors[tag](self._constructor, node)
            except (yaml.YAMLError, ValueError, KeyError):
                self.report(Problem(where, f"`{_short(event.value)}` is not a valid `{_show_tag(tag)}`: remove the tag or fix the value"), fatal=True)
                value = event.value
        elif not implicit:
            self.report(Problem(where, _tag_message(tag)), fatal=True)
        # else: plain text YAML 1.1 would read as a date or `=`: JSON has no such values
        self.add(ScalarNode(value, where), event.value, tag, 1, event.anchor)

    def alias(self, event: yaml.AliasEvent) -> None:
        where = self.position(event)
        anchor = event.anchor or ""
        found = self.anchors.get(anchor) if self.limits.aliases else None
        if found is None:
            if self.limits.aliases:
                message = f"`*{_short(anchor)}` names no anchor: define `&{_short(anchor)}` before it"
            else:
                message = f"YAML aliases (`*{_short(anchor)}`) are not supported: write the value out, or declare a model and refer to it with `$ref`"
            if anchor not in self.refused:
                self.refused.add(anchor)
                self.report(Problem(where, message), fatal=True)
            self.grow(1, where)
            self.add(ScalarNode(None, where), None, None, 1, None)
            return
        node, text, tag, size = found
        self.grow(size, where)
        self.add(node, text, tag, size, None)

    def add(self, node: Node, text: str | None, tag: str | None, size: int, anchor: str | None) -> None:
        """Place a finished node: in the collection being read, or as the root."""
        if anchor is not None:
            self.anchors[anchor] = (node, text, tag, size)
        if not self.stack:
            self.root = node
            return
        parent = self.stack[-1]
        parent.size += size
        if not parent.is_map:
            parent.items.append(node)
        elif parent.key is None:
            parent.key = (node, text, tag)
        else:
            self.entry(parent, parent.key, node)
            parent.key = None

    def entry(self, parent: _Collection, key: tuple[Node, str | None, str | None], value: Node) -> None:
        key_node, text, tag = key
        where = key_node.position
        if text is None:
            self.report(Problem(where, "a key must be a plain name"))
        elif tag == _MERGE:
            self.report(Problem(where, "YAML merge keys (`<<`) are not supported: write the keys out"))
        elif text in parent.entries:
            first = parent.key_positions[text]
            self.report(Problem(where, f"duplicate key `{text}` (first defined at line {first.line})"))
        else:
            # the key as written: YAML 1.1 would read `on`, `yes` or `null` as other types
            parent.entries[text] = value
            parent.key_positions[text] = where


def read_tree(text: str, display: str, limits: Limits) -> tuple[Node | None, list[Problem]]:
    """The one document of `text` as nodes (None when the file is empty), with the
    problems that still leave a tree worth validating; Unreadable for the others."""
    control = _control_characters(text, display)
    if control:
        raise Unreadable(control)
    builder = _Builder(display, limits)
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.ScalarEvent):
                builder.scalar(event)
            elif isinstance(event, yaml.MappingStartEvent):
                builder.open(event, is_map=True)
            elif isinstance(event, yaml.SequenceStartEvent):
                builder.open(event, is_map=False)
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                builder.close()
            elif isinstance(event, yaml.AliasEvent):
                builder.alias(event)
            elif isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    where = builder.position(event)
                    raise Unreadable(builder.fatal + [Problem(where, "a second YAML document (`---`) in one file: put it in a file of its own")])
    except yaml.MarkedYAMLError as exc:
        raise Unreadable(builder.fatal + [syntax_problem(display, exc)]) from None
    except yaml.YAMLError as exc:
        raise Unreadable(builder.fatal + [Problem(Position(display, 1, 1), f"malformed YAML: {str(exc).splitlines()[0]}")]) from None
    if builder.fatal:
        raise Unreadable(builder.fatal + builder.problems)
    return builder.root, builder.problems


def syntax_problem(display: str, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = f"malformed YAML: {exc.problem or exc.context or 'cannot parse'}"
    context = exc.context_mark
    if exc.problem and exc.context and context is not None and context is not mark:
        message += f" ({exc.context} that starts at line {context.line + 1}, column {context.column + 1})"
    return Problem(Position(display, line, column), message)


def _control_characters(text: str, display: str) -> list[Problem]:
    problems = []
    for found in _NON_PRINTABLE.finditer(text):
        start = found.start()
        line = text.count("\n", 0, start) + 1
        column = start - text.rfind("\n", 0, start)
        code = ord(found[0])
        escape = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
        problems.append(
            Problem(
                Position(display, line, column),
                f"control character U+{code:04X} is not allowed in YAML: remove it, or write `{escape}` inside a double-quoted string",
            )
        )
        if len(problems) == 10:
            break
    return problems


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def _show_tag(tag: str | None) -> str:
    tag = tag or "!"
    return "!!" + tag[len(_STANDARD) :] if tag.startswith(_STANDARD) else tag


def _tag_message(tag: str | None) -> str:
    return f"unsupported YAML tag `{_short(_show_tag(tag))}`: spec files use plain YAML values; remove the tag"
