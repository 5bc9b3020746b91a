#!/usr/bin/env bash
# npm test [-- LEVEL...]: set up, build what the chosen levels need, run them. With no LEVEL every
# level runs, in the order below; `npm test -- browser` (or `npm test -- js browser`) runs only those,
# after building what they need. Every chosen level runs; the exit status is non-zero if any failed.
#
# Levels: lint (Biome and clang-format, scripts/lint.sh), native (ctest), fuzz (libFuzzer), js (the JS
# API in Node), widgets (the widget framework and each widget's state and computation in Node), bench
# (benchmarks at tiny sizes), site (the Vite build), browser (headless Chromium), package (npm pack
# into fresh projects).
set -uo pipefail
cd "$(dirname "$0")/.."

all_levels=(lint native fuzz js widgets bench site browser package)
chosen=("$@")
[ ${#chosen[@]} -eq 0 ] && chosen=("${all_levels[@]}")
for name in "${chosen[@]}"; do
  [[ " ${all_levels[*]} " == *" $name "* ]] || { echo "npm test: unknown level '$name' (levels: ${all_levels[*]})"; exit 2; }
done
wants() { [[ " ${chosen[*]} " == *" $1 "* ]]; }  # wants LEVEL: was LEVEL chosen?
wants_any() { for name in "$@"; do wants "$name" && return 0; done; return 1; }

# The set-up and builds are timed too: their times open the summary at the end.
timings=()
step() {  # step NAME COMMAND...: runs a set-up or build step, timed; a failure ends the run
  local started=$SECONDS
  "${@:2}" || exit 1
  timings+=("$(printf '%-12s %4d s  %s' "$1" $((SECONDS - started)) built)")
}
step setup bash scripts/setup.sh
if wants_any native bench; then step native-build bash scripts/build-native.sh; fi
if wants_any js widgets bench site browser package; then step wasm-build bash scripts/build-wasm.sh; fi

# A stuck test must fail, never hang the run: each test gets --test-timeout (ms; node --test applies it
# to each test file as a whole too, and a browser file takes minutes on a loaded machine), --test-force-exit
# ends a runner that a leaked handle would keep alive, and each level has a watchdog (s).
# Each level's output is also kept in build/test-logs/, so that a failure is repeated in a digest at the
# very end, where a CI log that shows only its tail still shows why; each level's time is summed up there too.
failed=()
logs=build/test-logs
rm -rf "$logs" && mkdir -p "$logs"
log_of() { echo "$logs/$1.log"; }  # log_of LEVEL
level() {  # level NAME SECONDS COMMAND...
  wants "$1" || return 0
  echo; echo "=== $1 ==="
  local log started status
  log=$(log_of "$1")
  started=$SECONDS
  # tee in a process substitution: a straggler that keeps the output open cannot hold up the run.
  timeout --kill-after=30 "$2" "${@:3}" > >(tee "$log") 2>&1
  status=$?
  [ "$status" -eq 124 ] && echo "$1: stopped by its ${2}s watchdog" | tee -a "$log"
  [ "$status" -eq 0 ] || failed+=("$1")
  timings+=("$(printf '%-12s %4d s  %s' "$1" $((SECONDS - started)) "$([ "$status" -eq 0 ] && echo passed || echo FAILED)")")
}
node_test=(node --test --test-force-exit --test-timeout=900000 --test-reporter=spec)
# The browser level tests the built site: choosing it builds the site first.
if wants browser && ! wants site; then chosen+=(site); fi

level lint 300 bash scripts/lint.sh
level native 900 ctest --test-dir build/native --output-on-failure --timeout 300 -j"$(nproc)"
level fuzz 1200 bash scripts/fuzz.sh
level js 900 "${node_test[@]}" tests/js/
level widgets 600 "${node_test[@]}" tests/widgets/
level bench 1200 "${node_test[@]}" tests/bench/
# The site's address for its oEmbed answers (scripts/vite/oembed-discovery.js): a reserved example
# domain, which the oEmbed test swaps for its server's.
level site 600 env MATHLETS_SITE_URL="${MATHLETS_SITE_URL:-https://mathlets.example/}" npx vite build --config vite.config.js --logLevel warn
# The embed bundle that several browser test files serve (tests/e2e/embed-server.js): the one the site
# build put in its embed/lib/ (vite.config.js).
# node --test runs the files in the order of their names, two at a time: a long file that starts
# last leaves the other runner idle while it finishes. The longest (the translator, about 100 s of
# the level's 750) is named to sort early, browser-translator.test.js: the level now ends within
# about 20 s of half its summed file time (430 s in a clean run, against 442 s before).
# Besides the spec report (which prints nothing of a file stopped by its time limit), a TAP report
# goes to build/test-logs/browser.tap, which keeps the tests such a file finished: the one after
# them was running when it was stopped.
level browser 2700 env MATHLETS_EMBED_BUNDLE="${MATHLETS_DIST:-dist}/embed/lib" node tests/e2e/shared-services.js "${node_test[@]}" \
  --test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination="$logs/browser.tap" --test-concurrency=2 tests/e2e/
level package 900 "${node_test[@]}" --test-concurrency=2 tests/package/

echo
echo "npm test: time per level"
printf '  %s\n' "${timings[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  sleep 1  # let the last tee drain
  for name in "${failed[@]}"; do
    echo "--- the last lines of $(log_of "$name"):"
    grep -v '^[[:space:]]*$' "$(log_of "$name")" | tail -30
    if [ -f "$logs/$name.tap" ]; then
      echo "--- the last tests reported in $logs/$name.tap (a file stopped by its time limit was in the test after its last 'ok'):"
      grep -E '^\s*(# Subtest:|ok|not ok)' "$logs/$name.tap" | tail -10
    fi
  done
  echo "npm test: FAILED levels: ${failed[*]}"
  exit 1
fi
echo "npm test: all levels passed"
