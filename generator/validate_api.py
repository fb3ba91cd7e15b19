"""Checks on the `api` settings that shape the client itself: `name` (the package and
its folder). Split from validate.py, whose `check_api` calls `check_api_settings`.

`api.name` becomes a folder in the output and the name of a package that code imports,
so it is held to a plain identifier: never a path, a keyword or a dunder such as
`__pycache__`, which tools treat as their own.
"""

from __future__ import annotations

import keyword
import re
from typing import TYPE_CHECKING

from .load import MapNode
from .problems import printable

if TYPE_CHECKING:
    from .validate import Validator

PACKAGE_NAME = re.compile(r"\A[a-z_][a-z0-9_]*\Z")
MAX_PACKAGE_NAME = 100  # one file name; far below any file system's limit


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
    """Report every problem of `api.name`."""
    name = v.string(api.get("name"), "`api.name`")
    if name is not None:
        wrong = package_name_problem(name)
        if wrong:
            v.report(api.entries["name"].position, f"`api.name` `{printable(name[:60])}` {wrong}: it names the generated package and its folder")
