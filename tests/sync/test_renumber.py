"""Request numbers: the central store renumbers a clash, and a pulled ask is never skipped
because this kiosk already uses its number."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from stub_central import stub_central
from sync_helpers import Kiosk, ask_draft, pulled_ask

from kiosk.central.service import CentralStore
from kiosk.domain import OfferDraft
from kiosk.store import LocalStore
from kiosk.store.db import alembic_config, make_engine
from kiosk.store.sync import Decision, SyncLedger
from kiosk.sync import Renumbered, run_sync_round


def test_a_pulled_ask_with_a_number_used_here_is_applied_not_skipped(
    make_kiosk: Callable[[str], Kiosk],
) -> None:
    store = make_kiosk("k1").store
    mine = store.save_ask(ask_draft())  # not sent yet: the central store will renumber it
    ledger = SyncLedger(store)
    assert ledger.apply([pulled_ask("from-elsewhere", mine.number, 12)], 12) == 1
    assert ledger.cursor() == 12
    theirs = store.ask("from-elsewhere")
    assert theirs is not None and theirs.number == mine.number
    found = store.ask_by_number(mine.number)
    assert found is not None and found.id == "from-elsewhere"  # the central store's holder
    [create] = store.pending_events()
    ledger.settle([create], [Decision(create.event_id, "accepted", number="765-4329")])
    renumbered = store.ask(mine.id)
    assert renumbered is not None and renumbered.number == "765-4329"
    still_theirs = store.ask_by_number(mine.number)
    assert still_theirs is not None and still_theirs.id == "from-elsewhere"


def test_a_number_taken_at_the_central_store_is_replaced_here(
    make_kiosk: Callable[[str], Kiosk],
) -> None:
    store = make_kiosk("k1").store
    asked = store.save_ask(ask_draft())
    offered = store.save_offer(OfferDraft(categories=["dog"], first_name="Wim", phone="0612345679"))
    events = store.pending_events()
    new_numbers = {asked.id: "3456789", offered.id: "234-5678"}  # the server's, any spelling
    settled = SyncLedger(store).settle(
        events,
        [Decision(e.event_id, "accepted", number=new_numbers[e.entity_id]) for e in events],
    )
    assert [(n.kind, n.old, n.new) for n in settled.renumbered] == [
        ("ask", asked.number, "345-6789"),
        ("offer", offered.number, "234-5678"),
    ]
    by_receipt = store.ask_by_followup_token(asked.followup_token)  # the receipt's QR still works
    assert by_receipt is not None and by_receipt.number == "345-6789"
    offer = store.offer_by_followup_token(offered.followup_token)
    assert offer is not None and offer.number == "234-5678"
    assert store.ask_by_number(asked.number) is None  # the old number on the receipt: gone
    assert store.pending_count() == 0


def test_new_numbers_are_free_among_asks_and_offers_here(
    make_kiosk: Callable[[str], Kiosk],
) -> None:
    store = make_kiosk("k1").store
    numbers = [store.save_ask(ask_draft()).number for _ in range(30)]
    numbers += [
        store.save_offer(OfferDraft(categories=["dog"], first_name="W", phone="0612345679")).number
        for _ in range(30)
    ]
    assert len(set(numbers)) == 60


def renumbering_central(method: str, path: str, _headers: dict[str, str], body: Any) -> Any:
    """A central store where every request number is already taken."""
    if method == "POST" and path == "/api/v1/events":
        results = [
            {
                "event_id": e["event_id"],
                "result": "accepted",
                "status": "open",
                "number": "999-2222",
            }
            for e in body["events"]
        ]
        return 200, {"results": results}
    if path.startswith("/api/v1/changes"):
        return 200, {"changes": [], "next": 0, "more": False}
    return 404, {"detail": "not found"}


def test_a_round_takes_the_new_number_from_the_answer(make_kiosk: Callable[[str], Kiosk]) -> None:
    store: LocalStore = make_kiosk("k1").store
    saved = store.save_ask(ask_draft())
    with stub_central(renumbering_central) as (url, _seen):
        report = run_sync_round(store, url, "token")
    assert report.online and report.renumbered == (
        Renumbered(saved.id, "ask", saved.number, "999-2222"),
    )
    assert f"renumbered: {saved.number}>999-2222" in report.summary()
    ask = store.ask(saved.id)
    assert ask is not None and ask.number == "999-2222"


def test_upgrade_from_0003_keeps_waiting_events_and_lets_numbers_repeat(tmp_path: Path) -> None:
    from alembic import command

    path = tmp_path / "old.sqlite3"
    engine = make_engine(path)
    command.upgrade(alembic_config(engine), "0003")
    engine.dispose()
    with closing(sqlite3.connect(path)) as old:
        old.execute(
            "INSERT INTO asks (id, number, category, when_kind, first_name, phone, for_neighbour,"
            " status, token_hash, created_at, updated_at) VALUES ('a1', '234-5678', 'dog',"
            " 'any_time', 'Kees', '+31612345678', 0, 'open', 'h1', '2026-11-01 10:00:00',"
            " '2026-11-01 10:00:00')"
        )
        old.execute(
            "INSERT INTO outbox (event_id, type, entity_id, payload, created_at, attempts)"
            " VALUES ('e1', 'ask.create', 'a1', '{\"id\": \"a1\"}', '2026-11-01 10:00:00', 2)"
        )
        old.commit()
    store = LocalStore.open(path)
    try:
        [waiting] = store.pending_events()
        assert (waiting.event_id, waiting.attempts) == ("e1", 2)
        assert SyncLedger(store).apply([pulled_ask("a2", "234-5678", 1)], 1) == 1
        assert sorted(a.id for a in store.all_asks()) == ["a1", "a2"]
    finally:
        store.close()


def test_two_kiosks_that_drew_one_number_both_keep_their_ask(
    central: CentralStore, central_url: str, make_kiosk: Callable[[str], Kiosk]
) -> None:
    first, second = make_kiosk("k1"), make_kiosk("k2")
    theirs = first.store.save_ask(ask_draft(name="Kees"))
    ours = second.store.save_ask(ask_draft())
    with second.store.engine.begin() as connection:  # as if both kiosks had drawn one number
        connection.exec_driver_sql("UPDATE asks SET number = ?", (theirs.number,))
        connection.exec_driver_sql(
            "UPDATE outbox SET payload = json_set(payload, '$.number', ?)", (theirs.number,)
        )
    run_sync_round(first.store, central_url, first.token)
    report = run_sync_round(second.store, central_url, second.token)
    [renumbered] = report.renumbered
    assert (renumbered.entity_id, renumbered.old) == (ours.id, theirs.number)
    assert renumbered.new != theirs.number
    for kiosk in (first, second):
        run_sync_round(kiosk.store, central_url, kiosk.token)
        numbers = {a.id: a.number for a in kiosk.store.all_asks()}
        assert numbers == {theirs.id: theirs.number, ours.id: renumbered.new}
