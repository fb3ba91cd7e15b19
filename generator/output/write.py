"""Stage 6: put the file map on disk.

Writing builds the complete new tree in a staging folder beside the output and then
swaps it in, so a failure part-way leaves the previous output as it was, and files the
spec no longer produces disappear with the old tree. Writers of one output hold an
exclusive lock on the folder that contains it (`flock` on the folder itself, so no lock
file is left behind); readers (`check`) hold a shared one. Under the lock the output is
checked again for files runs-codegen did not write (see ownership.py), and staging or
retired folders that a killed run left behind are removed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from .drift import compare
from .ownership import MANIFEST, manifest_text, refusal, scan


class OutputError(Exception):
    """The output folder cannot or must not be written; the message says why and what to do."""


def real_path(out: Path) -> Path:
    """`out` with its parent's symlinks resolved, but not `out` itself: a symlinked
    output must be seen as the link it is."""
    if out.name in ("", ".", ".."):
        return out.resolve()
    return out.parent.resolve() / out.name


def shown_path(out: Path) -> str:
    """`out` for messages: relative to the working folder when inside it, and never
    through a symlink at its end (so a symlinked output is named as the link)."""
    try:
        return str(real_path(out).relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(out)


@contextlib.contextmanager
def locked(folder: Path, shared: bool = False) -> Iterator[None]:
    """Hold a lock on `folder` (which must exist) for the duration."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no locking, as before
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH if shared else fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _staging_name(out: Path, kind: str) -> str:
    return f".{out.name}.{kind}-{os.urandom(6).hex()}"


def _is_leftover(out: Path, name: str) -> bool:
    """Whether `name` is one of our staging or retired folders for `out` by its shape."""
    prefix, _, suffix = name.rpartition("-")
    hexdigits = set("0123456789abcdef")
    return prefix in (f".{out.name}.new", f".{out.name}.old") and len(suffix) == 12 and set(suffix) <= hexdigits


def _sweep(out: Path) -> None:
    """Clear up after a run that was killed mid-write: called under the exclusive lock,
    so no live writer owns what it finds. A retired output whose replacement never
    arrived is put back; staging and retired folders are removed."""
    with os.scandir(out.parent) as entries:
        leftovers = sorted(e.name for e in entries if _is_leftover(out, e.name) and e.is_dir(follow_symlinks=False))
    for name in leftovers:
        previous = out.parent / name / out.name
        if name.startswith(f".{out.name}.old-") and not os.path.lexists(out) and _real_folder(previous):
            with contextlib.suppress(OSError):
                os.replace(previous, out)
        shutil.rmtree(out.parent / name, ignore_errors=True)


def _real_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink()


def _make_parent(out: Path, shown: str) -> None:
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except (FileExistsError, NotADirectoryError):
        blocker = next((p for p in [out.parent, *out.parent.parents] if p.exists() and not p.is_dir()), out.parent)
        raise OutputError(f"--out {shown}: {blocker} is a file, not a folder; give a path inside a folder.") from None
    except OSError as exc:
        raise OutputError(f"--out {shown}: cannot create the folder {out.parent} ({exc.strerror}).") from None


def _inside(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _fill(staging: Path, files: dict[str, str]) -> None:
    """Write the file map into `staging`, manifest first (new folders and files get the
    usual permissions: created with mode 0o777/0o666, less the umask)."""
    for name in sorted(files, key=lambda n: n != MANIFEST):
        if not _inside(name):
            raise OutputError(f"refusing to write `{name}`: it is not a relative path inside the output folder.")
        target = staging / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="") as handle:
            handle.write(files[name])


def _carry_caches(old: Path, new: Path, caches: list[str]) -> None:
    """Move tool caches from the retired tree into the new one, where their folder still
    exists (a cache of a folder no longer generated goes with it)."""
    for relative in caches:
        target = new / relative
        if target.parent.is_dir() and not target.parent.is_symlink() and not os.path.lexists(target):
            with contextlib.suppress(OSError):
                os.replace(old / relative, target)


def write(files: dict[str, str], out: Path, shown: str | None = None) -> bool:
    """Make `out` hold exactly `files`. Returns False when it already did (nothing written).

    The manifest of what was written is added when `files` lacks it. Raises
    OutputError when `out` holds what runs-codegen did not write, or cannot be created;
    other I/O failures raise OSError, leaving the previous output in place.
    """
    if MANIFEST not in files:
        files = {**files, MANIFEST: manifest_text(list(files))}
    shown = shown or str(out)
    out = real_path(out)
    if out.name == "":
        raise OutputError(f"--out {shown} is the root folder; give a folder that holds only generated code.")
    _make_parent(out, shown)
    with locked(out.parent):
        _sweep(out)
        reason = refusal(out, shown, files)
        if reason:
            raise OutputError(reason)
        if compare(files, out, shown, show=False).clean:
            return False
        caches = scan(out).caches if os.path.lexists(out) else []
        staging = out.parent / _staging_name(out, "new")
        try:
            os.mkdir(staging)
        except OSError as exc:
            raise OutputError(f"--out {shown}: cannot create a folder in {out.parent} ({exc.strerror}).") from None
        retired = out.parent / _staging_name(out, "old")
        try:
            _fill(staging, files)
            if os.path.lexists(out):
                os.mkdir(retired)
                os.replace(out, retired / out.name)
            os.replace(staging, out)
        except BaseException:
            _put_back(retired, out)
            raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # gone already once swapped in
        try:
            if os.path.isdir(retired):
                _carry_caches(retired / out.name, out, caches)
        finally:
            shutil.rmtree(retired, ignore_errors=True)
    return True


def _put_back(retired: Path, out: Path) -> None:
    """After a failure or an interrupt: the previous output back in its place."""
    previous = retired / out.name
    if not os.path.lexists(out) and _real_folder(previous):
        os.replace(previous, out)  # should this fail, the next run puts it back (`_sweep`)
    shutil.rmtree(retired, ignore_errors=True)
