"""docs/templates.md documents every field of every IR class that templates can read."""

from __future__ import annotations

import dataclasses

import jinja2

from conftest import ROOT

from generator import ir, naming, python_names
from generator.render import environment


def test_every_ir_field_is_documented() -> None:
    text = (ROOT / "docs" / "templates.md").read_text()
    classes = [c for c in vars(ir).values() if isinstance(c, type) and dataclasses.is_dataclass(c)]
    assert len(classes) >= 14
    missing = [
        f"{cls.__name__}.{field.name}"
        for cls in classes
        for field in dataclasses.fields(cls)
        if f"`{field.name}`" not in text or f"`{cls.__name__}`" not in text
    ]
    assert not missing, f"document these in docs/templates.md: {missing}"


def test_every_filter_and_global_is_documented() -> None:
    text = (ROOT / "docs" / "templates.md").read_text()
    ours = [name for name in environment([ROOT]).filters if name not in jinja2.defaults.DEFAULT_FILTERS]
    names = [*ours, *python_names.GLOBALS]
    assert [n for n in names if f"`{n}" not in text] == []


def test_case_filters() -> None:
    assert naming.pascal("thread.run.created") == "ThreadRunCreated"
    assert naming.camel("thread.run.created") == "threadRunCreated"
    assert naming.camel("run", "status") == "runStatus"
