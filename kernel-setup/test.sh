#!/usr/bin/env bash
# npm test: set up (including Chromium for the render test), type-check, then run every test file
# with node's test runner: unit tests on the cpu and wasm backends, and every notebook executed
# through Jupyter at smoke scale.
set -euo pipefail
cd "$(dirname "$0")/.."
bash kernel-setup/setup.sh --with-browser --quiet
echo "type-checking lib, tests and tools (tsc --noEmit, strict)"
node node_modules/typescript/bin/tsc -p tsconfig.json --noEmit  # the project's TypeScript, not tslab's bundled 5.0
mapfile -t files < <(find test -name '*.test.ts' | sort)
if [ "$#" -gt 0 ]; then files=("$@"); fi
mkdir -p build
status=0
node --import tsx --test --test-concurrency=1 \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination=build/test-results.tap \
  "${files[@]}" || status=$?
pass=$(grep -E '^# pass ' build/test-results.tap | awk '{print $3}' | tail -1)
fail=$(grep -E '^# fail ' build/test-results.tap | awk '{print $3}' | tail -1)
skip=$(grep -E '^# skipped ' build/test-results.tap | awk '{print $3}' | tail -1)
echo "tests: ${pass:-0} passed, ${fail:-0} failed, ${skip:-0} skipped"
exit $status
