"""spec/responses in the python-pydantic style: the package imports, passes mypy --strict
and is black-formatted, and the Responses tests that exercise the client over real HTTP
(tests/responses_server.py, the transcripts of tests/fixtures/responses) run again against
it in a second pytest process, as tests/test_styles.py does for runs.

What broke here before: a union variant that datamodel-code-generator puts after the
union (`ToolSearchOutput`), a nullable const it made an enum named `Type`, a union-typed
field's default it could not type, and no `conversation_item_from_dict` for the client.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from responses_support import PACKAGE, generate_responses_client

# each takes the package from RESPONSES_CODEGEN_CLIENT (tests/responses_support.py)
SHARED_TESTS = ["test_responses_streams.py", "test_responses_helpers.py", "test_responses_differential.py"]


@pytest.fixture(scope="module")
def pydantic_responses(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """spec/responses generated with `--style python-pydantic`, through the CLI."""
    return generate_responses_client(tmp_path_factory.mktemp("pydantic-responses") / "out", "python-pydantic")


def test_the_responses_tests_pass_against_the_pydantic_style(pydantic_responses: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *(f"tests/{name}" for name in SHARED_TESTS)],
        cwd=ROOT,
        env={**os.environ, "RESPONSES_CODEGEN_CLIENT": str(pydantic_responses)},
        capture_output=True,
        text=True,
        timeout=900,
    )
    summary = result.stdout.strip().splitlines()[-1]
    assert result.returncode == 0, result.stdout[-6000:]
    assert " passed" in summary and "failed" not in summary and "skipped" not in summary


def test_the_pydantic_responses_package_type_checks_and_is_black_formatted(pydantic_responses: Path, tmp_path: Path) -> None:
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(tmp_path / "mypy"), PACKAGE],
        cwd=pydantic_responses,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert mypy.returncode == 0, mypy.stdout
    black = subprocess.run([sys.executable, "-m", "black", "--check", "-q", PACKAGE], cwd=pydantic_responses, capture_output=True, text=True, timeout=300)
    assert black.returncode == 0, black.stderr


SCRIPT = """
import json
from pathlib import Path
from openai_responses import DecodeError, models

finals = 0
for path in sorted(Path(FOLDER).glob("*.sse")):
    for block in path.read_text().split("\\n\\n"):
        data = [line[6:] for line in block.splitlines() if line.startswith("data: ")]
        event = json.loads(data[0]) if data else {}
        if event.get("type") in ("response.completed", "response.failed", "response.incomplete"):
            response = event["response"]
            assert models.Response.from_dict(response).to_dict() == response, path.name
            for item in response["output"]:
                assert models.output_item_from_dict(item).to_dict() == item
            finals += 1
assert finals == len(list(Path(FOLDER).glob("*.sse")))

# a union variant defined after its union
found = {"type": "tool_search_output", "id": "tso_1", "call_id": None, "execution": "server",
         "tools": [], "status": "completed"}
item = models.conversation_item_from_dict(found)
assert type(item) is models.ToolSearchOutput and item.to_dict() == found
try:
    models.conversation_item_from_dict({**found, "tools": 3}, "items[2]")
except DecodeError as error:
    assert error.path.startswith("items[2].") and error.path.endswith(".tools"), error.path  # pydantic names the member between
else:
    raise AssertionError("no DecodeError")

# a nullable const: its value, null, or absent
assert models.ItemReferenceParam.from_dict({"id": "i", "type": None}).to_dict() == {"id": "i", "type": None}
assert models.ItemReferenceParam(id="i", type="item_reference").to_dict() == {"id": "i", "type": "item_reference"}
assert models.ItemReferenceParam(id="i").to_dict() == {"id": "i"}

# a union-typed field with a documented default: absent stays absent
tool = models.MCPTool.from_dict({"type": "mcp", "server_label": "s"})
assert tool.require_approval is None and "require_approval" not in tool.to_dict()
assert models.MCPTool.from_dict({"type": "mcp", "server_label": "s", "require_approval": "never"}).require_approval == "never"

# `any` takes null, as in the dataclass style
call = {"type": "tool_search_call", "id": "ts_1", "call_id": None, "execution": "server", "arguments": None,
        "status": "completed"}
assert models.ToolSearchCall.from_dict(call).to_dict() == call
print("ok")
""".replace("FOLDER", repr(str(ROOT / "tests" / "fixtures" / "responses")))


def test_pydantic_models_decode_real_responses(pydantic_responses: Path) -> None:
    """Every final Response of the transcripts and each of its output items round-trips;
    what broke before decodes."""
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=pydantic_responses, capture_output=True, text=True, timeout=120)
    assert result.stdout.strip() == "ok", result.stderr
