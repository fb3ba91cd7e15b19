"""Writes tests/fixtures/responses/*.sse: Responses API streams as the service sends them,
which together use every event of the ResponseStreamEvent union.

Run `python tests/responses_transcripts.py` after changing it; the output is deterministic
and committed, and tests/test_responses_fixtures.py checks both are in step. A `Transcript`
keeps what the service keeps consistent: sequence numbers from 0, output indexes, item ids,
each item announced in progress and done in full, and the final response holding the
finished items.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import responses_objects as o
from responses_objects import Json

FOLDER = Path(__file__).resolve().parent / "fixtures" / "responses"


def ident(prefix: str, seed: str) -> str:
    """An id shaped like the service's (prefix and 48 hex digits), the same on every run."""
    return f"{prefix}_{hashlib.sha256(seed.encode()).hexdigest()[:48]}"


class Transcript:
    def __init__(self, name: str, created_at: int, response_id: str | None = None, **response_fields: Any) -> None:
        self.name = name
        self.response_id = response_id or ident("resp", name)
        self.created_at = created_at
        self.fields = response_fields
        self.events: list[Json] = []
        self.output: list[Json] = []

    def item_id(self, prefix: str) -> str:
        return ident(prefix, f"{self.name}/{len(self.output)}")

    def call_id(self) -> str:
        return ident("call", f"{self.name}/{len(self.output)}/call")[:29]

    def emit(self, type_: str, **fields: Any) -> None:
        self.events.append({"type": type_, "sequence_number": len(self.events), **copy.deepcopy(fields)})

    def snapshot(self, status: str, **changes: Any) -> Json:
        fields = {**self.fields, **changes}
        return o.response_object(self.response_id, self.created_at, status=status, output=self.output, **fields)

    def start(self, queued: bool = False) -> None:
        if queued:
            self.emit("response.queued", response=self.snapshot("queued"))
        self.emit("response.created", response=self.snapshot("queued" if queued else "in_progress"))
        self.emit("response.in_progress", response=self.snapshot("in_progress"))

    def added(self, item: Json) -> int:
        self.output.append(item)
        self.emit("response.output_item.added", output_index=len(self.output) - 1, item=item)
        return len(self.output) - 1

    def done(self, index: int, item: Json) -> None:
        self.output[index] = item
        self.emit("response.output_item.done", output_index=index, item=item)

    def obfuscation(self, delta: str) -> str:
        """Padding the service adds to deltas so their sizes say nothing; any characters do."""
        return hashlib.sha256(f"{self.name}/{len(self.events)}".encode()).hexdigest()[: max(2, 16 - len(delta))]

    # -- items, each from output_item.added to output_item.done ------------------------

    def text_part(self, where: Json, pieces: list[str], annotations: list[Json], logprobs: bool) -> Json:
        self.emit("response.content_part.added", **where, part=o.output_text(""))
        for n, piece in enumerate(pieces):
            probs = [{"token": piece, "logprob": round(-0.013 * (n + 1), 4), "top_logprobs": []}] if logprobs else []
            self.emit("response.output_text.delta", **where, delta=piece, logprobs=probs, obfuscation=self.obfuscation(piece))
        for n, annotation in enumerate(annotations):
            self.emit("response.output_text.annotation.added", **where, annotation_index=n, annotation=annotation)
        text = "".join(pieces)
        final = [{"token": p, "logprob": round(-0.013 * (n + 1), 4), "bytes": list(p.encode()), "top_logprobs": []} for n, p in enumerate(pieces)]
        self.emit("response.output_text.done", **where, text=text, logprobs=[{k: v for k, v in f.items() if k != "bytes"} for f in final] if logprobs else [])
        part = {**o.output_text(text, annotations), "logprobs": final if logprobs else []}
        self.emit("response.content_part.done", **where, part=part)
        return part

    def message(self, pieces: list[str], annotations: list[Json] = [], logprobs: bool = False, status: str = "completed") -> None:
        item_id = self.item_id("msg")
        index = self.added(o.message(item_id, [], status="in_progress"))
        part = self.text_part({"item_id": item_id, "output_index": index, "content_index": 0}, pieces, annotations, logprobs)
        self.done(index, o.message(item_id, [part], status=status))

    def refusal(self, pieces: list[str]) -> None:
        item_id = self.item_id("msg")
        index = self.added(o.message(item_id, [], status="in_progress"))
        where = {"item_id": item_id, "output_index": index, "content_index": 0}
        self.emit("response.content_part.added", **where, part={"type": "refusal", "refusal": ""})
        for piece in pieces:
            self.emit("response.refusal.delta", **where, delta=piece, obfuscation=self.obfuscation(piece))
        part = {"type": "refusal", "refusal": "".join(pieces)}
        self.emit("response.refusal.done", **where, refusal=part["refusal"])
        self.emit("response.content_part.done", **where, part=part)
        self.done(index, o.message(item_id, [part]))

    def reasoning(self, summaries: list[list[str]], thinking: list[str]) -> None:
        item_id = self.item_id("rs")
        index = self.added(o.reasoning(item_id, [], content=[]))
        where = {"item_id": item_id, "output_index": index}
        for n, pieces in enumerate(summaries):
            self.emit("response.reasoning_summary_part.added", **where, summary_index=n, part={"type": "summary_text", "text": ""})
            for piece in pieces:
                self.emit("response.reasoning_summary_text.delta", **where, summary_index=n, delta=piece, obfuscation=self.obfuscation(piece))
            text = "".join(pieces)
            self.emit("response.reasoning_summary_text.done", **where, summary_index=n, text=text)
            self.emit("response.reasoning_summary_part.done", **where, summary_index=n, part={"type": "summary_text", "text": text})
        content = {**where, "content_index": 0}
        self.emit("response.content_part.added", **content, part={"type": "reasoning_text", "text": ""})
        for piece in thinking:
            self.emit("response.reasoning_text.delta", **content, delta=piece, obfuscation=self.obfuscation(piece))
        self.emit("response.reasoning_text.done", **content, text="".join(thinking))
        self.emit("response.content_part.done", **content, part={"type": "reasoning_text", "text": "".join(thinking)})
        self.done(index, o.reasoning(item_id, ["".join(p) for p in summaries], content=["".join(thinking)]))

    def function_call(self, name: str, pieces: list[str]) -> None:
        item_id, call_id = self.item_id("fc"), self.call_id()
        index = self.added(o.function_call(item_id, call_id, name, "", status="in_progress"))
        for piece in pieces:
            self.emit("response.function_call_arguments.delta", item_id=item_id, output_index=index, delta=piece, obfuscation=self.obfuscation(piece))
        self.emit("response.function_call_arguments.done", item_id=item_id, output_index=index, name=name, arguments="".join(pieces))
        self.done(index, o.function_call(item_id, call_id, name, "".join(pieces)))

    def search(self, kind: str, final: Json) -> None:
        """A web_search_call or file_search_call: in progress, searching, completed."""
        index = self.added({**final, "status": "in_progress", **({"results": None} if kind == "file_search_call" else {})})
        for stage in ("in_progress", "searching", "completed"):
            self.emit(f"response.{kind}.{stage}", output_index=index, item_id=final["id"])
        self.done(index, final)

    def code_interpreter(self, pieces: list[str], logs: str) -> None:
        item_id, container = self.item_id("ci"), ident("cntr", self.name)
        index = self.added(o.code_interpreter_call(item_id, container, "", None, status="in_progress"))
        where = {"item_id": item_id, "output_index": index}
        self.emit("response.code_interpreter_call.in_progress", **where)
        for piece in pieces:
            self.emit("response.code_interpreter_call_code.delta", **where, delta=piece, obfuscation=self.obfuscation(piece))
        self.emit("response.code_interpreter_call_code.done", **where, code="".join(pieces))
        self.emit("response.code_interpreter_call.interpreting", **where)
        self.emit("response.code_interpreter_call.completed", **where)
        self.done(index, o.code_interpreter_call(item_id, container, "".join(pieces), [{"type": "logs", "logs": logs}]))

    def image_generation(self, partials: list[str], result: str) -> None:
        item_id = self.item_id("ig")
        index = self.added(o.image_generation_call(item_id, None, status="in_progress"))
        where = {"item_id": item_id, "output_index": index}
        self.emit("response.image_generation_call.in_progress", **where)
        self.emit("response.image_generation_call.generating", **where)
        looks = {"background": "opaque", "output_format": "png", "quality": "low", "size": "1024x1024"}
        for n, partial in enumerate(partials):
            self.emit("response.image_generation_call.partial_image", **where, partial_image_index=n, partial_image_b64=partial, **looks)
        self.emit("response.image_generation_call.completed", **where)
        self.done(index, o.image_generation_call(item_id, result, revised_prompt="A watercolour lighthouse at dusk", **looks))

    def mcp_list_tools(self, server: str, tools: list[Json], error: str | None = None) -> None:
        item_id = self.item_id("mcpl")
        index = self.added(o.mcp_list_tools(item_id, server, []))
        self.emit("response.mcp_list_tools.in_progress", item_id=item_id, output_index=index)
        self.emit(f"response.mcp_list_tools.{'failed' if error else 'completed'}", item_id=item_id, output_index=index)
        self.done(index, o.mcp_list_tools(item_id, server, tools, error))

    def mcp_call(self, server: str, name: str, pieces: list[str], output: str | None, error: Json | None = None) -> None:
        item_id = self.item_id("mcp")
        index = self.added(o.mcp_call(item_id, server, name, "", status="in_progress"))
        where = {"item_id": item_id, "output_index": index}
        self.emit("response.mcp_call.in_progress", **where)
        for piece in pieces:
            self.emit("response.mcp_call_arguments.delta", **where, delta=piece, obfuscation=self.obfuscation(piece))
        self.emit("response.mcp_call_arguments.done", **where, arguments="".join(pieces))
        self.emit(f"response.mcp_call.{'failed' if error else 'completed'}", **where)
        status = "failed" if error else "completed"
        self.done(index, o.mcp_call(item_id, server, name, "".join(pieces), status=status, output=output, error=error))

    def custom_tool_call(self, name: str, pieces: list[str]) -> None:
        item_id, call_id = self.item_id("ctc"), self.call_id()
        index = self.added(o.custom_tool_call(item_id, call_id, name, ""))
        for piece in pieces:
            self.emit("response.custom_tool_call_input.delta", item_id=item_id, output_index=index, delta=piece, obfuscation=self.obfuscation(piece))
        self.emit("response.custom_tool_call_input.done", item_id=item_id, output_index=index, input="".join(pieces))
        self.done(index, o.custom_tool_call(item_id, call_id, name, "".join(pieces)))

    def shell(self, commands: list[list[str]], outputs: list[list[str]]) -> None:
        """A shell call whose commands stream in, then the output of running them."""
        item_id, call_id = self.item_id("sh"), self.call_id()
        index = self.added(o.shell_call(item_id, call_id, [], status="in_progress"))
        for n, pieces in enumerate(commands):
            self.emit("response.shell_call_command.added", output_index=index, command_index=n, command="")
            for piece in pieces:
                self.emit("response.shell_call_command.delta", output_index=index, command_index=n, delta=piece, obfuscation=self.obfuscation(piece))
            self.emit("response.shell_call_command.done", output_index=index, command_index=n, command="".join(pieces))
        self.done(index, o.shell_call(item_id, call_id, ["".join(p) for p in commands]))
        out_id = self.item_id("sho")
        out_index = self.added(o.shell_call_output(out_id, call_id, [], status="in_progress"))
        results = []
        for n, pieces in enumerate(outputs):
            for piece in pieces:
                self.emit("response.shell_call_output_content.delta", item_id=out_id, output_index=out_index, command_index=n, delta={"stdout": piece})
            results.append(o.shell_output("".join(pieces)))
            self.emit("response.shell_call_output_content.done", item_id=out_id, output_index=out_index, command_index=n, output=results[-1:])
        self.done(out_index, o.shell_call_output(out_id, call_id, results))

    def audio(self, transcript: list[str], chunks: list[str]) -> None:
        """Spoken output: its transcript and audio, each as deltas (not output items)."""
        for piece in transcript:
            self.emit("response.audio.transcript.delta", response_id=self.response_id, delta=piece)
        for chunk in chunks:
            self.emit("response.audio.delta", delta=chunk)
        self.emit("response.audio.done", response_id=self.response_id)
        self.emit("response.audio.transcript.done", response_id=self.response_id)

    # -- endings ------------------------------------------------------------------------

    def complete(self, tokens: Json) -> None:
        self.emit("response.completed", response=self.snapshot("completed", completed_at=self.created_at + 4, usage=tokens))

    def incomplete(self, reason: str, tokens: Json) -> None:
        self.emit("response.incomplete", response=self.snapshot("incomplete", incomplete_details={"reason": reason}, usage=tokens))

    def fail(self, code: str, message: str) -> None:
        self.emit("error", code=code, message=message, param=None)
        self.emit("response.failed", response=self.snapshot("failed", error={"code": code, "message": message}))


