"""Checks on the `api` settings that shape the client itself: `name` (the package and
its folder), `auth` (how the key is sent) and `request_id_header`. Split from
validate.py, whose `check_api` calls `check_api_settings`.

`api.name` becomes a folder in the output and the name of a package that code imports,
so it is held to a plain identifier: never a path, a keyword or a dunder such as
`__pycache__`, which tools treat as their own.
"""

from __future__ import annotations

import keyword
import re
from typing import TYPE_CHECKING

from ..read.load import MapNode, Node, ScalarNode
from ..problems import printable
from .wire import HEADER_NAME

if TYPE_CHECKING:
    from .context import Validator

PACKAGE_NAME = re.compile(r"\A[a-z_][a-z0-9_]*\Z")
MAX_PACKAGE_NAME = 100  # one file name; far below any file system's limit
AUTH_KEYS = ("header", "scheme")
AUTH_SCHEMES = ("bearer",)  # the one shorthand: `auth: bearer`


def package_name_problem(name: str) -> str | None:
    """Why `name` cannot be `api.name`, or None."""
    if not PACKAGE_NAME.match(name):
        return "must be a snake_case identifier, such as `openai_runs`"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return "is a Python keyword, which no `import` can name"
    if name.startswith("__"):
        return "starts with `__`: such folders belong to Python and its tools (`__pycache__`)"
    if len(name) > MAX_PACKAGE_NAME:
        return f"is longer than {MAX_PACKAGE_NAME} characters"
    return None


def check_api_settings(v: Validator, api: MapNode) -> None:
    """Report every problem of `api.name`, `api.auth` and `api.request_id_header`."""
    name = v.string(api.get("name"), "`api.name`")
    if name is not None:
        wrong = package_name_problem(name)
        if wrong:
            v.report(api.entries["name"].position, f"`api.name` `{printable(name[:60])}` {wrong}: it names the generated package and its folder")
    sent = {header.lower() for header in _keys(api.get("headers"))}
    sent |= {header.lower() for header in _client_headers(api.get("client_headers"))}
    auth = api.get("auth")
    if auth is not None:
        _check_auth(v, auth, sent)
    request_id = api.get("request_id_header")
    if request_id is not None:
        text = v.string(request_id, "`api.request_id_header`")
        if text is not None and not HEADER_NAME.match(text):
            v.report(request_id.position, f"`api.request_id_header` `{printable(text)}` is not an HTTP token (letters, digits and `!#$%&'*+-.^_`|~`)")


def _check_auth(v: Validator, node: Node, sent: set[str]) -> None:
    if isinstance(node, ScalarNode):
        if node.value not in AUTH_SCHEMES:
            v.report(node.position, f"`api.auth` is `bearer` or a mapping with `header` (and `scheme`), not `{printable(str(node.value))}`")
        return
    if not isinstance(node, MapNode):
        v.report(node.position, "`api.auth` is `bearer` or a mapping with `header` (and `scheme`)")
        return
    v.check_keys(node, AUTH_KEYS, "`api.auth`")
    v.require_keys(node, ("header",), "`api.auth`")
    header = v.string(node.get("header"), "`api.auth.header`")
    if header is not None:
        at = node.entries["header"].position
        if not HEADER_NAME.match(header):
            v.report(at, f"`api.auth.header` `{printable(header)}` is not an HTTP token (letters, digits and `!#$%&'*+-.^_`|~`)")
        elif header.lower() in sent:
            v.report(at, f"header `{header}` is sent already, by `api.headers` or a client header; the key needs a header of its own")
    scheme = v.string(node.get("scheme"), "`api.auth.scheme`")
    if scheme is not None and not HEADER_NAME.match(scheme):
        # RFC 9110 11.1: an auth-scheme is a token; the key follows it after one space
        v.report(node.entries["scheme"].position, f"`api.auth.scheme` `{printable(scheme)}` is not an HTTP token, such as `Bearer` or `Token`")


def _keys(node: Node | None) -> list[str]:
    return list(node.entries) if isinstance(node, MapNode) else []


def _client_headers(node: Node | None) -> list[str]:
    """The header names `api.client_headers` send (validate_client checks them)."""
    found = []
    for option in node.entries.values() if isinstance(node, MapNode) else ():
        header = option.get("header") if isinstance(option, MapNode) else None
        if isinstance(header, ScalarNode) and isinstance(header.value, str):
            found.append(header.value)
    return found
