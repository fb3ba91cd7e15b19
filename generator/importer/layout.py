"""The imported spec as files by topic, and the `api` section.

`api.yaml` holds the API; one file per topic holds its operations and the models only it
uses; `common.yaml` the models several topics use; `events.yaml` the streams and the
models only they use. Sections and keys come in the order docs/spec-format.md documents
them, models in upstream's order with each model a shape written inline was named after
just before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..problems import Position
from . import names as naming
from .document import Document, entries, items, key_position, scalar, string
from .emit import Mapping, emit
from .limits import Record
from .operations import Selected, Votes
from .schemas import Model
from .select import COMMON, EVENTS

API_ORDER = ("name", "title", "version", "base_url", "headers", "query_arrays", "description")
SECTION_ORDER = ("api", "operations", "streams", "models", "polls")
URL = re.compile(r"\Ahttps?://[^\s{}/]+(/[^\s{}]*)?\Z")
PLACEHOLDER_URL = "https://api.example.invalid"


@dataclass(frozen=True)
class File:
    name: str
    text: str
    origins: list[tuple[int, Position]]  # line -> the upstream place it came from


def api_section(document: Document, record: Record, votes: Votes) -> Mapping:
    info = entries(document.root.get("info"))
    title = string(info.get("title"))
    version = scalar(info.get("version"))
    api = Mapping(order=API_ORDER, origin=document.root.position, flow=False)
    name = re.sub(r"[^a-z0-9]+", "_", (title or "").lower()).strip("_")
    api.set("name", name if name and not name[0].isdigit() else "api")
    if title:
        api.set("title", " ".join(title.split()))
    if isinstance(version, (str, int, float)) and not isinstance(version, bool):
        api.set("version", str(version))
    servers = items(document.root.get("servers"))
    url = string(entries(servers[0]).get("url")) if servers else None
    if url is not None and URL.match(url):
        api.set("base_url", url)
    else:
        where = servers[0].position if servers else key_position(document.root, "openapi")
        found = f"`{url}`" if url else "none"
        note = record.limit("base-url", where, f"the API needs an absolute http(s) base URL without variables, and the first server is {found}; write `base_url` by hand")
        api.set("base_url", PLACEHOLDER_URL, comments=[note])
    if votes.brackets or votes.plain:
        brackets = len(votes.brackets) >= len(votes.plain)
        api.set("query_arrays", "brackets" if brackets else "repeat", comments=[
            "array query parameters: upstream names them `name[]`" if brackets else "array query parameters: upstream names them without `[]`"
        ])
        for position in votes.plain if brackets else votes.brackets:
            record.limit("query-arrays", position, "this array query parameter is named otherwise than the others; the format names them all one way (`api.query_arrays`)")
    return api


def layout(
    document: Document,
    api: Mapping,
    operations: list[tuple[Selected, Mapping]],
    streams: list[tuple[str, Mapping]],
    models: list[Model],
    component_topics: dict[str, str],
    record: Record,
) -> list[File]:
    taken = naming.Taken({"api", COMMON, EVENTS})
    file_of_topic: dict[str, str] = {COMMON: COMMON, EVENTS: EVENTS}
    for op, _ in operations:
        if op.topic not in file_of_topic:
            file_of_topic[op.topic] = taken.claim(naming.file_name(op.topic), "_")
    topic_of_owner = {f"operation:{op.name}": op.topic for op, _ in operations}
    topic_of_owner.update({f"stream:{name}": EVENTS for name, _ in streams})
    sections: dict[str, dict[str, Mapping]] = {"api": {"api": api}}

    def section(topic: str, key: str) -> Mapping:
        file = file_of_topic[topic]
        roots = sections.setdefault(file, {})
        if key not in roots:
            roots[key] = Mapping(spaced=True, flow=False)
        return roots[key]

    for op, mapping in operations:
        section(op.topic, "operations").set(op.name, mapping, origin=op.position)
    for name, mapping in streams:
        section(EVENTS, "streams").set(name, mapping)
    for model in models:
        topic = topic_of_owner.get(model.owner) or component_topics.get(model.owner, COMMON)
        section(topic, "models").set(model.name, model.schema, comments=model.comments, origin=model.origin)
    topic_names = {file: topic for topic, file in file_of_topic.items()}
    title = " ".join((string(entries(document.root.get("info")).get("title")) or "the API").split())
    files: list[File] = []
    written: set[str] = set()
    for file in sorted(sections, key=lambda name: name == "api"):  # api.yaml last: see below
        if file == "api":  # problems that have no place of their own in the spec are said here
            unplaced = [problem.comment for problem in record.sorted() if problem.comment not in written]
            api.notes.extend(unplaced)
        root = Mapping(order=SECTION_ORDER, spaced=True, flow=False)
        for key, value in sections[file].items():
            root.set(key, value)
        header = [
            f"{_what(file, topic_names.get(file, file))}: imported by `runs-codegen import-openapi` from {document.name} ({title}).",
            "A starting point to edit by hand. Comments say where the spec is written otherwise than upstream; "
            "`import problem` marks what the format could not express (runs-codegen import-openapi lists them).",
        ]
        emitted = emit(root, header)
        written |= emitted.comments
        files.append(File(f"{file}.yaml", emitted.text, emitted.origins))
    return sorted(files, key=lambda f: f.name)


def _what(file: str, topic: str) -> str:
    if file == "api":
        return "The API"
    if file == COMMON:
        return "Models that several topics use"
    if file == EVENTS:
        return "The event streams, and the models only they use"
    return f"The operations about `{topic}`, and the models only they use"
