"""Spec names that clash with what a client method itself uses (`timeout`, `self`,
`models`...) become arguments with a `_` suffix, and still go on the wire as the spec
spells them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import codegen

from generator.targets.python.methods import CLIENT_METHOD_NAMES, argument_name

SPEC = """
api: {name: clash, title: Clash, version: "1", base_url: "https://clash.example/v1", query_arrays: brackets}
models:
  Thing:
    type: object
    required: [id]
    properties:
      id: string
  UpdateThing:
    type: object
    properties:
      extra_body: string
      functools: integer
      timeout_: boolean
      RequestSpec: string
      class: string
  ListThings:
    type: object
    required: [data, has_more, last_id]
    properties:
      data: {type: array, items: Thing}
      has_more: boolean
      first_id: {type: string, nullable: true}
      last_id: {type: string, nullable: true}
operations:
  update_thing:
    method: POST
    path: /things/{self}/{spec}
    summary: Update a thing.
    path_parameters: {self: string, spec: string}
    query_parameters: {timeout: integer, models: string, next_page: string}
    body: UpdateThing
    response: Thing
  list_things:
    method: GET
    path: /things/{decode}
    summary: List things.
    path_parameters: {decode: string}
    query_parameters: {after: string, limit: integer, started: string}
    paginated: true
    response: ListThings
"""

SCRIPT = """
import json, httpx
from clash_client import Client

seen = []
def handler(request):
    seen.append({"path": request.url.raw_path.decode(), "body": request.content.decode()})
    if request.method == "GET":
        return httpx.Response(200, json={"data": [{"id": "a"}], "has_more": False, "first_id": "a", "last_id": "a"})
    return httpx.Response(200, json={"id": "t"})

with Client(api_key="sk-test", base_url="https://clash.example/v1", http_client=httpx.Client(transport=httpx.MockTransport(handler))) as client:
    thing = client.update_thing(
        "me", "s1", timeout_=5, models_="m", next_page_="n", extra_body_="e", functools_=1, timeout__=True,
        RequestSpec_="r", class_="c", timeout=3.0,
    )
    assert thing.id == "t"
    assert [t.id for t in client.list_things("d", after="x", limit=1, started_="y")] == ["a"]
print(json.dumps(seen))
"""


def test_argument_names_are_mangled_only_where_they_clash() -> None:
    assert argument_name("timeout") == "timeout_" and argument_name("timeout_") == "timeout__"
    assert argument_name("class") == "class_" and argument_name("limit") == "limit"
    assert {"self", "timeout", "spec", "models"} <= CLIENT_METHOD_NAMES
    assert argument_name("event_handler") == "event_handler_"  # the streaming methods' own keyword


def test_a_client_with_clashing_names_works_and_type_checks(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC)
    out = tmp_path / "out"
    result = codegen("generate", "--spec", str(tmp_path / "spec.yaml"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    (out / "clash").rename(out / "clash_client")
    ran = subprocess.run([sys.executable, "-c", SCRIPT], cwd=out, capture_output=True, text=True, timeout=120)
    assert ran.returncode == 0, ran.stderr
    update, listing = json.loads(ran.stdout)
    assert update["path"] == "/v1/things/me/s1?timeout=5&models=m&next_page=n"
    assert json.loads(update["body"]) == {"extra_body": "e", "functools": 1, "timeout_": True, "RequestSpec": "r", "class": "c"}
    assert listing["path"] == "/v1/things/d?after=x&limit=1&started=y"
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), "clash_client"],
        cwd=out, capture_output=True, text=True, timeout=600,
    )
    assert mypy.returncode == 0, mypy.stdout
