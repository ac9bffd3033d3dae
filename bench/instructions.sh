#!/usr/bin/env bash
# Instructions executed by each scan mode (valgrind's callgrind), for this tree and another
# revision, on the same 20 MB generated log: a count that does not move with the load of a shared
# machine, where CPU times move by a third from run to run.
#
#   bench/instructions.sh [BASE_REVISION] [BUILD_DIR]   (default: 5a564f7, build as made by scripts/run)
#
# The base revision is checked out into a temporary worktree and built there. The log is the
# first 20 MB of sipwhy_genlog's 50 MB log (mixed framings, seed 1) in $SIPWHY_BENCH_DIR (default
# /tmp). Summaries run with -j 1, so that a split scan's overlap is not counted.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
base_rev=${1:-5a564f7}
build=$(realpath -m "${2:-$root/build}")
source "$root/scripts/lib.sh"
ensure_packages valgrind
configure_and_build "$build" "-DCMAKE_BUILD_TYPE=Release" sipwhy sipwhy_genlog

work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/tree" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$root" worktree add --detach "$work/tree" "$base_rev" >/dev/null 2>&1
cmake -S "$work/tree" -B "$work/build" -DCMAKE_BUILD_TYPE=Release -DSIPWHY_BUILD_TESTS=OFF \
    >"$work/build.log" 2>&1 &&
    cmake --build "$work/build" -j "$(nproc)" --target sipwhy >>"$work/build.log" 2>&1 ||
    { cat "$work/build.log" >&2; exit 1; }

dir=${SIPWHY_BENCH_DIR:-/tmp}
[ -s "$dir/sipwhy-bench-50M.log" ] || "$build/sipwhy_genlog" 50M mixed 1 > "$dir/sipwhy-bench-50M.log"
log=$dir/sipwhy-bench-20M.log
[ -s "$log" ] || head -c 20000000 "$dir/sipwhy-bench-50M.log" > "$log"

instructions() {
    local out="$work/callgrind.out"
    valgrind --tool=callgrind --callgrind-out-file="$out" "$@" "$log" >/dev/null 2>&1
    awk '/^summary:/ { print $2 / 1e6; exit }' "$out"
}
echo "| mode | $base_rev | this tree | ratio |"
echo "|---|---:|---:|---:|"
for mode in "" "--json" "--calls" "--flow" "-j 1 --summary" "-j 1 --summary --by hour"; do
    before=$(instructions "$work/build/sipwhy" $mode)
    after=$(instructions "$build/sipwhy" $mode)
    awk -v m="${mode:+$mode }" -v b="$before" -v a="$after" \
        'BEGIN { printf "| `sipwhy %sLOG` | %.0f M | %.0f M | %.2f |\n", m, b, a, a / b }'
done
