#!/bin/sh
# For `make run`: start a central store on SQLite in the background (once), register this
# kiosk with it (once), and print CENTRAL_URL=… and TOKEN_FILE=… for the kiosk's flags
# (eval-able: the kiosk then runs with --central "$CENTRAL_URL" --token "$(cat "$TOKEN_FILE")").
#   usage: scripts/central-dev.sh [DATA_DIR] [PORT]
# The device token goes to DATA_DIR/kiosk.token (mode 600), never to the terminal.
set -eu
DATA=${1:-var}
PORT=${2:-8700}
BIN=${BIN:-.venv/bin}
DB="sqlite:///$DATA/central.sqlite3"
URL="http://127.0.0.1:$PORT"
mkdir -p "$DATA"

healthy() {
    "$BIN/python" -c "import httpx,sys; sys.exit(httpx.get('$URL/api/health', timeout=1).status_code != 200)" \
        >/dev/null 2>&1
}

running() {
    [ -s "$DATA/central.pid" ] && kill -0 "$(cat "$DATA/central.pid")" 2>/dev/null
}

"$BIN/buurtkiosk-central" migrate --db "$DB" >/dev/null
if running && [ "$(cat "$DATA/central.port" 2>/dev/null || echo 8700)" != "$PORT" ]; then
    echo "The central store of $DATA runs on port $(cat "$DATA/central.port" 2>/dev/null || echo 8700), not $PORT." >&2
    echo "Stop it first: kill \$(cat $DATA/central.pid)" >&2
    exit 1
fi
if ! running; then
    if healthy; then
        echo "Port $PORT already has a central store that is not this one ($DATA/central.pid)." >&2
        echo "Stop it, or give another port: scripts/central-dev.sh $DATA OTHER_PORT" >&2
        exit 1
    fi
    nohup "$BIN/buurtkiosk-central" serve --db "$DB" --host 127.0.0.1 --port "$PORT" \
        --public-url "$URL" >"$DATA/central.log" 2>&1 &
    echo $! >"$DATA/central.pid"
    echo "$PORT" >"$DATA/central.port"
    tries=0
    until healthy; do
        tries=$((tries + 1))
        if [ "$tries" -gt 100 ]; then
            echo "central store did not start; see $DATA/central.log" >&2
            exit 1
        fi
        sleep 0.1
    done
fi
if [ ! -s "$DATA/kiosk.token" ]; then
    umask 077
    "$BIN/buurtkiosk-central" add-kiosk --db "$DB" --name "dev-$(hostname)-$(date +%s)" \
        --buurthuis dev | tail -n 1 >"$DATA/kiosk.token"
fi
# Demo members (once): volunteer Sanne (PIN 246810) and verbinder Wim (PIN 135792) of the
# circle De Linde. Their card texts (BKLID-…, for a printed card or a scanner test) go to
# DATA/demo-cards.txt (mode 600), never to the terminal.
members=$("$BIN/buurtkiosk-central" list-members --db "$DB" --buurthuis dev)
if ! printf '%s\n' "$members" | grep -q "	Sanne	"; then
    "$BIN/buurtkiosk-central" add-circle --db "$DB" --buurthuis dev --code linde \
        --name "De Linde" --verbinder-name Wim --verbinder-phone "06 2345 6789" >/dev/null
    umask 077
    for member in "Sanne --phone 0611111111 --street Lindelaan --house-number 4 --pin 246810" \
        "Wim --phone 0623456789 --verbinder --pin 135792"; do
        # shellcheck disable=SC2086  # the words of $member are separate arguments
        added=$("$BIN/buurtkiosk-central" add-member --db "$DB" --buurthuis dev \
            --circle linde --first-name $member)
        printf '%s\n' "$added" | sed -n "s/^Card (print as QR code): /${member%% *} /p" \
            >>"$DATA/demo-cards.txt"
    done
fi
echo "CENTRAL_URL=$URL"
echo "TOKEN_FILE=$DATA/kiosk.token"