# -- the transcripts --------------------------------------------------------------------

WEATHER = {"type": "object", "properties": {"city": {"type": "string"}, "unit": {"type": "string", "enum": ["c", "f"]}}, "required": ["city", "unit"], "additionalProperties": False}
TOOLS: dict[str, Json] = {
    "weather": {"type": "function", "name": "get_weather", "description": "Current weather in a city.", "parameters": WEATHER, "strict": True},
    "web": {"type": "web_search", "search_context_size": "medium"},
    "files": {"type": "file_search", "vector_store_ids": ["vs_68d0c1f2a4b081918e2b53c4f0a1d2e3"], "max_num_results": 5},
    "python": {"type": "code_interpreter", "container": {"type": "auto"}},
    "image": {"type": "image_generation", "partial_images": 2, "quality": "low", "size": "1024x1024"},
    "deepwiki": {"type": "mcp", "server_label": "deepwiki", "server_url": "https://mcp.deepwiki.com/mcp", "require_approval": "never"},
    "grammar": {"type": "custom", "name": "run_sql", "description": "Runs one read-only SQL query."},
    "shell": {"type": "shell", "environment": {"type": "local"}},
}
PNG = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"  # the start of a PNG, as partial images begin


def text_with_annotations() -> Transcript:
    t = Transcript("text_with_annotations", 1_760_000_100)
    t.start()
    pieces = ["Server", "-sent events", " keep one HTTP", " response open", " and push", " `data:` lines", " —", " naïve", " to parse,", " easy to resume ✅."]
    t.message(pieces, [o.url_citation("https://html.spec.whatwg.org/multipage/server-sent-events.html", "HTML Standard: Server-sent events", 0, 17)], logprobs=True)
    t.complete(o.usage(24, 31))
    return t


