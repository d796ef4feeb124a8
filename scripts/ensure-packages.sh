# Sourced by .ci/run and the scripts: `ensure_packages PACKAGE…` installs the Debian packages
# that are missing (as root, or through sudo), with one `apt-get update` per run.
ensure_packages() {
    if dpkg -s "$@" >/dev/null 2>&1; then
        return 0
    fi
    echo "== installing $*"
    local as_root=""
    if [ "$(id -u)" -ne 0 ]; then as_root="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    if [ -z "${PEILSTOK_APT_UPDATED:-}" ]; then
        $as_root apt-get update -qq
        export PEILSTOK_APT_UPDATED=1
    fi
    $as_root apt-get install -y -qq --no-install-recommends "$@"
}
