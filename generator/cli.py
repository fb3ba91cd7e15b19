"""The `runs-codegen` command: generate, check and validate, and the exports."""

from __future__ import annotations

import contextlib
import json
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

import click

from .config import STYLES, Settings, read_defaults, read_project
from .output.drift import NotAFolder, compare
from .read.load import display_path
from .exports.openapi import to_json_schema, to_yaml
from .pipeline import generate, load_api
from .targets import PYTHON  # every built-in style writes Python
from .problems import GenerationError, Position, Problem, SpecError, did_you_mean
from .check.computed import check_computed_helpers
from .check.streams import check_helpers
from .output.ownership import check_output_folder
from .output.write import OutputError, locked, real_path, shown_path, write


def _targets(spec: Path | None, out: Path | None, templates: Path | None, style: str | None, api: str | None, writes: bool = True) -> list[tuple[str, Settings]]:
    """The APIs a command works on: the one `--api` names, else every configured one;
    --spec, --out, --templates and --style override what pyproject.toml says.

    Without --api, --spec (and --out, for a command that `writes` a folder) name a
    target of their own, whatever APIs are configured: its style and templates are
    those of [tool.runs-codegen]."""
    if api is None and spec is not None and (out is not None or not writes):
        base = read_defaults(Path("pyproject.toml"))
        return [("", Settings(spec, out or base.out, style or base.style, templates or base.templates))]
    project = read_project(Path("pyproject.toml"))
    if api is not None:
        if api not in project or api == "":
            known = [name for name in project if name]
            listed = f"the configured APIs are {', '.join(known)}" if known else "pyproject.toml configures no [tool.runs-codegen.apis]"
            raise SpecError([Problem(Position("--api", 1, 1), f"no API `{api}`: {listed}{did_you_mean(api, known)}")])
        project = {api: project[api]}
    if len(project) > 1 and (spec or out):
        names = ", ".join(project)
        raise SpecError([Problem(Position("--spec" if spec else "--out", 1, 1), f"pyproject.toml configures several APIs ({names}): add --api NAME to say which one --spec/--out replace, or give both --spec and --out")])
    return [
        (name, Settings(spec or base.spec, out or base.out, style or base.style, templates or base.templates))
        for name, base in project.items()
    ]


def _settings(spec: Path | None, out: Path | None, templates: Path | None, style: str | None = None, api: str | None = None) -> Settings:
    """The settings of the one API a command works on (exports, diff-upstream)."""
    targets = _targets(spec, out, templates, style, api, writes=False)
    if len(targets) > 1:
        names = ", ".join(name for name, _ in targets)
        raise SpecError([Problem(Position("--api", 1, 1), f"pyproject.toml configures several APIs ({names}): say which one with --api NAME")])
    return targets[0][1]


def _each(targets: list[tuple[str, Settings]], run: Callable[[Settings], None]) -> None:
    """Run a command for each API; with several, every one runs (each named first) and
    the exit status is 1 when any failed."""
    if len(targets) == 1:
        run(targets[0][1])
        return
    failed = []
    for name, settings in targets:
        click.echo(f"[{name}]", err=True)
        try:
            run(settings)
        except SystemExit as exit:
            if exit.code not in (0, None):
                failed.append(name)
    if failed:
        click.echo(f"failed for {', '.join(failed)}", err=True)
        sys.exit(1)


