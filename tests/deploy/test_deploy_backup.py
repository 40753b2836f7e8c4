"""kiosk/backup.py: copies of the real kiosk store, made while another process keeps writing."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.backup import BackupError, backup, existing_backups, main, restore
from kiosk.domain import AskDraft
from kiosk.store import LocalStore

# A second process that saves asks through the real store (WAL, synchronous=FULL, BEGIN
# IMMEDIATE) and prints each request number after its commit, until stdin closes.
WRITER = r"""
import sys, threading
from kiosk.domain import AskDraft
from kiosk.store import LocalStore
store = LocalStore.open(sys.argv[1])
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
while not stop.is_set():
    saved = store.save_ask(AskDraft(category="groceries", first_name="Anna", phone="0612345678"))
    print(saved.number, flush=True)
store.close()
print("done", flush=True)
"""


def dump(path: Path) -> list[str]:
    with closing(sqlite3.connect(path)) as connection:
        return list(connection.iterdump())


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(sql).fetchall()


def make_store(path: Path, asks: int) -> None:
    store = LocalStore.open(path)
    for _ in range(asks):
        store.save_ask(AskDraft(category="meal", first_name="Bert", phone="0612345679"))
    store.close()


def test_backup_while_writing_restores_to_an_identical_database(tmp_path: Path) -> None:
    db = tmp_path / "kiosk.sqlite3"
    make_store(db, asks=3)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert writer.stdin is not None and writer.stdout is not None
    try:
        acknowledged = [writer.stdout.readline().strip() for _ in range(20)]
        assert all(acknowledged)  # the writer is really writing before the copy starts
        during = backup(db, tmp_path / "backups", keep=7)
        acknowledged += [writer.stdout.readline().strip() for _ in range(20)]
    finally:
        writer.stdin.close()
        rest = writer.stdout.read().split()
        assert writer.wait(timeout=60) == 0
    assert rest[-1] == "done"

    # The copy made mid-stream is a consistent snapshot: intact, and every ask in it has the
    # outbox event that was committed with it in the same transaction.
    assert rows(during, "PRAGMA integrity_check") == [("ok",)]
    assert rows(during, "PRAGMA journal_mode") == [("delete",)]  # one self-contained file
    snapshot = {number for (number,) in rows(during, "SELECT number FROM asks")}
    assert len(snapshot) >= 3 + 20
    assert rows(
        during,
        "SELECT count(*) FROM asks WHERE id NOT IN (SELECT entity_id FROM outbox)",
    ) == [(0,)]
    # Nothing acknowledged before the copy started is missing from it.
    assert set(acknowledged[:20]) <= snapshot

    # With the writer gone, backup and restore give back exactly the same database.
    final = backup(db, tmp_path / "backups", keep=7)
    restored = tmp_path / "restored" / "kiosk.sqlite3"
    restore(final, restored)
    assert dump(restored) == dump(db)
    assert set(acknowledged) <= {number for (number,) in rows(restored, "SELECT number FROM asks")}
    # The restored file is a working kiosk store again.
    store = LocalStore.open(restored)
    assert store.integrity_check() == "ok"
    assert len(store.all_asks()) == len(rows(db, "SELECT id FROM asks"))
    store.close()


def test_only_the_newest_copies_are_kept(tmp_path: Path) -> None:
    db = tmp_path / "kiosk.sqlite3"
    make_store(db, asks=1)
    dest = tmp_path / "backups"
    dest.mkdir()
    unrelated = dest / "notes.txt"
    unrelated.write_text("mine")
    start = datetime(2026, 11, 1, 3, 30, tzinfo=UTC)
    made = [backup(db, dest, keep=3, now=start + timedelta(days=day)) for day in range(5)]
    assert existing_backups(dest) == made[-3:]
    assert [p.name for p in made[-3:]] == [
        "kiosk-20261103T033000Z.sqlite3",
        "kiosk-20261104T033000Z.sqlite3",
        "kiosk-20261105T033000Z.sqlite3",
    ]
    assert unrelated.read_text() == "mine"


def test_a_leftover_partial_copy_is_replaced(tmp_path: Path) -> None:
    db = tmp_path / "kiosk.sqlite3"
    make_store(db, asks=1)
    dest = tmp_path / "backups"
    dest.mkdir()
    now = datetime(2026, 11, 1, 3, 30, tzinfo=UTC)
    (dest / "kiosk-20261101T033000Z.sqlite3.partial").write_bytes(b"half a file")
    path = backup(db, dest, keep=2, now=now)
    assert sorted(p.name for p in dest.iterdir()) == [path.name]
    assert dump(path) == dump(db)


def test_a_wrong_path_is_an_error_and_creates_no_database(tmp_path: Path) -> None:
    with pytest.raises(BackupError):
        backup(tmp_path / "nope.sqlite3", tmp_path / "backups")
    assert not (tmp_path / "nope.sqlite3").exists()
    assert existing_backups(tmp_path / "backups") == []


def test_a_failed_copy_keeps_the_old_backups(tmp_path: Path) -> None:
    db = tmp_path / "kiosk.sqlite3"
    make_store(db, asks=1)
    dest = tmp_path / "backups"
    good = backup(db, dest, keep=1, now=datetime(2026, 11, 1, tzinfo=UTC))
    db.unlink()
    for extra in ("-wal", "-shm"):
        Path(f"{db}{extra}").unlink(missing_ok=True)
    with pytest.raises(BackupError):
        backup(db, dest, keep=1, now=datetime(2026, 11, 2, tzinfo=UTC))
    assert existing_backups(dest) == [good]


def test_a_damaged_backup_is_refused_and_the_database_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "kiosk.sqlite3"
    make_store(db, asks=30)
    copy = backup(db, tmp_path / "backups")
    data = bytearray(copy.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[2 * page : 4 * page] = b"\xa5" * (2 * page)  # two pages of garbage
    copy.write_bytes(bytes(data))
    target = tmp_path / "live.sqlite3"
    make_store(target, asks=2)
    before = dump(target)
    with pytest.raises((BackupError, sqlite3.DatabaseError)):
        restore(copy, target)
    assert dump(target) == before


def test_command_line_backup_and_restore(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "kiosk.sqlite3"
    make_store(db, asks=2)
    assert main([str(db), str(tmp_path / "b"), "--keep", "2"]) == 0
    (copy,) = existing_backups(tmp_path / "b")
    assert "backup written" in capsys.readouterr().out
    other = tmp_path / "other.sqlite3"
    assert main([str(other), "--restore", str(copy)]) == 0
    assert dump(other) == dump(db)
    assert main([str(tmp_path / "missing.sqlite3"), str(tmp_path / "b")]) == 1
    assert "no database" in capsys.readouterr().err
