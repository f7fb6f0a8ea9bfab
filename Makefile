# The whole set-up on a fresh machine is one of these two commands:
#   make figures   set up, then render every figure (stills, storyboards, alt text and values into figures/;
#                  videos, the handout and slides into media/)
#   make test      set up, then run the tests
# A second run installs nothing that is already there (stamp files in .venv/).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SYSTEM_PACKAGES := libcairo2-dev libpango1.0-dev pkg-config fonts-dejavu-core librsvg2-bin chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: figures test bench setup clean vendor-reveal

figures: $(VENV)/.installed
	$(PY) render.py all
	$(PY) render.py storyboard
	$(PY) render.py alt
	$(PY) render.py handout
	$(PY) render.py slides
	$(PY) render.py gallery

# The tests run in one process per core (pytest-xdist): each has its own temporary folders and caches.
test: $(VENV)/.installed-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest -n auto --dist worksteal

# The speed goals, judged (docs/speed.md): writes benchmarks/results.json, the table in docs/speed.md and
# figures/speed.svg. Run it on a quiet machine; e.g. `make bench BENCH_ARGS="fig2a --runs 1"` for a look.
BENCH_ARGS ?=
bench: $(VENV)/.installed-test
	$(PY) benchmarks/bench_render.py $(BENCH_ARGS)
	$(PY) benchmarks/bench_train.py

setup: $(VENV)/.installed-test

# manim builds pycairo and ManimPango from source: it needs cairo's and pango's headers. The figures
# are set in DejaVu Sans; stills are compared rasterised by librsvg's rsvg-convert; the gallery is tested
# in Debian's chromium (driven by Playwright: never `playwright install`, which downloads a browser).
$(VENV)/.system:
	@if pkg-config --exists cairo pangocairo 2>/dev/null && fc-list 2>/dev/null | grep -q "DejaVu Sans" \
		&& command -v rsvg-convert >/dev/null 2>&1 && command -v chromium >/dev/null 2>&1; then \
		echo "system packages: present"; \
	elif command -v apt-get >/dev/null 2>&1; then \
		$(SUDO) apt-get update && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y --no-install-recommends $(SYSTEM_PACKAGES); \
	else \
		echo "No apt-get here. Install these system packages (or your system's equivalents), then run make again:"; \
		echo "  $(SYSTEM_PACKAGES)"; exit 1; \
	fi
	@mkdir -p $(VENV) && touch $@

$(VENV)/bin/python: | $(VENV)/.system
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml $(VENV)/.system | $(VENV)/bin/python
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[test]'
	@touch $@

# The reveal.js that HTML decks load (render.py slides --to html), kept in vendor/ so that decks open
# with no internet. Only the files the deck's template names; bump REVEAL_VERSION and run this to update.
REVEAL_VERSION := 6.0.1
REVEAL_FILES := LICENSE package.json dist/reveal.css dist/reveal.js dist/theme/black.css \
	dist/plugin/notes.js dist/plugin/markdown.js dist/plugin/highlight/zenburn.css
vendor-reveal:
	rm -rf vendor/reveal.js && mkdir -p vendor/reveal.js
	npm pack --silent --pack-destination vendor reveal.js@$(REVEAL_VERSION)
	tar -xzf vendor/reveal.js-$(REVEAL_VERSION).tgz -C vendor/reveal.js --strip-components=1 \
		$(addprefix package/,$(REVEAL_FILES))
	rm vendor/reveal.js-$(REVEAL_VERSION).tgz

clean:
	rm -rf $(VENV) media .pytest_cache .hypothesis
