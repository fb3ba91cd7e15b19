"""Spec text never becomes code (issue 10 §1).

A payload is planted in every string-valued position of the format (the table in
tests/spec_positions.py): text positions must generate a package that imports, whose
every function runs (the client over real HTTP against a small local server), in which
nothing of the payload executes and the text is found unchanged where it belongs;
name positions must be refused by the validator, positioned, on one line each.
"""

from __future__ import annotations

import ast
import asyncio
import builtins
import importlib.util
import itertools
import json
import re
import sys
import threading
import types
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.check import context as validator
from generator.check import streams as validate_streams
from generator.config import style_folders
from generator.pipeline import generate, load_api
from generator.targets import PYTHON
from generator.problems import SpecError, printable
from spec_positions import ENUM_PREFIX, NAMES, NOT_TEXT, TEXT, Name, Spec, Text, probe_spec

ROOT = Path(__file__).resolve().parent.parent
COMPUTED_STYLE = ROOT / "tests" / "fixtures" / "computed_style"
"""The partial of the probe's computed property, in front of the style."""
MARK = "PWNED_BY_SPEC_TEXT"
# each piece tries to leave the string, docstring, comment or template it lands in and
# run `MARK = 1` in builtins
ATTACKS = [
    f'"""; import builtins; builtins.{MARK} = 1; """',
    f"'''; import builtins; builtins.{MARK} = 1; '''",
    f'"; setattr(__import__("builtins"), "{MARK}", 1); "',
    f"'); setattr(__import__('builtins'), '{MARK}', 1); ('",
    f"\nsetattr(__import__('builtins'), '{MARK}', 1)\n",
    f"\r\nsetattr(__import__('builtins'), '{MARK}', 1)  #",
    f"{{{{ cycler.__init__.__globals__.os }}}}{{% set x = 1 %}}{{# #}}{{{MARK}!r}}",
    "# coding: utf-7\n+AAo-",
    "\\",
    "\\N{BULLET}\\x41\\u0041\\U00000041\\n\\",
    '"',
    "`**`",
]
OTHER = "é中😀\u202e\u2028\u0085\x01\x07\x0b\x0c\x1b[31m\x7f\t  \u00a0\ufeff"
PAYLOAD = "".join(ATTACKS) + OTHER + '"'


def normalized(text: str) -> str:
    return " ".join(text.split())


def plant_all(text: str) -> Spec:
    spec = probe_spec()
    for row in TEXT:
        row.plant(spec, row.fit(text))
    return spec


def write_spec(folder: Path, spec: Spec) -> Path:
    path = folder / "spec.yaml"
    path.write_text(yaml.safe_dump(spec, sort_keys=False), encoding="utf-8")
    return path


_count = itertools.count()


@contextmanager
def generated_package(folder: Path, spec: Spec, style: str = "python") -> Iterator[tuple[types.ModuleType, dict[str, str]]]:
    """The package generated from `spec`, imported under a name of its own."""
    files = generate(write_spec(folder, spec), [COMPUTED_STYLE, *style_folders(style)], PYTHON)
    out = folder / f"out{next(_count)}"
    for name, text in files.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")
    name = f"spec_text_{next(_count)}"
    root = out / spec["api"]["name"]
    module_spec = importlib.util.spec_from_file_location(name, root / "__init__.py", submodule_search_locations=[str(root)])
    assert module_spec and module_spec.loader
    package = importlib.util.module_from_spec(module_spec)
    sys.modules[name] = package
    try:
        module_spec.loader.exec_module(package)
        for module in ("_constants", "_client", "events", "models"):
            importlib.import_module(f"{name}.{module}")
        yield package, files
    finally:
        for loaded in [n for n in sys.modules if n == name or n.startswith(name + ".")]:
            del sys.modules[loaded]


# -- a small server answering every operation of the probe spec ---------------------


