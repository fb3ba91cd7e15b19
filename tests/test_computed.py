"""Computed properties (`computed` in the spec): written by the style's partial at the end
of the model's class, in both Python styles; never sent, decoded or exported, and a
member of the same name in a payload stays an unknown field."""

from __future__ import annotations

import importlib.util
import itertools
import sys
import types
from pathlib import Path

import pytest
import yaml

from generator.config import style_folders
from generator.pipeline import generate
from generator.targets import PYTHON

ROOT = Path(__file__).resolve().parent.parent
COMPUTED_STYLE = ROOT / "tests" / "fixtures" / "computed_style"
SPEC = {
    "api": {"name": "tagged", "base_url": "https://example.invalid/v1"},
    "models": {
        "Item": {
            "type": "object",
            "required": ["id"],
            "properties": {"id": "string", "note": {"type": "string", "nullable": True}},
            "computed": {"label": {"helper": "ProbeLabel", "description": "What the item is called."}},
        },
        "Box": {"allOf": ["Item", {"type": "object", "properties": {"size": "integer"}}]},
    },
}
_names = itertools.count()


def package(folder: Path, style: str) -> tuple[types.ModuleType, dict[str, str]]:
    (folder / "spec.yaml").write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    files = generate(folder / "spec.yaml", [COMPUTED_STYLE, *style_folders(style)], PYTHON)
    for name, text in files.items():
        (folder / "out" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "out" / name).write_text(text, encoding="utf-8")
    name = f"computed_{next(_names)}"
    root = folder / "out" / "tagged"
    spec = importlib.util.spec_from_file_location(name, root / "__init__.py", submodule_search_locations=[str(root)])
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module, files


@pytest.mark.parametrize("style", ["python", "python-pydantic"])
def test_a_computed_property_is_computed_and_nothing_else(tmp_path: Path, style: str) -> None:
    tagged, files = package(tmp_path, style)
    item = tagged.models.Item.from_dict({"id": "a1", "note": None})
    assert item.label == "item a1"
    assert isinstance(tagged.models.Item.label, property)
    assert tagged.models.Item.label.__doc__.split() == "What the item is called.".split()
    assert item.to_dict() == {"id": "a1", "note": None}
    sent = {"id": "a2", "label": "the server's"}
    kept = tagged.models.Item.from_dict(sent)
    assert kept.label == "item a2" and kept.unknown_fields == {"label": "the server's"} and kept.to_dict() == sent
    assert not hasattr(tagged.models.Box, "label")  # composed of Item by allOf: not inherited
    assert "label" not in files["openapi.yaml"]


def test_the_computed_property_is_typed(tmp_path: Path) -> None:
    _, files = package(tmp_path, "python")
    source = files["tagged/models.py"]
    assert "    @property\n    def label(self) -> str:\n" in source
    assert source.index("def label") > source.index("def to_dict")  # at the end of the class
