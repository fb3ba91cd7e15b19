"""Stage 4: render template folders against the IR into {relative path: text}.

Rules for a template folder: every `*.jinja` file renders to the same relative path
without the suffix; other files are copied unchanged; folders named `partials` hold
includes and macros and produce nothing; a folder named `{package}` renders into the
folder named by `api.name`. Several folders stack: a file in an earlier
folder replaces the file with the same relative path in later ones (a user's overrides
in front of a style), and each folder may add files of its own. Undefined names are
errors (StrictUndefined), so a typo in a custom template fails loudly instead of
rendering as empty text.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath

import jinja2

from .. import ir, naming
from ..exports import openapi
from ..cache import cache_folder
from ..read.load import display_path
from ..problems import Position, Problem, TemplateError
from ..target import Target
from .style_manifest import MANIFEST, read_manifests
from ..check.computed import check_computed_helpers
from ..check.streams import check_helpers

PARTIALS = "partials"
SUFFIX = ".jinja"
PACKAGE = "{package}"  # a template folder of this name writes into the folder `api.name`


def template_paths(folders: Sequence[Path]) -> dict[PurePosixPath, Path]:
    """Each relative path that produces output, with the folder it comes from (the first
    folder that has it), sorted by path."""
    found: dict[PurePosixPath, Path] = {}
    for folder in folders:
        for path in folder.rglob("*"):
            relative = PurePosixPath(path.relative_to(folder).as_posix())
            if path.is_file() and PARTIALS not in relative.parts[:-1] and not relative.name.startswith("."):
                if str(relative) != MANIFEST:
                    found.setdefault(relative, folder)
    return dict(sorted(found.items()))


def output_path(relative: PurePosixPath, package: str) -> str | None:
    """Where a template's output goes: `{package}` folders become the package's name,
    the `.jinja` suffix goes. None for a path with any other brace: a misspelt
    placeholder must not become a literal folder such as `{pakage}`."""
    parts = [package if part == PACKAGE else part for part in relative.parts]
    if any("{" in part or "}" in part for part in parts):
        return None
    path = PurePosixPath(*parts)
    return str(path.with_suffix("") if path.suffix == SUFFIX else path)


def spec_origin(api: ir.Api) -> str:
    """How generated headers name the spec: its folder when every file shares one."""
    parents = {str(PurePosixPath(source).parent) for source in api.sources}
    if len(api.sources) > 1 and len(parents) == 1:
        return parents.pop().rstrip("/") + "/"
    return ", ".join(api.sources)


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates, kept between runs: compiling them is most of rendering's cost."""
    folder = cache_folder("jinja2")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(str(folder))


def environment(folders: Sequence[Path], target: Target) -> jinja2.Environment:
    """The Jinja environment of a style: the generic filters, then the target's."""
    env = jinja2.Environment(
        bytecode_cache=_bytecode_cache(),
        loader=jinja2.FileSystemLoader([str(folder) for folder in folders]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,
    )
    env.filters["openapi_yaml"] = openapi.to_yaml
    env.filters["pascal"] = naming.pascal
    env.filters["camel"] = naming.camel
    env.filters.update(target.filters)
    env.globals.update(target.template_globals)
    return env


def _template_position(exc: BaseException, templates: Path, fallback: str) -> Position:
    """Where in a template an exception was raised: Jinja maps its frames to template
    lines. `templates` is the folder the failing template came from."""
    line = getattr(exc, "lineno", None)
    name = getattr(exc, "filename", None) or getattr(exc, "name", None)
    if line is None:
        for frame in reversed(traceback.extract_tb(exc.__traceback__)):
            if frame.filename.endswith(SUFFIX):
                name, line = frame.filename, frame.lineno
                break
    where = Path(name) if name else templates / fallback
    if not where.is_absolute():
        where = templates / where
    return Position(display_path(where), line or 1, 1)


def render(api: ir.Api, folders: Sequence[Path], target: Target, produced: Callable[[str, str], None] | None = None) -> dict[str, str]:
    """Render every template of the stacked folders; raise TemplateError listing each
    one that failed. `produced(path, text)` is told of each file as soon as it is
    made (the format stage starts on it while the rest renders)."""
    missing = [Problem(Position(display_path(f), 1, 1), "the templates folder does not exist") for f in folders if not f.is_dir()]
    if missing:
        raise TemplateError(missing)
    unknown_helpers = check_helpers(api.streams, folders) + check_computed_helpers(api.models, folders)
    if unknown_helpers:
        raise TemplateError(unknown_helpers)
    if not api.name.isidentifier() or api.name.startswith("__"):  # validated; a folder name either way
        raise TemplateError([Problem(Position("(api)", 1, 1), f"`api.name` `{api.name[:60]}` cannot name the package folder")])
    env = environment(folders, target)
    rules = read_manifests(folders)
    context = {"api": api, "spec_origin": spec_origin(api)}
    files: dict[str, str] = {}
    problems: list[Problem] = []

    def produce(relative: str, folder: Path, output: str, extra: dict[str, object]) -> None:
        try:
            text = env.get_template(relative).render({**context, **extra})
        except (jinja2.TemplateError, ValueError) as exc:  # ValueError: a filter refused its input
            message = (exc.message if isinstance(exc, jinja2.TemplateError) else str(exc)) or type(exc).__name__
            problems.append(Problem(_template_position(exc, folder, relative), f"template error: {message}"))
            return
        if not text.strip():
            return  # a template that renders to nothing produces no file
        if output in files:
            problems.append(Problem(Position(display_path(folder / relative), 1, 1), f"two templates produce `{output}`{_package_hint(output, api.name)}"))
        files[output] = text
        if produced is not None:
            produced(output, text)

    paths = template_paths(folders)
    listed = {rule.template for rule in rules}
    for relative, folder in paths.items():
        if str(relative) in listed:
            continue
        output = output_path(relative, api.name)
        if output is None:
            why = f"a folder or file name holds a brace: the one placeholder is a folder named exactly `{PACKAGE}`"
            problems.append(Problem(Position(display_path(folder / relative), 1, 1), why))
        elif relative.suffix != SUFFIX:
            files[output] = (folder / relative).read_text(encoding="utf-8")
        else:
            produce(str(relative), folder, output, {})
    for rule in rules:
        origin = paths.get(PurePosixPath(rule.template))
        if origin is None:
            problems.append(Problem(rule.template_source, f"`[[each]]` names template `{rule.template}`, which no template folder has"))
            continue
        items: tuple[ir.Model | ir.Operation | ir.Stream, ...]
        if rule.over == "model":
            items = tuple(m for m in api.models if not rule.kinds or m.kind in rule.kinds)
        else:
            items = api.operations if rule.over == "operation" else api.streams
        for item in items:
            values = {"name": item.name, "snake": target.file_stem(item.name), "package": api.name}
            destination = rule.output(values, f"{rule.over} `{item.name}`")
            if isinstance(destination, Problem):
                problems.append(destination)
            else:
                produce(rule.template, origin, destination, {rule.over: item})
    if problems:
        raise TemplateError(problems)
    return files


def _package_hint(output: str, package: str) -> str:
    """Two templates for one package file: most likely a style's `{package}/x` and an
    override that spells the package's own name."""
    if not output.startswith(package + "/"):
        return ""
    return f" (an override of the package's files goes in a folder named `{PACKAGE}`, as in the styles)"
