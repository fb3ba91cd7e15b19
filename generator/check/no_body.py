"""`response: null`: an operation whose success answer has no JSON body to decode (a 204,
or a 200 with nothing in it, as some deletes answer). Split from validate.py, whose
operation check calls `check_response`.

The key stays required: a spec says `null` on purpose, so that an operation cannot lose
its response model by an omission and quietly return None.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..read.load import MapNode, Node, ScalarNode
from .schemas import check_schema

if TYPE_CHECKING:
    from .context import Validator


def is_no_body(node: Node | None) -> bool:
    """Whether `node` is the `null` of `response: null`."""
    return isinstance(node, ScalarNode) and node.value is None


def check_response(v: Validator, name: str, operation: MapNode) -> None:
    """The operation's `response`: a schema, or `null` for an answer without a body,
    which neither a streaming nor a paginated operation can have (each reads a body)."""
    response = operation.get("response")
    if response is None:
        v.report(operation.position, f"operation `{name}` is missing `response`: name the model of its body, or write `response: null` if it answers without one")
        return
    if not is_no_body(response):
        check_schema(v, response, "variant", name)
        return
    if "stream" in operation.entries:
        v.report(response.position, f"operation `{name}` streams, and its answer without `stream: true` is a body too: name its model in `response`")
