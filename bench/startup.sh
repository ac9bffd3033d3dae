#!/usr/bin/env bash
# Start-up cost: `sipwhy 486` against a C++ hello-world binary, side by side in one hyperfine run.
# The target (issue "Foundation") is sipwhy within 4 times the hello-world wall time.
#
#   bench/startup.sh [BUILD_DIR]      (default: build, as made by scripts/run)
#
# Prints hyperfine's markdown table; its Relative column is the ratio. docs/performance.md
# records the figures.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(realpath -m "${1:-$root/build}")
source "$root/scripts/lib.sh"
ensure_packages hyperfine g++
[ -x "$build/sipwhy" ] || configure_and_build "$build" "-DCMAKE_BUILD_TYPE=Release" sipwhy

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
g++ -O2 -std=c++20 -o "$work/hello" "$root/bench/hello.cpp"

hyperfine --warmup 50 --runs 1000 -N --export-markdown "$work/result.md" \
    --command-name "hello-world (C++)" "$work/hello" \
    --command-name "sipwhy 486" "$build/sipwhy 486" >/dev/null
cat "$work/result.md"
echo
echo "The Relative column of the sipwhy row is the ratio to hello-world (target: at most 4)."
