"""What an output folder holds, read without following links, and whether runs-codegen
may replace it.

`generate` swaps in a whole new tree, so everything in the old one goes. It may do that
only to a folder that does not exist, is empty, or holds its manifest
(`.runs-codegen-manifest.json`, the list of files it wrote there) and nothing else but
tool caches. The manifest records ownership only: whether a file is up to date is
decided by comparing its bytes with what the spec and templates produce.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

MANIFEST = ".runs-codegen-manifest.json"
MANIFEST_NOTE = "The files runs-codegen generated in this folder; it replaces the folder only while it holds nothing else."
TOOL_CACHES = frozenset({"__pycache__", ".mypy_cache", ".pytest_cache", ".ruff_cache", ".hypothesis"})
"""Folders tools create beside code: not ours, never compared, carried over on rewrite."""

SHOWN = 5  # entries named in a refusal before "and N more"


def manifest_text(names: list[str]) -> str:
    """The manifest for an output of `names` (deterministic: `check` compares it too)."""
    listed = sorted(name for name in names if name != MANIFEST)
    return json.dumps({"note": MANIFEST_NOTE, "files": listed}, indent=1) + "\n"


def _kind(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symlink"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


@dataclass
class Contents:
    """An output folder's entries by relative POSIX path, found without following links."""

    files: dict[str, Path] = field(default_factory=dict)  # regular files
    irregular: dict[str, str] = field(default_factory=dict)  # path -> what it is ("a symlink")
    caches: list[str] = field(default_factory=list)  # tool cache folders, not looked into
    top: list[str] = field(default_factory=list)  # the folder's own entries, for messages

    @property
    def empty(self) -> bool:
        return not (self.files or self.irregular)


def scan(out: Path) -> Contents:
    """Every entry under the folder `out`; symlinks and special files are recorded as
    such, never followed or opened."""
    contents = Contents()
    pending = [("", out)]
    while pending:
        prefix, folder = pending.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                relative = prefix + entry.name
                if not prefix:
                    contents.top.append(relative + ("/" if entry.is_dir(follow_symlinks=False) else ""))
                if entry.is_dir(follow_symlinks=False):
                    if entry.name in TOOL_CACHES:
                        contents.caches.append(relative)
                    else:
                        pending.append((relative + "/", Path(entry.path)))
                elif entry.is_file(follow_symlinks=False):
                    contents.files[relative] = Path(entry.path)
                else:
                    contents.irregular[relative] = _kind(entry.stat(follow_symlinks=False).st_mode)
    contents.files = dict(sorted(contents.files.items()))
    contents.irregular = dict(sorted(contents.irregular.items()))
    contents.caches.sort()
    contents.top.sort()
    return contents


def _listing(names: list[str]) -> str:
    shown = ", ".join(names[:SHOWN])
    return shown + (f" and {len(names) - SHOWN} more" if len(names) > SHOWN else "")


def owned_files(out: Path, produced: Collection[str] = ()) -> set[str] | None:
    """The files the manifest in `out` lists, or None when it is missing or unreadable.

    A manifest of runs-codegen 0.1 (a formatting record) listed only Python files; the
    files it lists and those the spec produces now (`produced`) count as its own.
    """
    try:
        with open(out / MANIFEST, "rb", opener=_no_follow) as handle:
            document = json.loads(handle.read())
    except (OSError, ValueError):
        return None
    files = document.get("files") if isinstance(document, dict) else None
    if isinstance(files, list) and all(isinstance(name, str) for name in files):
        return set(files)
    if isinstance(files, dict) and "formatter" in document:
        return set(files) | set(produced)
    return None


def _no_follow(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))


def refusal(out: Path, shown: str, produced: Collection[str] = ()) -> str | None:
    """Why `generate` must not replace `out` (named `shown` in messages) with the files
    `produced`, or None."""
    try:
        mode = os.lstat(out).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"--out {shown}: cannot read it ({exc.strerror})"
    if stat.S_ISLNK(mode):
        return f"--out {shown} is a symlink; runs-codegen replaces only a real folder it wrote. Give the folder itself, or a new path."
    if not stat.S_ISDIR(mode):
        return f"--out {shown} is {_kind(mode) if not stat.S_ISREG(mode) else 'a file'}, not a folder; runs-codegen will not replace it. Give a new or empty folder."
    try:
        contents = scan(out)
    except OSError as exc:
        return f"--out {shown}: cannot read it ({exc.strerror})"
    if contents.empty:
        return None
    if MANIFEST not in contents.files:
        return (
            f"--out {shown} holds files runs-codegen did not write ({_listing(contents.top)}) and no {MANIFEST}; "
            "generating would delete them. Give a new or empty folder."
        )
    owned = owned_files(out, produced)
    if owned is None:
        return (
            f"--out {shown}: its {MANIFEST} is damaged, so what runs-codegen wrote there is unknown. "
            "If the folder holds only generated code, delete it and run generate again."
        )
    foreign = [f"{name} ({kind})" for name, kind in contents.irregular.items()]
    foreign += [name for name in contents.files if name not in owned and name != MANIFEST]
    if foreign:
        return (
            f"--out {shown} holds files runs-codegen did not write: {_listing(sorted(foreign))}; "
            "generating would delete them. Move them out of the folder, or give another --out."
        )
    return None


def check_output_folder(out: Path, protected: list[Path]) -> str | None:
    """Why `out` must never be replaced whatever it holds (it contains the working
    folder, the spec or a template folder, or is a git checkout), or None."""
    resolved = out.resolve()
    for path in protected:
        target = path.resolve()
        if resolved == target or resolved in target.parents:
            return f"--out {out} contains {path}; choose a folder that holds only generated code."
    if (resolved / ".git").exists():
        return f"--out {out} is a git checkout; choose a folder that holds only generated code."
    return None
