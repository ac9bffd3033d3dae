#!/usr/bin/env bash
# Responses per code, sipwhy against tshark, on every capture in a directory (issue "Read packet
# captures": the counts are equal, and docs/captures.md explains each difference).
#
#   bench/compare-tshark.sh [DIR] [BUILD_DIR]
#
# DIR defaults to the shared corpus (../shared/corpus/pcap beside the project). tshark's count is
# that of `tshark -r F -Y sip.Status-Code -T fields -e sip.Status-Code` (a frame carrying several
# responses lists their codes with commas); sipwhy's, that of the responses in `sipwhy --json F`.
# Prints one table row per capture; exits 1 when some capture differs.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir=${1:-$root/../shared/corpus/pcap}
ensure_packages tshark jq
release_build "${2:-$root/build}" sipwhy
[ -d "$dir" ] || { echo "compare-tshark: no directory $dir" >&2; exit 2; }

counts() {  # reads one code per line; prints "code:count ..." in code order
    sort -n | uniq -c | awk '{ printf "%s%s:%s", (NR > 1 ? " " : ""), $2, $1 }'
}

differ=0
echo "| capture | sipwhy | tshark | |"
echo "|---|---|---|---|"
for file in "$dir"/*; do
    [ -f "$file" ] || continue
    # sipwhy exits 1 when a capture holds no response, as grep does.
    ours=$({ "$build/sipwhy" --json "$file" || [ $? -eq 1 ]; } | jq -r 'select(.code != null) | .code' | counts)
    theirs=$(tshark -r "$file" -Y sip.Status-Code -T fields -e sip.Status-Code 2>/dev/null | tr ',' '\n' |
             grep -E '^[0-9]+$' | counts || true)
    verdict=same
    if [ "$ours" != "$theirs" ]; then
        verdict=differs
        differ=1
    fi
    echo "| $(basename "$file") | ${ours:--} | ${theirs:--} | $verdict |"
done
if [ "$differ" -ne 0 ]; then
    echo
    echo "docs/captures.md explains each difference found on the shared corpus."
fi
exit "$differ"
