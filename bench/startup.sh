#!/usr/bin/env bash
# Start-up cost: `sipwhy 486` against a C hello-world (puts) and a C++ one (iostream), side by side
# in one hyperfine run. The targets: within 2 times the C one (issue "Every mode as fast as the
# scan"), within 4 times the C++ one (issue "Foundation").
#
#   bench/startup.sh [BUILD_DIR]      (default: build, as made by scripts/run)
#
# Prints hyperfine's markdown table; its Relative column is the ratio. docs/performance.md
# records the figures.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
build=$(realpath -m "${1:-$root/build}")
ensure_packages hyperfine gcc g++
[ -x "$build/sipwhy" ] || configure_and_build "$build" "-DCMAKE_BUILD_TYPE=Release" sipwhy

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gcc -O2 -o "$work/hello-c" "$root/bench/hello.c"
g++ -O2 -std=c++20 -o "$work/hello" "$root/bench/hello.cpp"

hyperfine_table --warmup 50 --runs 1000 -N \
    --command-name "hello-world (C)" "$work/hello-c" \
    --command-name "hello-world (C++)" "$work/hello" \
    --command-name "sipwhy 486" "$build/sipwhy 486"
echo
echo "The Relative column is the ratio to the fastest, the C hello-world (target for sipwhy: 2)."
