"""The kiosk store keeps "vandaag", "morgen" and "deze week" as dates, on its own clock."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from kiosk.domain import AskDraft, Circle, OfferDraft, When, WhenKind
from kiosk.store import LocalStore
from kiosk.store.db import alembic_config, make_engine
from kiosk.store.sync import SyncLedger

# 23:30 UTC on Sunday 29 November 2026 is half past midnight on Monday in Amsterdam.
LATE_SUNDAY = datetime(2026, 11, 29, 23, 30, tzinfo=UTC)


@pytest.fixture
def clock() -> list[datetime]:
    return [datetime(2026, 11, 29, 15, tzinfo=UTC)]


@pytest.fixture
def store(tmp_path: Path, clock: list[datetime]) -> Iterator[LocalStore]:
    s = LocalStore.open(tmp_path / "kiosk.db", clock=lambda: clock[0])
    s.seed_circles([Circle("linde", "De Linde", "Ton", "+31623456789")])
    yield s
    s.close()


def draft(when: When) -> AskDraft:
    return AskDraft("groceries", when, "Riet", "0612345678", circle="linde")


def test_morgen_is_saved_as_tomorrows_date_and_sent_with_it(store: LocalStore) -> None:
    saved = store.save_ask(draft(When(WhenKind.TOMORROW)))
    stored = store.ask(saved.id)
    assert stored is not None and stored.when == When(WhenKind.TOMORROW, date(2026, 11, 30))
    (event,) = store.pending_events()
    assert event.payload["when"] == {"kind": "tomorrow", "day": "2026-11-30"}
    (public,) = store.open_asks()
    assert public.when.describe(date(2026, 11, 29)) == "morgen, maandag 30 november"
    assert public.when.describe(date(2026, 12, 3)) == "maandag 30 november"


def test_the_day_is_the_buurthuis_day_not_the_utc_day(
    store: LocalStore, clock: list[datetime]
) -> None:
    clock[0] = LATE_SUNDAY
    ask = store.ask(store.save_ask(draft(When(WhenKind.TODAY))).id)
    assert ask is not None and ask.when.day == date(2026, 11, 30)
    week = store.save_offer(OfferDraft(["dog"], When(WhenKind.THIS_WEEK), "Sanne", "0612345678"))
    (offer,) = store.offers()
    assert offer.id == week.id and offer.when.day == date(2026, 12, 6)
    picked = When(WhenKind.ON_DAY, date(2026, 12, 9))
    assert store.ask(store.save_ask(draft(picked)).id).when == picked  # type: ignore[union-attr]
    assert store.ask(store.save_ask(draft(When(WhenKind.ANY_TIME))).id).when.day is None  # type: ignore[union-attr]


def test_a_date_that_passed_heads_the_board_while_she_still_waits(
    store: LocalStore, clock: list[datetime]
) -> None:
    old_today = store.save_ask(draft(When(WhenKind.TODAY)))
    clock[0] += timedelta(days=3)
    tomorrow = store.save_ask(draft(When(WhenKind.TOMORROW)))
    today = store.save_ask(draft(When(WhenKind.TODAY)))
    board = store.open_asks()
    assert [a.id for a in board] == [old_today.id, today.id, tomorrow.id]
    assert board[0].when.describe(date(2026, 12, 2)) == "zondag 29 november"


def test_a_pulled_request_without_a_date_gets_it_from_when_it_was_made(
    store: LocalStore,
) -> None:
    """A central store from before dates were kept sends the kind alone."""
    change = {
        "seq": 1,
        "kind": "ask",
        "id": "a-old",
        "op": "upsert",
        "data": {
            "number": "234-5678",
            "category": "dog",
            "when": {"kind": "tomorrow", "day": None},
            "first_name": "Kees",
            "phone": "",
            "circle": "linde",
            "status": "open",
            "token_hash": "h" * 64,
            "created_at": LATE_SUNDAY.isoformat(),
            "updated_at": LATE_SUNDAY.isoformat(),
        },
    }
    assert SyncLedger(store).apply([change], 1) == 1
    pulled = store.ask("a-old")
    assert pulled is not None and pulled.when == When(WhenKind.TOMORROW, date(2026, 12, 1))


def test_upgrade_to_0005_fills_the_dates_from_created_at(tmp_path: Path) -> None:
    from alembic import command

    path = tmp_path / "old.db"
    engine = make_engine(path)
    command.upgrade(alembic_config(engine), "0003")
    engine.dispose()
    old = sqlite3.connect(path)
    rows = [  # (id, kind, day, created_at in UTC)
        ("a-today", "today", None, "2026-11-29 23:30:00.000000"),  # Monday in Amsterdam
        ("a-tomorrow", "tomorrow", None, "2026-11-29 10:00:00.000000"),
        ("a-week", "this_week", None, "2026-12-02 10:00:00.000000"),
        ("a-day", "on_day", "2026-12-09", "2026-11-29 10:00:00.000000"),
        ("a-any", "any_time", None, "2026-11-29 10:00:00.000000"),
    ]
    for number, (ask_id, kind, day, created) in enumerate(rows):
        old.execute(
            "INSERT INTO asks (id, number, category, when_kind, when_day, first_name, phone,"
            " for_neighbour, status, token_hash, created_at, updated_at) VALUES (?, ?, 'dog',"
            " ?, ?, 'Kees', '+31612345678', 0, 'open', ?, ?, ?)",
            (ask_id, f"234-567{number}", kind, day, f"h{number}", created, created),
        )
    old.execute(
        "INSERT INTO offers (id, number, categories, when_kind, when_day, first_name, phone,"
        " status, token_hash, created_at, updated_at) VALUES ('o1', '345-6789', '[\"dog\"]',"
        " 'tomorrow', NULL, 'Sanne', '+31612345678', 'active', 'ho',"
        " '2026-11-29 10:00:00.000000', '2026-11-29 10:00:00.000000')"
    )
    old.commit()
    old.close()

    store = LocalStore.open(path)
    try:
        days = {a.id: a.when.day for a in store.all_asks()}
        assert days == {
            "a-today": date(2026, 11, 30),
            "a-tomorrow": date(2026, 11, 30),
            "a-week": date(2026, 12, 6),
            "a-day": date(2026, 12, 9),
            "a-any": None,
        }
        assert [o.when.day for o in store.offers()] == [date(2026, 11, 30)]
    finally:
        store.close()
    engine = make_engine(path)
    command.downgrade(alembic_config(engine), "0003")
    with engine.connect() as connection:
        kept = connection.exec_driver_sql("SELECT id, when_day FROM asks ORDER BY id").all()
    engine.dispose()
    assert dict(kept) == {
        "a-any": None,
        "a-day": "2026-12-09",
        "a-today": None,
        "a-tomorrow": None,
        "a-week": None,
    }
