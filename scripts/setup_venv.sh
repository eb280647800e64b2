#!/usr/bin/env bash
# Create or refresh the project's virtual environment from requirements.txt.
# Called by make whenever requirements.txt or pyproject.toml is newer than the stamp.
set -euo pipefail
python_boot=${1:-python3}
venv=${2:-.venv}
if [ ! -x "$venv/bin/python" ]; then
  echo "setup: creating $venv"
  "$python_boot" -m venv "$venv"
fi
echo "setup: installing requirements.txt into $venv (first time takes about a minute)"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip 2>&1 | grep -v "is ignored" || true
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt 2>&1 | grep -v "is ignored" || true
# jupyter-events asks for jsonschema[format-nongpl], which brings rfc3987-syntax: it compiles 39
# grammars when jsonschema is imported, 2.5-7 s at every jupyter-book, nbval or nbformat start.
# Nothing in the book checks the one format it validates, so it goes (pip check stays clean).
"$venv/bin/python" -m pip uninstall --quiet --yes rfc3987-syntax lark >/dev/null 2>&1 || true
"$venv/bin/python" -c "import analysis, jupyter_book, lifelines, pandera, nbval" \
  || { echo "setup: the environment is incomplete; see the pip output above" >&2; exit 1; }
# ipykernel warns about TCP on every kernel start; it is noise for a local build.
mkdir -p "$venv/etc/ipython"
echo 'c.IPKernelApp.log_level = "ERROR"' > "$venv/etc/ipython/ipython_kernel_config.py"
# JupyterLab: a double-click on a chapter (.md) opens it as a notebook (jupytext).
mkdir -p "$venv/etc/jupyter/labconfig"
cat > "$venv/etc/jupyter/labconfig/default_setting_overrides.json" <<'JSON'
{"@jupyterlab/docmanager-extension:plugin": {"defaultViewers": {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}},
 "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}
JSON
touch "$venv/.requirements-stamp"
echo "setup: ready"
