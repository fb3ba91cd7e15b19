"""runs-codegen: a generator of typed Python clients for the OpenAI runs API."""
