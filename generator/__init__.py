"""runs-codegen: typed clients for HTTP APIs with server-sent events, generated from a
YAML spec (docs/spec-format.md) through templates."""
