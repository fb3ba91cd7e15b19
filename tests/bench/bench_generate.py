"""`make bench-generate`: how long generation takes, as whole processes, against
openapi-python-client generating a client from the same upstream document.

Each round takes turns: the baseline into an empty folder, then ours
- cold: an empty output folder and an empty cache (`XDG_CACHE_HOME` a new temporary
  folder, so black's chunk cache and Jinja's compiled templates start empty);
- unchanged: the same command again;
- edit: after a comment is added to the model template (a new comment each round, so
  nothing of it is cached), as a template author iterating would: as the first line of
  every class (`edit: class line`), then of every method (`edit: every method`: most of
  each model's code is in its methods).
Our runs use a copy of the style folder, edited in place between rounds. The report
gives medians over the rounds and ratios against the baseline's median of the same run.

Linearity: synthetic specs at several multiples of the spec's size (the spec's models,
operations, polls and streams copied under new names; a fractional part copies that
share of the models, closed under their references), each generated cold and after an
edit, reported per model and per thousand lines of Python written.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
SECTIONS = ("models", "operations", "polls", "streams")
EDITED_TEMPLATE = "{package}/models.py.jinja"


@dataclass
class Timing:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def median(self) -> tuple[float, float]:
        return statistics.median(self.wall), statistics.median(self.cpu)


def timed(command: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of one process and every child it waited for."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"failed ({result.returncode}): {shlex.join(command)}\n{result.stdout}{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


# --- our generator -------------------------------------------------------------------


class Ours:
    """Runs of `python -m generator generate` on one spec, with a style folder of our own
    whose model template is edited in place."""

    def __init__(self, spec: Path, style: Path, work: Path) -> None:
        self.spec, self.work = spec, work
        self.style = work / "style"
        shutil.copytree(style, self.style)
        self.template = self.style / EDITED_TEMPLATE
        self.original = self.template.read_text(encoding="utf-8")
        if not re.search(r"^class ", self.original, re.MULTILINE):
            raise SystemExit(f"{self.template}: no line starting with `class ` to edit")
        self.edits = 0
        self.cache = self.out = work

    def fresh(self) -> None:
        """A new empty cache, a new output folder that does not exist yet, and the model
        template as it was (so that an edit changes only what it edits)."""
        self.template.write_text(self.original, encoding="utf-8")
        self.cache = Path(tempfile.mkdtemp(prefix="cache-", dir=self.work))
        self.out = Path(tempfile.mkdtemp(prefix="out-", dir=self.work)) / "out"

    def edit(self, where: str = "class") -> None:
        """A comment, new each time, as the first line of every class the template makes
        (`class`), or of every method of those classes (`method`)."""
        self.edits += 1
        pattern, indent = (r"^(class .*\n)", "    ") if where == "class" else (r"^(    def .*:\n)", "        ")
        comment = f"{indent}# edited by bench-generate, edit {self.edits}"
        text, count = re.subn(pattern, lambda m: m[1] + comment + "\n", self.original, flags=re.MULTILINE)
        if not count:
            raise SystemExit(f"{self.template}: no line to edit for `{where}`")
        self.template.write_text(text, encoding="utf-8")

    def run(self) -> tuple[float, float]:
        env = {**os.environ, "XDG_CACHE_HOME": str(self.cache)}
        command = [sys.executable, "-m", "generator", "generate", "--spec", str(self.spec), "--out", str(self.out), "--style", str(self.style)]
        return timed(command, env)

    def python_lines(self) -> int:
        return sum(len(p.read_bytes().splitlines()) for p in self.out.rglob("*.py"))


def baseline_runner(command: str, upstream: Path, work: Path) -> Callable[[], tuple[float, float]]:
    """The baseline command with {upstream} and {out} filled in, into an empty folder;
    its own folder leads PATH (openapi-python-client runs ruff from there)."""

    def run() -> tuple[float, float]:
        out = Path(tempfile.mkdtemp(prefix="baseline-", dir=work)) / "client"
        argv = [part.format(upstream=upstream, out=out) for part in shlex.split(command)]
        env = dict(os.environ)
        if os.sep in argv[0]:
            argv[0] = str(ROOT / argv[0])  # relative to the repository, absolute stays
            env["PATH"] = f"{Path(argv[0]).parent}{os.pathsep}{env.get('PATH', '')}"
        try:
            return timed(argv, env)
        finally:
            shutil.rmtree(out.parent, ignore_errors=True)

    return run


# --- synthetic specs -----------------------------------------------------------------


def read_spec(spec: Path) -> dict[str, Any]:
    """The spec's documents merged into one: `api` and the named sections."""
    files = sorted(spec.glob("*.yaml")) if spec.is_dir() else [spec]
    merged: dict[str, Any] = {}
    for path in files:
        document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for key, value in document.items():
            if key in SECTIONS:
                merged.setdefault(key, {}).update(value)
            else:
                merged[key] = value
    return merged


def strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)


def renamed(node: Any, names: dict[str, str]) -> Any:
    """`node` with every string value that is a declared name replaced (keys stay)."""
    if isinstance(node, str):
        return names.get(node, node)
    if isinstance(node, dict):
        return {key: renamed(value, names) for key, value in node.items()}
    if isinstance(node, list):
        return [renamed(value, names) for value in node]
    return node


def closed_share(models: dict[str, Any], share: float) -> set[str]:
    """At least `share` of the models, in spec order, with everything they refer to."""
    chosen: set[str] = set()
    for name in models:
        if len(chosen) >= share * len(models):
            break
        stack = [name]
        while stack:
            current = stack.pop()
            if current not in chosen:
                chosen.add(current)
                stack.extend(s for s in strings(models[current]) if s in models and s not in chosen)
    return chosen


def copy_of(spec: dict[str, Any], number: int, share: float = 1.0) -> dict[str, Any]:
    """The spec's sections under new names (suffix `X<number>`, paths under `/x<number>`,
    events prefixed `x<number>.`); with `share` < 1 only that share of the models and the
    operations they serve."""
    models = spec.get("models", {})
    names = {name: f"{name}X{number}" for name in [*models, *spec.get("streams", {})]}
    operations = {name: f"{name}_x{number}" for name in spec.get("operations", {})}
    kept = set(models) if share >= 1 else closed_share(models, share)
    copy: dict[str, Any] = {"models": {names[n]: renamed(m, names) for n, m in models.items() if n in kept}}
    copy["operations"] = {
        operations[n]: {**renamed(op, names), "path": f"/x{number}{op['path']}"}
        for n, op in spec.get("operations", {}).items()
        if share >= 1 or not any(s in models and s not in kept for s in strings(op)) and "stream" not in op
    }
    if share < 1:  # no streams or polls in a partial copy
        return copy
    copy["polls"] = {
        f"{n}_x{number}": {**poll, "operation": operations[poll["operation"]], "after": [operations[a] for a in poll.get("after", [])]}
        for n, poll in spec.get("polls", {}).items()
    }
    copy["streams"] = {}
    for n, stream in spec.get("streams", {}).items():
        events = {f"x{number}.{e}": renamed(v, names) for e, v in stream.get("events", {}).items()}
        wire = {key: f"x{number}.{stream[key]}" for key in ("terminator", "error_event") if key in stream}
        helpers = {"helpers": stream["helpers"]} if "helpers" in stream else {}  # a template's name, not the stream's
        copy["streams"][names[n]] = {**renamed(stream, names), **wire, **helpers, "events": events}
    return copy


