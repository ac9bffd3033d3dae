#!/usr/bin/env bash
# The bash completion: commands, options, option values (comma lists included) and codes, asked
# the way bash asks (COMP_WORDS, COMP_CWORD).  completion_test.sh COMPLETION_FILE SIPWHY_DIR
set -uo pipefail
completion=$1
export PATH="$2:$PATH"
# shellcheck source=/dev/null
source "$completion"
status=0

complete_words() {  # complete_words WORD...: the candidates for the last word
    COMP_WORDS=("$@")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMPREPLY=()
    _sipwhy
    printf '%s\n' "${COMPREPLY[@]}"
}

expect() {  # expect DESCRIPTION WANTED -- WORD...: WANTED is among the candidates
    local what=$1 wanted=$2 got
    shift 3
    # Captured first: grep -q in a pipe would end the writer early, which pipefail calls a failure.
    got=$(complete_words "$@")
    if ! grep -qxF -- "$wanted" <<<"$got"; then
        echo "FAIL: $what: '$wanted' not offered for: $*" >&2
        head -20 <<<"$got" | sed 's/^/  got: /' >&2
        status=1
    fi
}

expect_not() {
    local what=$1 unwanted=$2 got
    shift 3
    got=$(complete_words "$@")
    if grep -qxF -- "$unwanted" <<<"$got"; then
        echo "FAIL: $what: '$unwanted' offered for: $*" >&2
        status=1
    fi
}

expect "commands" search -- sipwhy se
expect "commands" q850 -- sipwhy ""
expect "codes as the first operand" 486 -- sipwhy 48
expect "codes after explain" 603 -- sipwhy explain 60
expect "codes after another code" 401 -- sipwhy 486 40
expect "options" --summary -- sipwhy --sum
expect "options" --next-step -- sipwhy --next
expect "category ids" media -- sipwhy --category me
expect "category ids in a list" busy,media -- sipwhy --category busy,me
expect "category ids after =" dialog_state -- sipwhy --category = dia
expect "next steps" try_next_route -- sipwhy --next-step try
expect "classes" 4xx -- sipwhy --class 4
expect "codes for --code" 487 -- sipwhy --code 48
expect "colour modes" never -- sipwhy --color n
expect "languages" ru -- sipwhy --lang r
expect "list patterns" 5xx -- sipwhy list 5
expect "q850 causes" 17 -- sipwhy q850 1
expect_not "no codes after search" 486 -- sipwhy search 48
expect "cause names" USER_BUSY -- sipwhy cause USER_B
expect "cause names in any case" AST_CAUSE_NO_ANSWER -- sipwhy cause ast_cause_no_a
expect "SIP.js cause names" REQUEST_TIMEOUT -- sipwhy cause REQUEST_T
expect "q850 causes the knowledge base knows" 127 -- sipwhy q850 12
expect_not "no q850 cause the knowledge base lacks" 13 -- sipwhy q850 1
expect_not "no colour mode taken as the first operand" 486 -- sipwhy --color 4
expect "the export and merge commands" export -- sipwhy exp
expect "export's tables" variants -- sipwhy export va
expect "live-source options" --listen-hep -- sipwhy --liste
expect "interfaces" any -- sipwhy -i an
expect "the operand after an interface is no file name" 486 -- sipwhy -i lo 48
if [[ $(complete -p sipwhy) != "complete -o filenames -F _sipwhy sipwhy" ]]; then
    echo "FAIL: sipwhy is not completed with -o filenames: $(complete -p sipwhy)" >&2
    status=1
fi
exit $status
