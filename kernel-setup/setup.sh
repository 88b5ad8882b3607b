#!/usr/bin/env bash
# One idempotent set-up for mltheory-notebooks. Safe to run again: each step checks before it acts.
#   1. Node dependencies (npm install) when node_modules is missing or older than package-lock.json
#   2. the library build (tsc -p lib) when a source file is newer than lib/dist
#   3. Jupyter: JupyterLab via pip where pip can reach PyPI, else Debian's jupyter-notebook packages
#      (as root on Debian), else a message saying what to install
#   4. the tslab kernel, registered with the absolute path of this project's tslab binary
#   5. with --with-browser: Chromium for the HTML render test (Debian package, as root)
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

# 3. Jupyter ---------------------------------------------------------------------------------------
has_jupyter() { "$1" -c "import nbclient, nbconvert, nbformat, jupyter_client" >/dev/null 2>&1; }
find_python() {
  for py in "${MLT_PYTHON:-}" /usr/bin/python3 python3; do
    [ -n "$py" ] || continue
    command -v "$py" >/dev/null 2>&1 || continue
    if has_jupyter "$py"; then command -v "$py"; return 0; fi
  done
  return 1
}
PY="$(find_python || true)"
if [ -z "$PY" ]; then
  if command -v python3 >/dev/null 2>&1 && timeout 60 python3 -m pip install --quiet --disable-pip-version-check jupyterlab nbclient nbconvert plotly >/dev/null 2>&1; then
    say "installed JupyterLab with pip"
  elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    say "pip cannot reach PyPI here: installing Jupyter from Debian (about a minute)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq jupyter-notebook jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel >/dev/null
  fi
  PY="$(find_python || true)"
fi
if [ -z "$PY" ]; then
  cat >&2 <<MSG
setup: Jupyter was not found and could not be installed.
  Install one of:
    pip install jupyterlab nbclient nbconvert plotly   (any machine that reaches PyPI)
    sudo apt-get install jupyter-notebook jupyter-nbconvert jupyter-client python3-nbclient python3-ipykernel   (Debian/Ubuntu)
  then run 'npm run setup' again. Set MLT_PYTHON=/path/to/python3 if Jupyter lives in another Python.
MSG
  exit 1
fi
echo "$PY" > "$SETUP_DIR/python"

# 4. tslab kernel ----------------------------------------------------------------------------------
TSLAB="$ROOT/node_modules/.bin/tslab"
# A project-local kernelspec (used by the runner through JUPYTER_PATH) always points at this checkout.
mkdir -p "$ROOT/build/jupyter/kernels/tslab"
printf '{"argv": ["%s", "kernel", "--config-path", "{connection_file}"], "display_name": "TypeScript", "language": "typescript"}\n' "$TSLAB" \
  > "$ROOT/build/jupyter/kernels/tslab/kernel.json"
# The user-visible registration, for JupyterLab / Notebook opened by hand.
spec="$("$PY" -c "import jupyter_client.kernelspec as k, json
try:
    s = k.KernelSpecManager().get_kernel_spec('tslab'); print(s.argv[0])
except Exception:
    print('')" 2>/dev/null || true)"
if [ "$spec" != "$TSLAB" ]; then
  say "registering the tslab kernel (binary $TSLAB)"
  npx tslab install --python="$PY" --binary="$TSLAB" >/dev/null 2>&1 || {
    echo "setup: could not register the tslab kernel; run: npx tslab install --python=$PY --binary=$TSLAB" >&2; exit 1; }
fi

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
