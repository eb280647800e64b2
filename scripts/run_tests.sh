#!/usr/bin/env bash
# Every test of the book, in the order that fails fastest (what `make test` runs after `make book`):
#   1. unit tests of analysis/ and data validation (incl. malformed inputs and the cache test);
#   2. strict nbval of every chapter against the published outputs, twice in a row;
#   3. browser tests of the built site and the downloaded-notebook test.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
started=$SECONDS

echo "== 1/3 unit and data tests"
"$PY" -m pytest tests --ignore=tests/browser --ignore=tests/site -q -n 2

echo "== 2/3 strict nbval of every chapter (published outputs vs a fresh kernel), twice"
"$PY" scripts/export_published.py
for run in 1 2; do
  echo "-- nbval run $run"
  "$PY" -m pytest --nbval _build/published --nbval-current-env \
    --nbval-sanitize-with tests/nbval_sanitize.cfg -q -n 2 --dist loadfile
done

echo "== 3/3 site tests: figures, browser, downloaded notebooks"
if [ -d tests/browser ]; then
  "$PY" -m pytest tests/site tests/browser -q
fi
echo "all tests passed in $((SECONDS - started)) s"
