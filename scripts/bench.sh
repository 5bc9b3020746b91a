#!/usr/bin/env bash
# npm run bench: set up, build both wasm variants and the native benchmark programs twice
# (build/native: the default flags; build/native-sse42: -O3 -msse4.2 -mno-avx, the 128-bit width wasm
# SIMD has), then run the Node benchmark (native programs included) and the headless-Chromium one,
# which reuses the native medians of this same run. A full run stores its medians in bench/history/
# and prints the change since the previous stored run (bench/history.js). Pass --tiny for a quick
# smoke run (not stored).
set -euo pipefail
cd "$(dirname "$0")/.."
tiny=()
[ "${1:-}" = "--tiny" ] && tiny=(--tiny)

bash scripts/setup.sh
bash scripts/build-wasm.sh >/dev/null
jobs=$(nproc)
bash scripts/configure-native.sh build/native
bash scripts/configure-native.sh build/native-sse42 "-DCMAKE_CXX_FLAGS=-msse4.2 -mno-avx"
for dir in build/native build/native-sse42; do
  cmake --build "$dir" --target benchmarks -j"$jobs" >/dev/null
done

mkdir -p build/bench
echo "bench: $(date -u '+%Y-%m-%d %H:%M UTC'), load average:$(uptime | sed 's/.*load average://')"
history=(); [ ${#tiny[@]} -eq 0 ] && history=(--history bench/history)
node bench/node.bench.js "${tiny[@]}" --save build/bench/node.json "${history[@]}"
node bench/browser.bench.js "${tiny[@]}" --native build/bench/node.json "${history[@]}"
