#!/usr/bin/env bash
# cmake --install into a fresh prefix: every file where it belongs, and the installed binary works
# from any directory.  install_test.sh BUILD_DIR
set -euo pipefail
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/sipwhy share/man/man1/sipwhy.1 share/bash-completion/completions/sipwhy \
         share/zsh/vendor-completions/_sipwhy share/fish/vendor_completions.d/sipwhy.fish \
         share/doc/sipwhy/README.md share/doc/sipwhy/json.md share/doc/sipwhy/knowledge-base.md \
         share/doc/sipwhy/categories.md share/doc/sipwhy/logs.md share/doc/sipwhy/calls.md \
         share/doc/sipwhy/performance.md share/doc/sipwhy/ARCHITECTURE.md; do
    [ -f "$prefix/$f" ] || { echo "missing after install: $f" >&2; exit 1; }
done
cd /
out=$("$prefix/bin/sipwhy" --brief 486)
case $out in
    "486 Busy Here - busy - retry_later - "*) ;;
    *) echo "unexpected output from the installed binary: $out" >&2; exit 1 ;;
esac
grep -q "^\.TH SIPWHY 1 .*\"sipwhy $("$prefix/bin/sipwhy" --version | head -1 | cut -d' ' -f2)\"" \
    "$prefix/share/man/man1/sipwhy.1" || { echo "the man page does not carry the version" >&2; exit 1; }
echo "installed and ran from $prefix"
