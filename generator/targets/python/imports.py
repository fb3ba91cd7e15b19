"""Drop imports a rendered Python file does not use.

Templates import what any spec might need; a small spec uses less. Rather than make
every template compute its imports, the format stage removes imported names that appear
nowhere else in the file. A name counts as used if it appears anywhere outside the
import statements, strings and docstrings included, so in doubt an import is kept.
"""

from __future__ import annotations

import re

_IMPORT = re.compile(
    r"^(?:from (?P<module>[\w.]+) import (?:\((?P<group>[^)]*)\)|(?P<names>[^\n(]+))|import (?P<plain>[\w.]+(?: as \w+)?))\n",
    re.MULTILINE,
)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def _bound_name(entry: str) -> str:
    """The name an import entry binds: `a as b` -> `b`, `x.y` -> `x`."""
    entry = entry.strip()
    if " as " in entry:
        return entry.rsplit(" as ", 1)[1].strip()
    return entry.split(".")[0]


def prune_unused_imports(text: str) -> str:
    """`text` without the imported names it never uses."""
    imports = list(_IMPORT.finditer(text))
    if not imports:
        return text
    rest = _IMPORT.sub("", text)
    used = set(_WORD.findall(rest))
    pieces = []
    position = 0
    for found in imports:
        pieces.append(text[position : found.start()])
        position = found.end()
        if found["module"] == "__future__":
            pieces.append(found.group(0))
        elif found["plain"]:
            if _bound_name(found["plain"]) in used:
                pieces.append(found.group(0))
        else:
            listed = found["group"] if found["group"] is not None else found["names"]
            entries = [e.strip() for e in listed.replace("\n", " ").split(",") if e.strip()]
            kept = [e for e in entries if _bound_name(e) in used]
            if kept:
                pieces.append(f"from {found['module']} import {', '.join(kept)}\n")
    pieces.append(text[position:])
    return "".join(pieces)
