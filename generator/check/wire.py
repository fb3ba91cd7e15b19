"""Checks on what the spec puts on the wire as it is: paths, header names and values,
the base URL. Split from validate.py, which calls `check_wire`.

Text that HTTP cannot carry would otherwise pass validation, generate, and fail on every
call (`path.encode("ascii")`, or an HTTP library refusing a header), so it is refused
here with its position instead.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..read.load import MapNode, Node, ScalarNode
from ..problems import Position, printable

if TYPE_CHECKING:
    from .context import Validator

# RFC 9110 5.1: a field name is a token
HEADER_NAME = re.compile(r"\A[!#$%&'*+\-.^_`|~0-9A-Za-z]+\Z")
# RFC 9110 5.5, without obsolete text: visible ASCII, spaces inside
HEADER_VALUE = re.compile(r"\A(?:[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?)?\Z")
# visible ASCII is sent as written; `?` and `#` would end the path
PATH_TEXT = re.compile(r"[\x21-\x7e]")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def check_wire(validator: Validator) -> None:
    """Report every path, header and base URL HTTP cannot carry as written."""
    roots = [spec_file.root for spec_file in validator.files if isinstance(spec_file.root, MapNode)]
    api = next((root.entries["api"] for root in roots if isinstance(root.get("api"), MapNode)), None)
    if isinstance(api, MapNode):
        _check_base_url(validator, api.get("base_url"))
        version = api.get("version")
        if isinstance(version, ScalarNode) and isinstance(version.value, str) and not HEADER_VALUE.match(version.value):
            validator.report(
                version.position,
                f"`api.version` `{printable(version.value)}` is sent in the User-Agent header, which HTTP cannot carry "
                "with it: use visible ASCII characters and inner spaces, such as `2.3.0`",
            )
        headers = api.get("headers")
        if isinstance(headers, MapNode):
            for name, value in headers.entries.items():
                _check_header_name(validator, headers.key_positions[name], name, "header name")
                text = value.value if isinstance(value, ScalarNode) else None
                if isinstance(text, str) and not HEADER_VALUE.match(text):
                    validator.report(
                        value.position,
                        f"header `{name}` has the value `{printable(text)}`, which HTTP cannot send: "
                        "use visible ASCII characters and inner spaces",
                    )
    for declared in validator.operations.values():
        path = declared.node.get("path") if isinstance(declared.node, MapNode) else None
        if isinstance(path, ScalarNode) and isinstance(path.value, str):
            _check_path(validator, path)
    for declared in validator.polls.values():
        header = declared.node.get("interval_header") if isinstance(declared.node, MapNode) else None
        if isinstance(header, ScalarNode) and isinstance(header.value, str):
            _check_header_name(validator, header.position, header.value, "`interval_header`")


def _check_header_name(validator: Validator, position: Position, name: str, what: str) -> None:
    if not HEADER_NAME.match(name):
        hint = re.sub(r"[^!#$%&'*+\-.^_`|~0-9A-Za-z]+", "-", name).strip("-") or "X-Name"
        validator.report(position, f"{what} `{printable(name)}` is not an HTTP token (letters, digits and `!#$%&'*+-.^_`|~`): write `{hint}`")


def _check_path(validator: Validator, node: ScalarNode) -> None:
    text = PLACEHOLDER.sub("", str(node.value))
    bad = sorted({ch for ch in text if not PATH_TEXT.match(ch) or ch in "?#"})
    if bad:
        shown = ", ".join(f"`{printable(ch)}`" if ch.isprintable() and ch != " " else f"U+{ord(ch):04X}" for ch in bad)
        validator.report(
            node.position,
            f"`path` holds characters a request path cannot carry as written ({shown}): percent-encode them "
            "(a space is `%20`); query parameters go under `query_parameters`",
        )


def _check_base_url(validator: Validator, node: Node | None) -> None:
    if not (isinstance(node, ScalarNode) and isinstance(node.value, str)):
        return  # absent or not a string: reported already
    url = node.value
    parts = urlsplit(url) if url.isascii() and url.isprintable() and " " not in url else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        validator.report(node.position, f"`base_url` `{printable(url)}` must be an absolute http or https URL, such as `https://api.example.com/v1`")
