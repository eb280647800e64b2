#!/usr/bin/env bash
# Every test of the book (what `make test` runs after `make book`), in the order that fails fastest:
#   1. unit and data tests of analysis/ and booktools/ (malformed inputs, the cache test, packaging);
#   2. the built site's files and reader's notebooks (plain Markdown, figures shown, no solutions);
#   3. every reader's notebook run by strict nbval in a new environment outside the repository;
#   4. browser tests of the built site (Chromium).
# Prints the time of each stage at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
started=$SECONDS
declare -a timings=()

stage() {
  local name=$1; shift
  local begin=$SECONDS
  echo "== $name"
  "$@"
  timings+=("$(printf '%-44s %4d s' "$name" $((SECONDS - begin)))")
}

stage "1/4 unit and data tests" "$PY" -m pytest tests --ignore=tests/browser --ignore=tests/site -q -n 2
stage "2/4 published record, site files, reader's notebooks" bash -c "$PY -m booktools.golden --check && $PY -m pytest tests/site -q"
stage "3/4 reader's notebooks, new environment, nbval" "$PY" -m booktools.reader_check
stage "4/4 browser tests" "$PY" -m pytest tests/browser -q

echo "== stage times"
printf '  %s\n' "${timings[@]}"
echo "all tests passed in $((SECONDS - started)) s"
