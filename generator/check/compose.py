"""Stage 2a: name every inline shape and merge every `allOf`, before validation.

An inline enum, object (`properties`), composition (`allOf`) or union (`oneOf`,
`anyOf`) that stands where a type is used becomes a model of its own, named after where
it stands (docs/spec-format.md, "Inline schemas": `Run.status` -> `RunStatus`), and the
place that used it refers to that model. An `allOf` becomes one object with the
properties of its members, in order. What comes out is a spec in which every object and
union is a named model, so the validator and the IR builder see only those; every node
keeps the position it was read at, so problems still point into the files as written.

Reading runs before validation: anything this stage cannot make sense of is left as it
is for the validator to report. Name clashes and conflicting compositions are reported
here, each at its position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from .. import naming
from .compose_allof import merge_all_of
from .discriminators import read_discriminator, tag_values
from ..read.load import ListNode, MapNode, Node, ScalarNode, SpecFile
from ..naming import pascal
from ..problems import Position, Problem

USE_KEYS = ("description", "nullable", "default", "deprecated")
"""What stays where an inline shape is used: they describe the use, not the shape
(the description says both, so the model keeps it too)."""
PARAMETER_USE_KEYS = (*USE_KEYS, "required")
UNION_KEYS = ("oneOf", "anyOf")

# Where a schema stands decides what is made a model there: a parameter keeps objects and
# unions inline (the validator refuses them, as a query string cannot carry them).
PARAMETER, OTHER = "parameter", "other"


def inline_kind(entries: dict[str, Node]) -> str | None:
    """What an inline schema would become: `enum`, `object` or `union`; None for a
    reference or a plain type."""
    if "$ref" in entries:
        return None
    if "properties" in entries or "allOf" in entries:
        return "object"
    if any(key in entries for key in UNION_KEYS):
        return "union"
    if "enum" in entries:
        return "enum"
    return None


def _keyword(entries: dict[str, Node]) -> str:
    return next(key for key in ("properties", "allOf", "oneOf", "anyOf", "enum") if key in entries)


@dataclass
class Composer:
    files: list[SpecFile]
    problems: list[Problem] = field(default_factory=list)
    declared: dict[str, tuple[Node, str]] = field(default_factory=dict)
    """Each model name's first declaration, and its file."""
    taken: dict[str, Position] = field(default_factory=dict)
    """Every model name, declared or made, and where."""
    finished: dict[str, Node] = field(default_factory=dict)
    composing: list[str] = field(default_factory=list)
    made: dict[str, dict[str, tuple[Node, Position]]] = field(default_factory=dict)
    """Per file, the models made from inline shapes, in the order they were met."""

    def report(self, position: Position, message: str) -> None:
        self.problems.append(Problem(position, message))

    def resolve(self, name: str) -> Node | None:
        found = self.declared.get(name)
        return found[0] if found else None

    # -- models -------------------------------------------------------------------

    def finish(self, name: str, used_at: Position | None = None) -> Node:
        """The declared model `name` with its `allOf` merged and its inline shapes
        made models."""
        if name in self.finished:
            return self.finished[name]
        node, source = self.declared[name]
        if name in self.composing:
            chain = " -> ".join(f"`{n}`" for n in [*self.composing[self.composing.index(name) :], name])
            self.report(used_at or node.position, f"`allOf` makes `{name}` a part of itself ({chain}); compose it of other models")
            return node
        self.composing.append(name)
        finished = self.model_node(name, node, source)
        self.composing.pop()
        self.finished[name] = finished
        return finished

    def model_node(self, name: str, node: Node, source: str) -> Node:
        if not isinstance(node, MapNode):
            return node
        if "allOf" in node.entries:
            node = merge_all_of(self, f"`{name}`", node)
        return self.within(name, node, source)

    def within(self, owner: str, node: MapNode, source: str) -> MapNode:
        """`node` (a model) with the inline shapes inside it made models."""
        entries = dict(node.entries)
        properties = entries.get("properties")
        if isinstance(properties, MapNode):
            entries["properties"] = _remap(properties, {key: self.place(schema, source, pascal(owner, key)) for key, schema in properties.entries.items()})
        for key in UNION_KEYS:
            variants = entries.get(key)
            if isinstance(variants, ListNode):
                placed = [self.place_variant(owner, node, variant, source) for variant in variants.items]
                entries[key] = ListNode(tuple(placed), variants.position)
        if not ({"properties", "enum"} | set(UNION_KEYS)) & set(entries):  # an alias: the type it names
            return self.nested(MapNode(entries, node.key_positions, node.position), source, owner + naming.VALUES, OTHER)
        return MapNode(entries, node.key_positions, node.position)

    def place_variant(self, union: str, node: MapNode, variant: Node, source: str) -> Node:
        def shape_name(shape: MapNode) -> str:
            discriminator = read_discriminator(node.get("discriminator"))
            properties = shape.get("properties")
            parts = []
            for prop in discriminator.properties if discriminator else ():
                schema = properties.get(prop) if isinstance(properties, MapNode) else None
                values = tag_values(schema, self.resolve)
                if values:
                    parts.append(values[0])
            return union + (pascal(*parts) or "Object")

        return self.place(variant, source, union + naming.UNION_ENUM, OTHER, shape_name, union)

    # -- where a type is used -------------------------------------------------------

    def place(
        self,
        schema: Node,
        source: str,
        name: str,
        context: str = OTHER,
        shape_name: Callable[[MapNode], str] | None = None,
        nested_name: str | None = None,
    ) -> Node:
        """The schema at a place of use, with an inline shape replaced by a reference to
        the model made of it. `name` names an inline enum, `shape_name` (default: `name`)
        an inline object or union; `nested_name` (default: `name`) is what the items or
        values of an inline array or map are named after."""
        if not isinstance(schema, MapNode):
            return schema
        kind = inline_kind(schema.entries)
        if kind is None or (context == PARAMETER and kind != "enum"):
            return self.nested(schema, source, nested_name or name, context)
        use_keys = PARAMETER_USE_KEYS if context == PARAMETER else USE_KEYS
        at = schema.key_positions[_keyword(schema.entries)]
        single = _single_reference(schema)
        if single is not None:  # `allOf: [X]` beside a description: X, described
            return _use(schema, single, use_keys, single.position)
        model = MapNode(
            {k: v for k, v in schema.entries.items() if k not in use_keys or k == "description"},
            {k: p for k, p in schema.key_positions.items() if k not in use_keys or k == "description"},
            schema.position,
        )
        if kind == "object" and "allOf" in model.entries:
            model = merge_all_of(self, "this inline object", model)
        made = name if kind == "enum" or shape_name is None else shape_name(model)
        if made in self.taken:
            what = {"enum": "enum", "object": "object", "union": "union"}[kind]
            self.report(at, f"this inline {what} would be named `{made}`, which is already used at {self.taken[made]}: declare the {what} as a model and reference it with `$ref`")
            return ScalarNode("any", schema.position)
        self.taken[made] = at
        files = self.made.setdefault(source, {})
        files[made] = (model, at)  # its place in the order, before what it holds
        files[made] = (self.within(made, model, source), at)
        return _use(schema, ScalarNode(made, at), use_keys, at)

    def nested(self, schema: MapNode, source: str, name: str, context: str) -> MapNode:
        """An array's items and a map's values, placed: named `<name>Item`, `<name>Value`."""
        entries = dict(schema.entries)
        if "items" in entries:
            entries["items"] = self.place(entries["items"], source, name + naming.ITEMS, context)
        extra = entries.get("additionalProperties")
        if isinstance(extra, MapNode):
            entries["additionalProperties"] = self.place(extra, source, name + naming.VALUES, context)
        return MapNode(entries, schema.key_positions, schema.position)

    # -- the whole spec -------------------------------------------------------------

    def run(self) -> list[SpecFile]:
        for spec_file in self.files:
            models = _section(spec_file, "models")
            for name, node in models.items():
                if name not in self.declared:
                    self.declared[name] = (node, spec_file.path)
                    self.taken[name] = _section_positions(spec_file, "models")[name]
        for name in self.declared:
            self.finish(name)
        operations = {f.path: {name: self.operation(name, node, f.path) for name, node in _section(f, "operations").items()} for f in self.files}
        streams = {f.path: {name: self.stream(node, f.path) for name, node in _section(f, "streams").items()} for f in self.files}
        return [self.rebuilt(f, operations[f.path], streams[f.path]) for f in self.files]

    def operation(self, name: str, node: Node, source: str) -> Node:
        if not isinstance(node, MapNode):
            return node
        entries = dict(node.entries)
        for key in ("path_parameters", "query_parameters"):
            parameters = entries.get(key)
            if isinstance(parameters, MapNode):
                entries[key] = _remap(parameters, {p: self.place(s, source, pascal(name, p), PARAMETER) for p, s in parameters.entries.items()})
        if "response" in entries:
            entries["response"] = self.place(entries["response"], source, pascal(name, "response"))
        return MapNode(entries, node.key_positions, node.position)

    def stream(self, node: Node, source: str) -> Node:
        events = node.get("events") if isinstance(node, MapNode) else None
        if not isinstance(node, MapNode) or not isinstance(events, MapNode):
            return node
        placed: dict[str, Node] = {}
        for event, definition in events.entries.items():
            data = definition.get("data") if isinstance(definition, MapNode) else None
            if isinstance(definition, MapNode) and data is not None:
                definition = MapNode({**definition.entries, "data": self.place(data, source, pascal(event, "data"))}, definition.key_positions, definition.position)
            placed[event] = definition
        return MapNode({**node.entries, "events": _remap(events, placed)}, node.key_positions, node.position)

    def rebuilt(self, spec_file: SpecFile, operations: dict[str, Node], streams: dict[str, Node]) -> SpecFile:
        root = spec_file.root
        if not isinstance(root, MapNode):
            return spec_file
        entries = dict(root.entries)
        models = root.get("models")
        made = self.made.get(spec_file.path, {})
        key_positions = dict(root.key_positions)
        if isinstance(models, MapNode) or (models is None and made):
            declared = models if isinstance(models, MapNode) else MapNode({}, {}, root.position)
            key_positions.setdefault("models", root.position)
            nodes = {name: self.finished.get(name, node) if self.declared[name][0] is node else node for name, node in declared.entries.items()}
            positions = dict(declared.key_positions)
            for name, (node, at) in made.items():
                nodes[name] = node
                positions[name] = at
            entries["models"] = MapNode(nodes, positions, declared.position)
        if isinstance(root.get("operations"), MapNode):
            entries["operations"] = _remap(root.entries["operations"], operations)  # type: ignore[arg-type]
        if isinstance(root.get("streams"), MapNode):
            entries["streams"] = _remap(root.entries["streams"], streams)  # type: ignore[arg-type]
        return SpecFile(spec_file.path, MapNode(entries, key_positions, root.position), spec_file.problems)