def reasoning_function_calls() -> Transcript:
    t = Transcript("reasoning_function_calls", 1_760_000_200, model="o4-mini-2025-04-16", reasoning={"effort": "medium", "summary": "auto"}, tools=[TOOLS["weather"]])
    t.start()
    t.reasoning([["**Checking two cities**\n\n", "The user wants Paris", " and Tokyo; I can ask for both at once."], ["**Units**\n\nCelsius for both."]], ["Two independent lookups", ", so call the tool twice in parallel."])
    t.function_call("get_weather", ['{"city"', ':"Paris', '","unit":"c"}'])
    t.function_call("get_weather", ['{"ci', 'ty":"Tōkyō",', '"unit":"c"}'])
    t.complete(o.usage(88, 121, reasoning=64))
    return t


def refusal_in_background() -> Transcript:
    t = Transcript("refusal_in_background", 1_760_000_300, background=True)
    t.start(queued=True)
    t.refusal(["I'm sorry", ", but I can't", " help with that."])
    t.complete(o.usage(19, 9))
    return t


def web_and_file_search() -> Transcript:
    t = Transcript("web_and_file_search", 1_760_000_400, tools=[TOOLS["web"], TOOLS["files"]])
    t.start()
    t.search("web_search_call", o.web_search_call(t.item_id("ws"), "http 103 early hints support", ["https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/103"]))
    hit = o.file_search_result("file-4Qx9RrJmXbLw8o2PZq7n1T", "handbook.pdf", 0.8731, "Early hints are enabled at the edge.")
    t.search("file_search_call", o.file_search_call(t.item_id("fs"), ["early hints", "edge config"], [hit]))
    cites = [o.url_citation("https://developer.mozilla.org/en-US/docs/Web/HTTP/Status/103", "103 Early Hints - MDN", 0, 42), o.file_citation("file-4Qx9RrJmXbLw8o2PZq7n1T", "handbook.pdf", 87)]
    t.message(["Browsers based on Chromium ", "act on 103 Early Hints;", " your handbook says the edge", " already sends them."], cites)
    t.complete(o.usage(1432, 58))
    return t


