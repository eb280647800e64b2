#!/usr/bin/env bash
# Re-create tests/browser/vendor/axe.min.js: axe-core, the accessibility engine the browser
# tests inject into every page (tests/browser/test_accessibility.py).
#
# Usage: bash scripts/vendor_axe.sh [VERSION]      (default 4.14.1; needs npm and the npm registry)
#
# The result is committed, so the tests need no network: run this only to upgrade axe-core.
# It is a test tool, not part of the website (so not under _vendor/, which the site serves).
set -euo pipefail
version=${1:-4.14.1}
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/tests/browser/vendor"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "axe-core@$version" >/dev/null)
tar -xzf "$work"/axe-core-*.tgz -C "$work"
test -f "$work/package/axe.min.js" || { echo "vendor_axe: axe.min.js missing from axe-core@$version" >&2; exit 1; }
mkdir -p "$dest"
cp "$work/package/axe.min.js" "$dest/axe.min.js"
cp "$work/package/LICENSE" "$dest/LICENSE-axe-core"
echo "axe-core $version -> ${dest#$root/} ($(wc -c < "$dest/axe.min.js") bytes)"