def _fail(error: GenerationError) -> NoReturn:
    for problem in error.problems:
        click.echo(str(problem), err=True)
    count = len(error.problems)
    click.echo(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", err=True)
    sys.exit(1)


def _refuse(message: str) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(1)


spec_option = click.option("--spec", type=click.Path(path_type=Path), help="The spec folder, or one spec file.")
out_option = click.option("--out", type=click.Path(path_type=Path), help="The folder the generated code goes to.")
templates_option = click.option(
    "--templates", type=click.Path(path_type=Path), help="A folder of template overrides, in front of the style."
)
style_option = click.option("--style", help="A built-in style (default: python) or a complete template folder.")
api_option = click.option("--api", help="One of the APIs pyproject.toml configures (default: every one).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Generate a typed Python client from an API spec written in YAML.

    Defaults for --spec, --out, --style and --templates come from [tool.runs-codegen]
    in ./pyproject.toml, which may also configure several APIs
    ([tool.runs-codegen.apis.NAME]); --api picks one of them.
    """


@main.command("generate")
@spec_option
@out_option
@templates_option
@style_option
@api_option
def generate_command(spec: Path | None, out: Path | None, templates: Path | None, style: str | None, api: str | None) -> None:
    """Regenerate the output folder from the spec.

    The folder is replaced only if it does not exist, is empty, or holds just what
    runs-codegen wrote there before (its .runs-codegen-manifest.json lists it).
    """
    try:
        targets = _targets(spec, out, templates, style, api)
    except GenerationError as error:
        _fail(error)
    _each(targets, _generate_one)


def _generate_one(settings: Settings) -> None:
    started = time.perf_counter()
    try:
        folders = settings.template_folders()
        shown = shown_path(settings.out)
        refused = check_output_folder(settings.out, [Path.cwd(), settings.spec, *folders])
        if refused:  # whether runs-codegen wrote what is there is checked when writing
            _refuse(f"{refused} Nothing was written.")
        files = generate(settings.spec, folders, PYTHON)
    except GenerationError as error:
        _fail(error)
    try:
        with _terminate_unwinds():
            changed = write(files, settings.out, shown)
    except OutputError as error:
        _refuse(f"{error} Nothing was written.")
    except OSError as error:
        where = f" ({error.filename})" if error.filename else ""
        _refuse(f"cannot write --out {shown}: {error.strerror or error}{where}; the previous output is unchanged.")
    elapsed = time.perf_counter() - started
    what = "wrote" if changed else "unchanged:"
    click.echo(f"{what} {len(files)} files in {shown} ({elapsed:.2f} s)")


@contextlib.contextmanager
def _terminate_unwinds() -> Iterator[None]:
    """Let SIGTERM unwind as Ctrl-C does, so that a write cut short cleans up after itself."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def terminate(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, terminate)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@main.command("check")
@spec_option
@out_option
@templates_option
@style_option
@api_option
def check_command(spec: Path | None, out: Path | None, templates: Path | None, style: str | None, api: str | None) -> None:
    """Fail with a diff when the output folder is not what the spec generates.

    Compares the bytes of every file with what the spec and templates produce; a
    symlink or special file in the folder is reported as such, never followed.
    """
    try:
        targets = _targets(spec, out, templates, style, api)
    except GenerationError as error:
        _fail(error)
    _each(targets, _check_one)


def _check_one(settings: Settings) -> None:
    try:
        files = generate(settings.spec, settings.template_folders(), PYTHON)
    except GenerationError as error:
        _fail(error)
    label = shown_path(settings.out)
    folder = real_path(settings.out)
    try:
        with locked(folder.parent, shared=True) if folder.parent.is_dir() else contextlib.nullcontext():
            drift = compare(files, folder, label)
    except NotAFolder as error:
        _refuse(str(error))
    except OSError as error:
        _refuse(f"cannot read {label}: {error.strerror or error}")
    if drift.clean:
        click.echo(f"{label} is up to date ({len(files)} files)")
        return
    click.echo(drift.diff, nl=False)
    hint = "Run `make generate` to update it."
    if drift.foreign or drift.irregular:
        hint = "Move what runs-codegen did not write out of it, then run `make generate`."
    click.echo(f"{label} is stale: {drift.summary()}. {hint}", err=True)
    sys.exit(1)


OPENAPI_MARK = "exported by `runs-codegen openapi`"
SCHEMA_MARK = "exported by `runs-codegen schema`"
TEMPLATE_DOCS_MARK = "`runs-codegen template-docs"


def _emit(document: str, out_file: Path | None, marker: str, *projects: Settings) -> None:
    """An exported document: to standard output, or to `out_file` (rules in export.py).
    The spec and output of every configured API are protected, not only `projects`'."""
    if out_file is None:
        click.echo(document, nl=False)
        return
    from .exports.export import ExportError, write_export  # only the exports need it

    protected: dict[Path, str] = {STYLES: "the built-in styles", Path(__file__).resolve().parent: "the generator"}
    for settings in [*projects, *read_project(Path("pyproject.toml")).values()]:
        protected |= {settings.spec: "the spec", settings.out: "the generated output"}
        for folder in (settings.templates, Path(settings.style)):
            if folder is not None and folder.is_dir():
                protected[folder] = "a template folder"
    try:
        write_export(document, out_file, marker, protected)
    except ExportError as error:
        _refuse(f"{error} Nothing was written.")
    click.echo(f"wrote {display_path(out_file)}")


@main.command("openapi")
@spec_option
@api_option
@click.option("--out", "out_file", type=click.Path(path_type=Path), help="Write the document here instead of to standard output.")
def openapi_command(spec: Path | None, api: str | None, out_file: Path | None) -> None:
    """Export the spec as an OpenAPI 3.1 document (YAML).

    --out writes a new file, or replaces one this command wrote (its first line says
    so); it never replaces anything else.
    """
    try:
        settings = _settings(spec, None, None, api=api)
        header = f"# OpenAPI document {OPENAPI_MARK}; edit the spec, not this file.\n"
        document = header + to_yaml(load_api(settings.spec, PYTHON))
    except GenerationError as error:
        _fail(error)
    _emit(document, out_file, OPENAPI_MARK, settings)


@main.command("schema")
@spec_option
@api_option
@click.option("--out", "out_file", type=click.Path(path_type=Path), help="Write the schema here instead of to standard output.")
def schema_command(spec: Path | None, api: str | None, out_file: Path | None) -> None:
    """Export the spec's models as a JSON Schema (2020-12, one definition per model).

    --out writes a new file, or replaces one this command wrote (its `$comment` says
    so); it never replaces anything else.
    """
    try:
        settings = _settings(spec, None, None, api=api)
        schema = to_json_schema(load_api(settings.spec, PYTHON))
    except GenerationError as error:
        _fail(error)
    comment = f"JSON Schema {SCHEMA_MARK}; edit the spec, not this file."
    document = json.dumps({"$schema": schema.pop("$schema"), "$comment": comment, **schema}, indent=2) + "\n"
    _emit(document, out_file, SCHEMA_MARK, settings)


@main.command("template-docs")
@click.option("--out", "out_file", type=click.Path(path_type=Path), help="Write the document here (docs/templates.md) instead of to standard output.")
def template_docs_command(out_file: Path | None) -> None:
    """Print the template guide with its reference of the IR, filters and globals, built from docstrings.

    --out writes a new file, or replaces one this command wrote (its header comment
    says so); it never replaces anything else.
    """
    from .exports.template_docs import markdown  # only this command needs it

    try:
        projects = [settings for _, settings in _targets(None, None, None, None, None)]
    except GenerationError as error:
        _fail(error)
    _emit(markdown(), out_file, TEMPLATE_DOCS_MARK, *projects)


@main.command("diff-upstream")
@click.argument("upstream", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@spec_option
@api_option
@click.option(
    "--deviations",
    type=click.Path(path_type=Path),
    help="The deliberate differences, each with a reason (default: upstream/deviations.yaml in the spec folder).",
)
def diff_upstream_command(upstream: Path, spec: Path | None, api: str | None, deviations: Path | None) -> None:
    """Compare the spec with an upstream OpenAPI document; fail on unexplained drift."""
    from .exports.upstream_diff import differences, load_deviations  # only this command needs it
    from .exports.upstream_reading import read_upstream

    try:
        settings = _settings(spec, None, None, api=api)
        spec_api = load_api(settings.spec, PYTHON)
        if deviations is None:
            deviations = (settings.spec if settings.spec.is_dir() else settings.spec.parent) / "upstream" / "deviations.yaml"
        document = read_upstream(upstream)
        listed = load_deviations(deviations)
    except GenerationError as error:
        _fail(error)
    found = differences(document, spec_api)
    explained = {(d.path, d.what): d for d in listed}
    unexplained = [d for d in found if (d.path, d.what) not in explained]
    for difference in found:
        deviation = explained.get((difference.path, difference.what))
        click.echo(f"{difference}" + (f"  [deliberate: {deviation.reason}]" if deviation else ""))
    seen = {(d.path, d.what) for d in found}
    for key, deviation in explained.items():
        if key not in seen:
            click.echo(f"{deviation.path}: {deviation.what}: listed in {display_path(deviations)} but no longer differs")
    click.echo(
        f"{len(found)} differences from {display_path(upstream)}: "
        f"{len(found) - len(unexplained)} deliberate, {len(unexplained)} unexplained",
        err=bool(unexplained),
    )
    if unexplained:
        sys.exit(1)


@main.command("import-openapi")
@click.argument("document", type=click.Path(path_type=Path))
@click.option("--operation", "operation_ids", multiple=True, help="An operationId to import (repeatable).")
@click.option("--path", "paths", multiple=True, help="Import every operation of this path (repeatable).")
@click.option("--events", help="The schema of the event union its streaming operations send.")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="The folder the spec goes to (new, empty, or imported before).")
def import_openapi_command(document: Path, operation_ids: tuple[str, ...], paths: tuple[str, ...], events: str | None, out: Path) -> None:
    """Write a spec for operations of an OpenAPI 3 document (all when none are named).

    Every place the spec format cannot express is listed with its line and column in the
    document; the spec is written with a stand-in there (docs/import-openapi.md).
    """
    from .importer.command import run  # only this command needs it

    sys.exit(run(document, operation_ids, paths, events, out))


@main.command("validate")
@spec_option
@api_option
def validate_command(spec: Path | None, api: str | None) -> None:
    """Check the spec and report every problem with its file:line:column."""
    try:
        targets = _targets(spec, None, None, None, api, writes=False)
    except GenerationError as error:
        _fail(error)
    _each(targets, _validate_one)


def _validate_one(settings: Settings) -> None:
    try:
        api = load_api(settings.spec, PYTHON)
        # the helpers of streams and computed properties: named in the configured style?
        unknown_helpers = check_helpers(api.streams, settings.template_folders()) + check_computed_helpers(api.models, settings.template_folders())
        if unknown_helpers:
            raise SpecError(unknown_helpers)
    except GenerationError as error:
        _fail(error)
    events = sum(len(s.events) for s in api.streams)
    click.echo(f"{display_path(settings.spec)}: {len(api.operations)} operations, {len(api.models)} models, {events} events")
