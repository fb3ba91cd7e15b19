"""The spec as read: a tree of values that remember where they came from."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Union

from ..problems import Position

Scalar = Union[str, int, float, bool, None]


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


def plain(node: Node) -> object:
    """The node as plain Python data (dicts, lists, scalars). A node reached twice (a
    YAML alias) becomes one shared object, as a YAML loader makes it."""
    made: dict[int, object] = {}

    def convert(node: Node) -> object:
        if id(node) in made:
            return made[id(node)]
        value: object
        if isinstance(node, ScalarNode):
            value = node.value
        elif isinstance(node, ListNode):
            value = [convert(item) for item in node.items]
        else:
            value = {key: convert(entry) for key, entry in node.entries.items()}
        made[id(node)] = value
        return value

    return convert(node)
