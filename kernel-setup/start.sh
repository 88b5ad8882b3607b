#!/usr/bin/env bash
# npm start: set up, then open the notebooks in JupyterLab if it is installed, else Jupyter Notebook.
set -euo pipefail
cd "$(dirname "$0")/.."
bash kernel-setup/setup.sh --quiet
PY="$(cat build/.setup/python)"
export PYDEVD_DISABLE_FILE_VALIDATION=1
extra=()
[ "$(id -u)" = 0 ] && extra+=(--allow-root)
if "$PY" -c "import jupyterlab" >/dev/null 2>&1; then
  exec "$PY" -m jupyterlab --notebook-dir=notebooks "${extra[@]}" "$@"
else
  echo "JupyterLab is not installed (pip install jupyterlab); opening Jupyter Notebook instead."
  exec "$PY" -m notebook --notebook-dir=notebooks "${extra[@]}" "$@"
fi
