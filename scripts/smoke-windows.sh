#!/usr/bin/env bash
# Smoke test of the Windows build (scripts/build-windows.sh) under Wine: the command line reads
# the sample, writes the report as a PDF that pdfinfo reads, imports seed 002's budget text, and
# goes round through the long CSV; then the window opens under Xvfb and is photographed
# (target/windows/window-under-wine.png).
#
# Wine 8 lacks bcryptprimitives.dll, whose ProcessPrng the Rust standard library calls. For this
# test only, a one-function stand-in (ProcessPrng by RtlGenRandom) is built with mingw and put
# beside the exe in a scratch folder; it is never shipped, and the real program is not changed.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
exe="$root/target/windows/x86_64-pc-windows-gnu/release/peilstok.exe"
[ -f "$exe" ] || { echo "smoke: build it first with scripts/build-windows.sh" >&2; exit 1; }

# Wine's X11 driver loads these at run time (without them: "no driver could be loaded").
packages=(wine64 gcc-mingw-w64-x86-64 poppler-utils xvfb xdotool imagemagick
    libx11-6 libxext6 libxrender1 libxcursor1 libxi6 libxrandr2 libxcomposite1 libxfixes3
    libxinerama1 libgl1 libgl1-mesa-dri)
. scripts/ensure-packages.sh
ensure_packages "${packages[@]}"

work="$(mktemp -d)"
cp "$exe" "$work/peilstok.exe"
cat > "$work/prng.c" <<'C'
#include <windows.h>
#include <ntsecapi.h>
/* The test's stand-in for bcryptprimitives.dll's ProcessPrng (absent in Wine 8). */
BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    return RtlGenRandom(data, (ULONG)length);
}
C
x86_64-w64-mingw32-gcc -shared -O2 -o "$work/bcryptprimitives.dll" "$work/prng.c" \
    -ladvapi32 -Wl,--kill-at
cp tests/fixtures/seeds/002_*.txt "$work/begroting.txt"

# The X server first: Wine's desktop process, started with the prefix, keeps the display it
# was started with (without one, no window can ever appear).
Xvfb :97 -screen 0 1280x720x24 >/dev/null 2>&1 &
xvfb=$!
trap '/usr/lib/wine/wineserver -k >/dev/null 2>&1 || true; kill "$xvfb" 2>/dev/null || true; rm -rf "$work"' EXIT
export DISPLAY=:97 LIBGL_ALWAYS_SOFTWARE=1
export WINEPREFIX="$work/prefix" WINEDEBUG=-all WINEDLLOVERRIDES="bcryptprimitives=n,b;mscoree=;mshtml="
wine=/usr/lib/wine/wine64
cd "$work"
"$wine" wineboot --init >/dev/null 2>&1 || true

echo "== peilstok.exe info sample"
"$wine" ./peilstok.exe info sample | tee info.txt
grep -q "Diemen" info.txt

echo "== peilstok.exe export sample --format pdf"
"$wine" ./peilstok.exe export sample --format pdf --out r.pdf
pdfinfo r.pdf | grep -E "^Pages:"

echo "== peilstok.exe import seed 002's text, and back through the long CSV"
"$wine" ./peilstok.exe import begroting.txt --into d.peilstok
"$wine" ./peilstok.exe export d.peilstok --format csv --out d.csv
"$wine" ./peilstok.exe import d.csv --into e.peilstok
"$wine" ./peilstok.exe export e.peilstok --format csv --out e.csv
cmp d.csv e.csv && echo "   the CSV comes back the same"
cells=$(tail -n +2 d.csv | wc -l)
[ "$cells" -gt 100 ] || { echo "smoke: only $cells rows imported" >&2; exit 1; }

echo "== the window, under Xvfb"
shown=no
# The first start of a fresh Wine prefix has once faulted before the window came up: try again.
for attempt in 1 2 3; do
    "$wine" ./peilstok.exe >"window-$attempt.log" 2>&1 &
    app=$!
    for _ in $(seq 1 120); do
        if xdotool search --name "Peilstok" >/dev/null 2>&1; then shown=yes; break; fi
        if ! kill -0 "$app" 2>/dev/null; then
            echo "   attempt $attempt: the program ended: $(tail -n 3 "window-$attempt.log")"
            break
        fi
        sleep 0.5
    done
    [ "$shown" = yes ] && break
    echo "   attempt $attempt: no window yet"
    kill "$app" 2>/dev/null || true
done
if [ "$shown" = yes ]; then
    sleep 4
    import -window root "$root/target/windows/window-under-wine.png"
    echo "   the window is up: target/windows/window-under-wine.png"
fi
kill "$app" 2>/dev/null || true
[ "$shown" = yes ] || { echo "smoke: the window did not come up under Wine" >&2; exit 1; }
echo "== the Windows build works under Wine"
