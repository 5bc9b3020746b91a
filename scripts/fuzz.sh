#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) into build/fuzz and runs each for
# FUZZ_SECONDS (default 30) from its committed seed corpus in tests/fuzz/corpus/<target>/.
# New inputs go to a temporary directory, so the repository is never modified.
# A crash, sanitizer report, leak or failed invariant stops that target and fails the run;
# the reproducer is kept in build/fuzz/artifacts/.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-30}
cxx=$(command -v clang++-14 || command -v clang++)
if [ ! -f build/fuzz/CMakeCache.txt ]; then
  CXX=$cxx cmake -S . -B build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMATHLETS_FUZZ=ON >/dev/null || exit 1
fi
cmake --build build/fuzz -j"$(nproc)" || exit 1

mkdir -p build/fuzz/artifacts
passed=0 failed=0
for fuzzer in build/fuzz/*_fuzz; do
  name=$(basename "$fuzzer")
  seeds=tests/fuzz/corpus/$name
  work=$(mktemp -d)
  mkdir -p "$seeds"
  echo "fuzz: $name for ${seconds}s ($(ls "$seeds" | wc -l) seeds)"
  if "$fuzzer" "$work" "$seeds" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
       -print_final_stats=0 -artifact_prefix=build/fuzz/artifacts/"$name"- >"build/fuzz/$name.log" 2>&1; then
    passed=$((passed + 1))
    grep -E "^Done [0-9]+ runs" "build/fuzz/$name.log" | sed "s/^/  /"
  else
    failed=$((failed + 1))
    tail -40 "build/fuzz/$name.log"
  fi
  rm -rf "$work"
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
