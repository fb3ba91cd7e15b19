"""Stage 5: tidy and format every rendered Python file: unused imports dropped, then
black, in-process.

black dominates generation time, so its results are kept in a content-addressed cache
in the user's cache folder (`cache_folder("black")`), shared by every output folder:
the key is a digest of the formatter's version and settings plus the rendered text,
the value is what black made of it. A whole file seen before is one cache read; a file
not seen before is cut into pieces: top-level chunks (at the two blank lines the
templates put between top-level definitions), and a class chunk further into its
members (`split_members`). Only pieces not seen before go through black, in parallel
when there are many. So a one-model edit formats one piece, an edit to one method of
every model formats those methods, and a fresh clone with an empty cache formats
everything once. A piece black leaves as it is costs one pass of black, a piece it
changes two (black formats its own result again): small pieces keep that second pass
to the code that needs it.

The result never depends on what the output folder holds: `generate` and `check`
always compute the complete expected bytes and compare them with the disk. (black runs
with `fast=True`; the suite checks the whole output with `black --check` instead.)
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .cache import TextCache
from .problems import Position, Problem, TemplateError
from . import preformat, python_imports
from .python_imports import prune_unused_imports

if TYPE_CHECKING:  # importing it costs every run, most of which start no worker
    from concurrent.futures import Executor

LINE_LENGTH = 88
SEPARATOR = "\n\n"  # two blank lines between top-level chunks, as black wants
MEMBER_SEPARATOR = "\n"  # one blank line between the members of a class
WRAPPER = "class _:\n"  # the class a member is formatted in, alone
PARALLEL_THRESHOLD = 2000  # lines to format before a second process pays for itself
TASK_LINES = 400  # lines per task handed to a worker: small enough to balance the cores

# a method (or decorated member) at the start of a line, one indent deep
_MEMBER_CUT = re.compile(r"\n\n(?=    (?:@|def |async def ))")
# directives that switch black off for a region, which may span chunks
_REGION_DIRECTIVE = re.compile(r"#\s*(?:fmt|yapf)\s*:")


def split_chunks(text: str) -> list[str]:
    """Cut Python source where the templates put two blank lines: between top-level
    definitions. A cut that lands inside a string or block makes a piece black rejects,
    and that file is then formatted whole (see `format_files`)."""
    pieces = (piece.strip("\n") for piece in text.split("\n\n\n"))
    return [p + "\n" for p in pieces if p]


def split_members(chunk: str) -> list[str]:
    """Cut a chunk that is one top-level class before each method that follows a blank
    line: the class line with what precedes its first method, then one piece per member.

    black formats the statements of a class body one by one and puts one blank line
    between a method and what precedes it, so each member can go through black alone
    (inside `WRAPPER`, see `black_input`) and be cached on its own: an edit to one
    method of every model then formats only those methods. No cut after a comment or a
    decorator, whose blank lines black decides from what follows, nor anywhere in a chunk
    that is not plainly one class (a line at the margin after the class line, say).
    """
    lines = chunk.split("\n")
    header = 0
    while header < len(lines) and lines[header].startswith("@"):
        header += 1
    if header >= len(lines) or not lines[header].startswith("class ") or not lines[header].endswith(":"):
        return [chunk]
    if any(line[:1] not in ("", " ") for line in lines[header + 1 :]):
        return [chunk]
    pieces: list[str] = []
    for piece in _MEMBER_CUT.split(chunk):
        last = pieces[-1].rstrip("\n").rsplit("\n", 1)[-1].lstrip() if pieces else ""
        body = pieces and any(line.startswith(" ") for line in pieces[0].split("\n"))
        if pieces and (not body or last.startswith(("#", "@"))):
            pieces[-1] += "\n\n" + piece
        else:
            pieces.append(piece)
    return [piece.rstrip("\n") + "\n" for piece in pieces]


def black_input(piece: str, first: bool) -> str:
    """What black formats for a piece of a chunk: the first as it is, a member inside
    `WRAPPER` (whose line `member_output` takes off again)."""
    return piece if first else WRAPPER + piece


def member_output(formatted: str | None) -> str | None:
    if formatted is None or not formatted.startswith(WRAPPER):
        return None
    return formatted[len(WRAPPER) :]


def _salt() -> str:
    """What a cached result depends on besides its input: black's version and settings,
    and the import tidying and piecing around it (by the digest of their source)."""
    sources = (python_imports.__file__, preformat.__file__, __file__)
    tidying = hashlib.sha256(b"".join(Path(source).read_bytes() for source in sources)).hexdigest()[:16]
    try:  # black ships its version as a tiny module; importing black itself is slower
        from _black_version import version  # type: ignore[import-untyped]
    except ImportError:
        from importlib.metadata import version as distribution_version

        version = distribution_version("black")
    return f"black {version} line-length {LINE_LENGTH} py310 imports {tidying}"


def _black(text: str) -> str:
    import black

    from black.mode import TargetVersion
    from black.report import NothingChanged

    mode = black.Mode(target_versions={TargetVersion.PY310}, line_length=LINE_LENGTH)
    try:
        return black.format_file_contents(text, fast=True, mode=mode)
    except NothingChanged:
        return text


def _black_many(texts: list[str]) -> list[str | None]:
    """Each piece formatted, or None where black rejects it. Each goes in with the line
    breaks black is likely to make (`preformat`), which spares black its second pass
    when the guess was right and changes nothing it produces."""
    results: list[str | None] = []
    for text in texts:
        try:
            results.append(_black(preformat.prepare(text)))
        except Exception:  # black signals invalid input with several exception types
            results.append(None)
    return results


def _key(salt: str, kind: str, text: str) -> str:
    return hashlib.sha256(f"{salt}\0{kind}\0{text}".encode("utf-8")).hexdigest()


def format_files(files: dict[str, str]) -> dict[str, str]:
    """The file map with every `.py` file tidied and black-formatted.

    Always the complete result, whatever the cache holds: a file seen before (same
    rendered text, same formatter) is one cache read; of the others, only pieces not
    seen before go through black. Raises TemplateError when a rendered file is not
    valid Python.
    """
    cache = TextCache("black")
    salt = _salt()
    formatted = dict(files)
    fresh: dict[str, str] = {}
    for name, text in files.items():
        if name.endswith(".py"):
            hit = cache.get(_key(salt, "file", text))
            if hit is None:
                fresh[name] = text
            else:
                formatted[name] = hit
    if fresh:
        with _workers(sum(text.count("\n") for text in fresh.values())) as pool:
            done = _format_fresh(fresh, cache, salt, pool)
        for name, text in done.items():
            cache.put(_key(salt, "file", fresh[name]), text)
        formatted.update(done)
    return {name: formatted[name] for name in sorted(formatted)}


@contextlib.contextmanager
def _workers(lines: int) -> Iterator[Executor | None]:
    """Worker processes when there may be enough to format for them to pay off, started
    at once so that they import black while this process cuts and looks up pieces."""
    count = min(os.cpu_count() or 1, 4)
    if lines < PARALLEL_THRESHOLD or count < 2:
        yield None
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(count) as pool:
        for _ in range(count):
            pool.submit(_import_black)
        yield pool


def _import_black() -> None:
    import black  # noqa: F401


def _format_fresh(files: dict[str, str], cache: TextCache, salt: str, pool: Executor | None) -> dict[str, str]:
    """Tidy and format files not found whole in the cache, piece by piece (chunks, and
    the members of a class chunk). A file with a directive that switches black off for
    a region is formatted whole, as is one with a piece black rejects on its own."""
    files = {name: prune_unused_imports(text) for name, text in files.items()}
    pieced: dict[str, list[list[str]]] = {}
    for name, text in files.items():
        if not _REGION_DIRECTIVE.search(text):
            pieced[name] = [[black_input(p, i == 0) for i, p in enumerate(split_members(chunk))] for chunk in split_chunks(text)]
    known: dict[str, str] = {}
    missing: dict[str, str] = {}
    for text in (t for chunks in pieced.values() for pieces in chunks for t in pieces):
        key = _key(salt, "chunk", text)
        if key in known or key in missing:
            continue
        hit = cache.get(key)
        if hit is None:
            missing[key] = text
        else:
            known[key] = hit
    for key, result in zip(missing, _format_all(list(missing.items()), pool)):
        if result is not None:
            known[key] = result

    problems: list[Problem] = []
    formatted: dict[str, str] = {}
    for name, text in files.items():
        joined = _assemble(pieced.get(name), known, salt)
        if joined is not None:
            formatted[name] = joined
            continue
        try:  # a piece was not valid on its own: the file goes through black whole
            formatted[name] = _black(text)
        except Exception as exc:
            first_line = str(exc).strip().splitlines()[0]
            problems.append(Problem(_position(name, exc), f"the templates produced invalid Python: {first_line}"))
    if problems:
        raise TemplateError(problems)
    return formatted


def _assemble(chunks: list[list[str]] | None, known: dict[str, str], salt: str) -> str | None:
    """A file from its formatted pieces, or None when one of them has no result."""
    if chunks is None:
        return None
    outputs: list[str] = []
    for pieces in chunks:
        parts: list[str | None] = [known.get(_key(salt, "chunk", text)) for text in pieces]
        parts[1:] = [member_output(part) for part in parts[1:]]
        if any(part is None for part in parts):
            return None
        outputs.append(MEMBER_SEPARATOR.join(part for part in parts if part is not None))
    return SEPARATOR.join(outputs)


def _position(name: str, exc: Exception) -> Position:
    # black's messages read "Cannot parse for target version Python 3.10: 12:4: <source line>"
    found = re.search(r": (\d+):(\d+):", str(exc))
    line, column = (int(found[1]), int(found[2]) + 1) if found else (1, 1)
    return Position(f"(rendered) {name}", line, column)


def _format_all(items: list[tuple[str, str]], pool: Executor | None) -> list[str | None]:
    """Each text formatted (None where black rejects it) and stored under its key; over
    the cores when there are many lines: the longest first, in tasks of about
    `TASK_LINES` lines that the workers take as they finish, so neither waits for the
    other, and each stores its own results."""
    lines = [text.count("\n") for _, text in items]
    if pool is None or sum(lines) < PARALLEL_THRESHOLD:
        return _format_and_store(items)
    tasks: list[list[int]] = []
    size = TASK_LINES
    for i in sorted(range(len(items)), key=lambda i: -lines[i]):
        if size >= TASK_LINES:
            tasks.append([])
            size = 0
        tasks[-1].append(i)
        size += lines[i]
    results = pool.map(_format_and_store, [[items[i] for i in task] for task in tasks])
    merged: list[str | None] = [None] * len(items)
    for task, batch in zip(tasks, results):
        for i, result in zip(task, batch):
            merged[i] = result
    return merged


def _format_and_store(items: list[tuple[str, str]]) -> list[str | None]:
    cache = TextCache("black")
    results = _black_many([text for _, text in items])
    for (key, _), result in zip(items, results):
        if result is not None:
            cache.put(key, result)
    return results
