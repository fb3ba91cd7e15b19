"""The OpenAPI document as positioned nodes, and the `$ref`s inside it.

Reading is generator/exports/upstream_reading.py's (bounded size, values and depth; YAML aliases
allowed, each counted as all it repeats). Below the top level the document may hold
anything anywhere, so every lookup here reads what is not the expected shape as absent;
the converter reports it where it matters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from ..read.nodes import ListNode, MapNode, Node, ScalarNode
from ..problems import Position, Problem
from ..exports.upstream_reading import UpstreamError, read_upstream_tree

SCHEMAS = "#/components/schemas/"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


class ImportFailed(UpstreamError):
    """The document cannot be imported at all (or the selection names nothing in it)."""


def entries(node: Node | None) -> dict[str, Node]:
    return node.entries if isinstance(node, MapNode) else {}


def items(node: Node | None) -> tuple[Node, ...]:
    return node.items if isinstance(node, ListNode) else ()


def scalar(node: Node | None) -> object:
    return node.value if isinstance(node, ScalarNode) else None


def string(node: Node | None) -> str | None:
    value = scalar(node)
    return value if isinstance(value, str) else None


def doc_text(node: Node | None) -> str | None:
    """Documentation text, without the whitespace around it and at the end of its lines
    (which the generator drops as well): it then reads as plain text or a block."""
    text = string(node)
    if text is None or not text.strip():
        return None
    return "\n".join(line.rstrip() for line in text.strip().split("\n"))


def key_position(node: MapNode, key: str) -> Position:
    return node.key_positions.get(key, node.position)


def describe(node: Node | None) -> str:
    if isinstance(node, MapNode):
        return "a mapping"
    if isinstance(node, ListNode):
        return "a list"
    if node is None or node.value is None:
        return "empty"
    return f"the value `{str(node.value)[:40]}`"


@dataclass(frozen=True)
class Resolved:
    node: Node | None  # None when the reference cannot be followed
    component: str | None  # the schema's name when the pointer names a whole component schema
    error: str = ""  # why it cannot be followed


@dataclass
class Document:
    root: MapNode
    display: str  # the path shown in problems
    name: str  # the file name alone, for comments in the output (the same from any folder)
    recursive: dict[int, str] = field(default_factory=dict)  # a `$recursiveRef: '#'` -> its schema

    def __post_init__(self) -> None:
        """`$recursiveRef: '#'` inside a schema with `$recursiveAnchor: true` names that
        schema (JSON Schema 2019-09); found once, without following `$ref`s."""
        for name, schema in self.schemas.items():
            if scalar(entries(schema).get("$recursiveAnchor")) is not True:
                continue
            pending, seen = [schema], set()
            while pending:
                node = pending.pop()
                if id(node) in seen:
                    continue
                seen.add(id(node))
                if isinstance(node, MapNode):
                    if string(node.get("$recursiveRef")) == "#":
                        self.recursive[id(node)] = name
                    pending.extend(node.entries.values())
                elif isinstance(node, ListNode):
                    pending.extend(node.items)

    @property
    def schemas(self) -> dict[str, Node]:
        return entries(entries(self.root.get("components")).get("schemas"))

    def schemas_node(self) -> MapNode | None:
        node = entries(self.root.get("components")).get("schemas")
        return node if isinstance(node, MapNode) else None

    def resolve(self, ref: str) -> Resolved:
        """Follow a `$ref` inside this document (a JSON pointer after `#`)."""
        if not ref.startswith("#"):
            return Resolved(None, None, f"`{_short(ref)}` points outside this document; only `#/...` references are followed")
        if ref.startswith(SCHEMAS) and "/" not in ref[len(SCHEMAS):]:
            name = unquote(ref[len(SCHEMAS):]).replace("~1", "/").replace("~0", "~")
            schema = self.schemas.get(name)
            if schema is None:
                return Resolved(None, None, f"`{_short(ref)}` names no schema in `components.schemas`")
            return Resolved(schema, name)
        node: Node | None = self.root
        for part in unquote(ref[1:]).split("/")[1:]:
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, MapNode):
                node = node.entries.get(part)
            elif isinstance(node, ListNode) and part.isdigit() and int(part) < len(node.items):
                node = node.items[int(part)]
            else:
                node = None
            if node is None:
                return Resolved(None, None, f"`{_short(ref)}` points at nothing in this document")
        return Resolved(node, None)

    def follow(self, node: Node | None, kind: str) -> tuple[Node | None, str]:
        """A parameter, request body or response object, through its `$ref`s (at most
        a few: a chain longer than that is a cycle or not worth following)."""
        for _ in range(8):
            ref = string(entries(node).get("$ref"))
            if ref is None:
                return node, ""
            resolved = self.resolve(ref)
            if resolved.node is None:
                return None, resolved.error
            node = resolved.node
        return None, f"the {kind} references form a chain that does not end"


def read_document(path: Path) -> Document:
    """Read and check the top of an OpenAPI 3 document; ImportFailed when it is not one."""
    try:
        root = read_upstream_tree(path)
    except UpstreamError as error:
        raise ImportFailed(error.problems) from None
    version = root.get("openapi")
    shown = root.position.file
    if not (isinstance(version, ScalarNode) and isinstance(version.value, str) and version.value.startswith("3.")):
        where = version.position if version is not None else root.position
        found = "a `swagger` 2 document" if "swagger" in root.entries else f"`openapi` is {describe(version)}"
        raise ImportFailed([Problem(where, f"this is not an OpenAPI 3 document ({found}): give an OpenAPI 3.0 or 3.1 document")])
    paths = root.get("paths")
    if not isinstance(paths, MapNode):
        raise ImportFailed([Problem(root.position, "the document has no `paths`: there is no operation to import")])
    return Document(root, shown, path.name)


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."
