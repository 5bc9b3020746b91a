#!/usr/bin/env bash
# Builds the native library, its GoogleTest suites and the Google Benchmark programs into build/native.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -f build/native/CMakeCache.txt ]; then
  cmake -S . -B build/native -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
cmake --build build/native -j"$(nproc)"
cmake --build build/native --target benchmarks -j"$(nproc)"
