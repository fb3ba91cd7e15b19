"""What `runs-codegen import-openapi` prints and writes (the command itself is declared
in generator/cli.py)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import click

from ..output.ownership import check_output_folder
from ..problems import GenerationError
from ..output.write import OutputError, shown_path, write
from . import import_openapi


def _counts(counter: Counter[str]) -> str:
    return ", ".join(f"{kind} {count}" for kind, count in sorted(counter.items(), key=lambda item: (-item[1], item[0])))


def run(document: Path, operation_ids: tuple[str, ...], paths: tuple[str, ...], events: str | None, out: Path) -> int:
    """Import and write; the exit status (0 when nothing needs editing by hand)."""
    shown = shown_path(out)
    refused = check_output_folder(out, [Path.cwd(), document])
    if refused:
        click.echo(f"{refused} Nothing was written.", err=True)
        return 1
    try:
        imported = import_openapi(document, operation_ids, paths, events)
    except GenerationError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        count = len(error.problems)
        click.echo(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", err=True)
        return 1
    try:
        write(imported.files, out, shown)
    except OutputError as error:
        click.echo(f"{error} Nothing was written.", err=True)
        return 1
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        click.echo(f"cannot write --out {shown}: {error.strerror or error}{where}; nothing was written.", err=True)
        return 1
    record = imported.record
    for found in record.sorted():
        click.echo(str(found.problem()), err=True)
    click.echo(
        f"imported {imported.operations} operations, {imported.models} models and {imported.events} events "
        f"from {document.name} into {shown}: {', '.join(sorted(imported.files))}"
    )
    if record.rewrites:
        click.echo(f"written in the format's own spelling: {_counts(record.rewrites)}")
    if record.left_out:
        click.echo(f"annotations left out: {_counts(record.left_out)}")
    problems = record.sorted()
    if problems:
        kinds = _counts(record.kinds())
        click.echo(
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} ({kinds}): the spec is written with a stand-in "
            "at each, marked `import problem`; edit those places by hand.",
            err=True,
        )
        return 1
    return 0
