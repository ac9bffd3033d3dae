#!/usr/bin/env bash
# CPU time of each scan mode on the same generated log, for two builds side by side: this tree
# and another revision (default dabed34, the last one whose log scans read no requests), so that
# what a change costs each mode is measured, not guessed.
#
#   bench/modes.sh [BASE_REVISION] [BUILD_DIR]   (default: dabed34, build as made by scripts/run)
#
# The base revision is checked out into a temporary worktree and built there. The log is made by
# sipwhy_genlog (50 MB, mixed framings, seed 1) in $SIPWHY_BENCH_DIR (default /tmp). Each figure
# is `perf stat -r 7 -e task-clock` (CPU milliseconds), output to /dev/null.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
base_rev=${1:-dabed34}
build=$(realpath -m "${2:-$root/build}")
source "$root/scripts/lib.sh"
ensure_packages linux-perf
configure_and_build "$build" "-DCMAKE_BUILD_TYPE=Release" sipwhy sipwhy_genlog

work=$(mktemp -d)
trap 'git -C "$root" worktree remove --force "$work/tree" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
git -C "$root" worktree add --detach "$work/tree" "$base_rev" >/dev/null 2>&1
cmake -S "$work/tree" -B "$work/build" -DCMAKE_BUILD_TYPE=Release >"$work/build.log" 2>&1 &&
    cmake --build "$work/build" -j "$(nproc)" --target sipwhy >>"$work/build.log" 2>&1 ||
    { cat "$work/build.log" >&2; exit 1; }

log=${SIPWHY_BENCH_DIR:-/tmp}/sipwhy-bench-50M.log
[ -s "$log" ] || "$build/sipwhy_genlog" 50M mixed 1 > "$log"

cpu_ms() {
    perf stat -r 7 -x, -e task-clock "$@" 2>&1 >/dev/null | cut -d, -f1
}
echo "| mode | $base_rev | this tree | ratio |"
echo "|---|---|---|---|"
for mode in "" "--json" "--calls" "--summary"; do
    before=$(cpu_ms "$work/build/sipwhy" $mode "$log")
    after=$(cpu_ms "$build/sipwhy" $mode "$log")
    awk -v m="${mode:+$mode }" -v b="$before" -v a="$after" \
        'BEGIN { printf "| `sipwhy %sLOG` | %.0f | %.0f | %.2f |\n", m, b, a, a / b }'
done
