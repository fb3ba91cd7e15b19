"""What a generated client does beyond decoding objects (issue 12, items 5, 11 and 13), on
tests/golden/responses_subset/spec.yaml, generated in both Python styles and run over HTTP
against the local Responses server (tests/responses_server.py):

- an operation declared `response: null` returns None, sync, async and raw, whatever the
  answer holds (nothing, a 204, or a body the spec does not describe);
- union arguments with an array variant take plain JSON (`input=[{"role": "user", ...}]`)
  as well as models, and mypy --strict agrees;
- `api.auth` and `api.request_id_header` change the key's header and the request id's.
"""

from __future__ import annotations

import asyncio
import importlib.util
import itertools
import subprocess
import sys
import textwrap
import types
from collections.abc import Iterator
from pathlib import Path

import pytest
from responses_server import API_KEY, Fault, ResponsesServer

from generator.config import style_folders
from generator.pipeline import generate
from generator.targets import PYTHON

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "tests" / "golden" / "responses_subset" / "spec.yaml"
PACKAGE = "responses_subset"
STYLES = ("python", "python-pydantic")
_names = itertools.count()


def write_package(spec: Path, style: str, out: Path) -> Path:
    for name, text in generate(spec, style_folders(style), PYTHON).items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text(text, encoding="utf-8")
    return out


def imported(root: Path) -> Iterator[types.ModuleType]:
    """The package in `root`, imported under a name of its own."""
    name = f"features_{next(_names)}"
    spec = importlib.util.spec_from_file_location(name, root / "__init__.py", submodule_search_locations=[str(root)])
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        for loaded in [n for n in sys.modules if n == name or n.startswith(name + ".")]:
            del sys.modules[loaded]


@pytest.fixture(scope="module", params=STYLES)
def generated(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_package(SPEC, str(request.param), tmp_path_factory.mktemp(str(request.param)))


@pytest.fixture(scope="module")
def package(generated: Path) -> Iterator[types.ModuleType]:
    yield from imported(generated / PACKAGE)


@pytest.fixture
def server() -> Iterator[ResponsesServer]:
    with ResponsesServer() as running:
        yield running


def output_text(response: object) -> str:
    return "".join(part.text for item in response.output for part in item.content)  # type: ignore[attr-defined]


# -- response: null --------------------------------------------------------------------


def test_an_operation_without_a_body_returns_none(package: types.ModuleType, server: ResponsesServer) -> None:
    with package.Client(api_key=API_KEY, base_url=server.base_url, max_retries=0) as client:
        created = client.create_response(model="gpt-test", input="hi")
        assert client.delete_response(created.id) is None
        assert server.state.requests[-1].method == "DELETE"
        with pytest.raises(package.NotFoundError):
            client.retrieve_response(created.id)
        with pytest.raises(package.NotFoundError):  # an error status still raises
            client.delete_response(created.id)
        other = client.create_response(model="gpt-test", input="again")
        raw = client.with_raw_response.delete_response(other.id)
        assert raw.status_code == 200 and raw.parse() is None and raw.http_response.content == b""
        assert raw.request_id and raw.request_id.startswith("req_")
        # a body on the operation that has none in the spec changes nothing, nor a 204
        server.state.faults.append(Fault("bytes", status=200, content=b'{"id": "resp_1", "deleted": true}'))
        assert client.delete_response("resp_1") is None
        server.state.faults.append(Fault("bytes", status=204))
        assert client.delete_response("resp_1") is None
        server.state.faults.append(Fault("bytes", status=200, content=b"not json"))
        assert client.delete_response("resp_1") is None
        # the other delete of the spec answers with a body, and decodes it
        conversation = client.create_conversation()
        deleted = client.delete_conversation(conversation.id)
        assert deleted.deleted is True and deleted.id == conversation.id


def test_an_operation_without_a_body_returns_none_async(package: types.ModuleType, server: ResponsesServer) -> None:
    async def scenario() -> None:
        async with package.AsyncClient(api_key=API_KEY, base_url=server.base_url, max_retries=0) as client:
            created = await client.create_response(model="gpt-test", input="hi")
            assert await client.delete_response(created.id) is None
            raw = await client.with_raw_response.delete_response((await client.create_response(model="m", input="x")).id)
            assert raw.status_code == 200 and raw.parse() is None
            server.state.faults.append(Fault("bytes", status=204))
            assert await client.delete_response("resp_1") is None
            with pytest.raises(package.NotFoundError):
                await client.delete_response(created.id)

    asyncio.run(scenario())


# -- plain JSON in union arguments -----------------------------------------------------


def test_union_arguments_take_plain_json_and_models(package: types.ModuleType, server: ResponsesServer) -> None:
    models = package.models
    with package.Client(api_key=API_KEY, base_url=server.base_url) as client:
        plain = [{"role": "user", "content": "hi"}]
        response = client.create_response(model="gpt-test", input=plain)
        assert output_text(response) == "Echo: hi"
        assert server.state.requests[-1].body == {"model": "gpt-test", "input": plain}
        mixed = [
            models.EasyInputMessage(role="user", content=[models.InputText(text="one")]),
            {"role": "user", "content": [{"type": "input_text", "text": "two"}]},
        ]
        client.create_response(model="gpt-test", input=mixed)
        assert server.state.requests[-1].body["input"] == [
            {"role": "user", "content": [{"type": "input_text", "text": "one"}]},
            {"role": "user", "content": [{"type": "input_text", "text": "two"}]},
        ]
        client.create_response(model="gpt-test", input=({"role": "user", "content": "a tuple"},))  # any sequence
        assert server.state.requests[-1].body["input"] == [{"role": "user", "content": "a tuple"}]
        conversation = client.create_conversation(items=plain, metadata={"topic": "greeting"})
        assert conversation.metadata == {"topic": "greeting"}
        assert server.state.requests[-1].body == {"items": plain, "metadata": {"topic": "greeting"}}


TYPED_CALLS = '''
from __future__ import annotations

from responses_subset import AsyncClient, Client, RawResponse, models


def sync(client: Client) -> None:
    client.create_response(model="m", input="hi")
    client.create_response(model="m", input=[{"role": "user", "content": "hi"}])
    client.create_response(model="m", input=[{"role": "user", "content": [{"type": "input_text", "text": "hi"}]}])
    client.create_response(model="m", input=[models.EasyInputMessage(role="user", content="hi"), {"role": "user", "content": "x"}])
    client.create_response(model="m", input=({"type": "function_call_output", "call_id": "c", "output": "{}"},))
    client.create_conversation(items=[{"role": "user", "content": "hi"}])
    client.delete_response("resp_1")  # annotated `-> None`: mypy refuses to use its value
    raw: RawResponse[None] = client.with_raw_response.delete_response("resp_1")
    nothing: None = raw.parse()
    deleted: models.ConversationDeleted = client.delete_conversation("conv_1")


async def asynchronous(client: AsyncClient) -> None:
    await client.create_response(model="m", input=[{"role": "user", "content": "hi"}])
    await client.delete_response("resp_1")
    raw: RawResponse[None] = await client.with_raw_response.delete_response("resp_1")
'''

WRONG_CALLS = '''
from __future__ import annotations

from responses_subset import Client


def sync(client: Client) -> None:
    client.create_response(model="m", input=[1, 2])
    client.create_response(model="m", input={"role": "user"})
    found: str = client.delete_response("resp_1")
'''


def mypy(folder: Path, source: str, cache: Path) -> subprocess.CompletedProcess[str]:
    (folder / "calls.py").write_text(textwrap.dedent(source), encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), PACKAGE, "calls.py"],
        cwd=folder, capture_output=True, text=True, timeout=600,
    )  # fmt: skip


