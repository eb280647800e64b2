# The two commands that matter: `make book` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON_BOOT ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.requirements-stamp
PORT ?= 8000
## COVERAGE=1 make unit (or make test): measure line coverage of analysis and booktools in the
## unit tests, write _build/coverage.json and print one total per package.
COVERAGE ?= 0
COV_ARGS := $(if $(filter 1,$(COVERAGE)),--cov --cov-report= --cov-report=json:_build/coverage.json)

.PHONY: book pdf site-archive test golden unit nbval browser serve lab lab-source bench clean venv validate audit-source audit-source-update quiz assignments

$(STAMP): requirements.txt pyproject.toml scripts/setup_venv.sh
	@bash scripts/setup_venv.sh "$(PYTHON_BOOT)" "$(VENV)"

venv: $(STAMP)

validate: $(STAMP)
	@$(PY) -m analysis.validate

## Maintainers: check the data derived from the review's text against a copy of it
## (make audit-source REVIEW=path/to/review.txt); -update rewrites that data.
audit-source: $(STAMP)
	@test -n "$(REVIEW)" || { echo "usage: make audit-source REVIEW=path/to/review.txt" >&2; exit 2; }
	@$(PY) -m booktools.audit_source --review "$(REVIEW)"

audit-source-update: $(STAMP)
	@test -n "$(REVIEW)" || { echo "usage: make audit-source-update REVIEW=path/to/review.txt" >&2; exit 2; }
	@$(PY) -m booktools.audit_source --review "$(REVIEW)" --write

## Build the website of executed chapters into _build/html (warnings are errors).
book: $(STAMP)
	@$(PY) -m booktools.build

## The printable edition: every page and the whole book as PDF, printed by Debian's Chromium
## into _build/html/downloads/pdf (needs `apt-get install chromium-headless-shell`, or chromium; no LaTeX).
pdf: book
	@$(PY) -m booktools.pdf

## One tarball of the website (with its PDFs) that any static host serves as it is.
site-archive: pdf
	@$(PY) -m booktools.site_archive

## Every test: unit, data and site-file tests, strict nbval of every reader's notebook (once, in a new environment), browser tests.
test: book pdf
	@bash scripts/run_tests.sh

## The fast inner loop: unit and data tests, no build needed (the slow build-cache, packaging and
## site-file tests are left to `make test`).
unit: $(STAMP)
	@mkdir -p _build
	@$(PY) -m pytest tests --ignore=tests/browser --ignore=tests/site -m "not slow" -q -n 2 $(COV_ARGS)
	@$(if $(COV_ARGS),$(PY) -m booktools.line_coverage,true)

## Every reader's notebook by strict nbval in the reader's own environment (stage 2 of make test, after stage 1).
nbval: book
	@$(PY) -m booktools.reader_check

## The browser tests of the built site in Chromium (stage 3 of make test, beside stages 1 and 2).
browser: pdf
	@$(PY) -m pytest tests/browser -q

## Record what the built site publishes (tests/published/values.json); commit it with its cause.
golden: book
	@$(PY) -m booktools.golden --write

serve: book
	@echo "Serving _build/html at http://127.0.0.1:$(PORT)/ (Ctrl-C stops)"
	@$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

## A private quiz for marks: every question of the bank, computed ones with new numbers drawn from SEED,
## choices shuffled, with its key, as GIFT (Moodle) and QTI (Canvas, via text2qti), in _build/quiz-SEED
## (or OUT=folder); never published. make quiz SEED=2024 [OUT=path]
quiz: $(STAMP)
	@test -n "$(SEED)" || { echo "usage: make quiz SEED=<whole number> [OUT=folder]" >&2; exit 2; }
	@$(PY) -m booktools.quiz --seed "$(SEED)" $(if $(OUT),--out "$(OUT)")

## The instructor edition as an nbgrader course (chapters in instructor/nbgrader_solutions.csv):
## _build/assignments/source (solutions, hidden tests) and release (nbgrader generate_assignment).
assignments: book
	@$(PY) -m booktools.assignments

## JupyterLab on a student's workspace: copies of the reader's notebooks in workspace/
## (made once; saving there never touches chapters/). `make lab-source` opens the
## MyST chapters themselves, for authors (jupyterlab-myst renders most of MyST).
lab: book
	@$(PY) -m booktools.workspace
	@$(VENV)/bin/jupyter lab --ip=127.0.0.1 --no-browser --allow-root \
		--ServerApp.root_dir="$(CURDIR)/workspace" --LabApp.default_url=/lab/tree

lab-source: $(STAMP)
	@$(VENV)/bin/jupyter lab --ip=127.0.0.1 --no-browser --allow-root \
		--ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/chapters

bench: $(STAMP)
	@$(PY) -m booktools.bench

clean:
	rm -rf _build build test-artifacts bench/results.json
