"""Names that meet after casing or mangling: every name the generated code derives from
the spec is one-to-one, or the validator refuses the spec (tests/spec_errors/ holds the
refusals: client_method_names, property_names, event_class_names, impossible_values).

A spec that validates generates a package that imports, passes `mypy --strict` and
round-trips every model; the property test at the end checks that for random specs
built from hostile names.
"""

from __future__ import annotations

import importlib
import itertools
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from name_collisions_support import generate_package, import_package, mypy_strict, round_trip

from generator import ir
from generator.problems import SpecError
from generator.targets.python.derived import const_spelling, model_stem
from generator.targets.python.names import py_name
from generator.targets.python.reserved import CLIENT_NAMES, MODEL_ATTRIBUTE_NAMES

ROOT = Path(__file__).resolve().parent.parent

# Each part reproduces a bug of issue 10 §5: enums and unions whose snake_case names
# met shared one lookup table or decoder; const decoders met (`a-b`/`a_b`, `1`/`"1"`);
# properties named like what the model's class body uses broke import or round trips;
# self-referential aliases raised NameError at import.
SPEC = """
api: {name: collisions, base_url: "https://collisions.example/v1"}
models:
  ABCDef: {type: string, enum: [a, shared]}
  AbcDef: {type: string, enum: [shared, c]}
  ABCDefUnion: {oneOf: [string, Consts]}
  AbcDefUnion: {oneOf: [integer, Consts]}
  Consts:
    type: object
    required: [dash]
    properties:
      dash: {const: "a-b"}
      underscore: {const: "a_b"}
      one: {const: 1}
      one_text: {const: "1"}
      yes: {const: true}
      yes_text: {const: "true"}
      half: {const: 1.5}
      empty: {const: ""}
  Tree: {type: array, items: Tree}
  Node: {type: object, additionalProperties: Node}
  Json: {oneOf: [string, number, boolean, {type: array, items: Json}, {type: object, additionalProperties: Json}]}
  Forest: {type: array, items: Grove}
  Grove: {type: object, additionalProperties: Forest}
  Awkward:
    type: object
    required: [field, FIELD_NAMES]
    properties:
      field: string
      FIELD_NAMES: string
      __slots__: string
      __dict__: string
      __init__: string
      __class__: string
      __weakref__: string
      str: string
      int: integer
      dict: string
      Any: string
      UNSET: string
      Unset: string
      ClassVar: string
      _HAS_DEFAULT_FACTORY: string
      _dflt_unknown_fields: string
      class: string
      class_: string
      x: {type: array, items: string}
      x_items: {type: array, items: string}
      items_x: string
      _: string
      __: string
      unknown_fields: string
      self: string
      data: string
      tree: Tree
      json: Json
      first: ABCDef
      second: AbcDef
      first_union: ABCDefUnion
      second_union: AbcDefUnion
operations:
  make:
    method: POST
    path: /make
    summary: Make.
    body: Awkward
    response: Awkward
  get_tree:
    method: GET
    path: /tree
    summary: A tree.
    response: Tree
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ir.Api, ModuleType]:
    root = tmp_path_factory.mktemp("collisions")
    api = generate_package(SPEC, root, "collisions_client")
    return root, api, import_package(root, "collisions_client")


def test_enums_differing_in_case_keep_their_own_members(generated: tuple[Path, ir.Api, ModuleType]) -> None:
    _, _, models = generated
    assert model_stem("ABCDef") != model_stem("AbcDef")
    awkward = models.Awkward.from_dict({"field": "f", "FIELD_NAMES": "n", "first": "shared", "second": "shared"})
    assert type(awkward.first) is models.ABCDef and type(awkward.second) is models.AbcDef


def test_unions_differing_in_case_keep_their_own_decoders(generated: tuple[Path, ir.Api, ModuleType]) -> None:
    _, _, models = generated
    awkward = models.Awkward.from_dict({"field": "f", "FIELD_NAMES": "n", "first_union": "text", "second_union": 3})
    assert (awkward.first_union, awkward.second_union) == ("text", 3)
    with pytest.raises(models.DecodeError):
        models.Awkward.from_dict({"field": "f", "FIELD_NAMES": "n", "first_union": 3})


@pytest.mark.parametrize(
    ("field", "value", "wrong"),
    [("dash", "a-b", "a_b"), ("underscore", "a_b", "a-b"), ("one", 1, "1"), ("one_text", "1", 1), ("yes", True, "true"), ("yes_text", "true", True)],
)
def test_each_const_has_its_own_decoder(generated: tuple[Path, ir.Api, ModuleType], field: str, value: object, wrong: object) -> None:
    _, _, models = generated
    data = {"dash": "a-b", field: value}
    assert models.Consts.from_dict(data).to_dict() == data
    with pytest.raises(models.DecodeError, match=field):
        models.Consts.from_dict({"dash": "a-b", field: wrong})


def test_properties_named_like_the_model_runtime_round_trip(generated: tuple[Path, ir.Api, ModuleType]) -> None:
    _, api, models = generated
    model = api.model("Awkward")
    assert isinstance(model, ir.ObjectModel)
    data = {f.name: ([f.name] if f.name in ("x", "x_items") else 5 if f.name == "int" else f.name) for f in model.fields if f.type.kind != "model"}
    data["unknown"] = {"kept": True}
    awkward = models.Awkward.from_dict(data)
    assert awkward.to_dict() == data
    assert (awkward.field_, awkward.FIELD_NAMES_, awkward.__init___, awkward.class_, awkward.class__) == ("field", "FIELD_NAMES", "__init__", "class", "class_")
    assert models.Awkward.FIELD_NAMES == frozenset(f.name for f in model.fields)
    built = models.Awkward(field_="a", FIELD_NAMES_="b", __slots___="c", str_="d")
    assert built.to_dict() == {"field": "a", "FIELD_NAMES": "b", "__slots__": "c", "str": "d"}


def test_py_name_is_one_to_one_over_the_runtime_names() -> None:
    names = [n + "_" * k for n in [*MODEL_ATTRIBUTE_NAMES, "__init__", "__x__", "_", "class", "id"] for k in range(3)]
    assert len({py_name(n) for n in names}) == len(set(names))
    assert all(py_name(n) not in MODEL_ATTRIBUTE_NAMES for n in names)


SCALARS = st.one_of(st.text(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), st.booleans())


@given(SCALARS, SCALARS)
def test_const_decoder_names_are_one_to_one(first: object, second: object) -> None:
    spelled = const_spelling(first)  # type: ignore[arg-type]
    assert ("_decode_const_" + spelled).isidentifier()
    if (type(first), repr(first)) != (type(second), repr(second)):
        assert spelled != const_spelling(second)  # type: ignore[arg-type]


PASCAL_NAMES = st.from_regex(r"[A-Z][A-Za-z0-9]{0,8}", fullmatch=True)


@given(PASCAL_NAMES, PASCAL_NAMES)
def test_model_stems_are_one_to_one(first: str, second: str) -> None:
    assert (model_stem(first) == model_stem(second)) == (first == second)


def test_self_referential_aliases_import_and_round_trip(generated: tuple[Path, ir.Api, ModuleType]) -> None:
    _, api, models = generated
    assert models.tree_from_dict([[], [[]]], "Tree") == [[], [[]]]
    assert models.node_from_dict({"a": {"b": {}}}, "Node") == {"a": {"b": {}}}
    assert models.json_from_dict(["a", 1, {"k": [True, {}]}], "Json") == ["a", 1, {"k": [True, {}]}]
    assert models.forest_from_dict([{"g": [{}]}], "Forest") == [{"g": [{}]}]
    with pytest.raises(models.DecodeError, match=r"Tree\[1\]\[0\]"):
        models.tree_from_dict([[], ["leaf"]], "Tree")
    for model in api.models:
        round_trip(models, api, model)


def test_the_colliding_names_package_passes_mypy_strict(generated: tuple[Path, ir.Api, ModuleType]) -> None:
    root, _, _ = generated
    result = mypy_strict(root, ["collisions_client"])
    assert result.returncode == 0, result.stdout


def test_client_names_cover_what_the_generated_client_uses() -> None:
    """CLIENT_NAMES (what an operation may not be called) holds every public attribute
    of the generated clients that no operation or client option of the spec made, and
    every lower-case name the client module binds."""
    import openai_runs
    from openai_runs import _client

    spec = yaml.safe_load((ROOT / "spec" / "runs" / "api.yaml").read_text())
    made = set(spec["operations"]) | {f"{o}_stream" for o, d in spec["operations"].items() if "stream" in d}
    made |= {f"poll_{p}" for p in spec.get("polls", {})} | {f"{a}_and_poll" for d in spec.get("polls", {}).values() for a in d.get("after", [])}
    made |= set(spec["api"].get("client_headers", {}))  # the spec's options, which the validator keeps from operations
    client = openai_runs.Client(api_key="sk-test", base_url="http://127.0.0.1:9")
    attributes = set(dir(openai_runs.Client)) | set(dir(openai_runs.AsyncClient)) | set(vars(client))
    client.close()
    public = {name for name in attributes if not name.startswith("_")} - made
    module = {name for name in vars(_client) if name.islower() and not name.startswith("_") and name != "annotations"}
    assert public | module <= CLIENT_NAMES


# -- the property test ----------------------------------------------------------------
#
# Budget: 6 derandomized examples (about a second each to generate and import) and one
# mypy --strict run over all of them together (about 20 s); the whole test stays under
# a minute on one core.

# Names the validator refuses stay in the alphabets, but rarer (see `hostile`), so that
# most examples validate and reach the generated code.
MODEL_NAMES = [
    "ABCDef", "AbcDef", "Str", "Int", "List", "Dict", "Self", "Type", "Object", "Client", "Models", "Run", "RunStatus", "RunItem", "ListOfRun",
    "MapOfStr", "Tree", "X", "XY", "Xy", "Dataclass", "Optional", "Enum", "StreamKind", "Event",
]  # fmt: skip
REFUSED_MODEL_NAMES = ["Any", "Field", "Unset", "UNSET", "DecodeError", "KeyError", "None"]
PROPERTY_NAMES = [
    "class", "from", "import", "None", "True", "def", "lambda", "await",
    "match", "case", "_", "type",
    "str", "int", "float", "bool", "list", "dict", "frozenset", "id", "object", "len", "isinstance", "format", "super",
    "__init__", "__class__", "__slots__", "__dict__", "__weakref__", "__doc__", "__module__", "__hash__",
    "field", "dataclass", "FIELD_NAMES", "unknown_fields", "from_dict", "to_dict", "_serde", "UNSET", "Unset",
    "Any", "ClassVar", "Literal", "DecodeError", "OpenEnum", "_HAS_DEFAULT_FACTORY", "_dflt_unknown_fields",
    "MISSING", "self", "cls", "data", "path", "decoded", "present", "item", "error",
    "models", "events", "functools", "httpx", "spec", "decode", "next_page", "timeout", "extra_body",
    "extra_headers", "RequestSpec", "path_parameter", "poll_interval", "started", "stream",
    "class_", "class__", "Class", "CLASS", "a_b", "a__b", "aB", "AB", "x", "x_", "x_items", "items_x", "field_x",
    "Run", "ABCDef",
]  # fmt: skip
REFUSED_PROPERTY_NAMES = ["__x", "__init"]
ENUM_VALUES = ["a-b", "1", "", "class", "None", "name", "value", "_missing_", "mro", "x y", "é", "__init__", "decode", "_member"]
CONST_VALUES: list[object] = ["a-b", "a_b", 1, "1", True, "true", 1.5, -2, "thread.run", "", "A", "é"]
REFUSED_ENUM_VALUES = ["a_b", "A_B"]  # each meets `a-b` as the member A_B
OPERATION_NAMES = [
    "make", "make_stream", "get", "match", "x_and_poll", "poll_x", "create", "print", "self", "extra_body",
    "send", "case", "field", "from_dict", "spec", "decode", "next_page", "started", "id", "input", "format",
]  # fmt: skip
REFUSED_OPERATION_NAMES = [
    "request", "close", "stream", "poll", "list", "str", "models", "class", "with_raw_response", "_x",
    "type", "api_key", "timeout", "__init__",
]  # fmt: skip
PRIMITIVES = ["string", "integer", "number", "boolean", "any"]


def hostile(admitted: list[str], refused: list[str]) -> st.SearchStrategy[str]:
    """One name, a refused one about one time in thirty."""
    return st.integers(0, 29).flatmap(lambda n: st.sampled_from(refused if n == 29 else admitted))


@st.composite
def schemas(draw: st.DrawFn, models: list[str]) -> tuple[object, bool]:
    """A property schema, and whether it may be required (references may not: a
    required reference to its own model could never be sampled)."""
    kind = draw(st.sampled_from(["primitive", "const", "enum", "array", "map", "ref", "nullable"]))
    if kind == "primitive":
        return draw(st.sampled_from(PRIMITIVES)), True
    if kind == "const":
        return {"const": draw(st.sampled_from(CONST_VALUES))}, True
    if kind == "enum":
        return {"type": "string", "enum": draw(st.lists(hostile(ENUM_VALUES, REFUSED_ENUM_VALUES), min_size=1, max_size=3, unique=True))}, True
    if kind == "nullable":
        return {"type": draw(st.sampled_from(PRIMITIVES[:4])), "nullable": True}, True
    target = draw(st.sampled_from([*PRIMITIVES, *models]))
    if kind == "array":
        return {"type": "array", "items": target}, target in PRIMITIVES
    if kind == "map":
        return {"type": "object", "additionalProperties": target}, target in PRIMITIVES
    return target, target in PRIMITIVES


@st.composite
def specs(draw: st.DrawFn) -> dict[str, object]:
    names = draw(st.lists(hostile(MODEL_NAMES, REFUSED_MODEL_NAMES), min_size=4, max_size=7, unique=True))
    objects, enum, alias, union = names[:-3], names[-3], names[-2], names[-1]
    models: dict[str, object] = {}
    for name in objects:
        properties, required = {}, []
        for prop in draw(st.lists(hostile(PROPERTY_NAMES, REFUSED_PROPERTY_NAMES), min_size=1, max_size=6, unique=True)):
            schema, may_require = draw(schemas(names))
            properties[prop] = schema
            if may_require and draw(st.booleans()):
                required.append(prop)
        models[name] = {"type": "object", "properties": properties, **({"required": required} if required else {})}
    models[enum] = {"type": "string", "enum": draw(st.lists(hostile(ENUM_VALUES, REFUSED_ENUM_VALUES), min_size=1, max_size=4, unique=True))}
    container = draw(st.sampled_from(["array", "map"]))
    models[alias] = {"type": "array", "items": alias} if container == "array" else {"type": "object", "additionalProperties": alias}
    models[union] = {"oneOf": [enum, "number", objects[0], {"type": "array", "items": union}]}
    operations: dict[str, object] = {}
    for index, name in enumerate(draw(st.lists(hostile(OPERATION_NAMES, REFUSED_OPERATION_NAMES), min_size=1, max_size=3, unique=True))):
        body = draw(st.sampled_from(objects)) if index % 2 == 0 else None
        taken = set(models[body]["properties"]) if body else set()  # type: ignore[index]
        parameter = draw(st.sampled_from([p for p in PROPERTY_NAMES if p not in taken]))
        query = draw(st.lists(st.sampled_from([p for p in PROPERTY_NAMES if p not in taken | {parameter}]), max_size=2, unique=True))
        operation: dict[str, object] = {
            "method": "POST" if index % 2 == 0 else "GET",
            "path": f"/things{index}/{{{parameter}}}",
            "summary": "An operation.",
            "path_parameters": {parameter: "string"},
            "response": draw(st.sampled_from([*objects, union, alias])),
        }
        if query:
            operation["query_parameters"] = {q: draw(st.sampled_from(["string", "integer", enum])) for q in query}
        if body:
            operation["body"] = body
        operations[name] = operation
    return {"api": {"name": "hostile", "base_url": "https://hostile.example/v1"}, "models": models, "operations": operations}


def test_specs_of_hostile_names_that_validate_generate_working_packages(tmp_path: Path) -> None:
    packages: list[str] = []
    numbers = itertools.count()

    @settings(max_examples=6, derandomize=True, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    @given(specs())
    def check(spec: dict[str, object]) -> None:
        package = f"hostile_{next(numbers)}"  # never reused: a module once imported stays cached
        try:
            api = generate_package(yaml.safe_dump(spec, allow_unicode=True, sort_keys=False), tmp_path, package)
        except SpecError:
            return  # refused with positioned errors: tests/test_spec_errors.py checks those
        models = import_package(tmp_path, package)
        for model in api.models:
            round_trip(models, api, model)
        client = importlib.import_module(package).Client(api_key="sk-test", base_url="http://127.0.0.1:9")
        for operation in api.operations:
            assert callable(getattr(client, operation.name))
        client.close()
        packages.append(package)

    check()
    assert packages, "no example validated: the strategy needs mending"
    result = mypy_strict(tmp_path, packages)
    assert result.returncode == 0, result.stdout
