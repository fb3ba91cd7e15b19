"""Model names that would meet the names derived from a stream and its events.

The generated events module derives a class from each stream (`<Stream>Event`,
`<Stream>EventUnion`, `<Stream>Events`, `Async<Stream>Events`) and from each event it
yields (`response.audio.delta` -> `ResponseAudioDeltaEvent`), and the OpenAPI export
lists the stream and each event (`<Stream><Event>`) beside the models; the validator
refuses a model of any of those names (docs/spec-format.md, `streams`). Upstream
documents often name an event's own schema just so: that model is renamed without its
trailing `Event` (`ResponseAudioDelta`, `upstream: ResponseAudioDeltaEvent`). The
rename must take no name another schema of the document has, nor a derived one, so it
is the same whichever operations are imported; when it would, the model keeps its name
with a number and the clash is a problem at the schema.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..naming import pascal
from ..problems import Position
from .limits import Record
from .names import Taken, model_name

SUFFIX = "Event"


def derived(stream: str, events: list[str], ends: set[str]) -> dict[str, str]:
    """The names the generated code derives from `stream`, each with what derives it;
    the stream's terminator and error event (`ends`) are not yielded, so they have no
    class of their own."""
    found = {name: f"the stream `{stream}`" for name in (stream, f"{stream}Event", f"{stream}EventUnion", f"{stream}Events", f"Async{stream}Events")}
    for event in events:
        found.setdefault(pascal(stream, event), f"event `{event}` of the stream `{stream}` in the OpenAPI export")
        if event not in ends:
            found.setdefault(pascal(event) + SUFFIX, f"event `{event}` of the stream `{stream}`")
    return found


@dataclass
class Namer:
    """Model names for component schemas, clear of the derived names (claimed in
    `taken` up front, so inline shapes keep clear of them as well)."""

    taken: Taken
    record: Record
    reserved: dict[str, str] = field(default_factory=dict)  # derived name -> what derives it
    everyone: set[str] = field(default_factory=set)  # the model name of every schema of the document
    comments: dict[str, str] = field(default_factory=dict)  # component -> why it is renamed

    def reserve(self, names: dict[str, str]) -> None:
        for name, what in names.items():
            self.reserved.setdefault(name, what)
            self.taken.names.add(name)

    def name(self, component: str, position: Position) -> str:
        wanted = model_name(component)
        if wanted not in self.reserved:
            return self.taken.claim(wanted)
        what = self.reserved[wanted]
        shorter = wanted[: -len(SUFFIX)] if wanted.endswith(SUFFIX) and len(wanted) > len(SUFFIX) else ""
        if shorter and shorter[0].isupper() and shorter not in self.reserved and shorter not in self.everyone and shorter not in self.taken:
            self.taken.names.add(shorter)
            self.comments[component] = f"renamed without `{SUFFIX}`: the events module derives the class `{wanted}` from {what}"
            self.record.rewrite("model named like an event class renamed")
            return shorter
        if not shorter:
            why = "and does not end in `Event` to be renamed without it"
        elif shorter in self.reserved:
            why = f"and `{shorter}` is derived from {self.reserved[shorter]}"
        else:
            why = f"and `{shorter}` is the name of another schema"
        name = self.taken.claim(wanted)
        self.comments[component] = self.record.limit("namespace", position, f"schema `{component}` would be the model `{wanted}`, a name the generated code derives from {what}, {why}")
        return name
