#!/usr/bin/env bash
# Builds the native library, its GoogleTest suites and the Google Benchmark programs into build/native.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/configure-native.sh build/native
cmake --build build/native -j"$(nproc)"
cmake --build build/native --target benchmarks -j"$(nproc)"
