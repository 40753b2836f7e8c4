"""kiosk/schema.py, which deploy/upgrade.sh uses to migrate forward and to roll back."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

from kiosk import schema
from kiosk.domain import AskDraft
from kiosk.store import LocalStore


def tables(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as connection:
        return {
            name
            for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }


def test_head_is_what_a_fresh_store_is_migrated_to(tmp_path: Path) -> None:
    db = tmp_path / "kiosk.sqlite3"
    LocalStore.open(db).close()
    assert schema.current(db) == schema.head()


def test_migrate_up_and_back_down_with_the_command_line(tmp_path: Path) -> None:
    db = tmp_path / "kiosk.sqlite3"

    def run(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "kiosk.schema", *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    head = run("head")
    run("migrate", str(db), "head")
    assert run("current", str(db)) == head
    assert "asks" in tables(db)
    # Downgrading to the revision the database is already at (an old release with the same
    # head) changes nothing; the data stays.
    store = LocalStore.open(db)
    store.save_ask(AskDraft(category="dog", first_name="Cor", phone="0612345678"))
    store.close()
    run("migrate", str(db), head)
    store = LocalStore.open(db)
    assert len(store.all_asks()) == 1
    store.close()
    run("migrate", str(db), "base")
    assert run("current", str(db)) == "base"
    assert "asks" not in tables(db)


def test_usage_errors_say_how() -> None:
    assert schema.main(["nonsense"]) == 2