class ProbeServer(ThreadingHTTPServer):
    def __init__(self, item: dict[str, Any]) -> None:
        super().__init__(("127.0.0.1", 0), ProbeHandler)
        self.item = item
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class ProbeHandler(BaseHTTPRequestHandler):
    server: ProbeServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.answer()

    def do_POST(self) -> None:
        self.answer()

    def answer(self) -> None:
        body = self.rfile.read(int(self.headers.get("content-length") or 0))
        self.server.requests.append((self.command, self.path, dict(self.headers), body))
        item = self.server.item
        if body and json.loads(body).get("stream") is True:
            text = f"event: item.created\ndata: {json.dumps(item)}\n\nevent: done\ndata: [DONE]\n\n"
            self.send(text.encode(), "text/event-stream")
        elif self.path.startswith("/list"):
            self.send(json.dumps({"data": [item], "has_more": False, "last_id": None}).encode())
        else:
            self.send(json.dumps(item).encode())

    def send(self, content: bytes, kind: str = "application/json") -> None:
        self.send_response(200)
        self.send_header("content-type", kind)
        self.send_header("content-length", str(len(content)))
        self.send_header("x-probe-request", "req_probe")  # the spec's api.request_id_header
        self.end_headers()
        self.wfile.write(content)


@contextmanager
def probe_server(spec: Spec) -> Iterator[ProbeServer]:
    item = {
        "id": "abc",
        "kind": spec["models"]["Kind"]["enum"][-1],
        "tag": spec["models"]["Item"]["properties"]["tag"]["const"],
        "status": spec["polls"]["item"]["until"][0],
    }
    server = ProbeServer(item)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def call_everything(package: types.ModuleType, server: ProbeServer) -> None:
    """Every method of both clients, every model's round trip, every event class."""
    models, events = package.models, package.events
    item = server.item
    with package.Client(api_key="k", base_url=server.url) as client:
        assert client.get_item("abc", include=["a"]).to_dict() == item
        raw = client.with_raw_response.get_item("abc")
        assert raw.parse().to_dict() == item and raw.request_id == "req_probe"
        assert [i.to_dict() for i in client.list_items()] == [item]
        assert client.create_item(name="n").to_dict() == item
        with client.create_item_stream(name="n") as stream:
            assert [event.data.to_dict() for event in stream] == [item]
        assert client.poll_item("abc").to_dict() == item
        assert client.create_item_and_poll(name="n").to_dict() == item

    async def run_async() -> None:
        async with package.AsyncClient(api_key="k", base_url=server.url) as client:
            assert (await client.get_item("abc")).to_dict() == item
            assert [i.to_dict() async for i in await client.list_items()] == [item]
            async with client.create_item_stream(name="n") as stream:
                assert [event.data.to_dict() async for event in stream] == [item]
            assert (await client.create_item_and_poll(name="n")).to_dict() == item

    asyncio.run(run_async())
    sent = [{name.lower(): value for name, value in request[2].items()} for request in server.requests]
    assert all(headers["x-probe-key"] == "Token k" and "authorization" not in headers for headers in sent)  # api.auth
    full = {**item, "pet": {"type": "cat", "lives": 9}, "feeding": "daily", "labels": {"a": "b"}, "note": None, "sizes": [1], "weight": 1.5}
    assert models.Item.from_dict(full).to_dict() == full
    if hasattr(models, "feeding_from_dict"):  # the python style's union decoders
        assert models.feeding_from_dict({"type": "cat"}) == models.Cat.from_dict({"type": "cat"})
        assert models.pet_from_dict({"type": "dog"}) == models.Dog.from_dict({"type": "dog"})
    assert models.ItemList.from_dict({"data": [item], "has_more": False, "last_id": None}).data[0].to_dict() == item
    assert models.CreateItem(name="n").to_dict() == {"name": "n"}
    assert models.Failure.from_dict({"message": "m"}).to_dict() == {"message": "m"}
    assert events.ItemCreatedEvent.from_data(item).data.to_dict() == item


