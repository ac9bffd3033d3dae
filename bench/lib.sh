# Set-up shared by the bench scripts, sourced by each after `set -euo pipefail`, not run: sets
# `root` (the project's root) and `bench_dir`, brings in scripts/lib.sh (ensure_packages,
# configure_and_build), and holds the steps that the scripts take alike.
# shellcheck shell=bash
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=SCRIPTDIR/../scripts/lib.sh
source "$root/scripts/lib.sh"

# Where the generated inputs are kept from run to run: making them takes longer than measuring.
# shellcheck disable=SC2034 # read by the scripts that source this
bench_dir=${SIPWHY_BENCH_DIR:-/tmp}

# release_build BUILD_DIR TARGET...: sets `build` to BUILD_DIR made absolute and builds the
# targets there in Release, the build that docs/performance.md gives the figures of.
release_build() {
    build=$(realpath -m "$1")
    shift
    configure_and_build "$build" "-DCMAKE_BUILD_TYPE=Release" "$@"
}

# revision_build REV: sipwhy as it was at revision REV, built in Release in a temporary worktree
# that goes at exit; sets `base` to that binary (the figures' "before").
revision_build() {
    work=$(mktemp -d)
    trap 'git -C "$root" worktree remove --force "$work/tree" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
    git -C "$root" worktree add --detach "$work/tree" "$1" >/dev/null 2>&1
    if ! cmake -S "$work/tree" -B "$work/build" -DCMAKE_BUILD_TYPE=Release \
        -DSIPWHY_BUILD_TESTS=OFF >"$work/build.log" 2>&1 ||
        ! cmake --build "$work/build" -j "$(nproc)" --target sipwhy >>"$work/build.log" 2>&1; then
        cat "$work/build.log" >&2
        exit 1
    fi
    # shellcheck disable=SC2034 # read by the scripts that call this
    base=$work/build/sipwhy
}

# make_log FILE SIZE SEED: sipwhy_genlog's log of SIZE bytes in mixed framings, unless FILE holds
# one already (the same seed makes the same bytes, so a kept one serves).
make_log() {
    [ -s "$1" ] || "$build/sipwhy_genlog" "$2" mixed "$3" > "$1"
}

# make_capture FILE SIZE SEED: the same for sipwhy_gencap's packet capture.
make_capture() {
    [ -s "$1" ] || "$build/sipwhy_gencap" "$2" "$3" > "$1"
}

# hyperfine_table HYPERFINE_ARGS...: one hyperfine run, of which only the markdown table is
# printed (the progress bars and the summary would clutter what goes into docs/performance.md).
hyperfine_table() {
    local md status
    md=$(mktemp)
    hyperfine --export-markdown "$md" "$@" >/dev/null || {
        status=$?
        rm -f "$md"
        return "$status"
    }
    cat "$md"
    rm -f "$md"
}
