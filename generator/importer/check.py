"""The imported files read back and validated as `generate` would, before anything is
written: what the validator refuses that the converter did not foresee is reported at
the upstream place the refused line came from, with the line in the imported file."""

from __future__ import annotations

from bisect import bisect_right

from ..build.builder import build_api
from ..read.load import SPEC_BYTES, SPEC_LIMITS, SpecFile
from ..read.nodes import MapNode
from ..problems import Position, Problem, SpecError
from ..check.validate import validate
from ..read.yaml_tree import Unreadable, read_tree
from ..targets import PYTHON
from .document import Document
from .layout import File
from .limits import Record


def check(files: list[File], record: Record, document: Document) -> None:
    origins = {file.name: file.origins for file in files}
    fallback = document.root.position

    def report(problem: Problem) -> None:
        lines = origins.get(problem.position.file, [])
        index = bisect_right([line for line, _ in lines], problem.position.line) - 1
        where = lines[index][1] if index >= 0 else fallback
        record.limit("spec", where, f"{problem.message} (in the imported {problem.position})")

    spec_files: list[SpecFile] = []
    for file in files:
        size = len(file.text.encode("utf-8"))
        if size > SPEC_BYTES:
            report(Problem(Position(file.name, 1, 1), f"{file.name} is {size} bytes, more than a spec file may hold ({SPEC_BYTES}); import fewer operations at a time"))
        try:
            root, found = read_tree(file.text, file.name, SPEC_LIMITS)
        except Unreadable as error:
            for problem in error.problems:
                report(problem)
            continue
        spec_files.append(SpecFile(file.name, root if root is not None else MapNode({}, {}, Position(file.name, 1, 1)), tuple(found)))
    if len(spec_files) != len(files):
        return
    try:
        build_api(validate(spec_files, PYTHON.check_spec))  # the builder reads the spec composed
    except SpecError as error:
        for problem in error.problems:
            report(problem)
