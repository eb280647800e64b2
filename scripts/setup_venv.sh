#!/usr/bin/env bash
# Create or refresh the project's virtual environment from requirements.txt (the single lock).
# Called by make whenever requirements.txt or pyproject.toml is newer than the stamp.
#
# The installer is uv (a PyPI wheel with its binary inside, put into the new environment
# itself: no global install, nothing fetched but packages from the index): it installs the
# ~180 pins in seconds where pip takes about a minute. When uv cannot be had, or
# RT_IO_INSTALLER=pip is set, plain pip does the same install. Either way a failed install
# stops here with pip's or uv's own message.
set -euo pipefail
python_boot=${1:-python3}
venv=${2:-.venv}
installer=${RT_IO_INSTALLER:-uv}
pip_quiet=(--quiet --disable-pip-version-check)
if [ ! -x "$venv/bin/python" ]; then
  echo "setup: creating $venv"
  "$python_boot" -m venv "$venv"
fi
# pip warns about every local index folder of this machine's pip.conf that does not exist: noise.
quiet_pip() {
  local output
  output=$("$venv/bin/python" -m pip install "${pip_quiet[@]}" "$@" 2>&1) || { echo "$output" >&2; return 1; }
  grep -v "is ignored" <<<"$output" || true
}
if [ "$installer" = uv ] && ! "$venv/bin/python" -m uv --version >/dev/null 2>&1; then
  quiet_pip "uv==$(sed -n 's/^uv==//p' requirements.txt)" \
    || { echo "setup: uv could not be installed; falling back to pip"; installer=pip; }
fi
if [ "$installer" = uv ]; then
  echo "setup: installing requirements.txt into $venv with uv"
  # --exact would remove uv itself; the leftovers of an older lock are harmless here.
  "$venv/bin/python" -m uv pip install --quiet --compile-bytecode --python "$venv/bin/python" -r requirements.txt
else
  echo "setup: installing requirements.txt into $venv with pip (first time takes about a minute)"
  quiet_pip -r requirements.txt
fi
# jupyter-events asks for jsonschema[format-nongpl], which brings rfc3987-syntax: it compiles 39
# grammars when jsonschema is imported, 2.5-7 s at every jupyter-book, nbval or nbformat start.
# Nothing in the book checks the one format it validates, so it goes (pip check stays clean).
"$venv/bin/python" -m pip uninstall --quiet --yes rfc3987-syntax lark >/dev/null 2>&1 || true
"$venv/bin/python" -c "import analysis, jupyter_book, lifelines, pandera, nbval" \
  || { echo "setup: the environment is incomplete; see the installer's output above" >&2; exit 1; }
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
