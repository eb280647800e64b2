#!/usr/bin/env bash
# Every test of the book (what `make test` runs after `make book`), in the order that fails fastest:
#   1. unit and data tests of analysis/ and booktools/ (malformed inputs, the cache test, packaging);
#   2. the published record (every glued number and figure fingerprint as committed), the built
#      site's files and its reader's notebooks (plain Markdown, figures shown, no solutions);
#   3. every reader's notebook run once by strict nbval in a new environment outside the repository
#      (the determinism check and the "downloaded notebook runs" check at once);
#   4. browser tests of the built site (Chromium) — run at the same time as 3 (it mostly waits).
# Prints the time of each stage at the end and writes them to _build/test-times.json.
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

stage "1 unit and data tests" "$PY" -m pytest tests --ignore=tests/browser --ignore=tests/site -q -n 2
stage "2 published record, site files, workflow linters" bash -c "$PY -m booktools.golden --check && $PY -m booktools.workflow_check && $PY -m pytest tests/site -q"

echo "== 3 reader's notebooks: nbval in a new environment  |  4 browser tests  (in parallel)"
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
record "3 reader's notebooks, nbval (parallel with 4)" "$(cat "$logs/nbval.seconds")"
record "4 browser tests (parallel with 3)" "$(cat "$logs/browser.seconds")"
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
  echo "FAILED: see the output of stage 3/4 above" >&2
  exit 1
fi
echo "all tests passed in $((SECONDS - started)) s"
