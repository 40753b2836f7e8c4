#!/usr/bin/env bash
# Puts a new Buurtkiosk version on the Pi and keeps the one before it for a rollback.
#
#   sudo deploy/upgrade.sh              install the version in this checkout
#   sudo /opt/buurtkiosk/deploy/upgrade.sh --rollback
#                                       go back to the previous version
#   deploy/upgrade.sh --root DIR ...    only the release layout and links in DIR (no pip,
#                                       no systemctl, no migrations), to check it anywhere
#
# Order, so that nothing is lost: build the new venv while the kiosk still runs, take a
# backup, stop the kiosk, run the Alembic migrations with the new code, switch the `current`
# link, start. `systemctl start` waits for READY=1 (Type=notify), so a new version that cannot
# show its first screen is noticed here and the old one is put back automatically.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$HERE/lib.sh"

ROOT=""
ROLLBACK=0
SRC=""
while [ $# -gt 0 ]; do
    case $1 in
        --root) ROOT=${2:?--root needs a directory}; shift 2 ;;
        --rollback) ROLLBACK=1; shift ;;
        -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
        -*) die "onbekende optie: $1" ;;
        *) SRC=$1; shift ;;
    esac
done
if [ -n "$ROOT" ]; then
    ROOT=$(cd "$ROOT" && pwd)
else
    [ "$(id -u)" = 0 ] || die "start dit script als root: sudo $0"
fi

APP=/opt/buurtkiosk
DATA=/var/lib/buurtkiosk
DB=$DATA/kiosk.sqlite3
USER_NAME=buurtkiosk
UNIT=buurtkiosk.service

as_kiosk() { runuser -u "$USER_NAME" -- "$@"; }

# Is the kiosk running (start it again afterwards) or deliberately stopped (leave it)?
was_active=0
if [ -z "$ROOT" ] && systemctl is-active --quiet "$UNIT"; then
    was_active=1
fi

start_kiosk() {
    [ -n "$ROOT" ] && return 0
    [ "$was_active" = 1 ] || { say "  de kiosk stond uit en blijft uit"; return 0; }
    systemctl start "$UNIT"
}

backup_now() {
    [ -n "$ROOT" ] && return 0
    [ -f "$DB" ] || return 0
    as_kiosk "$APP/current/bin/buurtkiosk-backup" "$DB" "$DATA/backups/upgrade" --keep 5
}

do_rollback() {
    local previous current old_head
    previous=$(readlink "$ROOT$APP/previous" 2>/dev/null) || die "er is geen vorige versie"
    current=$(readlink "$ROOT$APP/current")
    say "Terug naar $(basename "$previous") (nu: $(basename "$current"))"
    backup_now
    system systemctl stop "$UNIT"
    if [ -z "$ROOT" ] && [ -f "$DB" ]; then
        # The newer code may have migrated the database further than the old code knows; the
        # newer code's own migrations know the way back down.
        old_head=$("$previous/bin/python" -m kiosk.schema head)
        as_kiosk "$current/bin/python" -m kiosk.schema migrate "$DB" "$old_head"
    fi
    swap_link "$current" "$ROOT$APP/previous"
    swap_link "$previous" "$ROOT$APP/current"
    start_kiosk
    say "Klaar: $(basename "$previous") draait weer."
}

if [ "$ROLLBACK" = 1 ]; then
    do_rollback
    exit 0
fi

SRC=${SRC:-$(cd "$HERE/.." && pwd)}
[ -f "$SRC/pyproject.toml" ] || die "$SRC is geen Buurtkiosk-map (geen pyproject.toml)"
VERSION=$(source_version "$SRC")
RELEASE=$APP/releases/$VERSION
current=$(readlink "$ROOT$APP/current" 2>/dev/null) || die "nog niet geïnstalleerd: eerst deploy/install.sh"
if [ "$current" = "$RELEASE" ]; then
    say "Versie $VERSION is al actief."
    exit 0
fi
say "Bijwerken: $(basename "$current") -> $VERSION"

# 1. Build while the old version keeps serving people.
if [ -n "$ROOT" ]; then
    mkdir -p "$ROOT$RELEASE/bin"
else
    make_venv "$SRC" "$RELEASE"
fi
printf '%s\n' "$VERSION" >"$ROOT$RELEASE/VERSION"

# 2. A copy of the database as it was before this upgrade.
backup_now

# 3. Stop, migrate with the new code, switch.
system systemctl stop "$UNIT"
if [ -z "$ROOT" ] && [ -f "$DB" ]; then
    if ! as_kiosk "$RELEASE/bin/python" -m kiosk.schema migrate "$DB" head; then
        # Each Alembic migration runs in one SQLite transaction: a failed one changed nothing.
        say "De database-migratie is mislukt; de oude versie start weer."
        start_kiosk
        exit 1
    fi
fi
swap_link "$current" "$ROOT$APP/previous"
swap_link "$RELEASE" "$ROOT$APP/current"
# The new version's units, udev rules and Kivy settings (they may have changed with it).
put_kiosk_system_files "$SRC/deploy"
live systemctl daemon-reload
if [ -z "$ROOT" ]; then
    live udevadm control --reload
fi

# 4. Start; on failure, go straight back.
if ! start_kiosk; then
    say "De nieuwe versie start niet; terug naar $(basename "$current")."
    was_active=1
    do_rollback
    exit 1
fi

# Keep the current and the previous release, remove older ones (an SD card is small).
for release in "$ROOT$APP/releases"/*; do
    [ -d "$release" ] || continue
    case ${release#"$ROOT"} in
        "$RELEASE"|"$current") ;;
        *) rm -rf "$release" ;;
    esac
done
say "Klaar: versie $VERSION draait. Terug kan met: sudo $APP/deploy/upgrade.sh --rollback"
