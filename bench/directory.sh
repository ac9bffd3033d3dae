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
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(realpath -m "${1:-$root/build}")
source "$root/scripts/lib.sh"
ensure_packages hyperfine ripgrep
configure_and_build "$build" "-DCMAKE_BUILD_TYPE=Release" sipwhy sipwhy_genlog

dir=${SIPWHY_BENCH_DIR:-/tmp}/sipwhy-bench-dir
mkdir -p "$dir"
for i in 1 2 3 4 5 6 7 8; do
    [ -s "$dir/sip.log.$i" ] || "$build/sipwhy_genlog" 62500000 mixed "$i" > "$dir/sip.log.$i"
done
md=$(mktemp)
trap 'rm -f "$md"' EXIT
echo "$(nproc) cores"
hyperfine --warmup 2 --runs 10 --output=pipe --export-markdown "$md" \
    --command-name "rg -c 'SIP/2.0 [0-9]' DIR" "rg -c 'SIP/2.0 [0-9]' $dir" \
    --command-name "sipwhy --summary DIR" "$build/sipwhy --summary $dir" \
    --command-name "sipwhy -j 1 --summary DIR" "$build/sipwhy -j 1 --summary $dir" >/dev/null
cat "$md"
echo
hyperfine --warmup 2 --runs 10 --output=pipe --export-markdown "$md" \
    --command-name "rg -n 'SIP/2.0 [0-9]' DIR" "rg -n 'SIP/2.0 [0-9]' $dir" \
    --command-name "sipwhy DIR" "$build/sipwhy $dir" \
    --command-name "sipwhy -j 1 DIR" "$build/sipwhy -j 1 $dir" >/dev/null
cat "$md"
