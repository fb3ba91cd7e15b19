"""Checks on unions (`oneOf`, `anyOf`): decoding must find a value's variant by looking,
never by trying one variant after another. Split from validate.py, which calls
`check_union`.

A value's JSON kind picks its variant when each kind has one; several object variants
need a `discriminator` (generator/check/discriminators.py) whose values select exactly one
variant each, with the help of further properties where variants share a value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .discriminators import Candidate, read_discriminator, tag_values, plan
from ..read.load import ListNode, MapNode, Node, ScalarNode
from ..problems import did_you_mean
from .schemas import json_kind

if TYPE_CHECKING:
    from .context import Validator


def check_union(v: Validator, name: str, node: MapNode) -> None:
    key = "oneOf" if "oneOf" in node.entries else "anyOf"
    variants = node.entries[key]
    if not isinstance(variants, ListNode):
        return
    discriminator = read_discriminator(node.get("discriminator"), v.report)
    by_kind: dict[str, list[Node]] = {}
    for variant in variants.items:
        kind = json_kind(v, variant)
        if kind == "union":
            v.report(variant.position, "a union cannot contain another union: list its variants here instead")
        elif kind is not None:
            by_kind.setdefault(kind, []).append(variant)
    for kind, members in by_kind.items():
        if len(members) < 2 or (kind == "object" and "discriminator" in node.entries):  # a malformed one is reported
            continue
        if kind == "object":
            v.report(members[1].position, f"union `{name}` has several object variants: add `discriminator: <property>` to tell them apart")
        else:
            v.report(members[1].position, f"union `{name}` has several {kind} variants; decoding could not tell them apart")
    if discriminator is None:
        return
    objects = by_kind.get("object", [])
    if not objects:
        v.report(
            discriminator.position,
            f"union `{name}` has no object variants for `discriminator` to tell apart: remove `discriminator`, or list object models in `{key}`",
        )
        return
    first = discriminator.properties[0]
    candidates: list[Candidate] = []
    names: list[str] = []
    default_found = False
    for variant in objects:
        index = variants.items.index(variant)
        model_name = _ref_name(variant)
        target = v.aliased(model_name) if model_name else None
        if target is not None:
            v.report(variant.position, f"variant `{model_name}` of union `{name}` is an alias of `{target}`: list `{target}` in `{key}` directly")
            continue
        model = v.resolve_model(model_name) if model_name else None
        if model is None or model_name is None:
            v.report(variant.position, "with a discriminator, each object variant must be a reference to an object model")
            continue
        names.append(model_name)
        properties = model.get("properties")
        fields = properties.entries if isinstance(properties, MapNode) else {}
        is_default = model_name == discriminator.default
        default_found |= is_default
        if is_default and first in _required(model):
            v.report(
                discriminator.default_position or discriminator.position,
                f"`{model_name}` requires `{first}`, so no object without `{first}` can be one: make `{first}` optional in `{model_name}`, or name another default",
            )
        values = tuple(tag_values(fields.get(prop), v.resolve_model) for prop in discriminator.properties)
        if first not in fields:
            if not is_default:
                v.report(variant.position, f"variant `{model_name}` has no property `{first}`, the discriminator of union `{name}`{did_you_mean(first, fields)}")
            continue
        if values[0] is None:
            v.report(
                variant.position,
                f"variant `{model_name}` must declare `{first}` with a string `const` or an `enum` of strings, so union `{name}` can tell it apart",
            )
            continue
        candidates.append(Candidate(index, model_name, values, variant.position))
    if discriminator.default is not None and not default_found:
        v.report(
            discriminator.default_position or discriminator.position,
            f"`default` `{discriminator.default}` is not an object variant of union `{name}`{did_you_mean(discriminator.default, names)}",
        )
    _, problems = plan(name, discriminator.properties, candidates)
    v.problems.extend(problems)


def _required(model: MapNode) -> set[str]:
    listed = model.get("required")
    return {item.value for item in listed.items if isinstance(item, ScalarNode) and isinstance(item.value, str)} if isinstance(listed, ListNode) else set()


def _ref_name(node: Node | None) -> str | None:
    if isinstance(node, ScalarNode):
        return node.value if isinstance(node.value, str) and node.value not in ("string", "integer", "number", "boolean", "any") else None
    if isinstance(node, MapNode):
        ref = node.get("$ref")
        if isinstance(ref, ScalarNode) and isinstance(ref.value, str):
            return ref.value
    return None
