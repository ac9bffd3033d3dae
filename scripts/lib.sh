# Shared set-up for scripts/run and scripts/test: install missing Debian packages, then configure
# and build with CMake. Sourced, not run.

# The Debian packages sipwhy needs to build and test (ccache: the builds of scripts/run,
# scripts/test and scripts/package share the objects that they compile alike).
SIPWHY_PACKAGES=(cmake make g++ ccache libcli11-dev nlohmann-json3-dev libfmt-dev zlib1g-dev libpcap-dev libisal-dev libgtest-dev groff-base librsvg2-bin)

sipwhy_root() {
    cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd
}

# Whether the Debian package PKG is installed.
package_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
}

# Installs the packages given that are not installed yet, through sudo when not root. Says the
# exact command and fails when that is impossible.
ensure_packages() {
    local missing=() pkg
    for pkg in "$@"; do
        if ! package_installed "$pkg"; then
            missing+=("$pkg")
        fi
    done
    [ ${#missing[@]} -eq 0 ] && return 0

    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
            sudo=(sudo)
        else
            echo "sipwhy: missing packages: ${missing[*]}" >&2
            echo "sipwhy: install them with: sudo apt-get install -y ${missing[*]}" >&2
            return 1
        fi
    fi
    echo "sipwhy: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    if ! "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; then
        # A fresh machine may not have package lists yet.
        "${sudo[@]}" apt-get update -q >/dev/null &&
            "${sudo[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null || {
            echo "sipwhy: could not install: ${missing[*]}" >&2
            echo "sipwhy: try: ${sudo[*]:+${sudo[*]} }apt-get update && ${sudo[*]:+${sudo[*]} }apt-get install -y ${missing[*]}" >&2
            return 1
        }
    fi
}

# configure_and_build BUILD_DIR "CMAKE ARGS..." [TARGET...]: configures, then builds incrementally.
# BUILD_DIR is absolute or relative to the project root. Quiet when all goes well; on failure shows
# the compiler's output and fails.
configure_and_build() {
    local dir=$1 args=$2
    shift 2
    local root log
    root=$(sipwhy_root)
    case $dir in /*) ;; *) dir=$root/$dir ;; esac
    mkdir -p "$dir"
    log="$dir/build.log"
    local targets=() t
    for t in "$@"; do
        targets+=(--target "$t")
    done
    local launcher=()
    command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
    # shellcheck disable=SC2086 # the arguments are a list
    if ! { cmake -S "$root" -B "$dir" $args "${launcher[@]}" &&
           cmake --build "$dir" -j "$(nproc)" "${targets[@]}"; } >"$log" 2>&1; then
        cat "$log" >&2
        echo "sipwhy: the build failed (log: $log)" >&2
        return 1
    fi
}
