#!/bin/sh
# Nightly copy of the central store, run by buurtkiosk-central-backup.service as the service
# user with /etc/buurtkiosk/central.env in the environment.
#   central-backup.sh DEST_DIR KEEP
# PostgreSQL: pg_dump in its custom format (restore: pg_restore --clean -d DBNAME FILE).
# SQLite: the SQLite backup API through buurtkiosk-backup (never a plain file copy).
# The newest KEEP copies stay; older ones are removed only after a good new one exists.
set -eu

dest=${1:?usage: central-backup.sh DEST_DIR KEEP}
keep=${2:-14}
db=${BUURTKIOSK_CENTRAL_DB:?BUURTKIOSK_CENTRAL_DB is not set (see /etc/buurtkiosk/central.env)}
stamp=$(date -u +%Y%m%dT%H%M%SZ)
umask 077
mkdir -p "$dest"

case $db in
    postgresql*)
        # SQLAlchemy writes the driver into the URL (postgresql+psycopg://); libpq does not
        # know that form.
        url=$(printf '%s' "$db" | sed 's#^postgresql+[a-z0-9]*://#postgresql://#')
        final="$dest/central-$stamp.dump"
        # Written under a temporary name: a dump cut short by a crash never looks complete.
        pg_dump --format=custom --no-owner --file="$final.partial" "$url"
        # pg_restore --list reads the whole table of contents: a truncated dump fails here.
        pg_restore --list "$final.partial" >/dev/null
        mv "$final.partial" "$final"
        ;;
    sqlite:///*)
        # BUURTKIOSK_BACKUP exists only for the tests.
        "${BUURTKIOSK_BACKUP:-/opt/buurtkiosk-central/current/bin/buurtkiosk-backup}" \
            "${db#sqlite:///}" "$dest" --keep "$keep"
        exit 0
        ;;
    *)
        echo "central-backup.sh: unknown database URL scheme" >&2
        exit 1
        ;;
esac

# Rotation: the names sort by time, and a glob comes out sorted, oldest first.
set -- "$dest"/central-*.dump
excess=$(($# - keep))
while [ "$excess" -gt 0 ]; do
    rm -f "$1"
    shift
    excess=$((excess - 1))
done
echo "backup written: $final"
