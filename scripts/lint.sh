#!/usr/bin/env bash
# Lint and format checks, writing nothing: Biome (biome.json) over the JS, clang-format (.clang-format)
# over the C++ tracked by git. Fails on any lint finding (warnings included) or unformatted file.
# `bash scripts/lint.sh --write` (npm run format) rewrites the files instead: biome format --write
# and clang-format -i (lint findings are left to fix by hand).
set -uo pipefail
cd "$(dirname "$0")/.."

# The C++ files, from git (so build trees and generated glue are never listed).
mapfile -t cpp < <(git ls-files '*.cpp' '*.hpp' '*.h')

if [ "${1:-}" = "--write" ]; then
  npx biome format --write . && clang-format -i "${cpp[@]}"
  exit
fi

status=0
echo "lint: biome ci (lint + format) over the JS"
npx biome ci --error-on-warnings . || status=1
echo "lint: clang-format --dry-run over ${#cpp[@]} C++ files"
clang-format --dry-run --Werror "${cpp[@]}" || status=1
[ "$status" -eq 0 ] && echo "lint: clean"
exit "$status"
