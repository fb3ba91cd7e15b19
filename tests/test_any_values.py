"""`any` is any JSON value, null included: both Python styles decode null into a field
typed `any` (required or not, with `nullable` or without) and write it back, and the
exported OpenAPI says the same with `{}`."""

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

SPEC = {
    "api": {"name": "loose", "base_url": "https://example.invalid/v1"},
    "models": {
        "Holder": {
            "type": "object",
            "required": ["value", "nullable_value"],
            "properties": {
                "value": "any",
                "maybe": {"description": "May be absent."},  # no `type`: any
                "nullable_value": {"nullable": True},
                "values": {"type": "array", "items": "any"},
                "by_name": {"type": "object", "additionalProperties": "any"},
            },
        },
    },
}
_names = itertools.count()


def package(folder: Path, style: str) -> tuple[types.ModuleType, dict[str, str]]:
    (folder / "spec.yaml").write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    files = generate(folder / "spec.yaml", style_folders(style), PYTHON)
    for name, text in files.items():
        (folder / "out" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "out" / name).write_text(text, encoding="utf-8")
    name = f"loose_{next(_names)}"
    root = folder / "out" / "loose"
    spec = importlib.util.spec_from_file_location(name, root / "__init__.py", submodule_search_locations=[str(root)])
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module, files


@pytest.mark.parametrize("style", ["python", "python-pydantic"])
def test_a_field_typed_any_takes_null(tmp_path: Path, style: str) -> None:
    loose, _ = package(tmp_path, style)
    nulls = {"value": None, "maybe": None, "nullable_value": None, "values": [None, 1], "by_name": {"k": None}}
    holder = loose.models.Holder.from_dict(nulls)
    assert holder.value is None and holder.maybe is None and holder.values == [None, 1]
    assert holder.to_dict() == nulls
    for payload in ({"value": {"a": [1, None]}, "nullable_value": "x"}, {"value": False, "nullable_value": 0, "maybe": []}):
        assert loose.models.Holder.from_dict(payload).to_dict() == payload
    with pytest.raises(loose.DecodeError) as missing:  # null is a value; absent is not
        loose.models.Holder.from_dict({"nullable_value": None})
    assert missing.value.path == "Holder.value"


def test_the_export_says_any_with_an_empty_schema(tmp_path: Path) -> None:
    _, files = package(tmp_path, "python")
    properties = yaml.safe_load(files["openapi.yaml"])["components"]["schemas"]["Holder"]["properties"]
    assert properties["value"] == {} and properties["nullable_value"] == {}
    assert properties["maybe"] == {"description": "May be absent."}
    assert properties["values"] == {"type": "array", "items": {}}
