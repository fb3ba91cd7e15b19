"""Pydantic v2 models of the IR, made by datamodel-code-generator from our JSON Schema
export, for the `python-pydantic` style (the `pydantic_models` filter).

datamodel-code-generator takes a second or more on this API, so its output is cached on
disk under a key of everything that decides it: the schema, the options, the enum
template, the versions of the tools and this module's own code. It is imported only when a template asks for it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from importlib.metadata import version
from pathlib import Path
from typing import Any

import jinja2

from ... import ir
from . import pydantic_unions
from ...cache import cache_folder
from .pydantic_unions import discriminated, replace_definitions, without_discriminators
from ...exports.openapi import to_json_schema
from .declarations import read_types
from .names import decoder, literal, type_hint
from .pydantic_finish import base_class_map, finish, in_class, schema_for_models

ENUM_TEMPLATE = "partials/datamodel-codegen/Enum.jinja2"
"""The template folders may hold datamodel-code-generator templates under
`partials/datamodel-codegen/`; the python-pydantic style has `Enum.jinja2` there, which
makes enums subclasses of our open `OpenEnum` so values the spec does not know decode."""

# datamodel-code-generator takes only absolute import paths; the generated package must
# stay relocatable, so imports of this stand-in package are made relative afterwards.
_STAND_IN = "runs_codegen_package"
_STAND_IN_IMPORT = re.compile(rf"^from {_STAND_IN}\.", re.MULTILINE)


def _options(api: ir.Api, enum_template: str | None) -> dict[str, Any]:
    options: dict[str, Any] = {
        "formatters": ["black"],  # imports are sorted once they are relative, below
        "base_class": f"{_STAND_IN}._pydantic.BaseModel",
        "use_schema_description": True,
        "use_field_description": True,
        "capitalise_enum_members": True,
        "use_one_literal_as_default": True,  # CodeInterpreterTool() needs no type="code_interpreter"
        "use_union_operator": True,
        "use_annotated": True,
        "strict_nullable": True,  # null only where the spec allows it
        "use_type_alias": True,  # unions as type aliases: no `.root` to unwrap
        "skip_root_model": True,
        "type_mappings": ["uri=string"],  # AnyUrl would rewrite URLs and break round trips
        "disable_timestamp": True,
        "enable_version_header": False,
        "set_default_enum_member": True,  # `detail: ImageDetail = ImageDetail.AUTO`, as mypy wants
        "custom_file_header": "# Models made by datamodel-code-generator from `runs-codegen schema`.",
        # with the schema of `schema_for_models`: fields always sent that may be null default to None
        "apply_default_values_for_required_fields": True,
    }
    bases = base_class_map(api, _STAND_IN)
    if bases:
        options["base_class_map"] = bases
    if enum_template is not None and api.models_of_kind("enum"):
        options["additional_imports"] = [f"{_STAND_IN}._serde.OpenEnum"]
    return options


def _with_member_names(api: ir.Api, schema: dict[str, Any]) -> dict[str, Any]:
    """The schema with each enum's member names as `x-enum-varnames`, so both styles
    spell members alike (`RunStepInclude.STEP_DETAILS_TOOL_CALLS_FILE_SEARCH_RESULTS_CONTENT`)."""
    definitions = dict(schema["$defs"])
    for model in api.models_of_kind("enum"):
        assert isinstance(model, ir.EnumModel)
        definitions[model.name] = {**definitions[model.name], "x-enum-varnames": [v.member_name for v in model.values]}
    return {**schema, "$defs": definitions}


def generate_models(api: ir.Api, enum_template: tuple[Path, str] | None = None) -> str:
    """The models module's code, black-formatted, with package-relative imports.

    `enum_template` is (folder, text) of an `Enum.jinja2` to use instead of the default.
    """
    schema = json.dumps(schema_for_models(api, without_discriminators(api, _with_member_names(api, to_json_schema(api)))))  # in spec order: fields keep it
    options = _options(api, enum_template[1] if enum_template else None)
    key_text = json.dumps(
        [
            schema,
            options,
            enum_template and enum_template[1],
            version("datamodel-code-generator"),
            version("isort"),
            hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),  # how its output is finished, below
            *(hashlib.sha256((Path(__file__).parent / name).read_bytes()).hexdigest() for name in ("pydantic_finish.py", "models.py")),
            hashlib.sha256(Path(pydantic_unions.__file__).read_bytes()).hexdigest(),
            [pydantic_unions.definition(union) for union in discriminated(api)],
            decoders(api),
        ]
    )
    cached = cache_folder("datamodel-codegen") / (hashlib.sha256(key_text.encode()).hexdigest()[:32] + ".py")
    try:
        return cached.read_text(encoding="utf-8")
    except OSError:
        pass

    import warnings

    from datamodel_code_generator import generate
    from datamodel_code_generator.enums import DataModelType, InputFileType
    from datamodel_code_generator.format import Formatter

    if enum_template is not None:
        options["custom_template_dir"] = enum_template[0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)  # a notice about optional formatter extras
        code = generate(
            schema,
            input_file_type=InputFileType.JsonSchema,
            output_model_type=DataModelType.PydanticV2BaseModel,
            formatters=[Formatter(name) for name in options.pop("formatters")],
            **options,
        )
    assert isinstance(code, str)  # one module in, one module out
    import isort

    code = replace_definitions(api, _STAND_IN_IMPORT.sub("from .", code)) + decoders(api)
    code = isort.code(finish(api, code), profile="black").lstrip("\n")
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        temporary = cached.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(code, encoding="utf-8")
        temporary.replace(cached)
    except OSError:
        pass  # no cache, just slower
    return code


def decoders(api: ir.Api) -> str:
    """The decoders other modules reach in `models` besides `Model.from_dict` and
    `Enum.decode`, named by `python_names.decoder` as in the dataclass style: one per
    union and alias (`<name>_from_dict`), and one per array, map or constant
    that an event carries or an operation answers (`read_types`, as the dataclass
    style's; `_decode_list_of_str`)."""
    types: list[ir.TypeRef] = [ir.ModelRef(m.name, m.kind) for m in api.models if isinstance(m, (ir.UnionModel, ir.AliasModel))]
    types += [t for t in read_types(api) if isinstance(t, (ir.ListOf, ir.MapOf, ir.Const))]
    lines: dict[str, str] = {}
    for type_ref in types:
        name, hint = decoder(type_ref), type_hint(type_ref)
        label = f", {literal(type_ref.name)}" if isinstance(type_ref, ir.ModelRef) else ""
        lines.setdefault(name, f"{name}: _pydantic.Decoder[{hint}] = _pydantic.Decoder({hint}{label})\n")
    if not lines:
        return ""
    return "\n\n# decoders of what is not a model class: each makes its TypeAdapter when first called\n" + "".join(lines.values())


@jinja2.pass_environment
def pydantic_models(environment: jinja2.Environment, api: ir.Api) -> str:
    """(any template) The API's models as pydantic v2 classes, made by
    datamodel-code-generator from the JSON Schema export: the code of a whole module."""
    enum_template = None
    assert environment.loader is not None
    try:
        text, filename, _ = environment.loader.get_source(environment, ENUM_TEMPLATE)
    except jinja2.TemplateNotFound:
        pass
    else:
        enum_template = (Path(filename).parent, text) if filename else None
    try:
        code = generate_models(api, enum_template)
    except Exception as exc:  # its errors carry no position of ours: name the stage
        raise jinja2.TemplateRuntimeError(f"datamodel-code-generator failed: {type(exc).__name__}: {exc}") from exc
    return with_computed(environment, api, code)


def with_computed(environment: jinja2.Environment, api: ir.Api, code: str) -> str:
    """`code` with each model's computed properties at the end of its class, written by
    the style's `partials/computed/<helper>.jinja` as the dataclass style writes them."""
    for model in api.models_of_kind("object"):
        assert isinstance(model, ir.ObjectModel)
        for computed in model.computed:
            template = environment.get_template(f"partials/computed/{computed.helper}.jinja")
            code = in_class(code, model.name, template.render(api=api, model=model, computed=computed))
    return code
