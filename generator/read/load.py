"""Stage 1: read spec YAML into a tree of nodes that remember where they came from.

Each file is read within bounds (generator/read/files.py, generator/read/yaml_tree.py): only
regular files of at most a megabyte, nested at most 64 levels, no YAML aliases, plain YAML
tags only. Duplicate keys, which plain `yaml.safe_load` silently overwrites, are reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .nodes import ListNode, MapNode, Node, Scalar, ScalarNode
from ..problems import Position, Problem, SpecError
from .files import MIB, ReadError, read_text
from .yaml_tree import Limits, Unreadable, read_tree

__all__ = ["ListNode", "MapNode", "Node", "Scalar", "ScalarNode", "SpecFile", "load_spec", "display_path", "spec_files"]

# Far beyond a hand-written spec (the runs API: 88 KB in 8 files, nested 10 levels, 5,000
# values), far below what takes a noticeable time to read.
SPEC_LIMITS = Limits(depth=64, nodes=100_000, aliases=False, too_many="split the spec into several files")
SPEC_BYTES = MIB


@dataclass(frozen=True)
class SpecFile:
    path: str  # as shown in messages: relative to the working directory when possible
    root: Node
    problems: tuple[Problem, ...] = ()  # found while reading, reported with validation's


def display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def spec_files(spec: Path) -> list[Path]:
    """The YAML files of a spec folder in name order, or the one file given.

    A `*.yaml` entry that is not a folder is kept even when it is no regular file (a
    named pipe, a broken link), so that reading it reports why rather than skipping it."""
    if spec.is_dir():
        return sorted(p for p in spec.iterdir() if p.suffix in (".yaml", ".yml") and not p.is_dir())
    return [spec]


def load_spec(spec: Path) -> list[SpecFile]:
    """Parse every file of the spec; raise SpecError when one cannot be parsed.

    Problems in files that did parse (duplicate keys, non-name keys) are kept on each
    SpecFile so that validation reports them together with its own."""
    problems: list[Problem] = []
    files: list[SpecFile] = []
    paths = spec_files(spec)
    if not paths:
        raise SpecError([Problem(Position(display_path(spec), 1, 1), "no .yaml files in the spec folder")])
    for path in paths:
        display = display_path(path)
        try:
            text = read_text(path, display, SPEC_BYTES, "split the spec into several files")
            root, found = read_tree(text, display, SPEC_LIMITS)
        except ReadError as exc:
            problems.append(exc.problem)
            continue
        except Unreadable as exc:
            problems.extend(exc.problems)
            continue
        if root is None:
            root = MapNode({}, {}, Position(display, 1, 1))
        files.append(SpecFile(display, root, tuple(found)))
    if problems:
        raise SpecError(problems + [p for f in files for p in f.problems])
    return files