def test_plain_json_arguments_and_none_results_type_check(generated: Path, tmp_path: Path) -> None:
    result = mypy(generated, TYPED_CALLS, tmp_path / "mypy")
    assert result.returncode == 0, result.stdout
    wrong = mypy(generated, WRONG_CALLS, tmp_path / "mypy")
    errors = [line for line in wrong.stdout.splitlines() if "calls.py" in line and ": error:" in line]
    assert sorted({line.split(":")[1] for line in errors}) == ["10", "8", "9"], wrong.stdout
    (generated / "calls.py").unlink()


# -- api.auth and api.request_id_header ------------------------------------------------


def test_the_key_and_the_request_id_travel_in_the_headers_the_spec_names(tmp_path: Path, server: ResponsesServer) -> None:
    text = SPEC.read_text(encoding="utf-8").replace(
        "  base_url: https://responses.example/v1\n",
        "  base_url: https://responses.example/v1\n  auth: {header: X-Shop-Access}\n  request_id_header: x-shop-request\n",
    )
    spec = tmp_path / "spec.yaml"
    spec.write_text(text, encoding="utf-8")
    out = write_package(spec, "python", tmp_path / "out")
    for package in imported(out / PACKAGE):
        with package.Client(api_key=API_KEY, base_url=server.base_url, max_retries=0) as client:
            server.state.faults.append(Fault("bytes", status=200, headers={"x-shop-request": "req_shop"}))
            raw = client.with_raw_response.delete_response("resp_1")
            assert raw.request_id == "req_shop" and raw.parse() is None
            sent = server.state.requests[-1].headers
            assert sent["x-shop-access"] == API_KEY and "authorization" not in sent
            server.state.faults.append(Fault("status", status=400, headers={"x-shop-request": "req_bad"}))
            with pytest.raises(package.BadRequestError) as caught:
                client.delete_response("resp_1")
            assert caught.value.request_id == "req_bad"
            assert caught.value.request.headers["X-Shop-Access"] == "<redacted>"  # not a word that says `key`
            assert API_KEY not in repr(caught.value.request.headers)
            with pytest.raises(package.AuthenticationError):  # the server wants Bearer: not what this spec sends
                client.delete_response("resp_1")
