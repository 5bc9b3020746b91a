#!/usr/bin/env bash
# npm test: set up, build, then run the three levels (native ctest plus bounded fuzzing, the JS API
# in Node against both wasm builds, the site in headless Chromium). Every level runs; the exit status is non-zero
# if any of them failed.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || exit 1
bash scripts/build-native.sh || exit 1
bash scripts/build-wasm.sh || exit 1

failed=()
level() {  # level NAME COMMAND...
  echo; echo "=== $1 ==="
  "${@:2}" || failed+=("$1")
}
level "native (ctest)" ctest --test-dir build/native --output-on-failure -j"$(nproc)"
level "fuzz (libFuzzer, ASan + UBSan)" bash scripts/fuzz.sh
level "JS API (node --test, simd + baseline)" node --test --test-reporter=spec tests/js/
level "site build (vite)" npx vite build --config vite.config.js --logLevel warn
level "browser (node --test, headless Chromium)" node --test --test-concurrency=1 --test-reporter=spec tests/e2e/
level "package (npm pack into fresh projects)" node --test --test-concurrency=1 tests/package/

echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "npm test: FAILED levels: ${failed[*]}"
  exit 1
fi
echo "npm test: all levels passed"
