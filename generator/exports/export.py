"""Writing a one-file export (`openapi`, `schema`, `template-docs` with `--out`).

Each export carries a marker near its start that names the command which made it. A
target path may be written when nothing is there yet, or when it is a regular file
carrying the same marker: one the same command wrote before. Anything else (a spec
file, a template, a folder, a symlink, a file of the user's) is refused and left as it
is. The new text goes to a temporary file beside the target and is renamed over it, so
a failure never leaves half a document.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

HEAD = 4096  # how far into an existing file its marker is looked for


class ExportError(Exception):
    """The export was not written; the message says why and what to do instead."""


def _inside(path: Path, folder: Path) -> bool:
    target, root = path.resolve(), folder.resolve()
    return target == root or root in target.parents


def _check_target(target: Path, marker: str, protected: dict[Path, str]) -> None:
    shown = str(target)
    for folder, role in protected.items():
        if _inside(target, folder):
            where = role if target.resolve() == folder.resolve() else f"inside {role} ({folder})"
            raise ExportError(f"--out {shown} is {where}; write the export somewhere else.")
    try:
        mode = os.lstat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):
        parent = target.parent
        if not parent.is_dir():
            what = "is not a folder" if parent.exists() else "does not exist"
            raise ExportError(f"--out {shown}: {parent} {what}; create the folder first or give another path.") from None
        return
    except OSError as exc:
        raise ExportError(f"--out {shown}: cannot read it ({exc.strerror}).") from None
    if stat.S_ISLNK(mode):
        raise ExportError(f"--out {shown} is a symlink; give the path of a regular file instead.")
    if stat.S_ISDIR(mode):
        raise ExportError(f"--out {shown} is a folder; give a file path inside it.")
    if not stat.S_ISREG(mode):
        raise ExportError(f"--out {shown} is not a regular file; give another path.")
    try:
        with open(target, "rb") as handle:
            head = handle.read(HEAD).decode("utf-8", errors="replace")
    except OSError as exc:
        raise ExportError(f"--out {shown}: cannot read it ({exc.strerror}).") from None
    if marker not in head:
        raise ExportError(
            f'--out {shown} exists and was not written by this command (it does not carry the mark "{marker}" '
            "near its start); runs-codegen overwrites only its own exports. Remove it first or give another path."
        )


def write_export(document: str, target: Path, marker: str, protected: dict[Path, str]) -> None:
    """Write `document` (which carries `marker`) to `target`, never into one of the
    `protected` paths (path -> what it is, for the message); raises ExportError."""
    assert marker in document[:HEAD], "an export must carry its marker near its start"
    _check_target(target, marker, protected)
    temporary = target.with_name(f".{target.name}.{os.urandom(6).hex()}.tmp")
    try:
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with open(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(document)
        os.replace(temporary, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise ExportError(f"--out {target}: cannot write it ({exc.strerror}).") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