class NoAliases(yaml.SafeDumper):
    """Writes a value shared by several copies out each time: the spec refuses aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def synthetic_spec(spec: Path, factor: float, destination: Path) -> tuple[Path, int]:
    """A one-file spec about `factor` times the size of `spec`; its path and model count."""
    base = read_spec(spec)
    merged = {key: (dict(value) if key in SECTIONS else value) for key, value in base.items()}
    whole, share = int(factor), factor - int(factor)
    copies = [copy_of(base, n) for n in range(2, whole + 1)]
    if share > 0.01:
        copies.append(copy_of(base, whole + 1, share))
    for copy in copies:
        for section, entries in copy.items():
            merged.setdefault(section, {}).update(entries)
    destination.mkdir(parents=True, exist_ok=True)
    path = destination / f"spec-{factor:g}x.yaml"
    path.write_text(yaml.dump(merged, Dumper=NoAliases, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path, len(merged.get("models", {}))


# --- the report ----------------------------------------------------------------------


def seconds(pair: tuple[float, float]) -> str:
    return f"{pair[0]:.2f} s ({pair[1]:.2f} s CPU)"


def compare(args: argparse.Namespace, work: Path) -> None:
    ours = Ours(args.spec, args.style, work / "compare")
    baseline = baseline_runner(args.baseline, args.upstream, work) if args.baseline else None
    timings = {name: Timing() for name in ("baseline", "cold", "unchanged", "edit: class line", "edit: every method")}

    def record(name: str, pair: tuple[float, float]) -> None:
        timings[name].wall.append(pair[0])
        timings[name].cpu.append(pair[1])

    for round_number in range(1, args.runs + 1):
        print(f"round {round_number}/{args.runs}", file=sys.stderr)
        if baseline:
            record("baseline", baseline())
        ours.fresh()
        record("cold", ours.run())
        record("unchanged", ours.run())
        ours.edit("class")
        record("edit: class line", ours.run())
        ours.edit("method")
        record("edit: every method", ours.run())
        shutil.rmtree(ours.cache, ignore_errors=True)
        shutil.rmtree(ours.out.parent, ignore_errors=True)
    reference = timings["baseline"].median()[0] if baseline else None
    print(f"\n### Against the baseline: median of {args.runs} rounds\n")
    print(f"spec `{display(args.spec)}`; baseline: `{args.baseline or 'none'}` on `{display(args.upstream)}`\n")
    print("| | wall (CPU) | / baseline |")
    print("|---|---|---|")
    for name in timings if baseline else list(timings)[1:]:
        median = timings[name].median()
        ratio = f"{median[0] / reference:.2f}x" if reference else "-"
        print(f"| {name} | {seconds(median)} | {ratio} |")


def linearity(args: argparse.Namespace, work: Path) -> None:
    rows = []
    for factor in args.scales:
        spec, models = synthetic_spec(args.spec, factor, work / "specs")
        ours = Ours(spec, args.style, work / f"scale-{factor:g}")
        timings = {name: Timing() for name in ("cold", "class", "method")}
        lines = 0
        for round_number in range(1, args.scale_runs + 1):
            print(f"{factor:g}x: round {round_number}/{args.scale_runs}", file=sys.stderr)
            ours.fresh()
            for name in timings:
                if name != "cold":
                    ours.edit(name)
                wall, cpu = ours.run()
                timings[name].wall.append(wall)
                timings[name].cpu.append(cpu)
                lines = lines or ours.python_lines()
            shutil.rmtree(ours.cache, ignore_errors=True)
            shutil.rmtree(ours.out.parent, ignore_errors=True)
        rows.append((factor, models, lines, *(timings[name].median() for name in timings)))
    print(f"\n### Linearity: median of {args.scale_runs} rounds per size, wall (CPU); per 1k lines of CPU\n")
    print("| size | models | lines of Python | cold | per 1k lines | edit: class line | edit: every method | per 1k lines |")
    print("|---|---|---|---|---|---|---|---|")
    for factor, models, lines, cold, edit_class, edit_method in rows:
        per_k = 1000 / lines
        print(
            f"| {factor:g}x | {models} | {lines:,} | {seconds(cold)} | {1000 * cold[1] * per_k:.0f} ms"
            f" | {seconds(edit_class)} | {seconds(edit_method)} | {1000 * edit_method[1] * per_k:.0f} ms |"
        )


def display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "spec" / "runs", help="our spec: a folder or one file")
    parser.add_argument("--style", type=Path, default=ROOT / "templates" / "python", help="the style folder to copy and edit")
    parser.add_argument("--upstream", type=Path, default=ROOT.parent / "shared" / "reference" / "openai-runs-openapi.yaml")
    parser.add_argument("--baseline", default="", help="command with {upstream} and {out}; empty: no baseline")
    parser.add_argument("--runs", type=int, default=5, help="rounds against the baseline")
    parser.add_argument("--scales", type=lambda s: [float(x) for x in s.split(",") if x], default=[1.0, 4.5, 10.0])
    parser.add_argument("--scale-runs", type=int, default=3, help="rounds per synthetic size")
    return parser.parse_args(argv)


def byte_compile() -> None:
    """The generator's modules compiled to bytecode once, as pip does for the baseline's
    installed packages: with PYTHONDONTWRITEBYTECODE set, an editable install would
    otherwise compile every module from source in every run."""
    import compileall

    compileall.compile_dir(ROOT / "generator", quiet=1)


def main(argv: Sequence[str] | None = None) -> None:
    args = arguments(argv)
    byte_compile()
    with tempfile.TemporaryDirectory(prefix="bench-generate-") as folder:
        work = Path(folder)
        compare(args, work)
        if args.scales and args.scale_runs > 0:
            linearity(args, work)


if __name__ == "__main__":
    main()
