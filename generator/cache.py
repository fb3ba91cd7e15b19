"""Where runs-codegen keeps what it can always rebuild (compiled templates, models made
by datamodel-code-generator): `$XDG_CACHE_HOME/runs-codegen`, else `~/.cache/runs-codegen`."""

from __future__ import annotations

import os
from pathlib import Path


def cache_folder(kind: str) -> Path:
    """The folder for one kind of cached thing; not created here."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "runs-codegen" / kind