def code_interpreter_and_image() -> Transcript:
    t = Transcript("code_interpreter_and_image", 1_760_000_500, tools=[TOOLS["python"], TOOLS["image"]])
    t.start()
    t.code_interpreter(["import statistics\n", "print(statistics.mean(", "[3, 5, 8, 13]))"], "7.25\n")
    t.image_generation([PNG + "AAAA", PNG + "BBBBCCCC"], PNG + "BBBBCCCCDDDD==")
    t.message(["The mean is 7.25,", " and here is the lighthouse."])
    t.complete(o.usage(240, 1830))
    return t


def mcp_tools() -> Transcript:
    t = Transcript("mcp_tools", 1_760_000_600, tools=[TOOLS["deepwiki"]])
    t.start()
    question = o.mcp_tool("ask_question", "Ask a question about a GitHub repository.", {"repoName": {"type": "string"}, "question": {"type": "string"}}, ["repoName", "question"])
    contents = o.mcp_tool("read_wiki_contents", "View a repository's documentation.", {"repoName": {"type": "string"}}, ["repoName"])
    t.mcp_list_tools("deepwiki", [question, contents])
    t.mcp_call("deepwiki", "ask_question", ['{"repoName":"python/cpython",', '"question":"Where is the GIL released?"}'], "Around blocking I/O, in Py_BEGIN_ALLOW_THREADS blocks.")
    error = {"type": "mcp_tool_execution_error", "content": [{"type": "text", "text": "repository not indexed"}]}
    t.mcp_call("deepwiki", "read_wiki_contents", ['{"repoName":', '"example/private"}'], None, error)
    t.message(["The GIL is released around blocking I/O;", " the second repository is not indexed."])
    t.complete(o.usage(512, 77))
    return t


