"""The `runs-codegen` command: generate, check and validate, and the exports."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from .config import Settings, read_settings
from .load import display_path
from .openapi import to_json_schema, to_yaml
from .pipeline import generate, load_api
from .problems import GenerationError
from .write import check_output_folder, compare, write


def _settings(spec: Path | None, out: Path | None, templates: Path | None, style: str | None = None) -> Settings:
    base = read_settings(Path("pyproject.toml"))
    return Settings(spec or base.spec, out or base.out, style or base.style, templates or base.templates)


def _fail(error: GenerationError) -> None:
    for problem in error.problems:
        click.echo(str(problem), err=True)
    count = len(error.problems)
    click.echo(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", err=True)
    sys.exit(1)


spec_option = click.option("--spec", type=click.Path(path_type=Path), help="The spec folder, or one spec file.")
out_option = click.option("--out", type=click.Path(path_type=Path), help="The folder the generated code goes to.")
templates_option = click.option(
    "--templates", type=click.Path(path_type=Path), help="A folder of template overrides, in front of the style."
)
style_option = click.option("--style", help="A built-in style (default: python) or a complete template folder.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Generate a typed Python client for the OpenAI runs API from spec/.

    Defaults for --spec, --out, --style and --templates come from [tool.runs-codegen]
    in ./pyproject.toml.
    """


@main.command("generate")
@spec_option
@out_option
@templates_option
@style_option
def generate_command(spec: Path | None, out: Path | None, templates: Path | None, style: str | None) -> None:
    """Regenerate the output folder from the spec."""
    started = time.perf_counter()
    try:
        settings = _settings(spec, out, templates, style)
        folders = settings.template_folders()
        refusal = check_output_folder(settings.out, [Path.cwd(), settings.spec, *folders])
        if refusal:
            click.echo(refusal, err=True)
            sys.exit(1)
        files = generate(settings.spec, folders, settings.out)
    except GenerationError as error:
        _fail(error)
        return
    changed = write(files, settings.out)
    elapsed = time.perf_counter() - started
    what = "wrote" if changed else "unchanged:"
    click.echo(f"{what} {len(files)} files in {display_path(settings.out)} ({elapsed:.2f} s)")


@main.command("check")
@spec_option
@out_option
@templates_option
@style_option
def check_command(spec: Path | None, out: Path | None, templates: Path | None, style: str | None) -> None:
    """Fail with a diff when the output folder is not what the spec generates."""
    try:
        settings = _settings(spec, out, templates, style)
        files = generate(settings.spec, settings.template_folders(), settings.out)
    except GenerationError as error:
        _fail(error)
        return
    label = display_path(settings.out)
    drift = compare(files, settings.out, label)
    if drift.clean:
        click.echo(f"{label} is up to date ({len(files)} files)")
        return
    click.echo(drift.diff, nl=False)
    click.echo(
        f"{label} is stale: {len(drift.changed)} changed, {len(drift.added)} missing, "
        f"{len(drift.removed)} no longer generated. Run `make generate` to update it.",
        err=True,
    )
    sys.exit(1)


def _emit(document: str, out_file: Path | None) -> None:
    """An exported document: to standard output, or written to `out_file` as it is."""
    if out_file is None:
        click.echo(document, nl=False)
    else:
        out_file.write_text(document, encoding="utf-8", newline="")
        click.echo(f"wrote {display_path(out_file)}")


@main.command("openapi")
@spec_option
@click.option("--out", "out_file", type=click.Path(path_type=Path), help="Write the document here instead of to standard output.")
def openapi_command(spec: Path | None, out_file: Path | None) -> None:
    """Export the spec as an OpenAPI 3.1 document (YAML)."""
    try:
        settings = _settings(spec, None, None)
        document = to_yaml(load_api(settings.spec))
    except GenerationError as error:
        _fail(error)
        return
    _emit(document, out_file)


@main.command("schema")
@spec_option
@click.option("--out", "out_file", type=click.Path(path_type=Path), help="Write the schema here instead of to standard output.")
def schema_command(spec: Path | None, out_file: Path | None) -> None:
    """Export the spec's models as a JSON Schema (2020-12, one definition per model)."""
    try:
        settings = _settings(spec, None, None)
        document = json.dumps(to_json_schema(load_api(settings.spec)), indent=2) + "\n"
    except GenerationError as error:
        _fail(error)
        return
    _emit(document, out_file)


@main.command("template-docs")
@click.option("--out", "out_file", type=click.Path(path_type=Path), help="Write the document here (docs/templates.md) instead of to standard output.")
def template_docs_command(out_file: Path | None) -> None:
    """Print the template guide with its reference of the IR, filters and globals, built from docstrings."""
    from .template_docs import markdown  # only this command needs it

    _emit(markdown(), out_file)


@main.command("diff-upstream")
@click.argument("upstream", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@spec_option
@click.option(
    "--deviations",
    type=click.Path(path_type=Path),
    default=Path("spec/upstream/deviations.yaml"),
    show_default=True,
    help="The deliberate differences, each with a reason.",
)
def diff_upstream_command(upstream: Path, spec: Path | None, deviations: Path) -> None:
    """Compare the spec with an upstream OpenAPI document; fail on unexplained drift."""
    from .upstream_diff import differences, load_deviations  # only this command needs it
    from .upstream_reading import read_upstream

    try:
        settings = _settings(spec, None, None)
        api = load_api(settings.spec)
        document = read_upstream(upstream)
        listed = load_deviations(deviations)
    except GenerationError as error:
        _fail(error)
        return
    found = differences(document, api)
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


@main.command("validate")
@spec_option
def validate_command(spec: Path | None) -> None:
    """Check the spec and report every problem with its file:line:column."""
    try:
        settings = _settings(spec, None, None)
        api = load_api(settings.spec)
    except GenerationError as error:
        _fail(error)
        return
    events = sum(len(s.events) for s in api.streams)
    click.echo(f"{display_path(settings.spec)}: {len(api.operations)} operations, {len(api.models)} models, {events} events")
