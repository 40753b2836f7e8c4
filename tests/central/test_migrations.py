"""Schema versions: the HEAD constant, and an existing 0001 database upgraded with its data."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from kiosk.central import db
from kiosk.central.cli import main, open_store
from kiosk.central.service import IncomingEvent, KioskAuth
from kiosk.domain import Role


def test_head_revision_constant_matches_alembic() -> None:
    script = ScriptDirectory.from_config(db.alembic_config(None))
    assert script.get_current_head() == db.HEAD_REVISION


def test_migrate_upgrades_a_0001_database_with_data_in_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    engine = db.make_engine(url)
    db.migrate(engine, "c0001")
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO buurthuizen (id, name) VALUES (1, 'brink')"))
        connection.execute(
            text(
                "INSERT INTO kiosks (id, buurthuis_id, name, token_hash, created_at) "
                "VALUES (1, 1, 'k1', :hash, '2026-11-01 09:00:00')"
            ),
            {"hash": "a" * 64},
        )
        connection.execute(
            text(
                "INSERT INTO asks (id, buurthuis_id, origin_kiosk_id, number, category, "
                "when_kind, first_name, phone, for_neighbour, status, claimed_by, "
                "claimed_kiosk_id, thanked, created_at, updated_at) VALUES ('a1', 1, 1, "
                "'2345678', 'groceries', 'any_time', 'Riet', '+31612345678', false, 'claimed', "
                "'old-volunteer', 1, false, '2026-11-01 09:00:00', '2026-11-01 09:00:00')"
            )
        )
    engine.dispose()
    assert main(["migrate", "--db", url]) == 0
    assert "up to date" in capsys.readouterr().out
    store = open_store(url)
    with store.engine.connect() as connection:
        version = connection.execute(text("SELECT version_num FROM central_alembic_version"))
        assert version.scalar_one() == db.HEAD_REVISION
        row = connection.execute(
            text("SELECT first_name, status, member_id, helper_token_hash FROM asks")
        ).one()
    assert tuple(row) == ("Riet", "claimed", None, None)
    # The upgraded schema works: members with sessions, and the old claim (of a volunteer id
    # from before members) can still be given back, by a verbinder.
    added = store.add_member("brink", "Sanne", "0612345678")
    wim = store.add_member("brink", "Wim", "0612345678", role=Role.VERBINDER)
    assert [m.first_name for m in store.members("brink")] == ["Sanne", "Wim"]
    kiosk = KioskAuth(1, "k1", 1)
    release = {"session": store.identify_card(kiosk, wim.card_token).session}
    (released,) = store.push(
        kiosk, [IncomingEvent(str(uuid.uuid4()), "ask.release", "a1", release)]
    )
    assert (released.result, released.status) == ("accepted", "open")
    session = store.identify_card(kiosk, added.card_token).session
    claim = {"session": session, "helper_token_hash": "b" * 64}
    (claimed,) = store.push(kiosk, [IncomingEvent(str(uuid.uuid4()), "ask.claim", "a1", claim)])
    assert claimed.result == "accepted"
