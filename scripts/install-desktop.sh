#!/usr/bin/env bash
# Installs Peilstok for the current user on a Linux desktop, in one step: builds it, puts the
# program in ~/.local/bin, and registers it with the desktop (menu entry, icon, the .peilstok
# file type, opening a .peilstok from the file manager). Nothing needs root.
set -euo pipefail
cd "$(dirname "$0")/.."

data="${XDG_DATA_HOME:-$HOME/.local/share}"
bin="$HOME/.local/bin"

cargo build --release
install -Dm755 target/release/peilstok "$bin/peilstok"
# The menu entry names the program by its full path: ~/.local/bin is not on every PATH.
mkdir -p "$data/applications"
sed "s|^Exec=peilstok |Exec=$bin/peilstok |" packaging/linux/peilstok.desktop \
    > "$data/applications/peilstok.desktop"
install -Dm644 packaging/linux/peilstok-mime.xml "$data/mime/packages/peilstok.xml"
install -Dm644 packaging/icons/peilstok.svg "$data/icons/hicolor/scalable/apps/peilstok.svg"
for size in 32 48 64 128 256; do
    install -Dm644 "packaging/icons/peilstok-$size.png" \
        "$data/icons/hicolor/${size}x${size}/apps/peilstok.png"
done

# Let the desktop know (each tool is optional: a missing one only delays the update).
command -v update-mime-database >/dev/null && update-mime-database "$data/mime"
command -v update-desktop-database >/dev/null && update-desktop-database "$data/applications"
command -v gtk-update-icon-cache >/dev/null \
    && gtk-update-icon-cache -q -t "$data/icons/hicolor" || true
command -v xdg-mime >/dev/null && xdg-mime default peilstok.desktop application/x-peilstok

echo "Peilstok is installed: $bin/peilstok, in the menu under Kantoor (Office), and it opens .peilstok files."
