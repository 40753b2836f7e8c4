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
if ! running; then
    if healthy; then
        echo "Port $PORT already has a central store that is not this one ($DATA/central.pid)." >&2
        echo "Stop it, or give another port: scripts/central-dev.sh $DATA OTHER_PORT" >&2
        exit 1
    fi
    nohup "$BIN/buurtkiosk-central" serve --db "$DB" --host 127.0.0.1 --port "$PORT" \
        --public-url "$URL" >"$DATA/central.log" 2>&1 &
    echo $! >"$DATA/central.pid"
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
echo "CENTRAL_URL=$URL"
echo "TOKEN_FILE=$DATA/kiosk.token"
