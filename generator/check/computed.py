"""`computed`: properties an object model's class computes from its fields, each written
by a partial of the style (`partials/computed/<helper>.jinja`).

The validator calls `check_computed` for each model that declares some; render.py (and
`validate` in cli.py) call `check_computed_helpers`, which needs the style's folders.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .. import ir
from ..read.load import MapNode, Node, ScalarNode
from ..problems import Problem, did_you_mean

if TYPE_CHECKING:
    from .context import Validator

COMPUTED_KEYS = ("helper", "description")
COMPUTED_FOLDER = "partials/computed"
PASCAL_CASE = re.compile(r"\A[A-Z][A-Za-z0-9]*\Z")
SNAKE_CASE = re.compile(r"\A[a-z][a-z0-9_]*\Z")


def check_computed(v: Validator, owner: str, node: MapNode) -> None:
    """A model's `computed`: a mapping of property names to `{helper, description}`,
    on an object model, named unlike its fields and what its class uses."""
    computed = node.entries["computed"]
    if not isinstance(computed, MapNode) or not computed.entries:
        v.report(computed.position, "`computed` maps property names to `{helper: <PascalCase partial>, description: ...}`")
        return
    properties = node.get("properties")
    if not isinstance(properties, MapNode):
        v.report(node.key_positions["computed"], f"`computed` adds properties to an object model; `{owner}` has no `properties`")
        return
    for name, definition in computed.entries.items():
        at = computed.key_positions[name]
        problem = _name_problem(name, properties)
        if problem:
            v.report(at, f"computed property `{name}` of `{owner}`: {problem}")
        if not isinstance(definition, MapNode):
            v.report(definition.position, f"computed property `{name}` is a mapping: `{{helper: <PascalCase partial>, description: ...}}`")
            continue
        v.check_keys(definition, COMPUTED_KEYS, "computed property")
        v.require_keys(definition, ("helper",), f"computed property `{name}`")
        v.string(definition.get("description"), "`description`")
        helper = v.string(definition.get("helper"), "`helper`")
        if helper is not None and not PASCAL_CASE.match(helper):
            v.report(definition.entries["helper"].position, f"`helper` names the style's partial `{COMPUTED_FOLDER}/<helper>.jinja`: a PascalCase name, not `{helper}`")


def _name_problem(name: str, properties: MapNode) -> str | None:
    if not SNAKE_CASE.match(name):
        return "a property name is snake_case (lower-case letters, digits and `_`, starting with a letter)"
    if name in properties.entries:
        return f"the field `{name}` has that name; a computed property stands beside the fields, never for one"
    return None


def read_computed(node: Node | None) -> tuple[ir.Computed, ...]:
    """The IR of a validated `computed` mapping (none when absent)."""
    if not isinstance(node, MapNode):
        return ()
    found = []
    for name, definition in node.entries.items():
        assert isinstance(definition, MapNode)
        helper = definition.entries["helper"]
        description = definition.get("description")
        assert isinstance(helper, ScalarNode)
        found.append(
            ir.Computed(
                name=name,
                helper=str(helper.value),
                description=str(description.value) if isinstance(description, ScalarNode) else "",
                helper_at=helper.position,
            )
        )
    return tuple(found)


def check_computed_helpers(models: Iterable[ir.Model], folders: Sequence[Path]) -> list[Problem]:
    """At render time: each computed property's `helper` names a partial of the style.
    Unlike stream helpers there is no generic stand-in, so a style without the folder
    has none."""
    available = sorted({p.stem for folder in folders if (folder / COMPUTED_FOLDER).is_dir() for p in (folder / COMPUTED_FOLDER).glob("*.jinja") if PASCAL_CASE.match(p.stem)})
    problems = []
    for model in models:
        for computed in model.computed if isinstance(model, ir.ObjectModel) else ():
            if computed.helper not in available and computed.helper_at is not None:
                listed = ", ".join(f"`{name}`" for name in available) or "none"
                problems.append(
                    Problem(
                        computed.helper_at,
                        f"the style has no computed property `{computed.helper}` (`{COMPUTED_FOLDER}/{computed.helper}.jinja`){did_you_mean(computed.helper, available)}; it has {listed}",
                    )
                )
    return problems
