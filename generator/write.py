"""Stage 6: put the file map on disk, or compare it with what is there.

Writing builds the complete new tree next to the output folder and then swaps it in, so
a failure part-way leaves the previous output as it was, and files the spec no longer
produces disappear with the old tree.
"""

from __future__ import annotations

import difflib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Drift:
    """How the disk differs from the file map."""

    changed: tuple[str, ...]
    added: tuple[str, ...]  # produced, missing on disk
    removed: tuple[str, ...]  # on disk, no longer produced
    diff: str

    @property
    def clean(self) -> bool:
        return not (self.changed or self.added or self.removed)


def _is_tool_cache(relative: Path) -> bool:
    """Folders that tools create beside code (bytecode, type checker caches): not ours."""
    return any(part == "__pycache__" or part.startswith(".") for part in relative.parts[:-1])


def _disk_files(out: Path) -> dict[str, Path]:
    if not out.is_dir():
        return {}
    found = {}
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out)
        if path.is_file() and not _is_tool_cache(relative):
            found[relative.as_posix()] = path
    return found


def read_output(out: Path) -> dict[str, str]:
    """What the output folder holds now, as a file map (empty when it does not exist)."""
    return {name: _read(path) for name, path in _disk_files(out).items()}


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return "<binary file>\n"


def compare(files: dict[str, str], out: Path, label: str) -> Drift:
    on_disk = _disk_files(out)
    changed: list[str] = []
    added: list[str] = []
    chunks: list[str] = []
    for name in sorted(files):
        if name not in on_disk:
            added.append(name)
            old = ""
        else:
            old = _read(on_disk[name])
            if old == files[name]:
                continue
            changed.append(name)
        chunks.extend(
            difflib.unified_diff(
                old.splitlines(keepends=True),
                files[name].splitlines(keepends=True),
                fromfile=f"{label}/{name} (on disk)",
                tofile=f"{label}/{name} (from spec)",
            )
        )
    removed = sorted(set(on_disk) - set(files))
    for name in removed:
        chunks.append(f"--- {label}/{name} (on disk)\n+++ no longer generated\n")
    return Drift(tuple(changed), tuple(added), tuple(removed), "".join(c if c.endswith("\n") else c + "\n" for c in chunks))


def check_output_folder(out: Path, protected: list[Path]) -> str | None:
    """Why `out` must not be replaced wholesale, or None when it is safe."""
    resolved = out.resolve()
    for path in protected:
        target = path.resolve()
        if resolved == target or resolved in target.parents:
            return f"--out {out} contains {path}; choose a folder that holds only generated code"
    if (resolved / ".git").exists():
        return f"--out {out} is a git checkout; choose a folder that holds only generated code"
    return None


def write(files: dict[str, str], out: Path) -> bool:
    """Make `out` hold exactly `files`. Returns False when it already did (nothing written)."""
    if compare(files, out, str(out)).clean:
        return False
    parent = out.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=parent))
    try:
        for name, text in files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="") as handle:
                handle.write(text)
        mode = 0o777 & ~_umask()
        for folder in [staging, *(p for p in staging.rglob("*") if p.is_dir())]:
            folder.chmod(mode)
        retired = None
        if out.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=parent))
            os.replace(out, retired / out.name)
        try:
            os.replace(staging, out)
        except BaseException:
            if retired is not None:
                os.replace(retired / out.name, out)
                retired.rmdir()
            raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if retired is not None:
        shutil.rmtree(retired, ignore_errors=True)
    return True


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
