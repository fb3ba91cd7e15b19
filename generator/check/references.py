"""Checks that the names a spec refers to are names it declares.

Split from validate.py, which calls these: a name the spec uses to point at something
(a poll's field and arguments; a union's discriminator is checked by check/unions.py) reaches generated code as an
attribute or a key, so it must name a declared property, not just be some text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..read.load import MapNode, Node, ScalarNode
from ..problems import did_you_mean

if TYPE_CHECKING:
    from .context import Validator


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
