"""Names the generator derives from the spec, shared by validation, the IR builder and
templates (as the `pascal` and `camel` filters)."""

from __future__ import annotations

import re


# What an inline enum is named after, besides its owner and field (`Run.status` ->
# `RunStatus`): the validator checks these names are free, the IR builder uses them.
ITEMS = "Item"  # the items of an array: `CreateRunInclude` + `Item`
VALUES = "Value"  # the values of a map, or what an alias model names
UNION_ENUM = "Enum"  # a string enum among a union's variants


def pascal(*parts: str) -> str:
    """`("run", "status")` -> `RunStatus`; `thread.run.created` -> `ThreadRunCreated`."""
    words = (w for part in parts for w in re.split(r"[^A-Za-z0-9]+", part) if w)
    return "".join(w[:1].upper() + w[1:] for w in words)


def member_name(value: str) -> str:
    """An UPPER_SNAKE identifier for an enum value or event name: `in_progress` -> `IN_PROGRESS`."""
    spaced = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", value)
    name = re.sub(r"[^A-Za-z0-9]+", "_", spaced).strip("_").upper() or "EMPTY"
    return "VALUE_" + name if name[0].isdigit() else name


def camel(*parts: str) -> str:
    """`("run", "status")` -> `runStatus`; `thread.run.created` -> `threadRunCreated`."""
    name = pascal(*parts)
    return name[:1].lower() + name[1:]