def _single_reference(schema: MapNode) -> Node | None:
    """The member of `allOf: [X]` written with nothing else but use keys (upstream's
    way to describe a reference), as a `$ref` target; None otherwise."""
    members = schema.get("allOf")
    if not isinstance(members, ListNode) or len(members.items) != 1 or set(schema.entries) - {"allOf", *PARAMETER_USE_KEYS, "title"}:
        return None
    member = members.items[0]
    if isinstance(member, ScalarNode) and isinstance(member.value, str):
        return member
    ref = member.get("$ref") if isinstance(member, MapNode) else None
    if isinstance(member, MapNode) and isinstance(ref, ScalarNode) and set(member.entries) <= {"$ref", "description", "title"}:
        return ref
    return None


def _use(schema: MapNode, target: Node, use_keys: tuple[str, ...], at: Position) -> MapNode:
    entries: dict[str, Node] = {"$ref": target}
    positions = {"$ref": at}
    for key in use_keys:
        if key in schema.entries:
            entries[key] = schema.entries[key]
            positions[key] = schema.key_positions[key]
    return MapNode(entries, positions, schema.position)


def _remap(node: MapNode, entries: dict[str, Node]) -> MapNode:
    return MapNode(entries, node.key_positions, node.position)


def _section(spec_file: SpecFile, name: str) -> dict[str, Node]:
    node = spec_file.root.get(name) if isinstance(spec_file.root, MapNode) else None
    return node.entries if isinstance(node, MapNode) else {}


def _section_positions(spec_file: SpecFile, name: str) -> dict[str, Position]:
    node = spec_file.root.get(name) if isinstance(spec_file.root, MapNode) else None
    return node.key_positions if isinstance(node, MapNode) else {}


def compose(files: list[SpecFile]) -> tuple[list[SpecFile], list[Problem]]:
    """The spec with every inline shape a model and every `allOf` merged, and the
    problems found doing so."""
    composer = Composer(files)
    composed = composer.run()
    return composed, composer.problems
