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
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
base_rev=${1:-5a564f7}
ensure_packages valgrind
release_build "${2:-$root/build}" sipwhy sipwhy_genlog

revision_build "$base_rev"

dir=$bench_dir
make_log "$dir/sipwhy-bench-50M.log" 50M 1
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
    before=$(instructions "$base" $mode)
    after=$(instructions "$build/sipwhy" $mode)
    awk -v m="${mode:+$mode }" -v b="$before" -v a="$after" \
        'BEGIN { printf "| `sipwhy %sLOG` | %.0f M | %.0f M | %.2f |\n", m, b, a, a / b }'
done
