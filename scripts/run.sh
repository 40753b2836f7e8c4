#!/bin/sh
# `make run`: the kiosk on this machine, with its data under var/, a local central store on
# SQLite (started in the background, once) and the printer emulator.
# With a display it opens the kiosk window; without one it runs the scripted tour headless
# and says where the screenshots and receipts went.
set -eu
cd "$(dirname "$0")/.."
BIN=.venv/bin
OUT=${OUT:-out}
mkdir -p var "$OUT/receipts"
CENTRAL_URL=
TOKEN_FILE=
eval "$(scripts/central-dev.sh var "${CENTRAL_PORT:-8700}")"
echo "Central store: $CENTRAL_URL (log: var/central.log, stop: kill \$(cat var/central.pid))"
SYNC="--central $CENTRAL_URL --token-file $TOKEN_FILE"
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
    echo "Buurtkiosk opens in a window (data in var/kiosk.db)."
    # shellcheck disable=SC2086  # SYNC is a list of flags
    exec "$BIN/buurtkiosk" --db var/kiosk.db --printer emulator --receipts "$OUT/receipts" \
        $SYNC "$@"
fi
echo "No display: running the scripted tour headless, with the printer emulator."
rm -rf "$OUT/demo" "$OUT/receipts"
mkdir -p "$OUT/receipts"
# shellcheck disable=SC2086
SDL_VIDEODRIVER=offscreen "$BIN/buurtkiosk" --db var/kiosk.db --printer emulator \
    --receipts "$OUT/receipts" $SYNC --demo "$OUT/demo" "$@"
echo "Screenshots of every screen: $(cd "$OUT/demo" && pwd)/"
ls "$OUT/demo"
echo "Receipts (PNG as printed, and the raw ESC/POS bytes): $(cd "$OUT/receipts" && pwd)/"
ls "$OUT/receipts"
echo "Follow a request up on a 'phone': open the QR code's address, e.g. $CENTRAL_URL/r/<token>"
