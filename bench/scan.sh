#!/usr/bin/env bash
# Scan speed: `sipwhy --summary` against `LC_ALL=C grep -c 'SIP/2.0 [0-9]'` (issue "Scan logs": at
# least twice as fast) and `rg -c 'SIP/2.0 [0-9]'` (issues "Responses reported in words": within
# 0.75 of its time, "Every mode as fast as the scan": 0.5) on the same 500 MB generated log, side
# by side in one hyperfine run; and `sipwhy -j 1 --summary`, the file read on one core; and the
# same two with `--findings`, the summary that reads the failures' headers and requests.
#
#   bench/scan.sh [BUILD_DIR]     (default: build, as made by scripts/run)
#
# The log is made once by sipwhy_genlog (mixed framings, seed 1) and kept in $SIPWHY_BENCH_DIR
# (default /tmp). Both commands read it from the page cache after the warm-up runs.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_packages hyperfine ripgrep
release_build "${1:-$root/build}" sipwhy sipwhy_genlog

log=$bench_dir/sipwhy-bench-500M.log
make_log "$log" 500M 1
hyperfine_table --warmup 2 --runs 10 --output=pipe \
    --command-name "LC_ALL=C grep -c 'SIP/2.0 [0-9]'" "LC_ALL=C grep -c 'SIP/2.0 [0-9]' $log" \
    --command-name "rg -c 'SIP/2.0 [0-9]'" "rg -c 'SIP/2.0 [0-9]' $log" \
    --command-name "sipwhy --summary" "$build/sipwhy --summary $log" \
    --command-name "sipwhy -j 1 --summary" "$build/sipwhy -j 1 --summary $log" \
    --command-name "sipwhy --findings" "$build/sipwhy --findings $log" \
    --command-name "sipwhy -j 1 --findings" "$build/sipwhy -j 1 --findings $log"
echo
echo "The Relative column is each command's time over the fastest one's."
