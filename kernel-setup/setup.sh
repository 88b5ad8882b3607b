#!/usr/bin/env bash
# One idempotent set-up for mltheory-notebooks. Safe to run again: each step checks before it acts.
#   1. Node dependencies (npm install) when node_modules is missing or older than package-lock.json
#   2. the library build (tsc -p lib) when a source file is newer than lib/dist
#   3. Jupyter in the project's own environment .venv/: JupyterLab 4, nbgrader and the runner's pieces
#      via pip (kernel-setup/requirements.txt), else Debian's Jupyter packages (as root), else a message
#   4. the tslab kernel, registered inside this checkout (.venv/ and build/jupyter), never globally
#   5. with --with-browser: Chromium for the browser tests (Debian package, as root)
# Options: --node-only (steps 1–2), --with-browser, --quiet
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT="$PWD"
NODE_ONLY=0; WITH_BROWSER=0; QUIET=0
for a in "$@"; do
  case "$a" in
    --node-only) NODE_ONLY=1 ;;
    --with-browser) WITH_BROWSER=1 ;;
    --quiet) QUIET=1 ;;
    *) echo "setup: unknown option $a (expected --node-only, --with-browser, --quiet)" >&2; exit 2 ;;
  esac
done
say() { [ "$QUIET" = 1 ] || echo "setup: $*"; }
SETUP_DIR="$ROOT/build/.setup"
mkdir -p "$SETUP_DIR"
export PYDEVD_DISABLE_FILE_VALIDATION=1

