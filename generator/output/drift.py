"""How an output folder differs from the file map: `check`, and `generate` deciding
whether there is anything to write.

Only bytes read from regular files count. A symlink or special file in the output is
reported as what it is, never followed, opened or described by its target.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .ownership import Contents, owned_files, scan


class NotAFolder(Exception):
    """The output path is there but is not a folder `check` can read."""


@dataclass(frozen=True)
class Drift:
    """How the disk differs from the file map."""

    changed: tuple[str, ...]
    added: tuple[str, ...]  # produced, missing on disk
    removed: tuple[str, ...]  # on disk and listed in its manifest, no longer produced
    foreign: tuple[str, ...]  # on disk, never written by runs-codegen
    irregular: tuple[str, ...]  # symlinks and special files where a file or nothing belongs
    diff: str

    @property
    def clean(self) -> bool:
        return not (self.changed or self.added or self.removed or self.foreign or self.irregular)

    def summary(self) -> str:
        parts = [f"{len(self.changed)} changed", f"{len(self.added)} missing", f"{len(self.removed)} no longer generated"]
        if self.foreign:
            parts.append(f"{len(self.foreign)} not written by runs-codegen")
        if self.irregular:
            parts.append(f"{len(self.irregular)} not regular files")
        return ", ".join(parts)


def read_regular(path: Path) -> bytes | None:
    """The bytes of `path` if it is a regular file, else None; never follows a symlink
    and never blocks on a FIFO."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    with open(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        return handle.read()


def _contents(out: Path, label: str) -> Contents:
    try:
        mode = os.lstat(out).st_mode
    except FileNotFoundError:
        return Contents()
    if stat.S_ISLNK(mode):
        raise NotAFolder(f"{label} is a symlink; runs-codegen writes only real folders and will not follow it.")
    if not stat.S_ISDIR(mode):
        raise NotAFolder(f"{label} is not a folder.")
    return scan(out)


def _lines(data: bytes) -> list[str]:
    try:
        return data.decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return ["<binary file>\n"]


def _unified_diff(on_disk: bytes, expected: bytes, shown: str) -> list[str]:
    import difflib  # imported only when there is a difference to show

    return list(difflib.unified_diff(_lines(on_disk), _lines(expected), f"{shown} (on disk)", f"{shown} (from spec)"))


def compare(files: dict[str, str], out: Path, label: str, show: bool = True) -> Drift:
    """Compare the bytes of every file under `out` with `files`; raises NotAFolder.

    With `show` False the diff is left empty: `generate` only asks whether to write, and
    diffing a large file that changed throughout costs more than generating it."""
    contents = _contents(out, label)
    changed: list[str] = []
    added: list[str] = []
    irregular: list[str] = []
    chunks: list[str] = []
    for name, kind in contents.irregular.items():
        irregular.append(name)
        chunks.append(f"{label}/{name} is {kind}; runs-codegen writes only regular files\n")
    for name in sorted(files):
        if name in contents.irregular:
            continue
        expected = files[name].encode("utf-8")
        if name in contents.files:
            on_disk = read_regular(contents.files[name])
            if on_disk == expected:
                continue
            if on_disk is None:  # replaced since the scan by something that is not a file
                irregular.append(name)
                chunks.append(f"{label}/{name} is not a regular file; runs-codegen writes only regular files\n")
                continue
            changed.append(name)
        else:
            added.append(name)
            on_disk = b""
        if show:
            chunks.extend(_unified_diff(on_disk, expected, f"{label}/{name}"))
    extra = sorted(set(contents.files) - set(files))
    owned = owned_files(out) if extra else set()
    removed = [name for name in extra if owned and name in owned]
    foreign = [name for name in extra if name not in removed]
    for name in removed:
        chunks.append(f"--- {label}/{name} (on disk)\n+++ no longer generated\n")
    for name in foreign:
        chunks.append(f"--- {label}/{name} (on disk)\n+++ not written by runs-codegen\n")
    text = "".join(c if c.endswith("\n") else c + "\n" for c in chunks)
    return Drift(tuple(changed), tuple(added), tuple(removed), tuple(foreign), tuple(sorted(irregular)), text)