def attribute_docstring(source: str, owner: str, attribute: str) -> str:
    """The docstring under `attribute` in the body of class `owner`."""
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef) and node.name == owner:
            for statement, following in zip(node.body, node.body[1:]):
                target = getattr(statement, "target", None)
                if isinstance(target, ast.Name) and target.id == attribute:
                    assert isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)
                    return str(following.value.value)
    raise AssertionError(f"no docstring for {owner}.{attribute}")


def strings_in(document: Any) -> Iterator[str]:
    if isinstance(document, str):
        yield document
    elif isinstance(document, dict):
        for key, value in document.items():
            yield from strings_in(key)
            yield from strings_in(value)
    elif isinstance(document, list):
        for value in document:
            yield from strings_in(value)


def assert_found(row: Text, text: str, package: types.ModuleType, files: dict[str, str], server: ProbeServer) -> None:
    """`text` (as planted by `row`) is where `row` says, unchanged."""
    text = row.fit(text)
    for place in row.found:
        kind, _, where = place.partition(":")
        if kind in ("doc", "attribute-doc", "openapi") and not normalized(text):
            continue  # blank text is no description: there is nothing to find
        if kind == "doc":
            owner: Any = package
            for part in where.split("."):
                owner = getattr(owner, part)
            assert normalized(text) in normalized(owner.__doc__), (place, owner.__doc__)
        elif kind == "constant":
            value = getattr(package._constants, where)
            assert value == (text if where != "DEFAULT_BASE_URL" else "https://example.invalid/" + text), place
        elif kind == "header":
            assert package._constants.DEFAULT_HEADERS[where] == text
            assert all(request[2][where] == text for request in server.requests)
        elif kind == "attribute-doc":
            owner_name, attribute = where.split(".")
            assert normalized(text) in normalized(attribute_docstring(files[f"{package._constants.PACKAGE}/models.py"], owner_name, attribute))
        elif kind == "enum":
            value = ENUM_PREFIX + text
            assert value in [member.value for member in getattr(package.models, where)]
            assert package.models.Item.from_dict({**server.item, "kind": value}).to_dict()["kind"] == value
        elif kind == "const":
            owner_name, attribute = where.split(".")
            assert package.models.Item.from_dict(server.item).tag == text
            assert package.models.Item(id="i", kind=package.models.Kind.ALPHA, status=package.models.ItemStatus.DONE).to_dict()[attribute] == text
        elif kind == "openapi":
            assert text.strip() in set(strings_in(yaml.safe_load(files["openapi.yaml"])))
        elif kind == "path":
            method, target = server.requests[0][:2]  # httpx percent-encodes what a path may not hold as is
            assert (method, unquote(target.partition("?")[0])) == ("GET", unquote("/items/abc/" + text))
        elif kind == "poll-until":
            assert getattr(package._client, "ITEM_POLL_UNTIL") == frozenset({ENUM_PREFIX + text})
        else:
            raise AssertionError(f"unknown place {place}")


def check_text_positions(folder: Path, text: str, style: str = "python") -> None:
    spec = plant_all(text)
    with generated_package(folder, spec, style) as (package, files), probe_server(spec) as server:
        for path, source in files.items():
            if path.endswith(".py"):
                compile(source, path, "exec")
        call_everything(package, server)
        assert not hasattr(builtins, MARK)
        for row in TEXT:
            assert_found(row, text, package, files, server)


