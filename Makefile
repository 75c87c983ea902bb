# Gongkai: `make site` builds the sample site with search; `make test` runs the whole suite.
# Both set up everything they need first (virtualenv, pinned packages; for tests also Chromium,
# and the npm tools axe-core and vnu-jar).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.gongkai-installed
export NO_MKDOCS_2_WARNING := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install site serve check test lint bench browser-deps screenshots clean

$(STAMP): pyproject.toml constraints.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	@touch $@

install: $(STAMP)

site: $(STAMP)
	$(BIN)/mkdocs build --strict

serve: $(STAMP)
	$(BIN)/mkdocs serve

check: $(STAMP)
	$(BIN)/gongkai check

lint: $(STAMP)
	$(BIN)/ruff check plugins tests bench

# System packages for the browser tests: Debian's Chromium (Playwright cannot download browsers
# here), Java for the Nu HTML Checker, CJK fonts for screenshots; npm packages from package-lock.json.
export GONGKAI_CHROMIUM ?= /usr/bin/chromium
browser-deps:
	@if [ ! -x "$(GONGKAI_CHROMIUM)" ] || ! command -v java >/dev/null || ! fc-list 2>/dev/null | grep -qi 'Noto Sans CJK'; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	      chromium default-jre-headless fonts-noto-cjk >/dev/null; \
	  else \
	    echo "需要 chromium、Java 和 fonts-noto-cjk：sudo apt-get install chromium default-jre-headless fonts-noto-cjk" >&2; exit 1; \
	  fi; \
	fi
	@if [ -f package-lock.json ] && [ ! -d node_modules ]; then npm ci --no-audit --no-fund --silent; fi

test: $(STAMP) browser-deps lint
	$(BIN)/pytest -n 2 --dist loadfile

# The staff guide's screenshots in README.md (tests/screenshots/*.png), from a real build in real Chromium.
screenshots: $(STAMP) browser-deps
	$(BIN)/python tests/screenshots.py tests/screenshots

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf site bench/out .pytest_cache
