#!/usr/bin/env bash
# Re-create _vendor/mathjax/: the MathJax 3 files the website needs to typeset math offline.
#
# Usage: bash scripts/vendor_mathjax.sh [VERSION]      (default 3.2.2; needs npm and the npm registry)
#
# The result is committed, so building the book needs no network: run this only to
# upgrade MathJax. It copies just what the site loads (about 1.7 MB):
#   _vendor/mathjax/tex-mml-chtml.js          the combined TeX + MathML input, CommonHTML output
#   _vendor/mathjax/output/chtml/fonts/       the CHTML font data and its woff-v2 web fonts
#   _vendor/mathjax/LICENSE                   MathJax's Apache 2.0 licence
#
# _config.yml points Sphinx at it (`sphinx: config:`):
#   html_static_path: ["_vendor"]              -> copied to _build/html/_static/mathjax/
#   mathjax_path: mathjax/tex-mml-chtml.js     (relative to _static)
# It is deliberately not under _static/: Jupyter Book 1 adds every *.js found there as a
# <script> tag on every page, which would load MathJax twice.
# MathJax finds its fonts relative to its own script URL, so nothing else is configured.
set -euo pipefail
version=${1:-3.2.2}
root=$(cd "$(dirname "$0")/.." && pwd)
dest="$root/_vendor/mathjax"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "mathjax@$version" >/dev/null)
tar -xzf "$work"/mathjax-*.tgz -C "$work"
src="$work/package"
test -f "$src/es5/tex-mml-chtml.js" || { echo "vendor_mathjax: es5/tex-mml-chtml.js missing from mathjax@$version" >&2; exit 1; }

rm -rf "$dest"
mkdir -p "$dest/output/chtml"
cp "$src/es5/tex-mml-chtml.js" "$dest/"
cp -r "$src/es5/output/chtml/fonts" "$dest/output/chtml/"
cp "$src/LICENSE" "$dest/LICENSE"
echo "mathjax@$(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$src/package.json" | head -1) from the npm registry (es5 build); regenerate with scripts/vendor_mathjax.sh" > "$dest/VERSION"
echo "vendor_mathjax: $(du -sh "$dest" | cut -f1) in ${dest#"$root"/}"
