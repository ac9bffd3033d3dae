#!/usr/bin/env bash
# The man page renders without warnings, and documents every option of --help.
#   man_test.sh MAN_PAGE SIPWHY
set -euo pipefail
page=$1
sipwhy=$2
warnings=$(groff -ww -man -Tutf8 -z "$page" 2>&1)
if [ -n "$warnings" ]; then
    echo "groff warnings:" >&2
    echo "$warnings" >&2
    exit 1
fi
rendered=$(groff -man -Tascii -P-cbou "$page" 2>/dev/null)
missing=0
for option in $("$sipwhy" --help | grep -oE -- '--[a-z][a-z-]+' | sort -u); do
    if ! grep -qF -- "$option" <<<"$rendered"; then
        echo "the man page does not document $option" >&2
        missing=1
    fi
done
for command in explain scan list search q850 cause; do
    grep -q "^ *$command" <<<"$rendered" || { echo "the man page does not document $command" >&2; missing=1; }
done
exit $missing
