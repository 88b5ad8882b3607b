#!/usr/bin/env bash
# npm run reproduce [-- notebooks/NN-name.ipynb ...]: set up, then execute notebooks headlessly at
# the scale MLT_SCALE names (default class), writing build/notebooks, build/html and build/results.
set -euo pipefail
cd "$(dirname "$0")/.."
bash kernel-setup/setup.sh --quiet
PY="$(cat build/.setup/python)"
exec "$PY" -X frozen_modules=off kernel-setup/run_notebooks.py "$@"
