# Two set-up commands for a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPUS_DIR ?= ../shared/corpus

.PHONY: run test lint typecheck pytest browser-deps puppet-deps eval bench-parse bench-e2e bench-e2e-2 bench-followup bench-chaos bench-console bench-notices vendor-echarts train-parse setup clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q -U pip setuptools wheel
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

run: setup
	$(BIN)/gridbot db upgrade
	$(BIN)/gridbot run

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

# The browser tests drive Debian's chromium through Playwright (never `playwright install`).
browser-deps:
	command -v chromium >/dev/null || (apt-get update && apt-get install -y --no-install-recommends chromium)

# The puppet tests run a real Wechaty puppet service: Node and the exact npm pins of
# tests/puppet/package.json (`npm ci` fails on npm 11 with its own lockfile, hence install).
PUPPET_STAMP := tests/puppet/node_modules/.installed

$(PUPPET_STAMP): tests/puppet/package.json tests/puppet/package-lock.json
	command -v npm >/dev/null || (apt-get update && apt-get install -y --no-install-recommends nodejs npm)
	cd tests/puppet && npm install --no-audit --no-fund
	touch $(PUPPET_STAMP)

puppet-deps: $(PUPPET_STAMP)

pytest: setup browser-deps puppet-deps
	$(BIN)/pytest

test: lint typecheck pytest

HELDOUT := benchmarks/heldout/chat-2026-12.jsonl

eval: setup
	$(BIN)/python benchmarks/eval_parse.py $(HELDOUT) $(CORPUS_DIR)/dev.jsonl $(CORPUS_DIR)/real-dev.jsonl

# The parser's kind model from training/data/ (training/README.md); also prints 5-fold
# cross-validation figures.
train-parse: setup
	$(BIN)/python -m training.train_kind
	$(BIN)/python -m training.train_kind --cv 5

bench-parse: setup
	$(BIN)/python benchmarks/bench_parse.py

bench-e2e: setup
	$(BIN)/python benchmarks/bench_e2e.py

# One, then two bot processes on one PostgreSQL database: their aggregate msg/s.
bench-e2e-2: setup
	$(BIN)/python benchmarks/bench_e2e.py --processes 1,2

# Two processes on PostgreSQL through the real puppet service, the owner killed with -9
# nine times in two minutes: lost, duplicated, outbox waits, failover times.
bench-chaos: setup puppet-deps
	$(BIN)/python benchmarks/bench_chaos.py

bench-followup: setup
	$(BIN)/python benchmarks/bench_followup.py

bench-console: setup
	$(BIN)/python benchmarks/bench_console.py

# A notice to 7,000 groups: planned and queued, paced on an injected clock, killed and restarted.
bench-notices: setup
	$(BIN)/python benchmarks/bench_notices.py

# The console's charts: Apache ECharts is vendored in bot/web/static/vendor/echarts/ (so
# `make run` needs no Node and the console works offline). This re-fetches the version
# pinned there from npm and checks the registry's integrity hash and the file's sha256.
vendor-echarts: setup
	command -v npm >/dev/null || (apt-get update && apt-get install -y --no-install-recommends nodejs npm)
	$(BIN)/python tools/vendor_echarts.py

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
