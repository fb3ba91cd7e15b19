"""Writing the imported spec as YAML a person edits: deterministic, keys in the order
docs/spec-format.md documents them, short schemas on one line, long text as block
scalars, and comments where the import changed or could not keep something.

Every scalar is written plain only when the spec reader reads it back as the same string
(not a number, boolean, null or date, no indicator characters); anything else is
double-quoted with YAML escapes, so no text can change meaning or break the file.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field
from typing import Union

import yaml

from ..problems import Position, printable

WIDTH = 88
_RESOLVER = yaml.resolver.Resolver()
_STR_TAG = "tag:yaml.org,2002:str"
# characters a YAML reader refuses raw, or reads as a line break inside a quoted string
_ESCAPE = re.compile("[^\x09\x0a\x0d\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")
_INDICATORS = set("-?:,[]{}#&*!|>'\"%@`")
_FLOW_UNSAFE = set(",[]{}")
_SPLIT = re.compile(r"(?<![ \t]) (?![ \t])")

Scalar = Union[str, int, float, bool, None]


@dataclass
class Entry:
    key: str
    value: "Value"
    comments: list[str] = field(default_factory=list)
    origin: Position | None = None


@dataclass
class Mapping:
    """An ordered mapping. `order` lists keys to write first, in that order; `schema`
    allows the format's shorthand (`string`, `RunStep` for `{$ref: RunStep}`); `notes`
    are comments for the key that holds this mapping; `spaced` puts a blank line
    between entries; `flow: False` keeps it in block style however short."""

    entries: list[Entry] = field(default_factory=list)
    order: tuple[str, ...] = ()
    schema: bool = False
    spaced: bool = False
    flow: bool = True  # may be written on one line when short
    index: dict[str, Entry] = field(default_factory=dict, repr=False)  # entries by key: `set` adds both
    notes: list[str] = field(default_factory=list)
    origin: Position | None = None

    def _find(self, key: str) -> Entry | None:
        return self.index.get(key)

    def get(self, key: str) -> "Value":
        entry = self._find(key)
        return entry.value if entry is not None else None

    def __contains__(self, key: str) -> bool:
        return self._find(key) is not None

    def set(self, key: str, value: "Value", comments: list[str] | None = None, origin: Position | None = None) -> None:
        entry = self._find(key)
        if entry is not None:
            entry.value = value
            entry.comments.extend(comments or [])
            return
        self.entries.append(Entry(key, value, list(comments or []), origin))
        self.index[key] = self.entries[-1]

    def keys(self) -> list[str]:
        return [entry.key for entry in self.entries]

    def ordered(self) -> list[Entry]:
        rank = {key: index for index, key in enumerate(self.order)}
        return sorted(self.entries, key=lambda entry: rank.get(entry.key, len(rank)))


@dataclass
class Sequence:
    items: list["Value"] = field(default_factory=list)


Value = Union[Scalar, Mapping, Sequence]


def shorthand(value: Mapping) -> str | None:
    """The bare name a schema mapping can be written as, if it can."""
    if not value.schema or value.notes or len(value.entries) != 1 or value.entries[0].comments:
        return None
    entry = value.entries[0]
    if entry.key == "$ref" and isinstance(entry.value, str):
        return entry.value
    if entry.key == "type" and entry.value in ("string", "integer", "number", "boolean"):
        return str(entry.value)
    return None


def _float(value: float) -> str:
    text = repr(value)
    mantissa, e, exponent = text.partition("e")
    if e and "." not in mantissa:
        text = f"{mantissa}.0e{exponent}"
    return text


def _plain(text: str, flow: bool) -> bool:
    if not text or text != text.strip() or text[0] in _INDICATORS or _ESCAPE.search(text):
        return False
    if "\n" in text or "\t" in text or "\r" in text or ": " in text or " #" in text or text.endswith(":"):
        return False
    if flow and _FLOW_UNSAFE & set(text):
        return False
    tag: str = _RESOLVER.resolve(yaml.ScalarNode, text, (True, False))  # type: ignore[no-untyped-call]
    return tag == _STR_TAG


def _quoted(text: str) -> str:
    def escape(found: re.Match[str]) -> str:
        code = ord(found[0])
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"

    body = text.replace("\\", "\\\\").replace('"', '\\"')
    body = body.replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")
    return '"' + _ESCAPE.sub(escape, body) + '"'


def scalar_text(value: Scalar, flow: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    return value if _plain(value, flow) else _quoted(value)


def _literal(text: str) -> bool:
    if "\n" not in text or _ESCAPE.search(text) or "\r" in text:
        return False
    lines = text.rstrip("\n").split("\n")
    return bool(lines[0]) and lines[0][0] not in " \t" and all(line == line.rstrip(" \t") for line in lines)


def _foldable(text: str) -> bool:
    return bool(text) and "\n" not in text and text == text.strip() and not _ESCAPE.search(text) and "\r" not in text


@dataclass
class _Writer:
    lines: list[str] = field(default_factory=list)
    origins: list[tuple[int, Position]] = field(default_factory=list)
    written: set[str] = field(default_factory=set)  # every comment, as given

    def comment(self, text: str, indent: int) -> None:
        self.written.add(text)
        for paragraph in text.split("\n"):
            for line in textwrap.wrap(printable(paragraph), max(WIDTH - indent - 2, 40), break_on_hyphens=False) or [""]:
                self.lines.append(" " * indent + "# " + line)

    def flow(self, value: Value, room: int) -> str | None:
        """`value` on one line, when it is short and all scalars."""
        if isinstance(value, Mapping):
            name = shorthand(value)
            if name is not None:
                return scalar_text(name, flow=True)
            if value.notes or not value.flow or any(e.comments for e in value.entries):
                return None
            parts = []
            for entry in value.ordered():
                inner = self.flow(entry.value, room)
                if inner is None:
                    return None
                parts.append(f"{scalar_text(entry.key, True)}: {inner}")
            text = "{" + ", ".join(parts) + "}"
        elif isinstance(value, Sequence):
            texts = [self.flow(item, room) for item in value.items]
            if any(text is None for text in texts):
                return None
            text = "[" + ", ".join(t for t in texts if t is not None) + "]"
        else:
            if isinstance(value, str) and "\n" in value:
                return None
            text = scalar_text(value, flow=True)
        return text if len(text) <= room else None

    def text(self, head: str, value: str, indent: int) -> None:
        """A string after `head` (`key:` or `-`): plain, quoted or a block scalar."""
        single = scalar_text(value)
        if "\n" not in value and len(head) + 1 + len(single) <= WIDTH:
            self.lines.append(f"{head} {single}")
        elif _literal(value):
            trailing = len(value) - len(value.rstrip("\n"))
            self.lines.append(f"{head} |{'-' if trailing == 0 else '' if trailing == 1 else '+'}")
            for line in value.rstrip("\n").split("\n"):
                self.lines.append(" " * indent + line if line else "")
            self.lines.extend([""] * max(trailing - 1, 0))
        elif _foldable(value):
            self.lines.append(f"{head} >-")
            line = ""
            for word in _SPLIT.split(value):
                if line and len(line) + 1 + len(word) > WIDTH - indent:
                    self.lines.append(" " * indent + line)
                    line = word
                else:
                    line = f"{line} {word}" if line else word
            self.lines.append(" " * indent + line)
        else:
            self.lines.append(f"{head} {single}")

    def value(self, head: str, value: Value, indent: int) -> None:
        """Whatever follows `head` on its line, and the lines below it at `indent`."""
        if isinstance(value, str):
            self.text(head, value, indent)
            return
        if not isinstance(value, (Mapping, Sequence)):
            self.lines.append(f"{head} {scalar_text(value)}")
            return
        empty = "{}" if isinstance(value, Mapping) else "[]"
        if (not value.entries if isinstance(value, Mapping) else not value.items):
            self.lines.append(f"{head} {empty}")
            return
        short = self.flow(value, WIDTH - len(head) - 1)
        if short is not None:
            self.lines.append(f"{head} {short}")
        elif isinstance(value, Mapping):
            self.lines.append(head)
            self.mapping(value, indent)
        else:
            self.lines.append(head)
            self.sequence(value, indent)

    def mapping(self, value: Mapping, indent: int) -> None:
        for index, entry in enumerate(value.ordered()):
            if value.spaced and index:
                self.lines.append("")
            notes = entry.value.notes if isinstance(entry.value, Mapping) else []
            for text in entry.comments + notes:
                self.comment(text, indent)
            origin = entry.origin or (entry.value.origin if isinstance(entry.value, Mapping) else None)
            if origin is not None:
                self.origins.append((len(self.lines) + 1, origin))
            self.value(" " * indent + scalar_text(entry.key) + ":", entry.value, indent + 2)

    def sequence(self, value: Sequence, indent: int) -> None:
        for item in value.items:
            if isinstance(item, Mapping):
                for text in item.notes:
                    self.comment(text, indent)
                if item.origin is not None:
                    self.origins.append((len(self.lines) + 1, item.origin))
                short = self.flow(item, WIDTH - indent - 2)
                if short is not None:
                    self.lines.append(" " * indent + "- " + short)
                    continue
                start = len(self.lines)
                self.mapping(item, indent + 2)
                first = next(i for i in range(start, len(self.lines)) if not self.lines[i].lstrip().startswith("#"))
                self.lines[first] = " " * indent + "- " + self.lines[first][indent + 2 :]
            else:
                self.value(" " * indent + "-", item, indent + 2)


@dataclass(frozen=True)
class Emitted:
    text: str
    origins: list[tuple[int, Position]]  # for each line that starts an entry with an upstream origin
    comments: set[str]  # the comments written, as given


def emit(root: Mapping, header: list[str]) -> Emitted:
    """The YAML text of `root` after `header` comments (line numbers count from 1)."""
    writer = _Writer()
    for text in header:
        writer.comment(text, 0)
    writer.mapping(root, 0)
    return Emitted("\n".join(writer.lines) + "\n", writer.origins, writer.written)
