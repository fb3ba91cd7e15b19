"""Checks that the names a spec refers to are names it declares.

Split from validate.py, which calls these: a name the spec uses to point at something
(a union's discriminator, a poll's field and arguments) reaches generated code as an
attribute or a key, so it must name a declared property, not just be some text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .load import MapNode, Node, ScalarNode
from .problems import did_you_mean

if TYPE_CHECKING:
    from .validate import Validator


def check_discriminator(validator: Validator, name: str, node: MapNode, object_variants: list[Node]) -> None:
    """A discriminator tells object variants apart by one of their properties, so a
    union with one needs object variants; which property each declares is checked by
    `Validator.check_union`."""
    value = node.get("discriminator")
    if value is None or not (isinstance(value, ScalarNode) and isinstance(value.value, str)):
        return  # absent, or reported as not a string
    if not object_variants:
        validator.report(
            value.position,
            f"union `{name}` has no object variants for `discriminator` to tell apart: remove `discriminator`, "
            "or list object models in `oneOf`",
        )


def check_polled_field(validator: Validator, value: Node | None, what: str, fields: dict[str, Node] | None) -> str | None:
    """`value` (a poll's `field` or an `arguments` value) must name a property of the
    polled model, whose properties are `fields` (None when the model is unknown, which
    is reported already); returns the name when it does."""
    name = validator.string(value, what)
    if name is None or fields is None or value is None:
        return None
    if name not in fields:
        hint = did_you_mean(name, fields) if fields else ": the polled model declares no properties"
        validator.report(value.position, f"the polled object has no field `{name}`{hint}")
        return None
    return name
