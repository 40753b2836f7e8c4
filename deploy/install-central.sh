#!/usr/bin/env bash
# Sets up the central store on a small Debian/Ubuntu server: PostgreSQL, a venv under
# /opt/buurtkiosk-central, the systemd service, a nightly backup and an nginx example.
# Safe to run again; it never overwrites /etc/buurtkiosk/central.env.
#
#   sudo deploy/install-central.sh --public-url https://buurtkiosk.example.nl
#   deploy/install-central.sh --root DIR ...   only lays the files into DIR (no apt, no
#                                              systemctl, no database), to check it anywhere.
# Then: nginx + certificate (see /etc/nginx/sites-available/buurtkiosk-central), and one
# device token per kiosk (every command needs the database URL from central.env):
#   sudo -u buurtkiosk-central sh -c 'set -a; . /etc/buurtkiosk/central.env;
#       exec /opt/buurtkiosk-central/current/bin/buurtkiosk-central add-kiosk --name kiosk-1'
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "$HERE/.." && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

ROOT=""
PUBLIC_URL=""
PORT=8080
DB_URL=""
while [ $# -gt 0 ]; do
    case $1 in
        --root) ROOT=${2:?--root needs a directory}; shift 2 ;;
        --public-url) PUBLIC_URL=${2?}; shift 2 ;;
        --port) PORT=${2?}; shift 2 ;;
        # Another database than the local PostgreSQL (e.g. sqlite:////var/lib/buurtkiosk-central/central.sqlite3).
        --db) DB_URL=${2?}; shift 2 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) die "onbekende optie: $1" ;;
    esac
done
[ -n "$PUBLIC_URL" ] || die "--public-url is nodig (het https-adres waarop telefoons de QR-links openen)"
case $PORT in *[!0-9]*|"") die "--port moet een getal zijn" ;; esac
if [ -n "$ROOT" ]; then
    mkdir -p "$ROOT"
    ROOT=$(cd "$ROOT" && pwd)
else
    [ "$(id -u)" = 0 ] || die "start dit script als root: sudo $0"
fi

APP=/opt/buurtkiosk-central
USER_NAME=buurtkiosk-central
VERSION=$(source_version "$SRC")
RELEASE=$APP/releases/$VERSION

say "Buurtkiosk centrale opslag $VERSION${ROOT:+ in $ROOT}"
system apt-get update -qq
system env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    python3 python3-venv python3-pip postgresql postgresql-client nginx

if [ -z "$ROOT" ] && ! id -u "$USER_NAME" >/dev/null 2>&1; then
    useradd --system --user-group --home-dir /var/lib/buurtkiosk-central --no-create-home \
        --shell /usr/sbin/nologin --comment "Buurtkiosk central" "$USER_NAME"
fi

dir 0755 root:root "$APP"
dir 0755 root:root "$APP/releases"
dir 0755 root:root "$APP/bin"
dir 0750 "root:$USER_NAME" /etc/buurtkiosk
dir 0750 "$USER_NAME:$USER_NAME" /var/lib/buurtkiosk-central
dir 0750 "$USER_NAME:$USER_NAME" /var/backups/buurtkiosk-central

if [ -n "$ROOT" ]; then
    mkdir -p "$ROOT$RELEASE/bin"
else
    make_venv "$SRC" "$RELEASE"
fi
printf '%s\n' "$VERSION" >"$ROOT$RELEASE/VERSION"
current=$(readlink "$ROOT$APP/current" 2>/dev/null || true)
if [ -n "$current" ] && [ "$current" != "$RELEASE" ]; then
    swap_link "$current" "$ROOT$APP/previous"
fi
swap_link "$RELEASE" "$ROOT$APP/current"
put 0755 root:root "$HERE/central/central-backup.sh" "$APP/bin/central-backup.sh"
put 0644 root:root "$HERE/README-raspberry-pi.md" "$APP/README-raspberry-pi.md"

# The database: a role named after the service user, reached over PostgreSQL's unix socket with
# peer authentication. No password exists, so none can leak: a URL with a password would be
# visible to every local user in the process list (`--db` is a command-line argument).
if [ ! -e "$ROOT/etc/buurtkiosk/central.env" ]; then
    if [ -z "$DB_URL" ]; then
        if [ -z "$ROOT" ]; then
            if ! runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_roles WHERE rolname='$USER_NAME'" | grep -q 1; then
                runuser -u postgres -- psql -q -c "CREATE ROLE \"$USER_NAME\" LOGIN"
            fi
            if ! runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname='buurtkiosk'" | grep -q 1; then
                runuser -u postgres -- createdb --owner="$USER_NAME" --encoding=UTF8 buurtkiosk
            fi
        fi
        DB_URL="postgresql+psycopg://$USER_NAME@/buurtkiosk?host=/var/run/postgresql"
    fi
    tmp=$(mktemp)
    cat >"$tmp" <<EOF
# Settings for buurtkiosk-central (systemd EnvironmentFile). Mode 0640, root:$USER_NAME:
# a database URL of your own may hold a password.
BUURTKIOSK_CENTRAL_DB=$DB_URL
BUURTKIOSK_CENTRAL_PUBLIC_URL=$PUBLIC_URL
BUURTKIOSK_CENTRAL_PORT=$PORT
EOF
    put 0640 "root:$USER_NAME" "$tmp" /etc/buurtkiosk/central.env
    rm -f "$tmp"
else
    say "  /etc/buurtkiosk/central.env bestaat al, niet aangeraakt"
fi

for unit in buurtkiosk-central.service buurtkiosk-central-backup.service buurtkiosk-central-backup.timer; do
    put 0644 root:root "$HERE/systemd/$unit" "/etc/systemd/system/$unit"
done
# An example only: it needs the real domain name and a certificate before nginx may load it.
put 0644 root:root "$HERE/nginx/buurtkiosk-central.conf" /etc/nginx/sites-available/buurtkiosk-central

live systemctl daemon-reload
enable_unit buurtkiosk-central.service multi-user.target
enable_unit buurtkiosk-central-backup.timer timers.target
live systemctl restart buurtkiosk-central.service
say "Klaar. Nu nog: nginx en het certificaat (zie /etc/nginx/sites-available/buurtkiosk-central)."
