#!/usr/bin/env bash
# Capture scan speed: sipwhy against `tshark -r F -Y sip.Status-Code -T fields -e sip.Status-Code`
# on the same 200 MB generated capture, side by side in one hyperfine run (issue "Read packet
# captures": sipwhy at least 5 times faster).
#
#   bench/capture.sh [BUILD_DIR]     (default: build, as made by scripts/run)
#
# The capture is made once by sipwhy_gencap (seed 1: 855,000 packets, SIP over UDP, TCP and
# IPv6 with RTP media) and kept in $SIPWHY_BENCH_DIR (default /tmp). Every command reads it from
# the page cache after the warm-up run.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_packages hyperfine tshark
release_build "${1:-$root/build}" sipwhy sipwhy_gencap

cap=$bench_dir/sipwhy-bench-200M.pcap
make_capture "$cap" 200M 1
hyperfine_table --warmup 1 --runs 5 --output=pipe \
    --command-name "tshark -Y sip.Status-Code" "tshark -r $cap -Y sip.Status-Code -T fields -e sip.Status-Code" \
    --command-name "sipwhy (one line per response)" "$build/sipwhy $cap" \
    --command-name "sipwhy --summary" "$build/sipwhy --summary $cap"
echo
echo "The Relative column of the tshark row says how many times longer tshark takes (target: at least 5)."
