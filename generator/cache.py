"""Where runs-codegen keeps what it can always rebuild (compiled templates, formatted code,
models made by datamodel-code-generator): `$XDG_CACHE_HOME/runs-codegen`, else
`~/.cache/runs-codegen`.

Nothing here is trusted to be present or intact: an entry that is missing, unreadable or
damaged reads as absent and costs only the work of making it again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from pathlib import Path


def cache_folder(kind: str) -> Path:
    """The folder for one kind of cached thing; not created here."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "runs-codegen" / kind


def _seal(text: str) -> bytes:
    data = text.encode("utf-8")
    return hashlib.sha256(data).hexdigest().encode("ascii") + b"\n" + data


class TextCache:
    """Texts stored under content keys in one cache folder, shared by every run.

    Each entry carries the digest of its text, so a truncated or edited entry is
    ignored. Entries are written to a temporary file and renamed into place, so a
    reader never sees half an entry and concurrent writers of one key do no harm.
    """

    def __init__(self, kind: str) -> None:
        self.folder = cache_folder(kind)
        self.made: set[Path] = set()  # subfolders known to exist

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / key

    def get(self, key: str) -> str | None:
        try:
            sealed = self._path(key).read_bytes()
        except OSError:
            return None
        digest, _, data = sealed.partition(b"\n")
        if hashlib.sha256(data).hexdigest().encode("ascii") != digest:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def put(self, key: str, text: str) -> None:
        """Store `text` under `key`; a cache that cannot be written only costs speed."""
        path = self._path(key)
        temporary = path.with_name(f".{key}.{os.urandom(4).hex()}.tmp")
        try:
            if path.parent not in self.made:
                path.parent.mkdir(parents=True, exist_ok=True)
                self.made.add(path.parent)
            temporary.write_bytes(_seal(text))
            os.replace(temporary, path)
        except OSError:
            with contextlib.suppress(OSError):
                temporary.unlink(missing_ok=True)
