"""Stage 5: tidy and format every rendered Python file: unused imports dropped, then
black, in-process.

black dominates generation time, so its results are kept in a content-addressed cache
in the user's cache folder (`cache_folder("black")`), shared by every output folder:
the key is a digest of the formatter's version and settings plus the rendered text,
the value is what black made of it. A whole file seen before is one cache read; a file
not seen before is cut into pieces: top-level chunks (at the two blank lines the
templates put between top-level definitions), and a class chunk further into its
members (`split_members`). Pieces not seen before are formatted, in parallel when
there are many: their lines black would leave as they are are recognised without black
(`settled`), and only the other statements go through black, one by one, each cached
under its own key. So a one-model edit formats one piece, an edit that adds a line to
every method formats the lines it adds, and a fresh clone with an empty cache runs black
on the statements that need it, once. A statement black leaves as it is costs one pass
of black, one it changes two (black formats its own result again).

The result never depends on what the output folder holds: `generate` and `check`
always compute the complete expected bytes and compare them with the disk. (black runs
with `fast=True`; the suite checks the whole output with `black --check` instead.)
"""

from __future__ import annotations

import ast
import functools
import hashlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from ...cache import TextCache
from ...problems import Position, Problem, TemplateError
from . import preformat, settled, spacing, statements, imports as python_imports
from .imports import prune_unused_imports

if TYPE_CHECKING:  # importing it costs every run, most of which start no worker
    from concurrent.futures import Future, ProcessPoolExecutor

LINE_LENGTH = 88
SEPARATOR = "\n\n"  # two blank lines between top-level chunks, as black wants
MEMBER_SEPARATOR = "\n"  # one blank line between the members of a class
WRAPPER = "class _:\n"  # the class a member is formatted in, alone
PARALLEL_THRESHOLD = 2000  # lines to format before a second process pays for itself
TASK_LINES = 400  # lines per task handed to a worker: small enough to balance the cores

# a statement one indent deep: not a clause of the one before, not a string
_MEMBER_START = re.compile(r"    (?!(?:else|elif|except|finally)\b)(?![rRbBuUfFtT]{0,2}[\"'])[A-Za-z_@]")
# directives that switch black off for a region, which may span chunks
_REGION_DIRECTIVE = re.compile(r"#\s*(?:fmt|yapf)\s*:")


def split_chunks(text: str) -> list[str]:
    """Cut Python source where the templates put two blank lines: between top-level
    definitions. A cut that lands inside a string or block makes a piece black rejects,
    and that file is then formatted whole (see `format_files`)."""
    pieces = (piece.strip("\n") for piece in text.split("\n\n\n"))
    return [p + "\n" for p in pieces if p]


def split_members(chunk: str) -> list[str]:
    """Cut a chunk that is one top-level class before each statement of its body that
    follows a blank line: the class line with its docstring, then one piece per field
    (with its docstring) or method.

    black formats the statements of a class body one by one and puts one blank line
    where the template put one or more, so each piece can go through black alone
    (inside `WRAPPER`, see `black_input`) and be cached on its own: an edit to one
    method of every model formats only those methods, and black's second pass goes
    only to the pieces it changed. No cut inside a multi-line string, after a comment
    or a decorator (black decides their blank lines from what follows), before a
    clause (`else:`...) or a string, nor anywhere in a chunk that is not plainly one
    class (a line at the margin after the class line, say).
    """
    lines = chunk.split("\n")
    header = 0
    while header < len(lines) and lines[header].startswith("@"):
        header += 1
    if header >= len(lines) or not lines[header].startswith("class ") or not lines[header].endswith(":"):
        return [chunk]
    if any(line[:1] not in ("", " ") for line in lines[header + 1 :]):
        return [chunk]
    strings, comments = preformat.lexeme_lines(chunk)
    starts = [0]
    last = header  # the last line that is not blank
    for number in range(header + 1, len(lines)):
        line = lines[number]
        if number in strings or not line:
            last = number if line else last
            continue
        blank_before = not lines[number - 1] and number - 1 not in strings
        body = last > header  # the class line is never a piece of its own
        if blank_before and body and _MEMBER_START.match(line) and last not in comments and not lines[last].lstrip().startswith("@"):
            starts.append(number)
        last = number
    starts.append(len(lines))
    pieces = ("\n".join(lines[a:b]).rstrip("\n") for a, b in zip(starts, starts[1:]))
    return [piece + "\n" for piece in pieces if piece]


