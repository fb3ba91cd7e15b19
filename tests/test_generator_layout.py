"""The generator's layout keeps the promises the README makes about it: stages that only
import downwards, a generic core that imports nothing from a target, no import circle,
and no module over 400 lines."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

GENERATOR = Path(__file__).resolve().parent.parent / "generator"

# each stage, and what it may import besides itself and the shared modules at the top
STAGES: dict[str, set[str]] = {
    "read": set(),
    "ir": set(),
    "check": {"read", "ir"},
    "build": {"read", "check", "ir"},
    "render": {"read", "check", "ir", "exports"},
    "output": set(),
    "exports": {"read", "check", "build", "ir", "render", "targets"},
    "targets": {"read", "check", "build", "ir", "render", "exports"},
    "importer": {"read", "check", "build", "ir", "exports", "output", "targets"},
}
SHARED = {"problems", "naming", "cache", "target"}
# the generic core: what runs for every target, so knows none
CORE = {"read", "ir", "check", "build", "render", "output", "pipeline", "target", "problems", "naming", "cache"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(GENERATOR).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """The generator modules `path` imports, as dotted names under `generator`, also
    those imported only for type checking or inside functions."""
    package = module_name(path).split(".") if path.name == "__init__.py" else module_name(path).split(".")[:-1]
    package = [part for part in package if part]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - node.level + 1]
            if node.module:
                found.add(".".join([*base, *node.module.split(".")]))
            else:
                found.update(".".join([*base, alias.name]) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator"):
            found.add((node.module or "").removeprefix("generator").lstrip("."))
    return {name for name in found if name}


MODULES = sorted(p for p in GENERATOR.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(GENERATOR)))
def test_no_module_is_over_400_lines(path: Path) -> None:
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 400


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(GENERATOR)))
def test_stages_import_only_downwards(path: Path) -> None:
    stage = module_name(path).split(".")[0]
    if stage not in STAGES:
        return  # cli, config, pipeline and the shared modules at the top
    allowed = STAGES[stage] | SHARED | {stage}
    wrong = sorted(name for name in imports(path) if name.split(".")[0] not in allowed)
    assert not wrong, f"{stage}/ imports {wrong}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(GENERATOR)))
def test_the_generic_core_imports_no_target(path: Path) -> None:
    if module_name(path).split(".")[0] not in CORE:
        return
    assert not [name for name in imports(path) if name.split(".")[0] == "targets"]


def test_no_import_circle() -> None:
    graph = {module_name(path): imports(path) for path in MODULES}
    # `from . import x` names a module; `from .x import y` names x: keep known modules
    edges = {name: {dep if dep in graph else dep.rpartition(".")[0] for dep in deps} & graph.keys() for name, deps in graph.items()}
    for deps in edges.values():
        deps.discard("")
    state: dict[str, int] = {}
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for dep in sorted(edges[name]):
            if state.get(dep) == 1:
                cycle = path[path.index(dep) :] + [dep]
                raise AssertionError("import circle: " + " -> ".join(cycle))
            if dep not in state:
                visit(dep)
        path.pop()
        state[name] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name)
