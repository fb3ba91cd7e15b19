"""Stage 5: tidy and format every rendered Python file: unused imports dropped, then
black, in-process.

black dominates generation time, so each file is cut into top-level chunks (at the two
blank lines the templates put between top-level definitions) that are formatted
separately and reused when their rendered text has not changed. What was formatted last
time is read back from the output folder itself, guided by a manifest written next to
the code: so a fresh clone whose spec has not changed runs black on nothing, and a
one-model edit formats one chunk. (black runs with `fast=True`; the suite checks the
whole output with `black --check` instead.)
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from typing import Any

from .problems import Position, Problem, TemplateError
from .python_imports import prune_unused_imports

LINE_LENGTH = 88
MANIFEST = ".runs-codegen-manifest.json"
SEPARATOR = "\n\n"  # two blank lines between top-level chunks, as black wants
PARALLEL_THRESHOLD = 2000  # lines to format before a second process pays for itself


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class Chunk:
    rendered: str
    key: str  # digest of the rendered text


def split_chunks(text: str) -> list[Chunk]:
    """Cut Python source where the templates put two blank lines: between top-level
    definitions. A cut that lands inside a string or block makes a piece black rejects,
    and that file is then formatted whole (see `format_files`)."""
    pieces = (piece.strip("\n") for piece in text.split("\n\n\n"))
    return [Chunk(p + "\n", _digest(p + "\n")) for p in pieces if p]


def _salt() -> str:
    try:  # black ships its version as a tiny module; importing black itself is slower
        from _black_version import version  # type: ignore[import-untyped]
    except ImportError:
        from importlib.metadata import version as distribution_version

        version = distribution_version("black")
    return f"black {version} line-length {LINE_LENGTH} py310"


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


def _read_manifest(previous: dict[str, str], salt: str) -> dict[str, Any]:
    """The previous run's manifest, or {} when absent, damaged or from another formatter."""
    try:
        manifest = json.loads(previous.get(MANIFEST, "{}"))
    except ValueError:
        return {}
    if not isinstance(manifest, dict) or manifest.get("formatter") != salt:
        return {}
    return manifest


def _known_chunks(previous: dict[str, str], manifest: dict[str, Any]) -> dict[str, str]:
    """{rendered digest: formatted text} recovered from the previous output and manifest."""
    known: dict[str, str] = {}
    try:
        for name, entries in manifest.get("files", {}).items():
            lines = previous.get(name, "").splitlines(keepends=True)
            at = 0
            for key, formatted_digest, count in entries:
                piece = "".join(lines[at : at + count])
                at += count + SEPARATOR.count("\n")
                if _digest(piece) == formatted_digest:  # untouched since it was generated
                    known[key] = piece
    except (TypeError, ValueError, AttributeError):
        return {}  # a damaged manifest only costs a full format
    return known


def _entries_fit(entries: object, text: str) -> bool:
    """Whether a manifest's chunk entries are well formed and add up to `text`."""
    if not isinstance(entries, list) or not entries:
        return False
    if not all(isinstance(e, list) and len(e) == 3 and isinstance(e[2], int) for e in entries):
        return False
    lines: int = sum(e[2] for e in entries) + SEPARATOR.count("\n") * (len(entries) - 1)
    return lines == text.count("\n")


def format_files(files: dict[str, str], previous: dict[str, str] | None = None) -> dict[str, str]:
    """The file map with every `.py` file tidied and black-formatted, plus the manifest.

    `previous` is what the output folder holds now. A file whose rendered text is the
    same as last time and which nobody edited since is taken as it is; of the others,
    chunks found unchanged are reused. Raises TemplateError when a rendered file is not
    valid Python.
    """
    previous = previous or {}
    salt = _salt()
    old = _read_manifest(previous, salt)
    rendered = {name: _digest(text) for name, text in files.items() if name.endswith(".py")}
    old_rendered = old.get("rendered", {}) if isinstance(old.get("rendered"), dict) else {}
    old_files = old.get("files", {}) if isinstance(old.get("files"), dict) else {}
    unchanged = {
        name
        for name, digest in rendered.items()
        if name in previous
        and old_rendered.get(name) == [digest, _digest(previous[name])]
        and _entries_fit(old_files.get(name), previous[name])
    }
    fresh = {name: text for name, text in files.items() if name not in unchanged}
    formatted, manifest = _format_fresh(fresh, _known_chunks(previous, old) if len(unchanged) < len(rendered) else {})
    for name in unchanged:
        formatted[name] = previous[name]
        manifest[name] = old_files[name]
    if manifest:
        document = {
            "formatter": salt,
            "files": manifest,
            "rendered": {name: [rendered[name], _digest(formatted[name])] for name in manifest},
        }
        formatted[MANIFEST] = json.dumps(document, indent=1, sort_keys=True) + "\n"
    return {name: formatted[name] for name in sorted(formatted)}


def _format_fresh(files: dict[str, str], known: dict[str, str]) -> tuple[dict[str, str], dict[str, Any]]:
    """Format the files not taken as they were: (file map, manifest entries)."""
    files = {name: prune_unused_imports(text) if name.endswith(".py") else text for name, text in files.items()}
    chunked = {name: split_chunks(text) for name, text in files.items() if name.endswith(".py")}
    missing = {c.key: c.rendered for chunks in chunked.values() for c in chunks if c.key not in known}
    for key, result in zip(missing, _format_all(list(missing.values()))):
        if result is not None:
            known[key] = result

    problems: list[Problem] = []
    for name, chunks in chunked.items():
        if all(c.key in known for c in chunks):
            continue
        whole = Chunk(files[name], _digest(files[name]))  # a piece was not valid on its own
        try:
            known[whole.key] = _black(whole.rendered)
            chunked[name] = [whole]
        except Exception as exc:
            first_line = str(exc).strip().splitlines()[0]
            problems.append(Problem(_position(name, exc), f"the templates produced invalid Python: {first_line}"))
    if problems:
        raise TemplateError(problems)

    formatted: dict[str, str] = {}
    manifest: dict[str, Any] = {}
    for name, text in files.items():
        if name not in chunked:
            formatted[name] = text
            continue
        pieces = [known[c.key] for c in chunked[name]]
        formatted[name] = SEPARATOR.join(pieces)
        manifest[name] = [[c.key, _digest(p), p.count("\n")] for c, p in zip(chunked[name], pieces)]
    return formatted, manifest


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
