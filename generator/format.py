"""Stage 5: format every rendered Python file with black, in-process.

black dominates generation time, so its output is cached by the hash of its input (and
black's version and mode): a file whose rendered text did not change is not formatted
again. The templates already emit nearly black-formatted code, which keeps misses cheap.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .problems import Position, Problem, TemplateError

LINE_LENGTH = 88
CACHE_ENV = "RUNS_CODEGEN_CACHE"


def default_cache_dir() -> Path:
    if CACHE_ENV in os.environ:
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "runs-codegen" / "black"


def _black_version() -> str:
    from importlib.metadata import version

    return version("black")


def format_files(files: dict[str, str], cache_dir: Path | None = None) -> dict[str, str]:
    """The same map with every `.py` file black-formatted; raise TemplateError on invalid Python."""
    cache = cache_dir if cache_dir is not None else default_cache_dir()
    salt = f"black {_black_version()} line-length {LINE_LENGTH} py310\n".encode()
    formatted: dict[str, str] = {}
    problems: list[Problem] = []
    for name, text in files.items():
        if not name.endswith(".py"):
            formatted[name] = text
            continue
        key = hashlib.sha256(salt + text.encode("utf-8")).hexdigest()
        cached = cache / key[:2] / key
        try:
            formatted[name] = cached.read_text(encoding="utf-8")
            continue
        except OSError:
            pass
        try:
            result = _black(text)
        except Exception as exc:  # black reports invalid input with several exception types
            problems.append(Problem(_position(name, exc), f"rendered file is not valid Python: {exc}"))
            continue
        formatted[name] = result
        _store(cached, result)
    if problems:
        raise TemplateError(problems)
    return formatted


def _black(text: str) -> str:
    import black

    mode = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=LINE_LENGTH)
    try:
        return black.format_file_contents(text, fast=False, mode=mode)
    except black.NothingChanged:
        return text


def _position(name: str, exc: Exception) -> Position:
    # black's messages read "Cannot parse ...: 12:4: <source line>"
    parts = str(exc).split(": ")
    for part in parts[1:]:
        line, _, column = part.partition(":")
        if line.isdigit() and column.isdigit():
            return Position(f"(rendered) {name}", int(line), int(column) + 1)
    return Position(f"(rendered) {name}", 1, 1)


def _store(path: Path, text: str) -> None:
    """Best effort: a cache that cannot be written only costs time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        pass
