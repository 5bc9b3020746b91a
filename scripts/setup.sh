#!/usr/bin/env bash
# Installs what a fresh machine lacks: Debian's toolchain packages and the npm dependencies
# pinned by package-lock.json. Idempotent and quiet when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v em++ >/dev/null || missing+=(emscripten)
[ -f /usr/include/eigen3/Eigen/Core ] || missing+=(libeigen3-dev)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v cmake >/dev/null || missing+=(cmake)
command -v g++ >/dev/null || missing+=(g++)
[ -f /usr/include/gtest/gtest.h ] || missing+=(libgtest-dev)
[ -f /usr/include/benchmark/benchmark.h ] || missing+=(libbenchmark-dev)
# A Chinese font, so the browser tests' screenshots of the Chinese pages show characters, not boxes.
fc-list :lang=zh 2>/dev/null | grep -q . || missing+=(fonts-wqy-microhei)
# clang builds everything native (scripts/configure-native.sh); the fuzzers also need libFuzzer and the
# sanitizer runtimes.
command -v clang++-14 >/dev/null || missing+=(clang-14)
compgen -G "/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null || missing+=(libclang-rt-14-dev)
# The C++ format check of scripts/lint.sh (npm test's lint level).
command -v clang-format >/dev/null || missing+=(clang-format)
# The widgets level runs each widget's "Copy as NumPy" snippet with Debian's python3 and NumPy
# (tests/widgets/numpy-snippets.test.js).
/usr/bin/python3 -c 'import numpy' 2>/dev/null || missing+=(python3-numpy)

if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q "${missing[@]}" >/dev/null
fi

# npm ci when node_modules is absent or older than the lockfile.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm dependencies from package-lock.json"
  npm ci --no-audit --no-fund
fi
