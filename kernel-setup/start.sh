#!/usr/bin/env bash
# npm start [-- DIR] [-- jupyter options]: set up, then open JupyterLab (from the project's .venv) on
# notebooks/ (or on DIR, e.g. build/release to work on the student versions), with this checkout's
# tslab kernel. Where only Debian's packages could be installed, the classic Jupyter Notebook instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash kernel-setup/setup.sh --quiet
PY="$(cat build/.setup/python)"
export PYDEVD_DISABLE_FILE_VALIDATION=1
# the kernelspec registered in this checkout (also in .venv/share/jupyter) comes first
export JUPYTER_PATH="$PWD/build/jupyter${JUPYTER_PATH:+:$JUPYTER_PATH}"
dir=notebooks
if [ "$#" -gt 0 ] && [ -d "$1" ]; then dir="$1"; shift; fi
extra=()
[ "$(id -u)" = 0 ] && extra+=(--allow-root)
if "$PY" -c "import jupyterlab" >/dev/null 2>&1; then
  exec "$PY" -m jupyterlab --ServerApp.root_dir="$dir" "${extra[@]}" "$@"
else
  echo "JupyterLab is not installed (npm run setup installs it where PyPI is reachable); opening Jupyter Notebook instead."
  exec "$PY" -m notebook --notebook-dir="$dir" "${extra[@]}" "$@"
fi
