"""How a union tells its object variants apart, shared by the validator, the IR builder
and the naming of inline variants.

A `discriminator` is one property (`type`), several in lookup order (`[type, role]`),
or a mapping `{property: <one or several>, default: <Model>}`. Each object variant
declares the first property with a `const` or an `enum` of strings; the values select
it. Variants that share a value are told apart by the next property, and so on
(`plan`). `default` names the variant an object without the first property is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Union

from ..read.nodes import ListNode, MapNode, Node, ScalarNode
from ..problems import Position, Problem, did_you_mean

DISCRIMINATOR_KEYS = ("property", "default")


@dataclass(frozen=True)
class Discriminator:
    properties: tuple[str, ...]
    """The properties looked at, in order; never empty."""
    position: Position
    """Of the `discriminator` value."""
    default: str | None = None
    """The model an object without the first property decodes as."""
    default_position: Position | None = None


def read_discriminator(node: Node | None, report: Callable[[Position, str], None] | None = None) -> Discriminator | None:
    """The discriminator a union declares, or None (absent, or malformed: reported
    through `report` when given)."""
    if node is None:
        return None
    say = report or (lambda position, message: None)
    default: str | None = None
    default_position = None
    spelled = node
    if isinstance(node, MapNode):
        for key, position in node.key_positions.items():
            if key not in DISCRIMINATOR_KEYS:
                say(position, f"unknown discriminator key `{key}`{did_you_mean(key, DISCRIMINATOR_KEYS)}: a discriminator mapping takes `property` (one name or a list) and `default` (a model name)")
        if "property" not in node.entries:
            say(node.position, "a discriminator mapping needs `property`: the name of the property that tells the variants apart, such as `property: type`")
            return None
        spelled = node.entries["property"]
        named = node.entries.get("default")
        if named is not None:
            if isinstance(named, ScalarNode) and isinstance(named.value, str):
                default, default_position = named.value, named.position
            else:
                say(named.position, "`default` names one model of the union's variants, such as `default: TextMessage`")
    properties = _names(spelled, say)
    if properties is None:
        return None
    return Discriminator(properties, node.position, default, default_position)


def _names(node: Node, say: Callable[[Position, str], None]) -> tuple[str, ...] | None:
    shape = "a discriminator is a property name (`discriminator: type`), a list of them in lookup order (`[type, role]`) or a mapping with `property` and `default`"
    if isinstance(node, ScalarNode):
        if isinstance(node.value, str):
            return (node.value,)
        say(node.position, shape)
        return None
    if not isinstance(node, ListNode) or not node.items:
        say(node.position, shape)
        return None
    names: list[str] = []
    for item in node.items:
        if not (isinstance(item, ScalarNode) and isinstance(item.value, str)):
            say(item.position, "the properties of a discriminator are names (strings)")
            return None
        if item.value in names:
            say(item.position, f"`{item.value}` is listed twice in `discriminator`")
            return None
        names.append(item.value)
    return tuple(names)


def tag_values(schema: Node | None, resolve: Callable[[str], Node | None], depth: int = 0) -> tuple[str, ...] | None:
    """The values a variant's discriminator property may take: its string `const`, or
    the strings of its `enum` (inline, or a model named by `$ref` or by name, through
    aliases); None when it declares none."""
    if depth > 16:  # an alias cycle, which the validator reports
        return None
    if isinstance(schema, ScalarNode):
        return tag_values(resolve(schema.value), resolve, depth + 1) if isinstance(schema.value, str) else None
    if not isinstance(schema, MapNode):
        return None
    const = schema.get("const")
    if const is not None:
        return (const.value,) if isinstance(const, ScalarNode) and isinstance(const.value, str) else None
    values = schema.get("enum")
    if isinstance(values, ListNode):
        strings = [item.value for item in values.items if isinstance(item, ScalarNode) and isinstance(item.value, str)]
        return tuple(dict.fromkeys(strings)) if strings and len(strings) == len(values.items) else None
    ref = schema.get("$ref")
    if isinstance(ref, ScalarNode) and isinstance(ref.value, str):
        return tag_values(resolve(ref.value), resolve, depth + 1)
    return None


@dataclass(frozen=True)
class Candidate:
    """An object variant as the lookup sees it."""

    index: int
    """Its place in the union's variant list."""
    name: str
    """How messages name it."""
    values: tuple[tuple[str, ...] | None, ...]
    """For each discriminator property, the values it declares (None: not declared)."""
    position: Position


@dataclass(frozen=True)
class Table:
    """Variants found by the value of one property; a value several variants share
    leads to a table over the next property."""

    property: str
    cases: tuple[tuple[str, Union[Candidate, "Table"]], ...]


def plan(union: str, properties: tuple[str, ...], candidates: list[Candidate]) -> tuple[Table, list[Problem]]:
    """The lookup tables of a union's object variants (those that declare the first
    property) and the problems that keep values from selecting one variant each."""
    problems: list[Problem] = []

    def table(level: int, group: list[Candidate], shared: tuple[tuple[str, str], ...]) -> Table:
        prop = properties[level]
        by_value: dict[str, list[Candidate]] = {}
        for candidate in group:
            values = candidate.values[level]
            if values is None:  # only below the first level: plan's caller checks that one
                said = ", ".join(f"`{p}` `{v}`" for p, v in shared)
                problems.append(Problem(candidate.position, f"variant `{candidate.name}` of union `{union}` shares {said} with another variant, so it must declare `{prop}` (the next property of `discriminator`) with a string `const` or `enum`"))
                continue
            for value in values:
                by_value.setdefault(value, []).append(candidate)
        cases: list[tuple[str, Candidate | Table]] = []
        for value, found in by_value.items():
            if len(found) == 1:
                cases.append((value, found[0]))
            elif level + 1 < len(properties):
                cases.append((value, table(level + 1, found, (*shared, (prop, value)))))
            else:
                said = ", ".join(f"`{p}` `{v}`" for p, v in (*shared, (prop, value)))
                if len(properties) == 1:
                    hint = f"give them distinct values, or tell them apart by a second property as well: `discriminator: [{prop}, <property>]`"
                    what = f"the discriminator value `{value}`"
                else:
                    hint = "give them distinct values, or add a property to `discriminator` that tells them apart"
                    what = f"the discriminator values {said}"
                problems.append(Problem(found[1].position, f"variants `{found[0].name}` and `{found[1].name}` of union `{union}` share {what}; {hint}"))
                cases.append((value, found[0]))
        return Table(prop, tuple(cases))

    return table(0, candidates, ()), problems
