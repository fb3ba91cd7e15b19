"""docs/templates.md is what `make docs` builds, and everything it lists is described."""

from __future__ import annotations

import dataclasses
import inspect
from pathlib import Path

from click.testing import CliRunner
from conftest import ROOT

from generator import ir
from generator import naming
from generator.targets.python import methods as python_methods
from generator.exports import template_docs
from generator.cli import main

STALE = "docs/templates.md is stale: run `make docs` (after editing docs/templates.intro.md or a docstring)."


def test_docs_templates_md_is_what_make_docs_writes() -> None:
    on_disk = (ROOT / "docs" / "templates.md").read_bytes().decode("utf-8")  # bytes: line endings count
    assert on_disk == template_docs.markdown(), STALE


def test_the_command_prints_or_writes_the_document(tmp_path: Path) -> None:
    printed = CliRunner().invoke(main, ["template-docs"])
    assert printed.exit_code == 0 and printed.output == template_docs.markdown()
    written = CliRunner().invoke(main, ["template-docs", "--out", str(tmp_path / "t.md")])
    assert written.exit_code == 0, written.output
    assert (tmp_path / "t.md").read_text(encoding="utf-8") == template_docs.markdown()


def _undocumented(entry: template_docs.Entry) -> list[str]:
    missing = [entry.name] if not entry.doc.strip() else []
    return missing + [f"{entry.name}.{m.name}" for m in entry.members if not m.doc.strip()]


def test_every_ir_class_attribute_property_and_method_is_described() -> None:
    entries = template_docs.ir_entries()
    classes = [c for c in vars(ir).values() if isinstance(c, type) and dataclasses.is_dataclass(c) and c.__module__.startswith(ir.__name__)]
    assert len(classes) >= 19
    missing: list[str] = []
    for cls in classes:
        entry = entries.get(cls.__name__)
        if entry is None:
            missing.append(cls.__name__)
            continue
        missing += _undocumented(entry)
        # what Python sees must be what the ast reading found, so nothing slips past it
        documented = {m.name.split("(")[0] for m in entry.members}
        methods = [n for n, v in vars(cls).items() if not n.startswith("_") and (isinstance(v, property) or inspect.isfunction(v))]
        fields = [f.name for f in dataclasses.fields(cls)]
        missing += [f"{cls.__name__}.{name} (not read)" for name in fields + methods if name not in documented]
    for alias in ("TypeRef", "Model", "JsonScalar"):
        missing += _undocumented(entries[alias])
    assert not missing, f"give these a docstring in generator/ir/__init__.py: {missing}"


def test_every_filter_and_global_is_described_and_listed() -> None:
    filters, globals_ = template_docs.registered()
    assert {"py_name", "py_identifier", "literal", "docstring", "snake", "pascal", "camel", "openapi_yaml"} <= set(filters)
    assert "call_arguments" in globals_
    text = template_docs.markdown()
    missing = []
    for name, function in [*filters.items(), *globals_.items()]:
        described = template_docs.describe(name, function, as_filter=name in filters)
        if not described.doc or f"`{described.usage.replace('|', chr(92) + '|')}`" not in text:
            missing.append(name)
    assert not missing, f"give these a docstring (its first paragraph is the description): {missing}"
    argument = template_docs.read_entries(Path(inspect.getfile(python_methods)))["Argument"]
    assert _undocumented(argument) == [] and "#### `Argument`" in text


def test_a_field_without_a_docstring_is_reported(tmp_path: Path) -> None:
    module = tmp_path / "example.py"
    module.write_text(
        'from dataclasses import dataclass\n\n\n@dataclass(frozen=True)\nclass Thing:\n    """A thing."""\n\n'
        '    named: str\n    """Its name."""\n    size: int\n\n    @property\n    def half(self) -> int:\n        return self.size // 2\n'
    )
    entry = template_docs.read_entries(module)["Thing"]
    assert [(m.name, m.type, m.doc) for m in entry.members] == [("named", "str", "Its name."), ("size", "int", ""), ("half", "int", "")]
    assert _undocumented(entry) == ["Thing.size", "Thing.half"]
    assert "| `size` | `int` | *undocumented* |" in template_docs._entry(entry)


def test_filter_usage_is_written_as_a_template_calls_it() -> None:
    def describe(name: str, as_filter: bool = True) -> str:
        filters, globals_ = template_docs.registered()
        return template_docs.describe(name, {**filters, **globals_}[name], as_filter).usage

    assert describe("docstring") == "text | docstring(indent=4, width=88, offset=None)"
    assert describe("decoder") == 'type_ref | decoder(models="")'
    assert describe("snake") == "name | snake"
    assert describe("pascal") == "parts[0] | pascal(*parts[1:])"
    assert describe("call_arguments", as_filter=False) == "call_arguments(api, operation)"


def test_case_filters() -> None:
    assert naming.pascal("thread.run.created") == "ThreadRunCreated"
    assert naming.camel("thread.run.created") == "threadRunCreated"
    assert naming.camel("run", "status") == "runStatus"
