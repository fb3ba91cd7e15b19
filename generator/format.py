"""Stage 5: tidy and format every rendered Python file: unused imports dropped, then
black, in-process.

black dominates generation time, so its results are kept in a content-addressed cache
in the user's cache folder (`cache_folder("black")`), shared by every output folder:
the key is a digest of the formatter's version and settings plus the rendered text,
the value is what black made of it. A whole file seen before is one cache read; a file
not seen before is cut into top-level chunks (at the two blank lines the templates put
between top-level definitions), and only chunks not seen before go through black, in
parallel when there are many. So a one-model edit formats one chunk, and a fresh clone
with an empty cache formats everything once.

The result never depends on what the output folder holds: `generate` and `check`
always compute the complete expected bytes and compare them with the disk. (black runs
with `fast=True`; the suite checks the whole output with `black --check` instead.)
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from .cache import TextCache
from .problems import Position, Problem, TemplateError
from . import python_imports
from .python_imports import prune_unused_imports

LINE_LENGTH = 88
SEPARATOR = "\n\n"  # two blank lines between top-level chunks, as black wants
PARALLEL_THRESHOLD = 2000  # lines to format before a second process pays for itself


def split_chunks(text: str) -> list[str]:
    """Cut Python source where the templates put two blank lines: between top-level
    definitions. A cut that lands inside a string or block makes a piece black rejects,
    and that file is then formatted whole (see `format_files`)."""
    pieces = (piece.strip("\n") for piece in text.split("\n\n\n"))
    return [p + "\n" for p in pieces if p]


def _salt() -> str:
    """What a cached result depends on besides its input: black's version and settings,
    and the import tidying that runs before it (by the digest of its source)."""
    tidying = hashlib.sha256(Path(python_imports.__file__).read_bytes()).hexdigest()[:16]
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
    """Each text formatted, or None where black rejects it."""
    results: list[str | None] = []
    for text in texts:
        try:
            results.append(_black(text))
        except Exception:  # black signals invalid input with several exception types
            results.append(None)
    return results


def _key(salt: str, kind: str, text: str) -> str:
    return hashlib.sha256(f"{salt}\0{kind}\0{text}".encode("utf-8")).hexdigest()


def format_files(files: dict[str, str]) -> dict[str, str]:
    """The file map with every `.py` file tidied and black-formatted.

    Always the complete result, whatever the cache holds: a file seen before (same
    rendered text, same formatter) is one cache read; of the others, only chunks not
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
        done = _format_fresh(fresh, cache, salt)
        for name, text in done.items():
            cache.put(_key(salt, "file", fresh[name]), text)
        formatted.update(done)
    return {name: formatted[name] for name in sorted(formatted)}


def _format_fresh(files: dict[str, str], cache: TextCache, salt: str) -> dict[str, str]:
    """Tidy and format files not found whole in the cache, chunk by chunk."""
    files = {name: prune_unused_imports(text) for name, text in files.items()}
    chunked = {name: split_chunks(text) for name, text in files.items()}
    known: dict[str, str] = {}
    missing: dict[str, str] = {}
    for chunk in (c for chunks in chunked.values() for c in chunks):
        key = _key(salt, "chunk", chunk)
        if key in known or key in missing:
            continue
        hit = cache.get(key)
        if hit is None:
            missing[key] = chunk
        else:
            known[key] = hit
    for key, result in zip(missing, _format_all(list(missing.values()))):
        if result is not None:
            known[key] = result
            cache.put(key, result)

    problems: list[Problem] = []
    formatted: dict[str, str] = {}
    for name, chunks in chunked.items():
        keys = [_key(salt, "chunk", c) for c in chunks]
        if all(k in known for k in keys):
            formatted[name] = SEPARATOR.join(known[k] for k in keys)
            continue
        try:  # a piece was not valid on its own: the file goes through black whole
            formatted[name] = _black(files[name])
        except Exception as exc:
            first_line = str(exc).strip().splitlines()[0]
            problems.append(Problem(_position(name, exc), f"the templates produced invalid Python: {first_line}"))
    if problems:
        raise TemplateError(problems)
    return formatted


def _position(name: str, exc: Exception) -> Position:
    # black's messages read "Cannot parse for target version Python 3.10: 12:4: <source line>"
    found = re.search(r": (\d+):(\d+):", str(exc))
    line, column = (int(found[1]), int(found[2]) + 1) if found else (1, 1)
    return Position(f"(rendered) {name}", line, column)


def _format_all(texts: list[str]) -> list[str | None]:
    lines = sum(t.count("\n") for t in texts)
    workers = min(os.cpu_count() or 1, 4)
    if lines < PARALLEL_THRESHOLD or workers < 2:
        return _black_many(texts)
    batches = [texts[i::workers] for i in range(workers)]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers) as pool:
        results = list(pool.map(_black_many, batches))
    merged: list[str | None] = [None] * len(texts)
    for i, batch in enumerate(results):
        merged[i::workers] = batch
    return merged
