"""The operator's commands for a kiosk database in trouble, ready for the ``buurtkiosk`` CLI.

``buurtkiosk rejected [--forget]``: the changes the central store refused, one line each, no
personal data. ``buurtkiosk restore-backup``: the newest good backup in place of a damaged file
(stop the kiosk first), the damaged one kept next to it. Each returns the exit status: 0 done,
1 no good backup, 2 the database cannot be used.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from kiosk.backup import BackupError
from kiosk.store import LocalStore, RejectedEvent, StoreUnusable
from kiosk.store.broken import restore_latest_backup


def rejected_line(event: RejectedEvent) -> str:
    """``2026-12-08 09:30  #42  ask.claim       123-4567  not_allowed``, in UTC."""
    when = f"{event.answered_at:%Y-%m-%d %H:%M}" if event.answered_at else "-"
    return f"{when}  #{event.seq}  {event.type:<15} {event.number or '-':<9} {event.reason or '-'}"


def rejected_command(
    database: str | Path,
    *,
    forget: bool = False,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """List the rejected events; with ``forget``, delete them after listing them."""
    try:
        store = LocalStore.open(database)
    except StoreUnusable as error:
        print(f"buurtkiosk: {error}", file=err)
        return 2
    try:
        events = store.rejected_events()
        for event in events:
            print(rejected_line(event), file=out)
        if not events:
            print("no rejected events", file=out)
        elif forget:
            print(f"forgot {store.forget_rejected()} rejected events", file=out)
    finally:
        store.close()
    return 0


def restore_command(
    database: str | Path,
    backup_dir: str | Path,
    *,
    out: TextIO = sys.stdout,
    err: TextIO = sys.stderr,
) -> int:
    """Put the newest good backup in place of the database; the old file is kept aside."""
    try:
        restored = restore_latest_backup(database, backup_dir)
    except (BackupError, OSError) as error:
        print(f"buurtkiosk: {error}", file=err)
        return 1
    kept = f"; the old file is kept as {restored.kept}" if restored.kept else ""
    print(f"restored {restored.backup} into {database}{kept}", file=out)
    return 0
