#!/usr/bin/env bash
# A directory of eight rotated logs, read on every core (issue "Every mode as fast as the scan"):
# `sipwhy --summary DIR` and `sipwhy DIR` (a line per response) against `rg -c` and `rg -n` on the
# same directory, in one hyperfine run each; and sipwhy with -j 1 beside them, for what the
# parallel scan adds.
#
#   bench/directory.sh [BUILD_DIR]     (default: build, as made by scripts/run)
#
# The logs are made once by sipwhy_genlog (62.5 MB each, 500 MB in all, mixed framings, seeds 1
# to 8) in $SIPWHY_BENCH_DIR/sipwhy-bench-dir (default /tmp). Output goes to a pipe.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_packages hyperfine ripgrep
release_build "${1:-$root/build}" sipwhy sipwhy_genlog

dir=$bench_dir/sipwhy-bench-dir
mkdir -p "$dir"
for i in 1 2 3 4 5 6 7 8; do
    make_log "$dir/sip.log.$i" 62500000 "$i"
done
echo "$(nproc) cores"
hyperfine_table --warmup 2 --runs 10 --output=pipe \
    --command-name "rg -c 'SIP/2.0 [0-9]' DIR" "rg -c 'SIP/2.0 [0-9]' $dir" \
    --command-name "sipwhy --summary DIR" "$build/sipwhy --summary $dir" \
    --command-name "sipwhy -j 1 --summary DIR" "$build/sipwhy -j 1 --summary $dir"
echo
hyperfine_table --warmup 2 --runs 10 --output=pipe \
    --command-name "rg -n 'SIP/2.0 [0-9]' DIR" "rg -n 'SIP/2.0 [0-9]' $dir" \
    --command-name "sipwhy DIR" "$build/sipwhy $dir" \
    --command-name "sipwhy -j 1 DIR" "$build/sipwhy -j 1 $dir"
