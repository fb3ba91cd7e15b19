"""Checks on what the spec says about the client itself: `api.environment` (the
environment variables it reads) and `api.client_headers` (options sent as headers).
Split from validate.py, whose `check_api` calls `check_client_options`.

The names become a constructor's keywords and a client's attributes, and the variables
are read with `os.environ`, so a name that would clash with the client's own, or a
variable no shell can set, is refused here with its position.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..read.load import MapNode, ScalarNode
from ..problems import Position, printable
from .wire import HEADER_NAME

if TYPE_CHECKING:
    from .context import Validator

ENVIRONMENT_KEYS = ("api_key", "base_url", "log")
CLIENT_HEADER_KEYS = ("header", "environment", "description")
# POSIX: upper-case letters, digits and `_`, not starting with a digit
ENVIRONMENT_NAME = re.compile(r"\A[A-Z_][A-Z0-9_]*\Z")
OPTION_NAME = re.compile(r"\A[a-z][a-z0-9_]*\Z")


def check_client_options(v: Validator, api: MapNode) -> dict[str, Position]:
    """Report every problem of `api.environment` and `api.client_headers`; returns the
    client header options' names and positions (operations may not take them)."""
    variables: dict[str, Position] = {}
    environment = api.get("environment")
    if environment is not None:
        if not isinstance(environment, MapNode):
            v.report(environment.position, "`api.environment` maps " + _keys(ENVIRONMENT_KEYS) + " to environment variable names")
        else:
            v.check_keys(environment, ENVIRONMENT_KEYS, "`api.environment`")
            for key, node in environment.entries.items():
                _variable(v, node, f"`api.environment.{key}`", variables)
    options: dict[str, Position] = {}
    headers = api.get("client_headers")
    if headers is None:
        return options
    if not isinstance(headers, MapNode):
        v.report(headers.position, "`api.client_headers` maps option names to a mapping with `header` (and `environment`, `description`)")
        return options
    sent = {name.lower(): position for name, position in _entries_of(api.get("headers")).items()}
    for name, node in headers.entries.items():
        position = headers.key_positions[name]
        if _option_name(v, name, position):
            options[name] = position
        if not isinstance(node, MapNode):
            v.report(node.position, f"client header `{name}` is a mapping with `header` (and `environment`, `description`)")
            continue
        v.check_keys(node, CLIENT_HEADER_KEYS, f"client header `{name}`")
        v.require_keys(node, ("header",), f"client header `{name}`")
        header = v.string(node.get("header"), f"`{name}.header`")
        if header is not None:
            if not HEADER_NAME.match(header):
                v.report(node.entries["header"].position, f"`{name}.header` `{printable(header)}` is not an HTTP token (letters, digits and `!#$%&'*+-.^_`|~`)")
            elif header.lower() in sent:
                v.report(node.entries["header"].position, f"header `{header}` is sent already, by `api.headers` or another client header ({sent[header.lower()]}); HTTP names compare without case")
            else:
                sent[header.lower()] = node.entries["header"].position
        v.string(node.get("description"), f"`{name}.description`")
        if "environment" in node.entries:
            _variable(v, node.entries["environment"], f"`{name}.environment`", variables)
    return options


def _option_name(v: Validator, name: str, position: Position) -> bool:
    if not OPTION_NAME.match(name):
        v.report(position, f"client header option `{printable(name)}` must be a snake_case identifier starting with a letter, such as `organization`")
    else:
        return True
    return False


def _variable(v: Validator, node: object, what: str, seen: dict[str, Position]) -> None:
    if not (isinstance(node, ScalarNode) and isinstance(node.value, str)):
        v.report(getattr(node, "position"), f"{what} must be the name of an environment variable, such as `EXAMPLE_API_KEY`")
        return
    name = node.value
    if not ENVIRONMENT_NAME.match(name):
        hint = re.sub(r"[^A-Z0-9_]+", "_", name.upper()).strip("_") or "EXAMPLE_API_KEY"
        v.report(node.position, f"{what} `{printable(name)}` is not an environment variable name (upper-case letters, digits and `_`): write `{hint}`")
    elif name in seen:
        v.report(node.position, f"{what} `{name}` is read for something else already ({seen[name]}); give each its own variable")
    else:
        seen[name] = node.position


def _entries_of(node: object) -> dict[str, Position]:
    return dict(node.key_positions) if isinstance(node, MapNode) else {}


def _keys(keys: tuple[str, ...]) -> str:
    return ", ".join(f"`{key}`" for key in keys)
