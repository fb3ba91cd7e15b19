"""What the spec format cannot say yet, and the record of every place an import met it.

Each limit is one entry below and is reported from one place in the converter, which
also writes the stand-in described here, so lifting a limit of the format is one change
there: write the construct, drop the report. Rewrites are different: they say the same
thing on the wire in the format's own spelling (an inline object named and declared as a
model, nullability moved onto the fields that use a type), so they are only counted and
marked with a comment in the output.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..problems import Position, Problem


@dataclass(frozen=True)
class Limit:
    kind: str  # shown in brackets before each problem and in the summary
    lacking: str  # what the format cannot express
    stand_in: str  # what the importer writes instead, so the output still validates
    lift: str  # the issue that will lift it, if one does


LIMITS = {
    limit.kind: limit
    for limit in (
        Limit("allOf", "`allOf` whose parts declare one property with different schemas, or with a member that is not an object", "the members merged into one object model", ""),
        Limit("shared-tag", "two union variants with a tag value in common that no further property tells apart", "the later variant left out of the union", ""),
        Limit("untagged-variant", "a second union variant without the discriminating property (the first is the default), or one that declares it without values", "the variant left out of the union", ""),
        Limit("undiscriminated", "object variants that no property tells apart", "one free-form object variant", ""),
        Limit("several-arrays", "a union with several array variants", "one array of any items", ""),
        Limit("nullable-here", "null in array items, map values, a response or event data", "the type without null", ""),
        Limit("no-content", "a success response whose body is not JSON (one without a body is `response: null`)", "an alias of `any` as the response", ""),
        Limit("stream-switch", "a stream not switched on by a boolean `stream` in the body", "the operation without its stream", "issue 12 item 1"),
        Limit("event-field", "event fields beside `event` and `data`", "the field left out", ""),
        Limit("event-name", "an event without one wire name of dot-separated lower-case words", "the event left out", ""),
        Limit("keyword", "a JSON Schema keyword the format lacks (`pattern`, `not`, ...)", "the keyword left out", ""),
        Limit("values", "enum or const values that are not strings, or numbers JSON cannot carry", "the plain type", ""),
        Limit("name", "a property or parameter name that is not an identifier", "the property or parameter left out", ""),
        Limit("parameter", "header, cookie and `content` parameters, arrays not sent exploded", "the parameter left out", ""),
        Limit("content-type", "a request or response body that is not JSON", "the body left out", ""),
        Limit("body", "a request body that is not an object with properties", "the operation without a body", ""),
        Limit("reference", "a `$ref` outside the document, to nothing, or in a cycle", "`any`", ""),
        Limit("query-arrays", "array query parameters named both with and without `[]`", "`query_arrays` as most of them are named", ""),
        Limit("operation", "an HTTP method the format lacks, or an operation without a success response", "the operation left out", ""),
        Limit("base-url", "an API without an absolute http(s) server URL", "`https://api.example.invalid`", ""),
        Limit("namespace", "a model named like a class derived from a stream or event, even without its trailing `Event`", "the name with a number added", ""),
        Limit("undeclared", "a path placeholder no parameter describes (not valid OpenAPI)", "a string path parameter", ""),
        Limit("spec", "what the spec validator refuses in the imported result", "what the import wrote, unchanged", ""),
    )
}


@dataclass(frozen=True, order=True)
class ImportProblem:
    """A place in the OpenAPI document the format cannot express as written."""

    position: Position
    kind: str
    message: str

    @property
    def comment(self) -> str:
        """What the spec says at the place this problem is written."""
        return f"import problem [{self.kind}], upstream line {self.position.line}: {self.message}"

    def problem(self) -> Problem:
        limit = LIMITS[self.kind]
        return Problem(self.position, f"[{self.kind}] {self.message}; in the spec: {limit.stand_in}")


@dataclass
class Record:
    """Problems and rewrites of one import, each problem once."""

    problems: dict[tuple[Position, str, str], ImportProblem] = field(default_factory=dict)
    rewrites: Counter[str] = field(default_factory=Counter)
    left_out: Counter[str] = field(default_factory=Counter)  # annotations, by keyword

    def limit(self, kind: str, position: Position, message: str) -> str:
        """Record a problem; returns the comment to write at its place in the output."""
        assert kind in LIMITS, kind
        found = ImportProblem(position, kind, message)
        self.problems.setdefault((position, kind, message), found)
        return found.comment

    def rewrite(self, kind: str) -> None:
        self.rewrites[kind] += 1

    def sorted(self) -> list[ImportProblem]:
        return sorted(self.problems.values())

    def kinds(self) -> Counter[str]:
        return Counter(problem.kind for problem in self.problems.values())
