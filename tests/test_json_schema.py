"""The JSON Schema export, cross-checked with datamodel-code-generator: the pydantic
models it generates from our schema must agree with our dataclasses field by field, so
a mapping mistake in the export or in our templates cannot go unnoticed."""

from __future__ import annotations

import enum
import importlib.util
import json
import sys
import types
import typing
from pathlib import Path

import pytest
from conftest import ROOT, codegen
from datamodel_code_generator import DataModelType, Formatter, InputFileType, generate

from generator import ir
from generator.exports.openapi import to_json_schema
from generator.pipeline import load_api
from generator.targets import PYTHON

API = load_api(ROOT / "spec" / "runs", PYTHON)


@pytest.fixture(scope="module")
def pydantic_models(tmp_path_factory: pytest.TempPathFactory) -> types.ModuleType:
    out = tmp_path_factory.mktemp("dcg") / "dcg_models.py"
    generate(
        json.dumps(to_json_schema(API)),
        input_file_type=InputFileType.JsonSchema,
        output=out,
        output_model_type=DataModelType.PydanticV2BaseModel,
        formatters=[Formatter.BLACK],
    )
    spec = importlib.util.spec_from_file_location("dcg_models", out)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["dcg_models"] = module
    spec.loader.exec_module(module)
    return module


def allows_none(annotation: object) -> bool:
    return annotation is type(None) or any(allows_none(arg) for arg in typing.get_args(annotation))


def test_every_object_model_agrees_field_by_field(pydantic_models: types.ModuleType) -> None:
    objects = [m for m in API.models if isinstance(m, ir.ObjectModel)]
    assert len(objects) > 90
    disagreements = []
    for model in objects:
        theirs = getattr(pydantic_models, model.name, None)
        if theirs is None:
            disagreements.append(f"{model.name}: no pydantic model")
            continue
        fields = {(info.alias or name): info for name, info in theirs.model_fields.items()}
        if set(fields) != {f.name for f in model.fields}:
            disagreements.append(f"{model.name}: fields {sorted(fields)} vs {sorted(f.name for f in model.fields)}")
            continue
        for field in model.fields:
            info = fields[field.name]
            if info.is_required() != field.required:
                disagreements.append(f"{model.name}.{field.name}: required {info.is_required()} vs {field.required}")
            # pydantic makes every optional field nullable; only required ones tell
            if field.required and allows_none(info.annotation) != field.nullable:
                disagreements.append(f"{model.name}.{field.name}: nullable {allows_none(info.annotation)} vs {field.nullable}")
    assert disagreements == []


def test_every_enum_has_the_same_values(pydantic_models: types.ModuleType) -> None:
    for model in API.models_of_kind("enum"):
        assert isinstance(model, ir.EnumModel)
        theirs = getattr(pydantic_models, model.name)
        values = [member.value for member in theirs] if isinstance(theirs, enum.EnumMeta) else list(typing.get_args(theirs))
        assert values == [v.value for v in model.values], model.name


def test_the_schema_command_prints_the_export(tmp_path: Path) -> None:
    out = tmp_path / "schema.json"
    result = codegen("schema", "--api", "runs", "--out", str(out))
    assert result.returncode == 0, result.stderr
    document = json.loads(out.read_text())
    assert document.pop("$comment") == "JSON Schema exported by `runs-codegen schema`; edit the spec, not this file."
    assert document == to_json_schema(API)
