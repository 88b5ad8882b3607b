#!/usr/bin/env bash
# The tslab kernel of this checkout (its kernelspec runs this script with Jupyter's connection file).
# Jupyter starts a kernel in the notebook's folder. A notebook copied outside the checkout (a student's
# released copy, nbgrader's exchange, a JupyterHub home) cannot find mltheory from there (tslab resolves
# imports and their types from its working folder), so the kernel then runs from the checkout's root,
# and MLT_NOTEBOOK_DIR names the notebook's own folder. Figures and ledgers go to the checkout's build/
# when it is writable, else to a per-user folder (an MLT_BUILD_DIR set by the user always wins).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export MLT_NOTEBOOK_DIR="$PWD"
finds_mltheory() {
  local dir="$PWD"
  while :; do
    [ -e "$dir/node_modules/mltheory/package.json" ] && return 0
    [ "$dir" = / ] && return 1
    dir="$(dirname "$dir")"
  done
}
finds_mltheory || cd "$ROOT"
export PYDEVD_DISABLE_FILE_VALIDATION=1
if [ -z "${MLT_BUILD_DIR:-}" ]; then
  if ! { mkdir -p "$ROOT/build" 2>/dev/null && [ -w "$ROOT/build" ]; }; then
    export MLT_BUILD_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/mltheory-notebooks/build"
  fi
fi
exec "$ROOT/node_modules/.bin/tslab" kernel --config-path "$1"
