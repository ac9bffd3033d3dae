#!/usr/bin/env bash
# A gzip'd log (issue "Every mode as fast as the scan"): `sipwhy --summary LOG.gz`, which inflates
# it with ISA-L as it reads (libisal, installed with libisal-dev), and the same with zlib
# (SIPWHY_LIBISAL=none), against `zcat LOG.gz | rg -c` and `rg -z -c` on the same file, and sipwhy
# on the plain log beside them for what inflating costs. One hyperfine run, output to a pipe.
#
#   bench/gzip.sh [BUILD_DIR]     (default: build, as made by scripts/run)
#
# The log is sipwhy_genlog's 50 MB mixed log (seed 1), gzip'd with `gzip -6` once, both kept in
# $SIPWHY_BENCH_DIR (default /tmp).
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_packages hyperfine ripgrep gzip libisal2
release_build "${1:-$root/build}" sipwhy sipwhy_genlog

log=$bench_dir/sipwhy-bench-50M.log
make_log "$log" 50M 1
[ -s "$log.gz" ] || gzip -6 -c "$log" > "$log.gz"
hyperfine_table --warmup 2 --runs 10 --output=pipe \
    --command-name "zcat LOG.gz | rg -c 'SIP/2.0 [0-9]'" "sh -c 'zcat $log.gz | rg -c \"SIP/2.0 [0-9]\"'" \
    --command-name "rg -z -c 'SIP/2.0 [0-9]' LOG.gz" "rg -z -c 'SIP/2.0 [0-9]' $log.gz" \
    --command-name "sipwhy --summary LOG.gz" "$build/sipwhy --summary $log.gz" \
    --command-name "SIPWHY_LIBISAL=none sipwhy --summary LOG.gz" \
    "env SIPWHY_LIBISAL=none $build/sipwhy --summary $log.gz" \
    --command-name "sipwhy --summary LOG" "$build/sipwhy --summary $log"
