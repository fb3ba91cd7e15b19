"""Generating a spec into an importable package under a name of its own, and a valid
JSON value of any IR type, for tests/test_name_collisions.py."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from generator import ir
from generator.config import BUILTIN_TEMPLATES
from generator.pipeline import generate, load_api
from generator.targets import PYTHON


def generate_package(spec_text: str, root: Path, package: str) -> ir.Api:
    """Generate `spec_text` into `root/package` (the folder `api.name` renamed: the
    package uses relative imports only). Raises SpecError for a spec that is refused."""
    spec = root / f"{package}.yaml"
    spec.write_text(spec_text, encoding="utf-8")
    api = load_api(spec, PYTHON)
    for name, text in generate(spec, [BUILTIN_TEMPLATES], PYTHON).items():
        if name.startswith(f"{api.name}/"):
            target = root / package / name.removeprefix(f"{api.name}/")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    return api


def import_package(root: Path, package: str) -> ModuleType:
    """The generated package's `models` module, imported with the whole package."""
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    importlib.import_module(package)
    return importlib.import_module(f"{package}.models")


def mypy_strict(root: Path, packages: list[str]) -> subprocess.CompletedProcess[str]:
    """`mypy --strict` over several generated packages in one run (it is the slow part)."""
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *packages],
        cwd=root, capture_output=True, text=True, timeout=900,
    )  # fmt: skip


def sample(api: ir.Api, type_ref: ir.TypeRef, depth: int = 0) -> Any:
    """A valid JSON value of the type, with every optional field present (nullable ones
    as null every other time), bounded in depth for recursive types."""
    if isinstance(type_ref, ir.Primitive):
        return {"string": "s", "integer": 7, "number": 1.5, "boolean": True, "any": {"a": [1, None, "x"]}}[type_ref.name]
    if isinstance(type_ref, ir.Const):
        return type_ref.value
    if isinstance(type_ref, ir.ListOf):
        return [sample(api, type_ref.item, depth + 1)] if depth < 3 else []
    if isinstance(type_ref, ir.MapOf):
        return {"key": sample(api, type_ref.value, depth + 1)} if depth < 3 else {}
    model = api.model(type_ref.name)
    if isinstance(model, ir.EnumModel):
        return model.values[-1].value
    if isinstance(model, ir.AliasModel):
        return sample(api, model.type, depth)
    if isinstance(model, ir.UnionModel):
        return sample(api, model.variants[-1].type, depth)
    fields = [f for f in model.fields if f.required or depth < 3]
    return {
        f.name: None if f.nullable and index % 2 else sample(api, f.type, depth + 1) for index, f in enumerate(fields)
    }


def decoder_of(models: ModuleType, model: ir.Model) -> Any:
    """The generated function or method that decodes `model` from JSON."""
    from generator.targets.python.names import decoder

    name = decoder(ir.ModelRef(model.name, model.kind))
    owner, _, attribute = name.rpartition(".")
    return getattr(getattr(models, owner), attribute) if owner else getattr(models, name)


def round_trip(models: ModuleType, api: ir.Api, model: ir.Model) -> None:
    """Decode a sample of `model` and encode it back: the same JSON must come out."""
    data = sample(api, ir.ModelRef(model.name, model.kind))
    decoded = decoder_of(models, model)(data, model.name)
    assert models._serde.encode(decoded) == data, (model.name, data)
    if isinstance(model, ir.ObjectModel):  # and again from the decoded instance's fields
        again = type(decoded).from_dict(decoded.to_dict())
        assert again == decoded and again.to_dict() == data
