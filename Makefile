# Every target bootstraps .venv from requirements.lock when it is missing or stale,
# so on a fresh machine `make generate` and `make test` are the only two commands.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
BENCH_VENV := .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed

UPSTREAM ?= ../shared/reference/openai-runs-openapi.yaml
RESPONSES_UPSTREAM ?= ../shared/reference/openai-responses-openapi.yaml

.PHONY: generate check validate test lint golden docs bench bench-generate upstream-diff clean

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

# openapi-python-client, the baseline of `make bench-generate`, in a virtualenv of its own
$(BENCH_STAMP): tests/bench/generate-baseline.lock
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r tests/bench/generate-baseline.lock
	touch $(BENCH_STAMP)

$(NODE_STAMP): package.json package-lock.json  # Prism, for the contract tests
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

generate: $(STAMP)  ## regenerate generated/<api>/ from spec/<api>/ for every API in pyproject.toml
	$(BIN)/python -m generator generate

check: $(STAMP)  ## fail with a diff when generated/ is stale, for every API
	$(BIN)/python -m generator check

validate: $(STAMP)  ## report every spec problem as file:line:column, for every API
	$(BIN)/python -m generator validate

test: $(STAMP) $(NODE_STAMP)  ## the whole suite, including `check`, mypy --strict and the Prism contract tests
	$(BIN)/python -m pytest

lint: $(STAMP)  ## mypy --strict on the generated packages and on the generator
	cd generated/runs && ../../$(BIN)/python -m mypy --strict --cache-dir ../../.mypy_cache openai_runs
	cd generated/responses && ../../$(BIN)/python -m mypy --strict --cache-dir ../../.mypy_cache openai_responses
	$(BIN)/python -m mypy --strict generator

docs: $(STAMP)  ## rewrite docs/templates.md: docs/templates.intro.md, then the reference built from docstrings
	$(BIN)/python -m generator template-docs --out docs/templates.md

bench: $(STAMP)  ## stream decoding speed and memory against the official SDK, a lower bound and the pydantic style
	$(BIN)/python tests/bench/bench_streaming.py

bench-generate: $(STAMP) $(BENCH_STAMP)  ## generation time (cold, unchanged, after a template edit, 1x-10x) against openapi-python-client on UPSTREAM
	$(BIN)/python tests/bench/bench_generate.py --upstream $(UPSTREAM) $(BENCH_GENERATE_ARGS) \
		--baseline "$(BENCH_VENV)/bin/openapi-python-client generate --path {upstream} --output-path {out} --meta none"

upstream-diff: $(STAMP)  ## compare each spec with its upstream OpenAPI document (UPSTREAM=path for runs, RESPONSES_UPSTREAM=path)
	$(BIN)/python -m generator diff-upstream --api runs $(UPSTREAM)
	$(BIN)/python -m generator diff-upstream --api responses $(RESPONSES_UPSTREAM)

golden: $(STAMP)  ## rewrite the golden files under tests/golden/ from their specs
	$(BIN)/python tests/golden/refresh.py

clean:
	rm -rf $(VENV) $(BENCH_VENV) .pytest_cache .mypy_cache .hypothesis
