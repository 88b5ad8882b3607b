#!/usr/bin/env bash
# npm run assignments [-- notebooks/NN-name.ipynb ...] | npm run grade -- <dir>: set up, then release or
# grade with nbgrader in the project's .venv (kernel-setup/coursework.py says how).
set -euo pipefail
cd "$(dirname "$0")/.."
bash kernel-setup/setup.sh --quiet
PY="$(cat build/.setup/python)"
exec "$PY" kernel-setup/coursework.py "$@"
