import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from kiosk.domain import AskDraft, Circle, OfferDraft, ValidationError, When, WhenKind, hash_token
from kiosk.store import LocalStore


@pytest.fixture
def store(tmp_path):
    s = LocalStore.open(tmp_path / "kiosk.db")
    s.seed_circles([Circle("linde", "De Linde", "Ton", "+31623456789")])
    yield s
    s.close()


def ask(**changes):
    values = dict(
        category="groceries",
        when=When(WhenKind.TOMORROW),
        first_name="Demo",
        phone="0612345678",
        circle="linde",
    )
    values.update(changes)
    return AskDraft(**values)


def test_every_connection_is_durable(store):
    # Several pooled connections: each must have the pragmas (they are per connection).
    connections = [store.engine.connect() for _ in range(3)]
    try:
        for connection in connections:
            values = [
                connection.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            ]
            assert values == ["wal", 2, 1, 5000]
    finally:
        for connection in connections:
            connection.close()


def test_save_ask_commits_row_and_outbox_event_together(store):
    saved = store.save_ask(ask())
    stored = store.ask(saved.id)
    assert stored is not None and stored.number == saved.number
    assert stored.person.phone == "+31612345678"
    [event] = store.pending_events()
    assert event.type == "ask.create" and event.entity_id == saved.id
    assert event.payload["token_hash"] == hash_token(saved.followup_token)
    # the raw token is nowhere in the database file
    with open(store.engine.url.database, "rb") as db:
        raw = db.read()
    for name in os.listdir(os.path.dirname(store.engine.url.database)):
        with open(os.path.join(os.path.dirname(store.engine.url.database), name), "rb") as f:
            raw += f.read()
    assert saved.followup_token.encode() not in raw


def test_invalid_ask_is_refused_and_nothing_is_written(store):
    with pytest.raises(ValidationError):
        store.save_ask(ask(phone="0612"))
    with pytest.raises(ValidationError):
        store.save_ask(ask(circle="nope"))
    assert store.all_asks() == [] and store.pending_count() == 0


def test_offer_with_several_categories(store):
    saved = store.save_offer(
        OfferDraft(
            categories=["dog", "meal"],
            when=When(WhenKind.ANY_TIME),
            first_name="Ayşe",
            phone="+90 532 123 45 67",
        )
    )
    [offer] = store.offers()
    assert offer.id == saved.id and offer.categories == ("dog", "meal")
    assert offer.person.first_name == "Ayşe" and offer.person.phone == "+905321234567"
    [event] = store.pending_events()
    assert event.type == "offer.create" and event.payload["categories"] == ["dog", "meal"]


def test_public_board_has_initials_and_no_contact_data(store):
    store.save_ask(ask(first_name="Wilhelmina"))
    [public] = store.open_asks()
    assert public.initial == "W."
    text = json.dumps(public.__dict__, default=str)
    assert "612345678" not in text and "Wilhelmina" not in text


def test_days_open_counts_from_the_store_clock(tmp_path):
    now = [datetime(2026, 11, 20, 10, tzinfo=UTC)]
    store = LocalStore.open(tmp_path / "k.db", clock=lambda: now[0])
    store.save_ask(ask(circle=None))
    now[0] += timedelta(days=3, hours=1)
    assert store.open_asks()[0].days_open == 3
    store.close()


def test_ask_by_typed_number(store):
    saved = store.save_ask(ask())
    assert store.ask_by_number(saved.number.replace("-", "")).id == saved.id
    assert store.ask_by_number("12") is None


def test_concurrent_writers_never_see_database_locked(tmp_path):
    """BEGIN IMMEDIATE: two threads read then write at once; both commits land."""
    path = tmp_path / "k.db"
    first = LocalStore.open(path)
    second = LocalStore.open(path)
    errors: list[BaseException] = []

    def work(store):
        try:
            for _ in range(40):
                store.save_ask(ask(circle=None))
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=work, args=(s,)) for s in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(first.all_asks()) == 80 and first.pending_count() == 80


def test_head_revision_constant_matches_alembic():
    from alembic.script import ScriptDirectory

    from kiosk.store import db

    store_config = db.alembic_config(None)  # type: ignore[arg-type]
    assert ScriptDirectory.from_config(store_config).get_current_head() == db.HEAD_REVISION


def test_migrations_upgrade_an_existing_file(tmp_path):
    path = tmp_path / "k.db"
    LocalStore.open(path).close()
    store = LocalStore.open(path)  # second open: alembic finds head, changes nothing
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    store.close()


WRITER = textwrap.dedent("""
    import sys
    from kiosk.domain import AskDraft, When, WhenKind
    from kiosk.store import LocalStore
    store = LocalStore.open(sys.argv[1])
    while True:
        saved = store.save_ask(AskDraft(category="meal", when=When(WhenKind.TODAY),
                                        first_name="Kill", phone="0612345678"))
        print(saved.id, flush=True)
""")


@pytest.mark.slow
def test_kill9_loop_loses_no_acknowledged_request(tmp_path):
    """50 SIGKILLs at random moments through the real write path (save_ask)."""
    db = tmp_path / "kiosk.db"
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    acknowledged: list[str] = []
    rng = random.Random(20261127)
    for _round in range(50):
        process = subprocess.Popen(
            [sys.executable, str(script), str(db)], stdout=subprocess.PIPE, text=True
        )
        lines: list[str] = []
        reader = threading.Thread(target=lines.extend, args=(process.stdout,), daemon=True)
        reader.start()
        deadline = time.monotonic() + 20
        while not lines and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.08))
        process.send_signal(signal.SIGKILL)
        process.wait()
        reader.join(timeout=5)
        acknowledged.extend(line.strip() for line in lines if line.strip())
    assert len(acknowledged) > 50
    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {row[0] for row in connection.execute("SELECT id FROM asks")}
        with_event = {
            row[0]
            for row in connection.execute("SELECT entity_id FROM outbox WHERE type = 'ask.create'")
        }
    finally:
        connection.close()
    missing = [ack for ack in acknowledged if ack not in stored]
    assert missing == []
    assert stored == with_event  # every ask has its outbox row, and no orphan events
