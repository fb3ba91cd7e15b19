"""The IR's operations, streams with their events, and polls."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ..problems import Position
from .types import JsonScalar, Const, TypeRef
from .models import ObjectModel


@dataclass(frozen=True)
class Parameter:
    """A path or query parameter of an operation."""

    name: str
    """The name in the path placeholder or the query string."""
    location: Literal["path", "query"]
    """Where it is sent."""
    type: TypeRef
    """The type of a value that is not null."""
    required: bool
    """Always true for a path parameter; for a query parameter, `required: true`."""
    nullable: bool
    """May be null (`nullable: true`)."""
    description: str
    """From the spec."""
    default: JsonScalar = None
    """The server-side default, when `has_default`; documentation only."""
    has_default: bool = False
    """The spec gives a `default`."""


@dataclass(frozen=True)
class Operation:
    """One HTTP endpoint: a method of the generated client."""

    name: str
    """The client method's name, snake_case (`create_run`)."""
    method: str
    """The HTTP method, upper case: `GET`, `POST`, `PUT`, `PATCH` or `DELETE`."""
    path: str
    """The path below `api.base_url`, with `{placeholders}` for path parameters."""
    summary: str
    """One line from the spec."""
    description: str
    """From the spec."""
    upstream: str | None
    """The upstream operationId, when given."""
    path_parameters: tuple[Parameter, ...]
    """One per `{placeholder}`, in path order."""
    query_parameters: tuple[Parameter, ...]
    """In spec order."""
    body: ObjectModel | None
    """The model of the JSON request body (the model itself, not a reference); None
    without a body."""
    response: TypeRef | None
    """The type of the decoded success response; None for `response: null`, an answer
    without a body (the Python client returns None)."""
    stream: str | None
    """The name of the `Stream` sent instead when the request asks for one (see
    `stream_by`); else None."""
    stream_by: Literal["body", "query"]
    """How a request asks for the stream: `body`, the JSON body's boolean `stream`
    property is true; `query`, the query parameter `stream=true` is sent. Neither
    flag is an argument of the operation's methods: the streaming one always sends
    it, the plain one never does. `body` when the operation has no stream."""
    paginated: bool
    """The response is a cursor page (`data`, `has_more`, ...) and the `after` query
    parameter fetches the next one."""
    deprecated: bool
    """The spec marks the operation deprecated."""
    source: str
    """The spec file that declares it."""


@dataclass(frozen=True)
class Event:
    """One kind of server-sent event in a stream."""

    name: str
    """The event name as on the wire, such as `thread.run.created`."""
    member_name: str
    """An UPPER_SNAKE identifier derived from the name (`THREAD_RUN_CREATED`), unique
    in its stream."""
    data: TypeRef
    """The type the event's `data:` decodes to."""
    description: str
    """From the spec."""


@dataclass(frozen=True)
class Stream:
    """A stream of server-sent events that an operation sends when asked (see
    `Operation.stream_by`).

    How it ends: at its `terminator` (not yielded), or when the connection closes.
    It is complete once the terminator or one of its `terminal_events` arrived; a
    stream that declares neither is complete when the connection closes.
    """

    name: str
    """The stream's name, PascalCase (`RunStream`)."""
    description: str
    """From the spec."""
    events: tuple[Event, ...]
    """Every event the stream may carry, in spec order."""
    terminator: str | None
    """The name of the event that ends the stream, not yielded (a `[DONE]` marker);
    None when the spec names none: the stream ends when the connection closes."""
    error_event: str | None
    """The name of the event whose data is an error, raised rather than yielded; None
    when there is none."""
    source: str
    """The spec file that declares it."""
    upstream: str | None = None
    """The upstream OpenAPI schema whose union lists the stream's events (traceability
    and `diff-upstream` only); None when the spec names none."""
    terminal_events: tuple[str, ...] = ()
    """Events that are yielded and mark the stream complete (`response.completed`);
    the reader goes on until the connection closes. In spec order."""
    dispatch: Literal["event", "type"] = "event"
    """What names an event: `event`, the SSE `event:` line; `type`, the `type` member
    of the event's JSON data (the `event:` line is read only when the data has no
    `type` naming one of the stream's events)."""
    helpers: str | None = None
    """The style's stream helpers this stream gets (`partials/stream_helpers/<helpers>.jinja`
    and its `_handler` and `_members` partials); None: only the generic stream classes."""
    helpers_at: Position | None = None
    """Where the spec names `helpers`: the position of the problem reported when the
    style has no such helpers."""
    error_unwrap: bool = True
    """An error event whose data is an object with an object `error` member is decoded
    from that member (the shape of a failed response's body): True unless the error
    event's schema declares an `error` property itself, or there is no error event."""

    @property
    def data_events(self) -> tuple[Event, ...]:
        """The events a reader yields: all but the terminator and the error event
        (terminal events included)."""
        return tuple(e for e in self.events if e.name not in (self.terminator, self.error_event))

    @property
    def terminator_data(self) -> str | None:
        """The terminator's data when the spec fixes it as one string (`{const: "[DONE]"}`):
        an event with this data that its own schema cannot decode ends the stream,
        whatever its name. None otherwise."""
        for event in self.events:
            if event.name == self.terminator and isinstance(event.data, Const) and isinstance(event.data.value, str):
                return event.data.value
        return None


@dataclass(frozen=True)
class Poll:
    """Waiting for an object to reach a state by fetching it again and again.

    Each round calls `operation` with its path parameters taken from the object's fields
    (`arguments`) until `field` holds one of `until`. Each operation in `after` also gets
    a variant that starts the wait on the object it returns.
    """

    name: str
    """The poll's name, snake_case: the Python client calls its method `poll_<name>`."""
    description: str
    """From the spec."""
    operation: str
    """The name of the operation called each round."""
    arguments: tuple[tuple[str, str], ...]
    """`(path parameter, field of the polled object)` pairs: where each of the
    operation's path parameters comes from."""
    field: str
    """The field of the polled object that is watched."""
    until: tuple[str, ...]
    """The values of `field` that end the wait."""
    interval_header: str | None
    """The response header with the server's preferred pause in milliseconds; None when
    the spec names none."""
    after: tuple[str, ...]
    """Names of operations that also get a variant that starts the wait on the object
    they return (`<operation>_and_poll` in the Python client)."""
    source: str
    """The spec file that declares it."""
