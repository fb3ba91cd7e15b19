"""Stage 2: check the loaded spec against the format in docs/spec-format.md.

The validator walks every file once and collects every problem it finds; it never stops
at the first one. Whatever it accepts, the IR builder can translate without checks.
"""

from __future__ import annotations

from typing import Callable

from ..read.load import MapNode, Node, SpecFile
from ..problems import Position, SpecError, did_you_mean
from .api import check_api_settings
from .client import check_client_options
from .compose import compose
from .computed import check_computed
from .names import check_names
from .namespaces import check_namespaces
from .operations import check_operation, check_poll
from .schemas import check_schema
from .streams import check_stream
from .unions import check_union
from .wire import check_wire
from .context import API_KEYS, API_REQUIRED, Declared, PASCAL_CASE, QUERY_ARRAY_STYLES, SECTIONS, UNION_KEYS, Validator, quoted_list, pascal_example


def run(v: Validator) -> None:
    api_at: list[Position] = []
    for spec_file in v.files:
        v.problems.extend(spec_file.problems)
        root = spec_file.root
        if not isinstance(root, MapNode):
            v.report(root.position, f"a spec file is a mapping with sections {quoted_list(SECTIONS)}")
            continue
        v.check_keys(root, SECTIONS, "section")
        for section in ("models", "operations", "streams", "polls"):
            node = root.get(section)
            if node is None:
                continue
            if not isinstance(node, MapNode):
                v.report(node.position, f"`{section}` is a mapping of names to definitions")
                continue
            table = getattr(v, section)
            for name, definition in node.entries.items():
                position = node.key_positions[name]
                if name in table:
                    first = table[name].position
                    v.report(
                        position,
                        f"duplicate {section[:-1]} name `{name}` (first declared at {first})",
                    )
                    continue
                table[name] = Declared(definition, position)
        if "api" in root.entries:
            api_at.append(root.key_positions["api"])
            check_api(v, root.entries["api"])
    if not api_at:
        first = v.files[0]
        v.report(Position(first.path, 1, 1), "no `api` section: declare one in exactly one file")
    for extra in api_at[1:]:
        v.report(extra, f"second `api` section (the first is at {api_at[0]}); keep exactly one")

    for name, declared in v.models.items():
        check_model(v, name, declared)
    for name, declared in v.operations.items():
        check_operation(v, name, declared)
    for name, declared in v.streams.items():
        check_stream(v, name, declared)
    for name, declared in v.polls.items():
        check_poll(v, name, declared)
    check_alias_cycles(v)
    check_names(v)
    check_namespaces(v)
    check_wire(v)


def check_alias_cycles(v: Validator) -> None:
    reported: set[frozenset[str]] = set()
    for name, declared in v.models.items():
        chain = [name]
        while (target := v.aliased(chain[-1])) is not None and target not in chain:
            chain.append(target)
        if target is None or target != name:
            continue
        cycle = frozenset(chain)
        if cycle not in reported:
            reported.add(cycle)
            path = " -> ".join(f"`{n}`" for n in [*chain, name])
            v.report(declared.position, f"model `{name}` is an alias of itself: {path}")


def check_api(v: Validator, node: Node) -> None:
    if not isinstance(node, MapNode):
        v.report(node.position, "`api` is a mapping: " + quoted_list(API_KEYS))
        return
    v.check_keys(node, API_KEYS, "api")
    v.require_keys(node, API_REQUIRED, "`api`")
    check_api_settings(v, node)
    for key in ("title", "version", "base_url", "description"):
        v.string(node.get(key), f"`api.{key}`")
    headers = node.get("headers")
    if headers is not None:
        if not isinstance(headers, MapNode):
            v.report(headers.position, "`api.headers` maps header names to string values")
        else:
            for key, value in headers.entries.items():
                v.string(value, f"header `{key}`")
    v.client_options = check_client_options(v, node)
    style = v.string(node.get("query_arrays"), "`api.query_arrays`")
    if style is not None and style not in QUERY_ARRAY_STYLES:
        v.report(
            node.entries["query_arrays"].position,
            f"`query_arrays` is one of {quoted_list(QUERY_ARRAY_STYLES)}, not `{style}`{did_you_mean(style, QUERY_ARRAY_STYLES)}",
        )


def check_model(v: Validator, name: str, declared: Declared) -> None:
    if not PASCAL_CASE.match(name):
        v.report(declared.position, f"model name `{name}` must be PascalCase, such as `{pascal_example(name)}`")
    node = declared.node
    check_schema(v, node, context="model", owner=name)
    if isinstance(node, MapNode) and any(key in node.entries for key in UNION_KEYS):
        check_union(v, name, node)
    if isinstance(node, MapNode) and "computed" in node.entries:
        check_computed(v, name, node)


def validate(files: list[SpecFile], check_target: Callable[[Validator], None]) -> list[SpecFile]:
    """The spec with its inline shapes named and its compositions merged (see
    generator/check/compose.py), which is what the IR builder reads; raise SpecError
    with every problem in the spec, the target's (`check_target`) among them."""
    composed, problems = compose(files)
    validator = Validator(composed, problems)
    run(validator)
    check_target(validator)
    if validator.problems:
        raise SpecError(validator.problems)
    return composed