def black_input(piece: str, first: bool) -> str:
    """What black formats for a piece of a chunk: the first as it is, a member inside
    `WRAPPER` (whose line `member_output` takes off again)."""
    return piece if first else WRAPPER + piece


def member_output(formatted: str | None) -> str | None:
    if formatted is None or not formatted.startswith(WRAPPER):
        return None
    return formatted[len(WRAPPER) :]


@functools.cache
def _salt() -> str:
    """What a cached result depends on besides its input: black's version and settings,
    and the import tidying and piecing around it (by the digest of their source)."""
    sources = (python_imports.__file__, preformat.__file__, settled.__file__, spacing.__file__, statements.__file__, __file__)
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


def _formatted(text: str, cache: TextCache, salt: str) -> tuple[str | None, bool]:
    """One piece formatted, or None where black rejects it; and whether black ran on it
    whole (a result worth a cache entry of its own).

    Lines black would leave as they are (`settled.plan`) are kept without running black;
    each remaining statement goes through black alone, cached under its own key, so an
    edit that adds a line to every method formats only the lines it adds. A piece that
    cannot be read that way goes through black whole. Whatever black gets goes in with
    the line breaks it is likely to make (`preformat`), which spares it its second pass
    when the guess was right and changes nothing it produces."""
    unsettled = settled.plan(text, LINE_LENGTH)
    if unsettled is not None:
        lines = text.split("\n")
        replacements: list[list[str]] = []
        for statement in unsettled:
            wrapped = settled.wrap(statement, lines)
            key = _key(salt, "statement", wrapped)
            formatted = cache.get(key)
            if formatted is None:
                formatted = _black_prepared(wrapped)
                if formatted is None:
                    break
                cache.put(key, formatted)
            replacement = settled.unwrap(statement, formatted)
            if replacement is None:
                break
            replacements.append(replacement)
        else:
            if _parses(text):  # black refuses what does not parse; so does this path
                return settled.splice(text, unsettled, replacements), False
    return _black_prepared(text), True


def _black_prepared(text: str) -> str | None:
    """black's result for `text`, given to it with `preformat`'s line breaks (and as it
    is, should those be what black refuses); None when black refuses the text."""
    for attempt in (preformat.prepare(text), text):
        try:
            return _black(attempt)
        except Exception:  # black signals invalid input with several exception types
            continue
    return None


def _parses(text: str) -> bool:
    """Whether `text` is Python for the oldest version black formats for (3.10)."""
    try:
        ast.parse(text, feature_version=(3, 10))
    except (SyntaxError, ValueError):
        return False
    return True


def _key(salt: str, kind: str, text: str) -> str:
    return hashlib.sha256(f"{salt}\0{kind}\0{text}".encode("utf-8")).hexdigest()


def format_files(files: dict[str, str]) -> dict[str, str]:
    """The file map with every `.py` file tidied and black-formatted.

    Always the complete result, whatever the cache holds: a file seen before (same
    rendered text, same formatter) is one cache read; of the others, only pieces not
    seen before go through black. Raises TemplateError when a rendered file is not
    valid Python.
    """
    with Formatter() as formatter:
        for name, text in files.items():
            formatter.add(name, text)
        return formatter.finish(files)


class Formatter:
    """Formats files as they are rendered (`add` each, then `finish`): pieces that the
    cache lacks go to worker processes as soon as there are enough lines for them to pay
    off, so black runs on the first files while the templates of the others render, and
    the workers import black meanwhile. Use it as a context manager: leaving it stops
    the workers."""

    def __init__(self) -> None:
        self.cache = TextCache("black")
        self.salt = _salt()
        self.formatted: dict[str, str] = {}  # found whole in the cache
        self.tidied: dict[str, str] = {}  # the others, unused imports dropped
        self.pieces: dict[str, list[list[str]]] = {}  # their pieces, as black gets them
        self.known: dict[str, str] = {}  # piece key -> black's result
        self.pending: dict[str, str] = {}  # piece key -> piece, not yet handed out
        self.sent: set[str] = set()
        self.lines = 0
        self.pool: ProcessPoolExecutor | None = None
        self.tasks: list[tuple[list[str], Future[list[str | None]]]] = []

    def __enter__(self) -> Formatter:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def add(self, name: str, text: str) -> None:
        """Take one rendered file; any but a `.py` file is left as it is."""
        if not name.endswith(".py"):
            return
        hit = self.cache.get(_key(self.salt, "file", text))
        if hit is not None:
            self.formatted[name] = hit
            return
        tidy = self.tidied[name] = prune_unused_imports(text)
        if _REGION_DIRECTIVE.search(tidy):
            return  # formatted whole by `finish`
        self.pieces[name] = [[black_input(p, i == 0) for i, p in enumerate(split_members(c))] for c in split_chunks(tidy)]
        for piece in (p for chunk in self.pieces[name] for p in chunk):
            key = _key(self.salt, "chunk", piece)
            if key in self.known or key in self.pending or key in self.sent:
                continue
            hit = self.cache.get(key)
            if hit is None:
                self.pending[key] = piece
                self.lines += piece.count("\n")
            else:
                self.known[key] = hit
        self._hand_out()

    def _hand_out(self) -> None:
        """Pending pieces to the workers, longest first in tasks of about `TASK_LINES`
        lines; the workers are started once `PARALLEL_THRESHOLD` lines wait."""
        count = min(os.cpu_count() or 1, 4)
        if self.pool is None and (self.lines < PARALLEL_THRESHOLD or count < 2):
            return
        if self.pool is None:
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(count)
        task: list[tuple[str, str]] = []
        size = 0
        for key, piece in sorted(self.pending.items(), key=lambda item: -len(item[1])):
            task.append((key, piece))
            size += piece.count("\n")
            if size >= TASK_LINES:
                self._submit(task)
                task, size = [], 0
        if task:
            self._submit(task)
        self.sent.update(self.pending)
        self.pending.clear()

    def _submit(self, task: list[tuple[str, str]]) -> None:
        assert self.pool is not None
        self.tasks.append(([key for key, _ in task], self.pool.submit(_format_and_store, task)))

    def finish(self, files: dict[str, str]) -> dict[str, str]:
        """`files` with every `.py` file formatted, sorted by name."""
        if self.pool is None:  # too little for workers: here
            self.known.update((k, r) for k, r in zip(self.pending, _format_and_store(list(self.pending.items()))) if r is not None)
        else:
            self._hand_out()
        for keys, future in self.tasks:
            self.known.update((key, result) for key, result in zip(keys, future.result()) if result is not None)
        problems: list[Problem] = []
        formatted = {**files, **self.formatted}
        for name, tidy in self.tidied.items():
            joined = _assemble(self.pieces.get(name), self.known, self.salt)
            if joined is None:
                try:  # a piece was not valid on its own: the file goes through black whole
                    joined = _black(tidy)
                except Exception as exc:
                    first_line = str(exc).strip().splitlines()[0]
                    problems.append(Problem(_position(name, exc), f"the templates produced invalid Python: {first_line}"))
                    continue
            formatted[name] = joined
            self.cache.put(_key(self.salt, "file", files[name]), joined)
        if problems:
            raise TemplateError(problems)
        return {name: formatted[name] for name in sorted(formatted)}


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


def _format_and_store(items: list[tuple[str, str]]) -> list[str | None]:
    """Each piece formatted (None where black rejects it) and stored under its key."""
    cache = TextCache("black")
    salt = _salt()
    results: list[str | None] = []
    for key, text in items:
        result, whole = _formatted(text, cache, salt)
        if whole and result is not None:  # the others are quicker to read again than to store
            cache.put(key, result)
        results.append(result)
    return results


def _position(name: str, exc: Exception) -> Position:
    # black's messages read "Cannot parse for target version Python 3.10: 12:4: <source line>"
    found = re.search(r": (\d+):(\d+):", str(exc))
    line, column = (int(found[1]), int(found[2]) + 1) if found else (1, 1)
    return Position(f"(rendered) {name}", line, column)
