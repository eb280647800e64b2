# The two commands that matter: `make book` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON_BOOT ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-stamp
PORT ?= 8000

.PHONY: book test unit nbval browser serve lab bench clean venv validate

$(STAMP): requirements.txt pyproject.toml scripts/setup_venv.sh
	@bash scripts/setup_venv.sh "$(PYTHON_BOOT)" "$(VENV)"

venv: $(STAMP)

validate: $(STAMP)
	@$(PY) -m analysis.validate

## Build the website of executed chapters into _build/html (warnings are errors).
book: $(STAMP)
	@$(PY) scripts/build_book.py

## Every test: unit and data tests, strict nbval of every chapter (twice), browser tests.
test: book
	@bash scripts/run_tests.sh

serve: book
	@echo "Serving _build/html at http://127.0.0.1:$(PORT)/ (Ctrl-C stops)"
	@$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

lab: $(STAMP)
	@$(VENV)/bin/jupyter lab --ip=127.0.0.1 --no-browser --allow-root \
		--ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/chapters

bench: $(STAMP)
	@$(PY) scripts/bench.py

clean:
	rm -rf _build test-artifacts bench/results.json
