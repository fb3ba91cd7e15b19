"""Reading the files a user names: only regular files, only so many bytes.

A named pipe or a device given as `--spec` would otherwise block or never end, and a
huge file would take minutes before any message; each is refused at once instead, with
a position as every other mistake is.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
from pathlib import Path
from typing import Any

from ..problems import Position, Problem

MIB = 1024 * 1024
TOML_BYTES = MIB  # a style.toml or pyproject.toml is a few hundred bytes


class ReadError(Exception):
    """A file that could not be read, with the one problem that says why."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def read_text(path: Path, display: str, max_bytes: int, split_hint: str) -> str:
    """The UTF-8 text of the regular file `path`; ReadError when it is anything else,
    holds more than `max_bytes`, or is not UTF-8. `split_hint` says what to do with a
    file that is too large."""
    where = Position(display, 1, 1)
    try:
        # O_NONBLOCK: opening a named pipe must not wait for a writer before we can look
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise ReadError(Problem(where, f"cannot read the file: {exc.strerror or exc}")) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):  # checked before fdopen, which refuses a folder with its own error
        os.close(fd)
        raise ReadError(Problem(where, f"this is {_kind(mode)}, not a regular file: give a file or a folder of files"))
    with os.fdopen(fd, "rb") as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ReadError(Problem(where, f"the file is larger than {_size(max_bytes)}: {split_hint}"))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[data.rfind(b"\n", 0, exc.start) + 1 : exc.start].decode("utf-8", "replace")) + 1
        raise ReadError(
            Problem(Position(display, line, column), f"byte 0x{data[exc.start]:02x} is not UTF-8 text: save the file as UTF-8")
        ) from None


def _size(count: int) -> str:
    return f"{count // MIB} MiB" if count >= MIB else f"{count} bytes"


def read_toml(path: Path, display: str) -> tuple[str, dict[str, Any]]:
    """The text and the table of a small TOML file; ReadError with the position tomllib
    names (it gives it only in its message) when the file is not valid TOML."""
    text = read_text(path, display, TOML_BYTES, "a settings file is a few lines")
    try:
        return text, tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"^(.*) \(at line (\d+), column (\d+)\)$", str(exc))
        at_end = re.search(r"^(.*) \(at end of document\)$", str(exc))
        if found:
            message, line, column = found[1], int(found[2]), int(found[3])
        elif at_end:
            last = text.rsplit("\n", 1)[-1]
            message, line, column = f"{at_end[1]} at the end of the file", text.count("\n") + 1, len(last) + 1
        else:
            message, line, column = str(exc), 1, 1
        raise ReadError(Problem(Position(display, line, column), f"invalid TOML: {message}")) from None
    except RecursionError:  # tomllib recurses into nested arrays and inline tables
        raise ReadError(Problem(Position(display, 1, 1), "invalid TOML: values nested too deeply")) from None
