#!/usr/bin/env bash
# Cross-builds Peilstok for 64-bit Windows on Debian, and its installer:
#   target/windows/x86_64-pc-windows-gnu/release/peilstok.exe
#   target/windows/Peilstok-Setup-<version>.exe
# rustup cannot download Windows targets here, so Debian's own Rust (rustc-web, with the
# standard library's source) builds the standard library for the target (-Zbuild-std), and
# mingw links. The host toolchain's target/ is left alone: this one builds in target/windows.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 nsis)
. scripts/ensure-packages.sh
ensure_packages "${packages[@]}"

export PATH="/usr/bin:$PATH"
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc
export CXX_x86_64_pc_windows_gnu=x86_64-w64-mingw32-g++
export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
export WINDRES=x86_64-w64-mingw32-windres
export CARGO_TARGET_DIR="$PWD/target/windows"

echo "== building peilstok.exe (release, x86_64-pc-windows-gnu)"
start=$(date +%s)
/usr/bin/cargo build --release --locked -Zbuild-std=std,panic_abort \
    --target x86_64-pc-windows-gnu --bin peilstok
exe="$CARGO_TARGET_DIR/x86_64-pc-windows-gnu/release/peilstok.exe"
echo "   $(du -h "$exe" | cut -f1) in $(( $(date +%s) - start )) s"

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
setup="$CARGO_TARGET_DIR/Peilstok-Setup-$version.exe"
echo "== building the installer $(basename "$setup")"
makensis -V2 -DVERSION="$version" -DEXE="$exe" -DOUTFILE="$setup" \
    -DICON="$PWD/packaging/icons/peilstok.ico" packaging/windows/installer.nsi
echo "   $(du -h "$setup" | cut -f1)"
