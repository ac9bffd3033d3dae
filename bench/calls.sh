#!/usr/bin/env bash
# What following calls costs (issue "Follow a call": `--summary` with the KPIs and `--by` within
# 1.2 times a plain `--summary`; issue "Every mode as fast as the scan": `--flow` and `--by` within
# 1.5 times `rg -n`): the CPU time of each mode that reads times, headers or requests, beside a
# plain summary and `rg -n`, on the same 50 MB generated log; and `--findings`, the summary that
# reads a log's failures and their requests for the findings.
#
#   bench/calls.sh [BUILD_DIR]     (default: build, as made by scripts/run)
#
# The log is sipwhy_genlog's (50 MB, mixed framings, seed 1) in $SIPWHY_BENCH_DIR (default /tmp).
# Each figure is `perf stat -r 7 -e task-clock` (CPU milliseconds), output to /dev/null.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_packages linux-perf ripgrep
release_build "${1:-$root/build}" sipwhy sipwhy_genlog

log=$bench_dir/sipwhy-bench-50M.log
make_log "$log" 50M 1
cpu_ms() {
    perf stat -r 7 -x, -e task-clock "$@" 2>&1 >/dev/null | cut -d, -f1
}
base=$(cpu_ms "$build/sipwhy" --summary "$log")
rg=$(cpu_ms rg -n 'SIP/2.0 [0-9]' "$log")
echo "| command | CPU ms | against --summary | against rg -n |"
echo "|---|---:|---:|---:|"
row() {
    local label=$1 ms
    shift
    ms=$(cpu_ms "$@")
    awk -v l="$label" -v m="$ms" -v b="$base" -v r="$rg" \
        'BEGIN { printf "| `%s` | %.0f | %.2f | %.2f |\n", l, m, m / b, m / r }'
}
row "rg -n 'SIP/2.0 [0-9]'" rg -n 'SIP/2.0 [0-9]' "$log"
row "sipwhy --summary" "$build/sipwhy" --summary "$log"
row "sipwhy --summary --by hour" "$build/sipwhy" --summary --by hour "$log"
row "sipwhy --findings" "$build/sipwhy" --findings "$log"
row "sipwhy --kpi" "$build/sipwhy" --kpi "$log"
row "sipwhy --kpi --by hour" "$build/sipwhy" --kpi --by hour "$log"
row "sipwhy --calls" "$build/sipwhy" --calls "$log"
row "sipwhy --flow" "$build/sipwhy" --flow "$log"