# 1. Node dependencies -------------------------------------------------------------------------
need_install=0
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ]; then need_install=1
elif [ package.json -nt node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then need_install=1
elif [ ! -e node_modules/mltheory ] || [ ! -e node_modules/.bin/tslab ]; then need_install=1
fi
if [ "$need_install" = 1 ]; then
  say "installing Node dependencies (npm install; the optional native TensorFlow backends are skipped where they cannot install)"
  npm install --no-audit --no-fund --loglevel=error
fi

# 2. Library build ---------------------------------------------------------------------------------
if [ ! -f lib/dist/index.js ] || [ -n "$(find lib -name '*.ts' -not -path 'lib/dist/*' -not -path '*/node_modules/*' -newer lib/dist/index.js -print -quit)" ] \
   || [ lib/tsconfig.json -nt lib/dist/index.js ] || [ tsconfig.json -nt lib/dist/index.js ]; then
  say "building the library (tsc -p lib)"
  node node_modules/typescript/bin/tsc -p lib  # the project's TypeScript (tslab ships its own tsc binary)
  touch lib/dist/index.js
fi
[ "$NODE_ONLY" = 1 ] && exit 0

# 3. Jupyter, in the project's own Python environment .venv/ ---------------------------------------
# pip installs kernel-setup/requirements.txt (JupyterLab 4, the runner's pieces, plotly's JupyterLab
# renderer, nbgrader) into .venv/, never system-wide. Where PyPI is unreachable, Debian's Jupyter
# packages (as root) and a .venv that sees them (--system-site-packages; no nbgrader: the Node
# student builder stands in). MLT_PYTHON=/path/to/python names a Python that already has Jupyter.
VENV="$ROOT/.venv"
REQ="$ROOT/kernel-setup/requirements.txt"
has_jupyter() { "$1" -c "import nbclient, nbconvert, nbformat, jupyter_client" >/dev/null 2>&1; }
base_python() {
  for py in python3 /usr/bin/python3; do
    command -v "$py" >/dev/null 2>&1 && "$py" -c "import venv" >/dev/null 2>&1 && { command -v "$py"; return 0; }
  done
  return 1
}
make_venv() {  # make_venv [--system-site-packages]
  local base; base="$(base_python)" || return 1
  "$base" -m venv --clear "$@" "$VENV" >/dev/null 2>&1 && return 0
  # Debian's python3 lacks ensurepip until python3-venv is installed
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null && apt-get install -y -qq python3-venv >/dev/null || return 1
    "$base" -m venv --clear "$@" "$VENV" >/dev/null 2>&1
  else
    return 1
  fi
}
PY=""
if [ -n "${MLT_PYTHON:-}" ]; then
  has_jupyter "$MLT_PYTHON" || { echo "setup: MLT_PYTHON=$MLT_PYTHON has no Jupyter (nbclient, nbconvert)" >&2; exit 1; }
  PY="$(command -v "$MLT_PYTHON")"
elif [ -x "$VENV/bin/python" ] && has_jupyter "$VENV/bin/python" && [ -f "$VENV/.mlt-requirements" ] \
     && cmp -s "$REQ" "$VENV/.mlt-requirements"; then
  PY="$VENV/bin/python"
else
  if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -m pip --version >/dev/null 2>&1; then
    say "creating the project's Python environment .venv/"
    make_venv || { echo "setup: could not create a Python virtual environment (install python3-venv)" >&2; exit 1; }
  fi
  say "installing JupyterLab, nbgrader and the runner's Jupyter pieces into .venv/ (pip, a few minutes the first time)"
  if timeout 900 "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQ" >"$SETUP_DIR/pip.log" 2>&1; then
    cp "$REQ" "$VENV/.mlt-requirements"
    PY="$VENV/bin/python"
  elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "pip cannot reach PyPI here (see build/.setup/pip.log): Jupyter from Debian instead (about a minute)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq jupyter-notebook jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel >/dev/null
    make_venv --system-site-packages && has_jupyter "$VENV/bin/python" && PY="$VENV/bin/python"
  fi
fi
if [ -z "$PY" ]; then
  cat >&2 <<MSG
setup: Jupyter could not be installed into .venv/ (see build/.setup/pip.log).
  Either let pip reach PyPI and run 'npm run setup' again, or install Debian's packages
    sudo apt-get install python3-venv jupyter-notebook jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel
  and run 'npm run setup' again, or set MLT_PYTHON=/path/to/python3 to a Python that has Jupyter.
MSG
  exit 1
fi
echo "$PY" > "$SETUP_DIR/python"

# 4. tslab kernel, registered per checkout ----------------------------------------------------------
# The kernelspec lives inside this checkout: in .venv/share/jupyter (found by the .venv's Jupyter
# before any user-wide or system-wide spec) and in build/jupyter (JUPYTER_PATH for the runner, the
# tests and npm start). It runs this checkout's tslab through kernel-setup/kernel.sh, which lets a
# notebook copied anywhere import mltheory. Nothing outside the checkout is touched.
KERNEL_JSON="$(printf '{"argv": ["%s", "{connection_file}"], "display_name": "TypeScript", "language": "typescript"}' "$ROOT/kernel-setup/kernel.sh")"
prefix="$("$PY" -c "import sys; print(sys.prefix if sys.prefix != sys.base_prefix else '')")"
for dir in "$ROOT/build/jupyter/kernels/tslab" ${prefix:+"$prefix/share/jupyter/kernels/tslab"}; do
  case "$dir" in "$ROOT"/*) ;; *) continue ;; esac  # only inside this checkout (MLT_PYTHON may be global)
  if [ "$(cat "$dir/kernel.json" 2>/dev/null)" != "$KERNEL_JSON" ]; then
    mkdir -p "$dir"
    echo "$KERNEL_JSON" > "$dir/kernel.json"
    say "tslab kernel registered in ${dir#"$ROOT"/}"
  fi
done

# 5. Chromium for the render test -------------------------------------------------------------------
if [ "$WITH_BROWSER" = 1 ]; then
  if ! command -v chromium >/dev/null 2>&1 && [ -z "${MLT_CHROMIUM:-}" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      say "installing Chromium from Debian for the HTML render test"
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq >/dev/null
      apt-get install -y -qq chromium >/dev/null
    else
      echo "setup: Chromium not found; install it (e.g. apt-get install chromium) or set MLT_CHROMIUM=/path/to/chrome" >&2
    fi
  fi
fi
say "ready (python: $PY)"
