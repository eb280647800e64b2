#!/usr/bin/env bash
# Every test of the book (what `make test` runs after `make book`):
#   1. unit and data tests of analysis/ and booktools/ (malformed inputs, the cache test, packaging,
#      the workflow linters) and the built site's files: the published record (every glued number
#      and figure fingerprint as committed), the reader's notebooks (plain Markdown, figures shown,
#      no solutions), the editions and the PDF — one pytest run on both cores;
#   2. then every reader's notebook run once by strict nbval in a new environment outside the
#      repository (the determinism check and the "downloaded notebook runs" check at once);
#   3. browser tests of the built site (Chromium), from the start, beside 1 and 2.
# The browser stage is the longest chain of waits (page loads, one page at a time), and it leaves
# part of a core free: starting it beside stage 1, rather than after it, keeps both cores busy
# (152 s -> 137 s on 2 cores). Stages 1 and 2 print as they run; stage 3's output follows them.
# Prints the time of each stage at the end and writes them to _build/test-times.json.
# COVERAGE=1 measures line coverage of analysis and booktools in stage 1 (one total per package,
# _build/coverage.json); it is opt-in because it about doubles stage 1's time.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
started=$SECONDS
logs=$(mktemp -d)
browser_pid=
cleanup() {
  if [ -n "$browser_pid" ]; then pkill -TERM -P "$browser_pid" 2>/dev/null || true; kill "$browser_pid" 2>/dev/null || true; fi
  rm -rf "$logs"
}
trap cleanup EXIT
declare -a names=() seconds=()

record() { names+=("$1"); seconds+=("$2"); }

status=0
stage() {
  local name=$1; shift
  local begin=$SECONDS
  echo "== $name"
  "$@" || status=1
  record "$name" $((SECONDS - begin))
}

cov=()
if [ "${COVERAGE:-0}" = 1 ]; then
  mkdir -p _build
  cov=(--cov --cov-report= --cov-report=json:_build/coverage.json)
fi

echo "== 3 browser tests: started beside stages 1 and 2 (output at the end)"
( begin=$SECONDS
  "$PY" -m pytest tests/browser -q > "$logs/browser.log" 2>&1; echo $? > "$logs/browser.status"
  echo $((SECONDS - begin)) > "$logs/browser.seconds" ) &
browser_pid=$!

# The reader's environment for stage 2 is made (once; reused while its requirements do not change)
# beside stage 1 too, so that a fresh clone's first run does not wait for it after stage 1.
"$PY" -m booktools.reader_check --prepare > "$logs/prepare.log" 2>&1 &
prepare_pid=$!

stage "1 unit, data and site-file tests" "$PY" -m pytest tests --ignore=tests/browser -q -n 2 ${cov[@]+"${cov[@]}"}
if [ ${#cov[@]} -gt 0 ]; then
  "$PY" -m booktools.line_coverage
fi
if [ "$status" != 0 ]; then
  echo "FAILED in stage 1: stopped there (the browser tests were stopped too)" >&2
  exit 1
fi
if ! wait "$prepare_pid"; then
  cat "$logs/prepare.log" >&2
  echo "FAILED: the reader's environment could not be made" >&2
  exit 1
fi
stage "2 reader's notebooks, nbval (after 1)" "$PY" -m booktools.reader_check

wait "$browser_pid" || true
browser_pid=
echo "== 3 browser tests"
cat "$logs/browser.log"
[ "$(cat "$logs/browser.status" 2>/dev/null)" = 0 ] || status=1
record "3 browser tests (beside 1 and 2)" "$(cat "$logs/browser.seconds" 2>/dev/null || echo 0)"
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
  echo "FAILED: see the output of the failing stage above" >&2
  exit 1
fi
echo "all tests passed in $((SECONDS - started)) s"
