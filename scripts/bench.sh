#!/usr/bin/env bash
# Runs every benchmark of docs/performance.md in one go, so that the figures stand side by side
# from one run on one machine (on a shared VM they move between runs; compare within a run).
# Usage: scripts/bench.sh [scale]   (with `scale`: only the national-scale figures)
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/ensure-packages.sh
# The yardstick for opening a document: SQLite's own shell reading every row.
ensure_packages sqlite3

if [ "${1:-}" != "scale" ]; then
    cargo bench --bench import
    cargo bench --bench export
    cargo bench --bench exchange
    cargo bench --bench quadratic
fi

# National scale: about half a million values.
cargo bench --bench scale
cargo build --release --bin peilstok --example scale_memory
document="$(mktemp -d)/landelijk.peilstok"
target/release/peilstok generate --out "$document" --programmes 342 --indicators 60 --years 12
ls -l "$document"
target/release/examples/scale_memory "$document"
rm -rf "$(dirname "$document")"
