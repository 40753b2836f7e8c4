#!/bin/sh
# `make run`: the kiosk on this machine, with its data under var/.
# With a display it opens the kiosk window; without one it runs the scripted tour headless
# and says where the screenshots went.
set -eu
cd "$(dirname "$0")/.."
BIN=.venv/bin
OUT=${OUT:-out}
mkdir -p var "$OUT"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "Buurtkiosk opens in a window (data in var/kiosk.db)."
    exec "$BIN/buurtkiosk" --db var/kiosk.db --printer emulator --receipts "$OUT/receipts" "$@"
fi
echo "No display: running the scripted tour headless, with the printer emulator."
rm -rf "$OUT/demo" "$OUT/receipts"
mkdir -p "$OUT/receipts"
SDL_VIDEODRIVER=offscreen "$BIN/buurtkiosk" --db var/demo.db --printer emulator \
    --receipts "$OUT/receipts" --demo "$OUT/demo" "$@"
echo "Screenshots of every screen: $(cd "$OUT/demo" && pwd)/"
ls "$OUT/demo"
echo "Receipts (PNG as printed, and the raw ESC/POS bytes): $(cd "$OUT/receipts" && pwd)/"
ls "$OUT/receipts"
