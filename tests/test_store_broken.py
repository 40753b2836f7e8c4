"""A damaged, unreadable or read-only kiosk database is found when it is opened, kept for the
operator, and replaced by the newest good backup when the operator says so. Real files,
really damaged."""

from __future__ import annotations

import io
import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.backup import BackupError, backup
from kiosk.domain import AskDraft
from kiosk.repair import rejected_command, restore_command
from kiosk.store import LocalStore, StoreBroken, StoreReadOnly
from kiosk.store.broken import Restored, move_aside, restore_latest_backup
from tests.file_faults import damage_the_middle, read_only

NOW = datetime(2026, 12, 8, 9, 30, tzinfo=UTC)


def make_store(path: Path, asks: int) -> list[str]:
    """A real kiosk file with ``asks`` asks, closed (its WAL folded in); their ids."""
    store = LocalStore.open(path)
    ids = [
        store.save_ask(AskDraft(category="meal", first_name="Bert", phone="0612345679")).id
        for _ in range(asks)
    ]
    store.close()
    assert not path.with_name(path.name + "-wal").exists()
    return ids


def test_garbage_in_the_middle_is_found_at_open(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    make_store(path, asks=300)
    damage_the_middle(path)
    with pytest.raises(StoreBroken) as found:
        LocalStore.open(path)
    assert found.value.path == path
    assert str(path) in str(found.value) and "\n" not in str(found.value)


def test_a_file_that_is_not_a_database_is_found_at_open(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    make_store(path, asks=3)
    with path.open("r+b") as file:
        file.write(b"this is not SQLite at all" * 4)  # over the header
    with pytest.raises(StoreBroken, match="not a database"):
        LocalStore.open(path)


def test_a_read_only_file_is_found_at_open_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    make_store(path, asks=3)
    before = path.read_bytes()
    with read_only(path), pytest.raises(StoreReadOnly) as found:
        LocalStore.open(path)
    assert found.value.path == path and "readonly" in found.value.reason
    assert path.read_bytes() == before
    store = LocalStore.open(path)  # writable again: fine
    assert len(store.all_asks()) == 3
    store.close()


def test_a_file_another_writer_holds_is_not_broken(tmp_path: Path) -> None:
    """The app writing while ``buurtkiosk sync`` opens the same file: open it all the same."""
    path = tmp_path / "kiosk.sqlite3"
    make_store(path, asks=3)
    with closing(sqlite3.connect(path, isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE asks SET first_name = 'Kees'")
        store = LocalStore.open(path)
        writer.execute("COMMIT")
    assert {a.person.first_name for a in store.all_asks()} == {"Kees"}
    store.close()


def test_moving_aside_keeps_the_file_and_its_wal_for_the_operator(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    store = LocalStore.open(path)
    store.save_ask(AskDraft(category="meal", first_name="Bert", phone="0612345679"))
    wal = path.with_name(path.name + "-wal")
    assert wal.exists()  # the newest commit is still in the WAL
    contents = path.read_bytes(), wal.read_bytes()
    moved = move_aside(path, NOW)
    store.close()
    assert moved.name == "kiosk.sqlite3.broken-20261208T093000Z"
    assert (moved.read_bytes(), moved.with_name(moved.name + "-wal").read_bytes()) == contents
    assert not path.exists() and not wal.exists()
    fresh = LocalStore.open(path)  # starts from nothing, never from the old WAL
    assert fresh.all_asks() == []
    fresh.close()


def test_the_newest_good_backup_is_restored_and_the_broken_file_kept(tmp_path: Path) -> None:
    path, backups = tmp_path / "kiosk.sqlite3", tmp_path / "backups"
    older = make_store(path, asks=40)
    backup(path, backups, now=NOW - timedelta(days=2))
    newer = make_store(path, asks=10)  # ten more asks the day after
    newest = backup(path, backups, now=NOW - timedelta(days=1))
    make_store(path, asks=5)  # five more today, after the last backup: lost with the file
    damage_the_middle(path)
    broken_bytes = path.read_bytes()

    kept = tmp_path / "kiosk.sqlite3.broken-20261208T093000Z"
    assert restore_latest_backup(path, backups, NOW) == Restored(newest, kept)
    assert kept.read_bytes() == broken_bytes
    store = LocalStore.open(path)
    assert {a.id for a in store.all_asks()} == set(older + newer)
    assert store.integrity_check() == "ok"
    store.close()


def test_a_damaged_newest_backup_is_passed_over_for_an_older_one(tmp_path: Path) -> None:
    path, backups = tmp_path / "kiosk.sqlite3", tmp_path / "backups"
    older = make_store(path, asks=40)
    good = backup(path, backups, now=NOW - timedelta(days=2))
    make_store(path, asks=40)
    damage_the_middle(backup(path, backups, now=NOW - timedelta(days=1)))
    damage_the_middle(path)

    assert restore_latest_backup(path, backups, NOW).backup == good
    store = LocalStore.open(path)
    assert {a.id for a in store.all_asks()} == set(older)
    store.close()


def test_without_a_backup_the_broken_file_stays_where_it_is(tmp_path: Path) -> None:
    path = tmp_path / "kiosk.sqlite3"
    make_store(path, asks=30)
    damage_the_middle(path)
    with pytest.raises(BackupError, match="no backup"):
        restore_latest_backup(path, tmp_path / "backups", NOW)
    assert [p.name for p in tmp_path.iterdir()] == ["kiosk.sqlite3"]


def test_the_operators_commands_say_one_line_each(tmp_path: Path) -> None:
    path, backups = tmp_path / "kiosk.sqlite3", tmp_path / "backups"
    make_store(path, asks=30)
    used = backup(path, backups, now=NOW)
    damage_the_middle(path)
    out, err = io.StringIO(), io.StringIO()
    assert rejected_command(path, out=out, err=err) == 2
    assert err.getvalue().startswith(f"buurtkiosk: kiosk database {path}: ")
    assert err.getvalue().count("\n") == 1 and out.getvalue() == ""

    out = io.StringIO()
    assert restore_command(path, backups, out=out) == 0
    [line] = out.getvalue().splitlines()
    assert line.startswith(f"restored {used} into {path}; the old file is kept as {path}.broken-")
    out = io.StringIO()
    assert rejected_command(path, out=out) == 0
    assert out.getvalue() == "no rejected events\n"
    err = io.StringIO()
    assert restore_command(path, tmp_path / "nothing", err=err) == 1
    assert err.getvalue() == f"buurtkiosk: no backup in {tmp_path / 'nothing'}\n"
