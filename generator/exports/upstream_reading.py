"""Reading what `diff-upstream` compares against: the upstream OpenAPI document and our
list of deliberate deviations, within bounds and checked for shape.

The upstream document is someone else's file, large and trusted less than the spec: it
may use YAML aliases (each counts every value it repeats, so a bomb stops at the limit),
and any shape the comparison cannot read is refused with its position here, so that the
comparison itself only ever sees mappings where it expects mappings.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..read.load import SPEC_LIMITS, display_path
from ..read.nodes import ListNode, MapNode, Node, ScalarNode, plain
from ..problems import GenerationError, Position, Problem
from ..read.files import MIB, ReadError, read_text
from ..read.yaml_tree import Limits, Unreadable, read_tree

# The whole OpenAI document is a few MB, nested about 20 levels, some 200,000 values.
UPSTREAM_LIMITS = Limits(depth=128, nodes=4_000_000, aliases=True, too_many="this is far more than an API description holds")
UPSTREAM_BYTES = 64 * MIB


class UpstreamError(GenerationError):
    """The upstream document or the deviations file cannot be used."""


@dataclass(frozen=True)
class Deviation:
    path: str
    what: str
    reason: str


def _read(path: Path, limits: Limits, max_bytes: int) -> tuple[str, Node | None]:
    display = display_path(path)
    try:
        root, problems = read_tree(read_text(path, display, max_bytes, "this is far more than an API description holds"), display, limits)
    except ReadError as exc:
        raise UpstreamError([exc.problem]) from None
    except Unreadable as exc:
        raise UpstreamError(exc.problems) from None
    if problems:
        raise UpstreamError(problems)
    return display, root


def read_upstream(path: Path) -> dict[str, Any]:
    """The upstream OpenAPI document as plain data, its top-level shape checked."""
    document = plain(read_upstream_tree(path))
    assert isinstance(document, dict)
    return document


def read_upstream_tree(path: Path) -> MapNode:
    """The upstream OpenAPI document as nodes that keep their positions (for the
    importer, whose problems point into it), its top-level shape checked."""
    display, root = _read(path, UPSTREAM_LIMITS, UPSTREAM_BYTES)
    if not isinstance(root, MapNode):
        what = "empty" if root is None else f"{_kind(root)}, not a mapping"
        where = Position(display, 1, 1) if root is None else root.position
        raise UpstreamError([Problem(where, f"the upstream document is {what}: give an OpenAPI document (a mapping with `paths` and `components`)")])
    problems = []
    if "paths" not in root.entries and "components" not in root.entries:
        problems.append(Problem(root.position, "the upstream document has neither `paths` nor `components`: give an OpenAPI document"))
    components = root.get("components")
    for name, node in (("paths", root.get("paths")), ("components", components), ("components.schemas", components.get("schemas") if isinstance(components, MapNode) else None)):
        if node is not None and not isinstance(node, MapNode):
            problems.append(Problem(node.position, f"`{name}` is {_kind(node)}: OpenAPI makes it a mapping"))
    if problems:
        raise UpstreamError(problems)
    return root


def load_deviations(path: Path) -> list[Deviation]:
    """The deliberate deviations (none when the file does not exist)."""
    if not path.exists():
        return []
    _, root = _read(path, SPEC_LIMITS, MIB)
    shape = "write `deviations:` as a list of `- {path: ..., what: ..., reason: ...}`"
    if root is None:
        return []
    if not isinstance(root, MapNode):
        raise UpstreamError([Problem(root.position, f"expected a mapping: {shape}")])
    entries = root.get("deviations")
    if entries is None:
        return []
    if not isinstance(entries, ListNode):
        raise UpstreamError([Problem(entries.position, f"expected a list: {shape}")])
    found: list[Deviation] = []
    problems: list[Problem] = []
    for entry in entries.items:
        fields = {key: node.value for key, node in entry.entries.items() if isinstance(node, ScalarNode)} if isinstance(entry, MapNode) else {}
        missing = [key for key in ("path", "what", "reason") if not isinstance(fields.get(key), str)]
        if missing:
            problems.append(Problem(entry.position, f"a deviation needs {', '.join(f'`{m}`' for m in missing)} as text: {shape}"))
        else:
            found.append(Deviation(str(fields["path"]), str(fields["what"]), str(fields["reason"])))
    if problems:
        raise UpstreamError(problems)
    return found


def _kind(node: Node) -> str:
    if isinstance(node, MapNode):
        return "a mapping"
    if isinstance(node, ListNode):
        return "a list"
    return "empty" if node.value is None else f"the value `{str(node.value)[:40]}`"
