#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) into build/fuzz and runs each from its
# committed seed corpus in tests/fuzz/corpus/<target>/. Two modes:
#  - default (npm test, CI): a fixed seed and a fixed number of runs per target (about 5 to 15 s each
#    here, capped at 60 s), meant to make a run repeatable. It is not quite: two runs with the same
#    flags end with different coverage (also with ASLR off and -reload=0; cause not found yet), so
#    a rare input may turn up in one CI run and not in another. Each one found joins the corpus;
#  - FUZZ_SECONDS=N (exploring, e.g. `FUZZ_SECONDS=600 bash scripts/fuzz.sh`): a random seed, N s each.
# New inputs go to a temporary directory, so the repository is never modified.
# A crash, sanitizer report, leak or failed invariant stops that target and fails the run;
# the reproducer is kept in build/fuzz/artifacts/ (add it to the corpus once fixed).
set -uo pipefail
cd "$(dirname "$0")/.."
# Runs per target for the repeatable mode: their speeds differ by 100x (a CUR input runs a
# max-volume search; a logsumexp input is one pass over a short vector). Each count ends well inside
# the 60 s cap on a loaded machine, so that a run never depends on the machine's speed: smooth top-k
# checks each refused derivative by searching for the smallest tau that works (about 4000 runs/s).
# The counts were halved when the retrieval and entropy targets came, to keep CI within its budget;
# the corpus replay is whole either way, and longer exploration is FUZZ_SECONDS's job.
declare -A runs=([logsumexp_fuzz]=500000 [smooth_topk_fuzz]=75000 [grad_clip_fuzz]=500000
  [pinv_fuzz]=20000 [cr_fuzz]=25000 [cur_fuzz]=4000 [attention_fuzz]=40000 [cur_retrieval_fuzz]=40000
  [entropy_fuzz]=20000)
budget() {  # budget NAME: the libFuzzer options that bound one target's run
  if [ -n "${FUZZ_SECONDS:-}" ]; then
    echo "-max_total_time=$FUZZ_SECONDS"
  else
    echo "-seed=1 -runs=${runs[$1]:-100000} -max_total_time=60"
  fi
}
# -O2 without -g: cpp/cmake/fuzzers.cmake adds the line tables the sanitizer reports need.
bash scripts/configure-native.sh build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O2 -DNDEBUG" \
  -DMATHLETS_FUZZ=ON || exit 1
cmake --build build/fuzz -j"$(nproc)" || exit 1
echo "fuzz: configured and built in $SECONDS s"

mkdir -p build/fuzz/artifacts
# fuzz_one NAME: runs one target from its corpus; its output goes to build/fuzz/NAME.log.
fuzz_one() {
  local name=$1 work status
  work=$(mktemp -d)
  mkdir -p "tests/fuzz/corpus/$name"
  # shellcheck disable=SC2046 # budget's options are meant to split
  "build/fuzz/$name" "$work" "tests/fuzz/corpus/$name" $(budget "$name") -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=0 -artifact_prefix=build/fuzz/artifacts/"$name"- >"build/fuzz/$name.log" 2>&1
  status=$?
  rm -rf "$work"
  return $status
}
# report NAME STATUS: a passing target's run count, or a failing one's log tail and findings.
report() {
  local name=$1 status=$2 log=build/fuzz/$1.log
  echo "fuzz: $name, $(budget "$name") ($(ls "tests/fuzz/corpus/$name" | wc -l) seeds)"
  if [ "$status" -eq 0 ]; then
    grep -E "^Done [0-9]+ runs" "$log" | sed "s/^/  /"
  else
    tail -40 "$log"
    # The essentials again, compact, so that a log cut to its last lines still holds the reproducer.
    echo "fuzz: $name FAILED; its findings:"
    grep -E "ERROR|SUMMARY|unexpected|invariant failed|Base64|Test unit written|ALARM|out-of-memory" \
      "$log" | cut -c1-600 | head -12 | sed "s/^/  /"
  fi
}

# libFuzzer uses one core: the targets run side by side, one per core, and are reported in order.
names=()
for fuzzer in build/fuzz/*_fuzz; do names+=("$(basename "$fuzzer")"); done
declare -A pid_of status_of
for name in "${names[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$(nproc)" ]; do wait -n; done
  fuzz_one "$name" &
  pid_of[$name]=$!
done
passed=0 failed=0
for name in "${names[@]}"; do
  wait "${pid_of[$name]}"
  status_of[$name]=$?
  report "$name" "${status_of[$name]}"
  if [ "${status_of[$name]}" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
