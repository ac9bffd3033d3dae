#!/usr/bin/env bash
# Memory: the maximum resident set size of sipwhy on inputs of 1 GB (issue "Scan logs": under
# 64 MB whatever the input): a generated log as a file and from a pipe, in --summary, default and
# --calls modes, and a single 1 GB line with no newline; the log cut into eight files read on
# eight threads; then a generated 1 GB packet capture the same ways.
#
#   bench/memory.sh [BUILD_DIR]     (default: build, as made by scripts/run)
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_packages time
release_build "${1:-$root/build}" sipwhy sipwhy_genlog sipwhy_gencap

log=$bench_dir/sipwhy-bench-1G.log
make_log "$log" 1G 2
cap=$bench_dir/sipwhy-bench-1G.pcap
make_capture "$cap" 1G 2
# The same 1 GB log cut into eight rotated files, for the parallel scan (-j 8).
parts=$bench_dir/sipwhy-bench-1G-parts
if [ ! -s "$parts/sip.log.8" ]; then
    mkdir -p "$parts"
    split -n l/8 -a 1 --numeric-suffixes=1 "$log" "$parts/sip.log."
fi
rss() {  # rss LABEL COMMAND...: runs the command, prints its maximum RSS
    local label=$1 out
    shift
    out=$(/usr/bin/time -f '%M' -o /dev/stdout "$@" 2>/dev/null | tail -1 || true)
    printf '| %s | %s MB |\n' "$label" "$(awk -v k="$out" 'BEGIN { printf "%.1f", k / 1024 }')"
}
rss_pipe() {  # rss_pipe LABEL PRODUCER -- sipwhy ARGS: the RSS of sipwhy reading from a pipe
    local label=$1 producer=$2
    shift 3
    local out
    out=$(bash -c "$producer" | /usr/bin/time -f '%M' -o /dev/stdout "$@" 2>/dev/null | tail -1 || true)
    printf '| %s | %s MB |\n' "$label" "$(awk -v k="$out" 'BEGIN { printf "%.1f", k / 1024 }')"
}
echo "| input and mode | max RSS |"
echo "|---|---:|"
rss "1 GB file, --summary" "$build/sipwhy" --summary "$log"
rss "1 GB file, -j 8 --summary (eight parts)" "$build/sipwhy" -j 8 --summary "$log"
rss "1 GB file, -j 8 --findings (eight parts)" "$build/sipwhy" -j 8 --findings "$log"
rss "1 GB file, one line per response" "$build/sipwhy" "$log"
rss "1 GB file, --calls" "$build/sipwhy" --calls "$log"
rss "1 GB in eight files, -j 8 --summary" "$build/sipwhy" -j 8 --summary "$parts"
rss "1 GB in eight files, -j 8, one line per response" "$build/sipwhy" -j 8 "$parts"
rss "1 GB in eight files, -j 8 --json" "$build/sipwhy" -j 8 --json "$parts"
rss "1 GB in eight files, -j 8 --calls" "$build/sipwhy" -j 8 --calls "$parts"
rss_pipe "1 GB from a pipe, --summary" "cat '$log'" -- "$build/sipwhy" --summary
rss_pipe "1 GB from a pipe, --findings" "cat '$log'" -- "$build/sipwhy" --findings
rss_pipe "1 GB from a pipe, one line per response" "cat '$log'" -- "$build/sipwhy"
rss_pipe "a single 1 GB line, no newline" "head -c 1000000000 /dev/zero | tr '\\000' x" -- "$build/sipwhy"
rss "1 GB capture, --summary" "$build/sipwhy" --summary "$cap"
rss "1 GB capture, one line per response" "$build/sipwhy" "$cap"
rss "1 GB capture, --calls" "$build/sipwhy" --calls "$cap"
rss_pipe "1 GB capture from a pipe, one line per response" "cat '$cap'" -- "$build/sipwhy"
