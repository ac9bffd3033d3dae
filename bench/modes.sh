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
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
base_rev=${1:-dabed34}
ensure_packages linux-perf
release_build "${2:-$root/build}" sipwhy sipwhy_genlog

revision_build "$base_rev"

log=$bench_dir/sipwhy-bench-50M.log
make_log "$log" 50M 1

cpu_ms() {
    perf stat -r 7 -x, -e task-clock "$@" 2>&1 >/dev/null | cut -d, -f1
}
echo "| mode | $base_rev | this tree | ratio |"
echo "|---|---|---|---|"
for mode in "" "--json" "--calls" "--summary"; do
    before=$(cpu_ms "$base" $mode "$log")
    after=$(cpu_ms "$build/sipwhy" $mode "$log")
    awk -v m="${mode:+$mode }" -v b="$before" -v a="$after" \
        'BEGIN { printf "| `sipwhy %sLOG` | %.0f | %.0f | %.2f |\n", m, b, a, a / b }'
done