def custom_tool_and_shell() -> Transcript:
    t = Transcript("custom_tool_and_shell", 1_760_000_700, tools=[TOOLS["grammar"], TOOLS["shell"]])
    t.start()
    t.custom_tool_call("run_sql", ["SELECT count(*)", " FROM orders", " WHERE status = 'open';"])
    t.shell([["ls", " -la"], ["git status", " --short"]], [["total 8\n", "-rw-r--r--  1 dev  dev  42 README.md\n"], [" M src/app.py\n"]])
    t.complete(o.usage(301, 64))
    return t


def audio() -> Transcript:
    t = Transcript("audio", 1_760_000_800, model="gpt-4o-audio-preview-2025-06-03")
    t.start()
    t.audio(["Hello", " there!"], ["UklGRiQAAABXQVZFZm10IBAAAAABAAEA", "QB8AAEAfAAABAAgAZGF0YQAAAAA="])
    t.message(["Hello there!"])
    t.complete(o.usage(12, 40))
    return t


def incomplete_max_tokens() -> Transcript:
    t = Transcript("incomplete_max_tokens", 1_760_000_900, max_output_tokens=16)
    t.start()
    t.message(["Once upon a time,", " in a valley between", " two rivers, there"], status="incomplete")
    t.incomplete("max_output_tokens", o.usage(14, 16))
    return t


def failed_mcp_server() -> Transcript:
    t = Transcript("failed_mcp_server", 1_760_001_000, tools=[{**TOOLS["deepwiki"], "server_label": "flaky", "server_url": "https://mcp.example.com/mcp"}])
    t.start()
    t.mcp_list_tools("flaky", [], error="Error retrieving tool list from MCP server: 'flaky'. Http status code: 503 (Service Unavailable)")
    t.fail("server_error", "The server had an error while processing your request. Sorry about that!")
    return t


TRANSCRIPTS: dict[str, Callable[[], Transcript]] = {
    build.__name__: build
    for build in (text_with_annotations, reasoning_function_calls, refusal_in_background, web_and_file_search, code_interpreter_and_image,
                  mcp_tools, custom_tool_and_shell, audio, incomplete_max_tokens, failed_mcp_server)
}  # fmt: skip


def write_all(transcripts: dict[str, Callable[[], Transcript]], folder: Path = FOLDER) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, build in transcripts.items():
        path = folder / f"{name}.sse"
        path.write_bytes(o.encode_sse(build().events))
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all(TRANSCRIPTS):
        print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
