# The whole set-up on a fresh machine is one of these two commands:
#   make figures   set up, then render every figure (stills + values into figures/, videos into media/)
#   make test      set up, then run the tests
# A second run installs nothing that is already there (stamp files in .venv/).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
SYSTEM_PACKAGES := libcairo2-dev libpango1.0-dev pkg-config fonts-dejavu-core librsvg2-bin
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: figures test bench setup clean

figures: $(VENV)/.installed
	$(PY) render.py all

test: $(VENV)/.installed-test
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m pytest

bench: $(VENV)/.installed-test
	$(PY) benchmarks/bench_render.py
	$(PY) benchmarks/bench_train.py

setup: $(VENV)/.installed-test

# manim builds pycairo and ManimPango from source: it needs cairo's and pango's headers. The figures
# are set in DejaVu Sans; the tests rasterise SVG stills with librsvg's rsvg-convert.
$(VENV)/.system:
	@if pkg-config --exists cairo pangocairo 2>/dev/null && fc-list 2>/dev/null | grep -q "DejaVu Sans" \
		&& command -v rsvg-convert >/dev/null 2>&1; then \
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

clean:
	rm -rf $(VENV) media .pytest_cache .hypothesis
