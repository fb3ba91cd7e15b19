"""The IR of what the spec says about the client itself, rather than the API's shapes:
the environment variables it reads, the options it sends as headers, and how it sends
the API key. Part of the IR (`ir` imports these); split off to keep each module short.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Environment:
    """`api.environment`: the environment variables a client reads for what its
    caller does not pass; None where the spec names none (nothing is read)."""

    api_key: str | None = None
    """Holds the API key when `api_key` is not passed."""
    base_url: str | None = None
    """Holds the base URL when `base_url` is not passed (else `api.base_url`)."""
    log: str | None = None
    """Switches on the client's logging: `debug` or `info`."""


@dataclass(frozen=True)
class ClientHeader:
    """One of `api.client_headers`: a client option (`organization=`) sent as a header
    on every request once it is set, by the caller or from the environment."""

    name: str
    """The option's name, snake_case: the keyword of the client's constructor and the
    attribute it is kept in."""
    header: str
    """The header it is sent in, such as `OpenAI-Organization`."""
    environment: str | None
    """The environment variable read when the option is not passed, or None."""
    description: str
    """From the spec."""



@dataclass(frozen=True)
class Auth:
    """`api.auth`: the header that carries the API key, and the scheme written before
    it. `bearer` (the default) is `Authorization: Bearer <key>`; a mapping with only a
    `header` sends the key as that header's whole value (`X-Api-Key: <key>`)."""

    header: str = "Authorization"
    """The header's name."""
    scheme: str | None = "Bearer"
    """The authentication scheme before the key and a space, or None for the key alone."""
