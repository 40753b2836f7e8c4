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


def test_members_are_added_with_card_and_pin_and_listed_without_contact_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    assert (
        main(
            [
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
                "Wim",
                "--verbinder-phone",
                "0612345678",
            ]
        )
        == 0
    )
    base = ["add-member", "--db", db, "--buurthuis", "brink", "--circle", "noord"]
    sanne = [*base, "--first-name", "Sanne", "--phone", "06 1111 2222", "--street", "Brink"]
    assert main([*sanne, "--house-number", "3", "--pin", "123456"]) == 2
    assert "too easy to guess" in capsys.readouterr().err
    assert main([*base, "--first-name", "Kees", "--phone", "0612345678", "--circle", "zuid"]) == 2
    assert "no circle zuid" in capsys.readouterr().err
    assert main(sanne) == 0
    lines = capsys.readouterr().out.splitlines()
    member_id = lines[0].split()[1]
    card = lines[1].rsplit(" ", 1)[1]
    pin = lines[2].rsplit(" ", 1)[1]
    assert card.startswith("BKLID-") and len(card) == 38
    assert len(pin) == 6 and pin.isdigit()
    store = open_store(db)
    kiosk = store.authenticate(store.add_kiosk("k1", "brink"))
    assert kiosk is not None
    assert store.identify_card(kiosk, card).result == "ok"
    assert store.identify_pin(kiosk, member_id, pin).result == "ok"
    wim = [*base, "--first-name", "Wim", "--phone", "0612345678", "--verbinder", "--pin", "135792"]
    assert main(wim) == 0
    assert "PIN" not in capsys.readouterr().out  # a PIN given is not echoed
    with create_engine(db).connect() as connection:
        dump = repr(connection.execute(text("SELECT * FROM members")).all())
    assert card[6:] not in dump and pin not in dump and "135792" not in dump
    assert main(["reset-pin", "--db", db, "--member", member_id, "--pin", "975318"]) == 0
    assert store.identify_pin(kiosk, member_id, "975318").result == "ok"
    assert main(["list-members", "--db", db, "--buurthuis", "brink"]) == 0
    listing = capsys.readouterr().out
    assert f"{member_id}\tbrink\tnoord\tSanne\tvolunteer\tactive" in listing
    assert "\tWim\tverbinder\tactive" in listing
    assert "+31611112222" not in listing and "Brink\t" not in listing.replace("brink", "")
    assert main(["revoke-member", "--db", db, "--member", member_id]) == 0
    assert store.identify_card(kiosk, card).result == "unknown"
    assert main(["revoke-member", "--db", db, "--member", member_id]) == 1
    assert main(["reset-pin", "--db", db, "--member", member_id]) == 1
    assert main(["list-members", "--db", db]) == 0
    assert "\tSanne\tvolunteer\trevoked" in capsys.readouterr().out
