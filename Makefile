# The Workbook's commands. `make serve` and `make test` work on a fresh machine
# with Python 3.11+ and pip: each creates .venv if it is missing and installs what
# it needs into it.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8866
HOST   ?= 127.0.0.1

.PHONY: serve test bench lint format chromium postgresql proxy clean requirements plotly-bundle

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps re-run the install whenever pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed-run

requirements: $(VENV)/.installed-test  ## install the package and its test tools

serve: $(VENV)/.installed-run  ## serve every dashboard on http://$(HOST):$(PORT) (HOST=0.0.0.0 for a room)
	$(BIN)/workbook serve --ip $(HOST) --port $(PORT)

# Browser tests drive Debian's Chromium; on a Debian machine as root we install it.
chromium:
	@if [ -x /usr/bin/chromium ]; then \
	  true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else \
	  echo "The browser tests need Chromium at /usr/bin/chromium."; \
	  echo "On Debian or Ubuntu: sudo apt-get install chromium; elsewhere install Chromium and"; \
	  echo "set WORKBOOK_CHROMIUM=/path/to/chromium before 'make test'."; \
	  [ -n "$$WORKBOOK_CHROMIUM" ]; \
	fi

# The journal's tests start a real PostgreSQL server from Debian's package; as root we install it.
postgresql:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || [ -n "$$WORKBOOK_TEST_PG_URL" ]; then \
	  true; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's postgresql for the journal's tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	else \
	  echo "The journal's PostgreSQL tests need Debian's postgresql package (sudo apt-get install postgresql)"; \
	  echo "or WORKBOOK_TEST_PG_URL naming a server; without either they are skipped."; \
	fi

# The JupyterHub test runs configurable-http-proxy from npm, installed into .venv/chp (nothing is
# fetched while the tests run). It needs Node.js; on Debian as root we install nodejs and npm.
CHP := $(VENV)/chp/node_modules/.bin/configurable-http-proxy
proxy: $(CHP)

$(CHP): | $(BIN)/python
	@if ! command -v npm >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Debian's nodejs and npm for the JupyterHub test..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else \
	    echo "The JupyterHub test needs Node.js and npm (sudo apt-get install nodejs npm); without them it is skipped."; \
	  fi; \
	fi
	@if command -v npm >/dev/null 2>&1; then \
	  npm install --prefix $(VENV)/chp --no-audit --no-fund --loglevel=error configurable-http-proxy@4; \
	fi

test: $(VENV)/.installed-test chromium postgresql proxy  ## run every test: unit, property, widget, notebook, browser, hub
	$(BIN)/python -m pytest

bench: $(VENV)/.installed-test chromium postgresql  ## time each dashboard in a real browser, and the import at its limits; writes benchmarks/results/
	$(BIN)/python benchmarks/bench_models.py
	$(BIN)/python benchmarks/bench_engine.py
	$(BIN)/python benchmarks/bench_dashboards.py
	$(BIN)/python benchmarks/bench_journal.py
	$(BIN)/python benchmarks/bench_room.py
	$(BIN)/python benchmarks/bench_input.py
	$(BIN)/python benchmarks/bench_research.py

# The charts' plotly.js, cut to the trace types they draw; needs node and npm (development only).
plotly-bundle: $(VENV)/.installed-run  ## rebuild workbook/assets/plotly-widget.min.js (scripts/build_plotly_bundle.sh)
	PYTHON=$(BIN)/python scripts/build_plotly_bundle.sh

lint: $(VENV)/.installed-test  ## ruff, ruff format and stripped notebooks
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest -q tests/test_repository.py

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/artifacts
