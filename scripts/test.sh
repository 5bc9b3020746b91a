#!/usr/bin/env bash
# npm test: set up, build, then run the three levels (native ctest plus bounded fuzzing, the JS API
# in Node against both wasm builds, the site in headless Chromium). Every level runs; the exit status is non-zero
# if any of them failed.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || exit 1
bash scripts/build-native.sh || exit 1
bash scripts/build-wasm.sh || exit 1

# A stuck test must fail, never hang the run: each test gets --test-timeout (ms), --test-force-exit
# ends a runner that a leaked handle would keep alive, and each level has a watchdog (s).
# Each level's output is also kept in build/test-logs/, so that a failure is repeated in a digest at the
# very end, where a CI log that shows only its tail still shows why.
failed=()
logs=build/test-logs
rm -rf "$logs" && mkdir -p "$logs"
log_of() { echo "$logs/$(echo "$1" | tr -c 'a-zA-Z0-9\n' '-').log"; }  # log_of LEVEL-NAME
level() {  # level NAME SECONDS COMMAND...
  echo; echo "=== $1 ==="
  local log
  log=$(log_of "$1")
  # tee in a process substitution: a straggler that keeps the output open cannot hold up the run.
  timeout --kill-after=30 "$2" "${@:3}" > >(tee "$log") 2>&1
  local status=$?
  [ "$status" -eq 124 ] && echo "$1: stopped by its ${2}s watchdog" | tee -a "$log"
  [ "$status" -eq 0 ] || failed+=("$1")
}
node_test=(node --test --test-force-exit --test-timeout=300000 --test-concurrency=1)
level "native (ctest)" 900 ctest --test-dir build/native --output-on-failure --timeout 300 -j"$(nproc)"
level "fuzz (libFuzzer, ASan + UBSan)" 1200 bash scripts/fuzz.sh
level "JS API (node --test, simd + baseline)" 900 node --test --test-force-exit --test-timeout=300000 --test-reporter=spec tests/js/
level "benchmarks at tiny sizes (node --test)" 1200 node --test --test-force-exit --test-timeout=900000 --test-reporter=spec tests/bench/
level "site build (vite)" 600 npx vite build --config vite.config.js --logLevel warn
level "browser (node --test, headless Chromium)" 2700 "${node_test[@]}" --test-reporter=spec tests/e2e/
level "package (npm pack into fresh projects)" 900 "${node_test[@]}" tests/package/

echo
if [ ${#failed[@]} -gt 0 ]; then
  sleep 1  # let the last tee drain
  for name in "${failed[@]}"; do
    echo "--- the last lines of $(log_of "$name"):"
    grep -v '^[[:space:]]*$' "$(log_of "$name")" | tail -30
  done
  echo "npm test: FAILED levels: ${failed[*]}"
  exit 1
fi
echo "npm test: all levels passed"
