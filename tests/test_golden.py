"""Golden records: each case under tests/golden/ generates exactly its `expected/` tree.

Refresh them with `make golden` after an intended change, and review the diff.
"""

from __future__ import annotations

import contextlib
import difflib
import importlib.util
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "golden"))
refresh = importlib.import_module("refresh")

GOLDEN = refresh.GOLDEN
REFRESH_HINT = "If the change is intended, refresh the records with `make golden` and review the diff."


def expected_files(case: Path) -> dict[str, str]:
    root = case / "expected"
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", refresh.cases(), ids=lambda p: p.name)
def test_golden_record(case: Path) -> None:
    actual = refresh.render_case(case)
    expected = expected_files(case)
    problems = []
    for name in sorted(set(actual) | set(expected)):
        if actual.get(name) == expected.get(name):
            continue
        diff = difflib.unified_diff(
            expected.get(name, "").splitlines(keepends=True),
            actual.get(name, "").splitlines(keepends=True),
            fromfile=f"{case.name}/expected/{name}",
            tofile=f"{case.name}/generated/{name}",
        )
        problems.append("".join(diff) or f"{name}: missing")
    assert not problems, "\n".join(problems) + "\n" + REFRESH_HINT


@contextlib.contextmanager
def imported_record(case: str) -> Iterator[types.ModuleType]:
    """The package of a golden record (its folder `api.name`), imported as `golden_<case>`."""
    expected = GOLDEN / case / "expected"
    root = next(folder for folder in sorted(expected.iterdir()) if (folder / "__init__.py").is_file())
    name = f"golden_{case}"
    spec = importlib.util.spec_from_file_location(name, root / "__init__.py", submodule_search_locations=[str(root)])
    assert spec and spec.loader
    package = importlib.util.module_from_spec(spec)
    sys.modules[name] = package
    try:
        spec.loader.exec_module(package)
        yield package
    finally:
        for loaded in [n for n in sys.modules if n == name or n.startswith(name + ".")]:
            del sys.modules[loaded]


def test_golden_packages_import_and_behave() -> None:
    """The basic record is real code: it imports and decodes what its spec describes."""
    with imported_record("basic") as package:
        models = package.models
        pet = models.Pet.from_dict({"id": "p1", "object": "pet", "kind": {"type": "cat", "lives": 9}, "born_at": None, "class": True})
        assert isinstance(pet.kind, models.Cat) and pet.kind.lives == 9
        assert pet.class_ is True
        assert pet.to_dict() == {"id": "p1", "object": "pet", "kind": {"type": "cat", "lives": 9}, "born_at": None, "class": True}
        assert models.feeding_from_dict("auto") is models.FeedingMode.AUTO
        assert models.feeding_from_dict({"times": [8, 20]}) == models.Schedule(times=[8, 20])


def test_hostile_text_stays_inside_strings() -> None:
    """Descriptions, values and paths from the spec cannot end a docstring or a literal
    early, nor turn into code: quotes, backslashes, triple quotes, newlines, `{{`, and
    braces in an f-string path."""
    import warnings

    import httpx

    root = Path(__file__).resolve().parent / "golden" / "hostile" / "expected"
    for path in sorted((root / "hostile").glob("*.py")):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # an invalid escape such as `\`` is a warning
            compile(path.read_text(), str(path), "exec")
    source = (root / "hostile" / "models.py").read_text()
    assert "echo pwned" in source and "__import__('os')" in source  # kept, as text
    with imported_record("hostile") as package:
        models = package.models
        assert [kind.value for kind in models.TrapKind] == [
            'a"b', "back\\slash", "new\nline", "x'''y", "1starts_with_digit", "class", "{{ api.name }}", "{x}"
        ]
        assert models.Const().tag == '"); import os; ("'
        assert models.Trap.__doc__.startswith('Ends a docstring early: """ + __import__')
        assert "{{ api.name }} {% if true %}yes{% endif %} {0}" in source
        requests: list[httpx.Request] = []

        def answer(request: httpx.Request) -> httpx.Response:
            requests.append(request)
            return httpx.Response(200, json={"kind": "{x}"})

        http = httpx.Client(transport=httpx.MockTransport(answer))
        with package.Client(api_key="k", base_url="https://example.invalid", http_client=http) as client:
            assert client.get_trap("a b", format="{{x}}").kind is models.TrapKind.X
            assert '`GET /traps/{id}/x}y{"q\\`' in client.get_trap.__doc__
        assert requests[0].url.path == '/traps/a b/x}y{"q\\' and requests[0].url.params["format"] == "{{x}}"


def test_the_custom_templates_example_type_checks_on_the_real_spec(tmp_path: Path) -> None:
    """examples/custom-templates over the python style, from spec/runs/: mypy --strict passes."""
    import subprocess

    root = Path(__file__).resolve().parent.parent
    files = refresh.generate(root / "spec" / "runs", [root / "examples" / "custom-templates" / "templates", refresh.BUILTIN_TEMPLATES], refresh.PYTHON)
    for name, text in files.items():
        target = tmp_path / "out" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    assert "class CreateRunBody(TypedDict):" in files["openai_runs/typed_bodies.py"]
    assert "DEFAULT_MAX_RETRIES = 5" in files["openai_runs/_constants.py"]
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "cache"), "openai_runs"],
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout
