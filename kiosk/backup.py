"""Daily copies of the kiosk database, made while the kiosk keeps running.

A live SQLite file must never be copied with ``cp``: the copy can mix pages of two transactions
and the ``-wal`` file would be missing. SQLite's online backup API copies a consistent snapshot
instead; in one step (``pages=-1``) it holds a read transaction for the copy, which in WAL mode
does not block the kiosk's writer. Every copy is checked with ``PRAGMA integrity_check``, written
under a temporary name and only then renamed, so a power cut leaves either the old set of backups
or the new one, never a half file with a good name. Old copies are removed only after a new one
proved good.

Run daily by ``buurtkiosk-backup.timer``; ``buurtkiosk-backup --restore FILE DB`` puts one back
(stop the kiosk first: ``sudo systemctl stop buurtkiosk``).
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from collections.abc import Sequence
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

PREFIX = "kiosk-"
SUFFIX = ".sqlite3"
PARTIAL = ".partial"


class BackupError(RuntimeError):
    """The copy could not be made or did not pass the integrity check."""


def fsync_path(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _integrity(connection: sqlite3.Connection) -> str:
    rows = connection.execute("PRAGMA integrity_check").fetchall()
    return "\n".join(str(row[0]) for row in rows)


def _copy(source: Path, target: Path) -> None:
    """Copy ``source`` into a new file ``target`` through the backup API, then verify it."""
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    # mode=rw: never create an empty database when the path is wrong.
    with (
        closing(sqlite3.connect(f"file:{source}?mode=rw", uri=True, timeout=30)) as src,
        closing(sqlite3.connect(target)) as dst,
    ):
        src.backup(dst, pages=-1)
        # One self-contained file: a copy in WAL mode would need its -wal file next to it.
        dst.execute("PRAGMA journal_mode=DELETE")
        result = _integrity(dst)
        if result != "ok":
            raise BackupError(f"integrity check of the copy failed: {result}")
    fsync_path(target)


def backup_name(now: datetime) -> str:
    return f"{PREFIX}{now.astimezone(UTC):%Y%m%dT%H%M%SZ}{SUFFIX}"


def existing_backups(dest_dir: Path) -> list[Path]:
    """Our backups in ``dest_dir``, oldest first (the names sort by time)."""
    return sorted(
        path
        for path in dest_dir.glob(f"{PREFIX}*{SUFFIX}")
        if path.is_file() and not path.name.endswith(PARTIAL)
    )


def backup(
    db_path: str | Path, dest_dir: str | Path, keep: int = 7, now: datetime | None = None
) -> Path:
    """Copy the database into ``dest_dir`` and keep only the ``keep`` newest copies.

    With one run a day, ``keep=7`` means a week of copies. Returns the new copy's path.
    """
    if keep < 1:
        raise ValueError("keep must be at least 1")
    source = Path(db_path)
    dest = Path(dest_dir)
    dest.mkdir(parents=True, exist_ok=True)
    final = dest / backup_name(now or datetime.now(UTC))
    partial = final.with_name(final.name + PARTIAL)
    partial.unlink(missing_ok=True)  # left over from a run that lost power
    try:
        _copy(source, partial)
        os.replace(partial, final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    fsync_path(dest)  # make the rename itself survive a power cut
    for old in existing_backups(dest)[:-keep]:
        old.unlink()
    return final


def restore(backup_path: str | Path, db_path: str | Path) -> None:
    """Replace the database at ``db_path`` with the contents of a backup.

    The kiosk must be stopped. The backup is checked first, and the copy goes through the
    backup API into the live file, so the database's -wal and -shm files stay consistent.
    """
    source = Path(backup_path)
    with closing(sqlite3.connect(f"file:{source}?mode=ro", uri=True)) as src:
        result = _integrity(src)
        if result != "ok":
            raise BackupError(f"{source} is damaged: {result}")
        target = Path(db_path)
        target.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(target, timeout=30)) as dst:
            src.backup(dst, pages=-1)
            dst.execute("PRAGMA journal_mode=WAL")  # what the kiosk store expects
            result = _integrity(dst)
            if result != "ok":
                raise BackupError(f"integrity check after restore failed: {result}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="buurtkiosk-backup",
        description="Copy the kiosk database safely (SQLite backup API) and keep the newest N.",
    )
    parser.add_argument("db", type=Path, nargs="?", help="the kiosk database")
    parser.add_argument("dest", type=Path, nargs="?", help="directory for the copies")
    parser.add_argument("--keep", type=int, default=7, help="copies to keep (default 7)")
    parser.add_argument(
        "--restore",
        type=Path,
        metavar="BACKUP",
        help="put BACKUP back into DB instead (stop the kiosk first)",
    )
    args = parser.parse_args(argv)
    if args.db is None:
        parser.error("DB is required")
    try:
        if args.restore is not None:
            restore(args.restore, args.db)
            print(f"restored {args.restore} into {args.db}")
            return 0
        if args.dest is None:
            parser.error("DEST is required")
        path = backup(args.db, args.dest, keep=args.keep)
    except (BackupError, sqlite3.Error, OSError, ValueError) as error:
        print(f"buurtkiosk-backup: {error}", file=sys.stderr)
        return 1
    print(f"backup written: {path}")
    return 0


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
