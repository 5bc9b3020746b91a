#!/usr/bin/env bash
# Builds the two WebAssembly variants (simd, baseline) into web/src/core/wasm/.
# CMake build trees under build/ make a second run incremental.
set -euo pipefail
cd "$(dirname "$0")/.."
# Debian's emscripten runs its JS optimiser under Node with Debian's acorn, found only through NODE_PATH.
export NODE_PATH=/usr/share/nodejs
jobs=$(nproc)
for variant in simd baseline; do
  dir=build/wasm-$variant
  if [ ! -f "$dir/CMakeCache.txt" ]; then
    emcmake cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=Release -DMATHLETS_WASM_VARIANT=$variant >/dev/null
  fi
  cmake --build "$dir" -j"$jobs"
done
ls -l web/src/core/wasm/*.wasm
# The inline entries' copies of the wasm and the bundled worker (web/src/core/wasm-inline/).
node scripts/build-inline.js
