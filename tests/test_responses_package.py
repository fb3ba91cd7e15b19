"""generated/responses/openai_responses has the public names issue 13 (section 3) promises
and that exist today: tests outside the project rely on them, so a rename fails here.
The package is imported in a fresh interpreter, beside openai_runs, as an application would."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import GENERATED, RESPONSES

OPERATIONS = [
    "create_response", "retrieve_response", "delete_response", "cancel_response", "list_input_items",
    "count_input_tokens", "compact_response", "create_conversation", "retrieve_conversation",
    "update_conversation", "delete_conversation", "create_conversation_items", "list_conversation_items",
    "retrieve_conversation_item", "delete_conversation_item",
]  # fmt: skip
STREAMS = ["create_response_stream", "retrieve_response_stream"]

PROBE = """
import inspect, json
import openai_responses, openai_runs
from openai_responses import AsyncClient, Client, events
from openai_responses.events import ResponseStreamEvent

def constructor(cls):
    return [(p.name, str(p.kind), str(p.annotation), repr(p.default)) for p in inspect.signature(cls.__init__).parameters.values()]

def arguments(method):
    # names up to the keyword-only ones that every method takes (extra_headers, ...)
    names = []
    for p in inspect.signature(method).parameters.values():
        if p.name == "extra_headers":
            break
        names.append(p.name if p.kind is p.POSITIONAL_OR_KEYWORD else "*" + p.name)
    return names

names = {names!r}
print(json.dumps({{
    "same_constructors": [constructor(Client) == constructor(openai_runs.Client), constructor(AsyncClient) == constructor(openai_runs.AsyncClient)],
    "sync": [n for n in names if not callable(getattr(Client, n, None))],
    "async": [n for n in names if not callable(getattr(AsyncClient, n, None))],
    "arguments": {{n: arguments(getattr(Client, n)) for n in names}},
    "async_arguments": {{n: arguments(getattr(AsyncClient, n)) for n in names}},
    "event": [issubclass(ResponseStreamEvent, str), ResponseStreamEvent is events.ResponseStreamEvent, len(ResponseStreamEvent)],
    "completed": ResponseStreamEvent("response.completed").name,
}}))
"""


def probe(*folders: Path) -> dict[str, object]:
    """What PROBE prints, with `folders` on the import path."""
    env = {"PYTHONPATH": ":".join(map(str, folders)), "PYTHONDONTWRITEBYTECODE": "1", "PATH": ""}
    script = textwrap.dedent(PROBE.format(names=OPERATIONS + STREAMS))
    ran = subprocess.run([sys.executable, "-c", script], cwd=folders[0], env=env, capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    result: dict[str, object] = json.loads(ran.stdout)
    return result


def test_the_public_names_exist_with_the_promised_arguments() -> None:
    found = probe(RESPONSES, GENERATED)
    assert found["same_constructors"] == [True, True]  # the runs client's arguments, sync and async
    assert found["sync"] == [] and found["async"] == []
    arguments = found["arguments"]
    assert isinstance(arguments, dict)
    assert found["async_arguments"] == arguments
    assert arguments["retrieve_response"][:3] == ["self", "response_id", "*include"]
    assert arguments["list_input_items"][:2] == ["self", "response_id"]
    assert arguments["create_conversation_items"] == ["self", "conversation_id", "*items", "*include"]
    assert arguments["retrieve_conversation_item"][:3] == ["self", "conversation_id", "item_id"]
    assert arguments["retrieve_response_stream"][:2] == ["self", "response_id"]
    assert "*starting_after" in arguments["retrieve_response_stream"]
    for name in ("delete_response", "cancel_response"):
        assert arguments[name][:2] == ["self", "response_id"]
    for name in ("retrieve_conversation", "update_conversation", "delete_conversation", "list_conversation_items"):
        assert arguments[name][:2] == ["self", "conversation_id"]
    assert arguments["delete_conversation_item"][:3] == ["self", "conversation_id", "item_id"]
    assert found["event"] == [True, True, 58] and found["completed"] == "RESPONSE_COMPLETED"


def test_the_package_works_when_vendored_under_another_name(tmp_path: Path) -> None:
    """One folder, relative imports only: copied as `myapp.vendor.responses`, it still works."""
    target = tmp_path / "myapp" / "vendor" / "responses"
    shutil.copytree(RESPONSES / "openai_responses", target, ignore=shutil.ignore_patterns("__pycache__"))
    for folder in (target.parent.parent, target.parent):
        (folder / "__init__.py").write_text("")
    code = (
        "from myapp.vendor.responses import Client, events\n"
        "with Client(api_key='k', base_url='http://127.0.0.1:9') as client:\n"
        "    print(events.ResponseStreamEvent('response.created').value, callable(client.create_response_stream))\n"
    )
    ran = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == "response.created True\n"
