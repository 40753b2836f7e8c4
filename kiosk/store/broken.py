"""A kiosk database that cannot be used: found when it is opened, moved aside for the operator,
and replaced by the newest good backup when the operator says so.

Found at open (``PRAGMA quick_check`` and a write that is rolled back), not on the first
visitor's ask: :class:`StoreBroken` for a damaged or unreadable file, :class:`StoreReadOnly`
for one that cannot be written. Both are a :class:`StoreUnusable`, one clear line for the log.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy import exc as sa_exc

from kiosk import backup
from kiosk.store.db import BUSY_TIMEOUT_MS

log = logging.getLogger(__name__)

# SQLite keeps the newest commits in the -wal file until a checkpoint: it travels with its file.
COMPANIONS = ("-wal", "-shm")


@dataclass(frozen=True)
class Restored:
    backup: Path  # the copy that was put back
    kept: Path | None  # where the file that was there went (None: there was none)


class StoreUnusable(Exception):
    """The kiosk's database cannot be used; ``path`` is the file, ``reason`` says why."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = " ".join(reason.split())[:200]  # one line for the log and the CLI
        super().__init__(f"kiosk database {self.path}: {self.reason}")


class StoreBroken(StoreUnusable):
    """Damaged or unreadable: move it aside and restore the newest backup."""


class StoreReadOnly(StoreUnusable):
    """Readable but not writable (file, folder or card): a matter of permissions or mounts."""


def unusable(path: str | Path, error: BaseException) -> StoreUnusable:
    """The exception an error of SQLite (or the file system) at open stands for."""
    original = getattr(error, "orig", None) or error
    name = str(getattr(original, "sqlite_errorname", ""))
    message = str(original) or type(original).__name__
    if name.startswith("SQLITE_READONLY") or isinstance(original, PermissionError):
        return StoreReadOnly(path, message)
    return StoreBroken(path, message)


@contextmanager
def found_unusable(path: str | Path) -> Iterator[None]:
    """Turn the errors of opening and checking ``path`` into one :class:`StoreUnusable`."""
    try:
        yield
    except (sa_exc.DBAPIError, sqlite3.DatabaseError, OSError) as error:
        raise unusable(path, error) from error


def check_usable(engine: Engine, path: str | Path) -> None:
    """Read every page's structure and try a write; raise :class:`StoreUnusable` if either fails.

    ``quick_check`` is ``integrity_check`` without the index cross-checks: milliseconds for a
    kiosk's file, once per start.
    """
    with found_unusable(path):
        with engine.connect() as connection:
            found = [str(r) for r in connection.exec_driver_sql("PRAGMA quick_check").scalars()]
        if found != ["ok"]:
            raise StoreBroken(path, f"quick_check: {found[0]}")
        _try_a_write(engine)


def _try_a_write(engine: Engine) -> None:
    """Write the schema's user version back unchanged, then roll back. Another writer holding
    the file (the app while ``buurtkiosk sync`` runs) is no fault: then nothing is learnt."""
    raw = engine.raw_connection()
    cursor = raw.cursor()
    try:
        version = int(cursor.execute("PRAGMA user_version").fetchone()[0])
        cursor.execute("PRAGMA busy_timeout = 0")  # never wait at start-up for another writer
        try:
            cursor.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if str(getattr(error, "sqlite_errorname", "")).startswith("SQLITE_BUSY"):
                return
            raise
        try:
            cursor.execute(f"PRAGMA user_version = {version}")
        finally:
            cursor.execute("ROLLBACK")
    finally:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.close()
        raw.close()


def _with_companions(path: Path) -> list[Path]:
    return [path, *(path.with_name(path.name + suffix) for suffix in COMPANIONS)]


def move_aside(path: str | Path, now: datetime | None = None) -> Path:
    """Rename the file (and its -wal and -shm) to ``<name>.broken-<UTC time>`` next to it, for
    the operator; a new database at ``path`` then starts from nothing (or from a backup), and
    never replays the old file's WAL."""
    source = Path(path)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    target = source.with_name(f"{source.name}.broken-{moment:%Y%m%dT%H%M%SZ}")
    present = [
        (file, to)
        for file, to in zip(_with_companions(source), _with_companions(target), strict=True)
        if file.exists()
    ]
    if not present:
        raise FileNotFoundError(source)
    for file, to in present:
        os.replace(file, to)
    backup.fsync_path(source.parent)  # the renames survive a power cut
    log.warning("kiosk database moved aside to %s", target)
    return target


def _remove(path: Path) -> None:
    for file in _with_companions(path):
        file.unlink(missing_ok=True)


def restore_latest_backup(
    path: str | Path, backup_dir: str | Path, now: datetime | None = None
) -> Restored:
    """Put the newest good backup from ``backup_dir`` in place of ``path`` (the kiosk must be
    stopped). What is at ``path`` now is moved aside first, never overwritten. A damaged copy
    is passed over for the next older one. :class:`BackupError` if none is good."""
    target = Path(path)
    candidates = backup.existing_backups(Path(backup_dir))
    if not candidates:
        raise backup.BackupError(f"no backup in {backup_dir}")
    kept = None
    if any(file.exists() for file in _with_companions(target)):
        kept = move_aside(target, now)
    for candidate in reversed(candidates):
        try:
            backup.restore(candidate, target)
        except (backup.BackupError, sqlite3.DatabaseError) as error:
            log.warning("backup %s not used: %s", candidate.name, error)
            _remove(target)
            continue
        log.warning("kiosk database restored from %s", candidate)
        return Restored(candidate, kept)
    raise backup.BackupError(f"no good backup in {backup_dir}")
