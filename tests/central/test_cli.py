"""buurtkiosk-central for the operator: tokens shown once and stored hashed, revocation."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from kiosk.central.cli import main, open_store


def test_add_kiosk_prints_the_token_last_and_stores_only_its_hash(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert main(["add-kiosk", "--db", db, "--name", "k1", "--buurthuis", "De Brink"]) == 0
    token = capsys.readouterr().out.strip().splitlines()[-1]
    assert len(token) >= 43  # 32 random bytes, URL-safe base64
    with create_engine(db).connect() as connection:
        dump = repr(connection.execute(text("SELECT * FROM kiosks")).all())
    assert token not in dump
    store = open_store(db)
    assert store.authenticate(token) is not None
    assert main(["revoke-kiosk", "--db", db, "--name", "k1"]) == 0
    assert open_store(db).authenticate(token) is None
    assert main(["revoke-kiosk", "--db", db, "--name", "k1"]) == 1
    assert main(["list-kiosks", "--db", db]) == 0
    assert "k1\tDe Brink\trevoked" in capsys.readouterr().out


def test_circles_are_added_listed_and_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    args = [
        "add-circle",
        "--db",
        db,
        "--buurthuis",
        "brink",
        "--code",
        "noord",
        "--name",
        "Noord",
        "--verbinder-name",
        "Els",
        "--verbinder-phone",
        "06 1234 5678",
    ]
    assert main(args) == 0
    assert main(["list-circles", "--db", db]) == 0
    assert "brink\tnoord\tNoord\tEls\t+31612345678" in capsys.readouterr().out
    assert main(["erase-expired", "--db", db, "--retention-days", "30"]) == 0
    assert "0 closed requests" in capsys.readouterr().out