def test_the_table_covers_every_documented_and_accepted_key() -> None:
    """A key documented in docs/spec-format.md or accepted by the validator must be a
    row of the table (text, name or not a string), so a new position gets probed."""
    covered = {row.key for row in TEXT} | {row.key for row in NAMES} | NOT_TEXT
    documented = documented_keys((ROOT / "docs" / "spec-format.md").read_text())
    accepted = (
        {("api", k) for k in validator.API_KEYS}
        | {("schema", k) for k in validator.SCHEMA_KEYS}
        | {("model", k) for k in validator.MODEL_ONLY_KEYS}
        | {("operation", k) for k in validator.OPERATION_KEYS}
        | {("stream", k) for k in validate_streams.STREAM_KEYS}
        | {("event", k) for k in validate_streams.EVENT_KEYS}
        | {("poll", k) for k in validator.POLL_KEYS}
    )
    # a parameter takes the schema keywords, which the schema rows probe
    covered |= {("parameter", key) for context, key in covered if context == "schema"}
    assert documented - covered == set()
    assert accepted - covered == set()
    assert len(documented) > 45  # the reading of the document found its keys


def documented_keys(document: str) -> set[tuple[str, str]]:
    """(context, key) of every key in the format's YAML examples and keyword table."""
    keywords = document[document.index("## Schemas") :]
    found = {
        ("model" if key in validator.MODEL_ONLY_KEYS else "schema", key)
        for key in re.findall(r"^\| `([^`]+)` \|", keywords, re.MULTILINE)
    }

    def schema(node: Any) -> None:
        if not isinstance(node, dict):
            return
        for key, value in node.items():
            found.add(("schema", key))
            if key == "properties":
                for prop in value.values():
                    schema(prop)
            elif key in ("items", "additionalProperties"):
                schema(value)

    for block in re.findall(r"```yaml\n(.*?)```", document, re.DOTALL):
        loaded = yaml.safe_load(block)
        found |= {("api", key) for key in loaded.get("api", {})}
        for model in loaded.get("models", {}).values():
            schema(model)
        for operation in loaded.get("operations", {}).values():
            found |= {("operation", key) for key in operation}
            for group in ("path_parameters", "query_parameters"):
                for parameter in (operation.get(group) or {}).values():
                    found |= {("parameter", key) for key in parameter} if isinstance(parameter, dict) else set()
        for stream in loaded.get("streams", {}).values():
            found |= {("stream", key) for key in stream}
            for event in stream.get("events", {}).values():
                found |= {("event", key) for key in event}
        for poll in loaded.get("polls", {}).values():
            found |= {("poll", key) for key in poll}
    return found


@pytest.mark.parametrize("style", ["python", "python-pydantic"])
def test_a_payload_in_every_text_position_stays_text(tmp_path: Path, style: str) -> None:
    check_text_positions(tmp_path, PAYLOAD, style)


@pytest.mark.parametrize("row", NAMES, ids=lambda row: ".".join(row.key))
def test_a_payload_in_a_name_position_is_refused_positioned(tmp_path: Path, row: Name) -> None:
    assert_refused(tmp_path, row, PAYLOAD)


def assert_refused(folder: Path, row: Name, text: str) -> None:
    spec = probe_spec()
    row.plant(spec, text)
    path = write_spec(folder, spec)
    with pytest.raises(SpecError) as raised:
        load_api(path, PYTHON)
    lines = [str(problem) for problem in raised.value.problems]
    assert all("\n" not in line and line.startswith(f"{path}:") for line in lines), lines
    assert any(printable(text)[:40] in line for line in lines), lines


TEXTS = st.lists(
    st.one_of(st.sampled_from(ATTACKS), st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=8)),
    min_size=1,
    max_size=6,
).map("".join)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=TEXTS)
def test_any_text_in_every_text_position_stays_text(tmp_path_factory: pytest.TempPathFactory, text: str) -> None:
    check_text_positions(tmp_path_factory.mktemp("text"), text)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=TEXTS.map(lambda text: text + '"'), row=st.sampled_from(NAMES))
def test_any_text_in_a_name_position_is_refused(tmp_path_factory: pytest.TempPathFactory, text: str, row: Name) -> None:
    assert_refused(tmp_path_factory.mktemp("name"), row, text)
