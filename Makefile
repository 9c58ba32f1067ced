# Two commands for a fresh clone:  `make run`  (the dashboard)  and  `make test`  (the suite).
# Dependencies are locked in uv.lock; uv itself is installed with pip when missing.

PYTHON ?= python3
UV_VERSION := 0.13.8
UV := $(PYTHON) -m uv
PORT ?= 8501
REPLICAS ?= 2
# Libraries compiled once at install: where PYTHONDONTWRITEBYTECODE is set, Python never saves
# what it compiles, and every process would compile pandas, plotly… again (~1.7 s a start).
SYNC := $(UV) sync --frozen --quiet --compile-bytecode

.PHONY: all run serve test lint format bench bench-load uv chromium haproxy axe

all: lint test

# --inexact: what `make test` installed (pytest, Playwright…) stays for the next `make test`
run: uv
	-@$(MAKE) --no-print-directory chromium  # for chart images in PDF/PPTX exports only
	$(SYNC) --inexact
	$(UV) run --frozen --no-sync streamlit run app.py --server.port $(PORT)

# Several dashboard processes behind HAProxy, sticky by cookie (scripts/serve.py, docs/deploy.md).
serve: uv haproxy
	-@$(MAKE) --no-print-directory chromium  # for chart images in PDF/PPTX exports only
	$(SYNC) --inexact
	$(UV) run --frozen --no-sync python scripts/serve.py --replicas $(REPLICAS) --port $(PORT)

# -n auto: one pytest worker per core; --dist loadfile keeps a file's tests on one worker, so its
# module's server and browser start once
test: uv chromium haproxy axe
	$(SYNC) --group test --group bench
	$(UV) run --frozen --no-sync ruff check .
	$(UV) run --frozen --no-sync pytest -n auto --dist loadfile

lint: uv
	$(SYNC) --group test
	$(UV) run --frozen --no-sync ruff check .

format: uv
	$(UV) run --frozen --no-sync ruff format .

# Measures loading, pages and the browser beside floors; writes docs/benchmarks.md (~8 min).
bench: uv chromium
	$(SYNC) --group test --group bench
	$(UV) run --frozen --no-sync python -m bench $(BENCH_ARGS)

# What one and two processes carry at 10, 50 and 100 sessions (bench/scaling.py, ~20 min);
# writes its section of docs/benchmarks.md. BENCH_ARGS="--seconds 20 --data bundled" is quicker.
bench-load: uv haproxy chromium
	$(SYNC) --group test --group bench
	$(UV) run --frozen --no-sync python -m bench.scaling $(BENCH_ARGS)

uv:
	@$(UV) --version >/dev/null 2>&1 || $(PYTHON) -m pip install --quiet uv==$(UV_VERSION)

# Debian's Chromium: the browser tests drive it, and exports render charts with it.
# (Playwright cannot download its own browser here.)
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium, fonts-lao, poppler-utils and iso-codes (needs root)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    chromium fonts-lao poppler-utils iso-codes >/dev/null; }

# Debian's HAProxy: `make serve` balances the dashboard's processes with it.
haproxy:
	@command -v haproxy >/dev/null 2>&1 || { \
	  echo "Installing Debian's haproxy (needs root)…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    haproxy >/dev/null; }

# axe-core, which the browser tests run on every page and slide (WCAG A/AA), from package-lock.json
axe:
	@test -f node_modules/axe-core/axe.min.js || npm ci --no-audit --no-fund --prefer-offline
