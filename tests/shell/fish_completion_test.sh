#!/usr/bin/env bash
# The fish completion: codes after explain and list, comma lists, cause names, asked the way fish
# asks (complete -C).  fish_completion_test.sh COMPLETION_FILE SIPWHY_DIR
# Exits 77 (skipped) when fish is not installed.
set -uo pipefail
completion=$1
export PATH="$2:$PATH"
command -v fish >/dev/null || { echo "fish is not installed: skipping" >&2; exit 77; }
status=0

expect() {  # expect DESCRIPTION WANTED COMMANDLINE: WANTED is among the candidates
    local what=$1 wanted=$2 line=$3 got
    got=$(fish --no-config -c "source '$completion'; complete -C '$line'" | cut -f1)
    if ! grep -qxF -- "$wanted" <<<"$got"; then
        echo "FAIL: $what: '$wanted' not offered for: $line" >&2
        head -10 <<<"$got" | sed 's/^/  got: /' >&2
        status=1
    fi
}

expect "codes after explain" 486 "sipwhy explain 48"
expect "codes after list" 603 "sipwhy list 60"
expect "codes as the first operand" 480 "sipwhy 48"
expect "a comma list of classes" "4xx,5xx" "sipwhy --class 4xx,"
expect "a comma list of categories" "busy,media" "sipwhy --category busy,me"
expect "cause names" USER_BUSY "sipwhy cause USER_B"
expect "commands" search "sipwhy sea"
exit $status
