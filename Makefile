# Every target sets up what it needs first: a local .venv with pinned packages and, for the
# tests, Debian's chromium and axe-core. Works on a fresh machine with Python, git, make, apt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: site serve test lint bench check clean

site: $(VENV)/.runtime
	$(BIN)/python build.py build

serve: $(VENV)/.runtime
	$(BIN)/python build.py serve

test: $(VENV)/.dev /usr/bin/chromium /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc node_modules/.installed
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -q
	$(BIN)/python build.py build --out $(VENV)/check-site
	$(BIN)/python build.py check --site $(VENV)/check-site

lint: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

bench: $(VENV)/.bench /usr/bin/hugo
	$(BIN)/python bench/bench.py

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV) || { $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q python3-venv && \
	  rm -rf $(VENV) && $(PYTHON) -m venv $(VENV); }
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt $(VENV)/.runtime
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Debian's chromium drives the browser tests; Playwright never downloads a browser here.
/usr/bin/chromium:
	$(SUDO) apt-get update -q
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium

# CJK fonts, so pages render (and screenshots show) Chinese as readers see it.
/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:
	$(SUDO) apt-get update -q
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q fonts-noto-cjk

node_modules/.installed: package.json package-lock.json
	command -v npm >/dev/null || { $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q npm; }
	npm ci --no-audit --no-fund --silent
	touch $@

clean:
	rm -rf site $(VENV) node_modules .pytest_cache .ruff_cache

$(VENV)/.bench: requirements-bench.txt $(VENV)/.dev
	$(BIN)/python -m pip install -q --disable-pip-version-check -r requirements-bench.txt
	touch $@

/usr/bin/hugo:
	$(SUDO) apt-get update -q
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q hugo
