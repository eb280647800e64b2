#!/usr/bin/env bash
# Every test of the book (what `make test` runs after `make book`), in the order that fails fastest:
#   1. unit and data tests of analysis/ and booktools/ (malformed inputs, the cache test, packaging,
#      the workflow linters) and the built site's files: the published record (every glued number
#      and figure fingerprint as committed), the reader's notebooks (plain Markdown, figures shown,
#      no solutions), the editions and the PDF — one pytest run on both cores;
#   2. every reader's notebook run once by strict nbval in a new environment outside the repository
#      (the determinism check and the "downloaded notebook runs" check at once);
#   3. browser tests of the built site (Chromium) — run at the same time as 2.
# Prints the time of each stage at the end and writes them to _build/test-times.json.
# COVERAGE=1 measures line coverage of analysis and booktools in stage 1 (one total per package,
# _build/coverage.json); it is opt-in because it about doubles stage 1's time.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
started=$SECONDS
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
declare -a names=() seconds=()

record() { names+=("$1"); seconds+=("$2"); }

stage() {
  local name=$1; shift
  local begin=$SECONDS
  echo "== $name"
  "$@"
  record "$name" $((SECONDS - begin))
}

cov=()
if [ "${COVERAGE:-0}" = 1 ]; then
  mkdir -p _build
  cov=(--cov --cov-report= --cov-report=json:_build/coverage.json)
fi
stage "1 unit, data and site-file tests" "$PY" -m pytest tests --ignore=tests/browser -q -n 2 ${cov[@]+"${cov[@]}"}
if [ ${#cov[@]} -gt 0 ]; then
  "$PY" -m booktools.line_coverage
fi

echo "== 2 reader's notebooks: nbval in a new environment  |  3 browser tests  (in parallel)"
begin=$SECONDS
( "$PY" -m booktools.reader_check > "$logs/nbval.log" 2>&1; echo $? > "$logs/nbval.status"; echo $((SECONDS - begin)) > "$logs/nbval.seconds" ) &
( "$PY" -m pytest tests/browser -q > "$logs/browser.log" 2>&1; echo $? > "$logs/browser.status"; echo $((SECONDS - begin)) > "$logs/browser.seconds" ) &
wait
status=0
for part in nbval browser; do
  echo "-- $part"
  cat "$logs/$part.log"
  [ "$(cat "$logs/$part.status")" = 0 ] || status=1
done
record "2 reader's notebooks, nbval (parallel with 3)" "$(cat "$logs/nbval.seconds")"
record "3 browser tests (parallel with 2)" "$(cat "$logs/browser.seconds")"
record "total" $((SECONDS - started))

echo "== stage times"
json="{"
for i in "${!names[@]}"; do
  printf '  %-48s %4d s\n' "${names[$i]}" "${seconds[$i]}"
  json+="\"${names[$i]}\": ${seconds[$i]}, "
done
mkdir -p _build
echo "${json%, }}" > _build/test-times.json
if [ "$status" != 0 ]; then
  echo "FAILED: see the output of stage 2/3 above" >&2
  exit 1
fi
echo "all tests passed in $((SECONDS - started)) s"
