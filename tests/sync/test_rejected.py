"""A change the central store rejects is undone here, kept aside for the operator, logged in
one line and never sent again; sync goes on with the next events."""

from __future__ import annotations

import io
import logging
from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from sync_helpers import Kiosk, ask_draft, member_session, pulled_ask

from kiosk.central.models import Ask
from kiosk.central.service import CentralStore
from kiosk.domain import AskStatus, OfferDraft, OfferStatus
from kiosk.i18n import translator
from kiosk.repair import rejected_command
from kiosk.store import LocalStore
from kiosk.store.sync import Decision, SyncLedger
from kiosk.sync import run_sync_round


def claim_state(store: LocalStore, ask_id: str) -> str | None:
    with store.engine.connect() as connection:
        return connection.exec_driver_sql(
            "SELECT claim_state FROM asks WHERE id = ?", (ask_id,)
        ).scalar()


def central_ask_ids(central: CentralStore) -> set[str]:
    with Session(central.engine) as session:
        return set(session.scalars(select(Ask.id)))


def test_a_rejected_claim_reopens_the_ask_and_the_next_events_still_go(
    central: CentralStore,
    central_url: str,
    make_kiosk: Callable[[str], Kiosk],
    caplog: pytest.LogCaptureFixture,
) -> None:
    here, there = make_kiosk("k1"), make_kiosk("k2")
    saved = here.store.save_ask(ask_draft(name="Wilhelmina", phone="0687654321"))
    run_sync_round(here.store, central_url, here.token)
    run_sync_round(there.store, central_url, there.token)
    # No member of this buurthuis and no session: the central store will not have it.
    there.store.claim(saved.id, "not-a-member", session="made-up-session-token")
    after = there.store.save_ask(ask_draft(name="Kees"))
    caplog.set_level(logging.INFO)

    report = run_sync_round(there.store, central_url, there.token)

    assert (report.online, report.pushed, report.pending) == (True, 2, 0)
    [rejection] = report.rejected
    assert (rejection.entity_id, rejection.number, rejection.event_type) == (
        saved.id,
        saved.number,
        "ask.claim",
    )
    assert rejection.reason  # the central store's word, e.g. not_allowed
    assert rejection.message(translator("nl")) == (
        "Uw aanmelding voor deze vraag is niet gelukt. De vraag staat weer open."
    )
    assert after.id in central_ask_ids(central)  # the batch went on
    reopened = there.store.ask(saved.id)
    assert reopened is not None and reopened.status is AskStatus.OPEN
    assert claim_state(there.store, saved.id) == "rejected"
    assert there.store.helper_slip(saved.id) is None and there.store.my_claims("not-a-member") == []
    [kept] = there.store.rejected_events()
    assert (kept.type, kept.entity_id, kept.number, kept.reason) == (
        "ask.claim",
        saved.id,
        saved.number,
        rejection.reason,
    )
    assert kept.answered_at is not None
    lines = [r.getMessage() for r in caplog.records if "rejected" in r.getMessage()]
    assert lines == [f"central store rejected ask.claim event {kept.seq}: {rejection.reason}"]
    assert "Wilhelmina" not in caplog.text and "made-up-session-token" not in caplog.text
    assert "made-up-session-token" not in str(there.store.pending_events())

    again = run_sync_round(there.store, central_url, there.token)
    assert (again.pushed, again.rejected) == (0, ())  # never sent again
    assert len(there.store.rejected_events()) == 1
    volunteer, session = member_session(central, central_url, there, "Anna")
    there.store.claim(saved.id, volunteer, session=session)  # open here again: claim it now
    assert run_sync_round(there.store, central_url, there.token).rejected == ()
    assert claim_state(there.store, saved.id) == "confirmed"


def answer_all(store: LocalStore, result: str, reason: str | None = None) -> None:
    """The central store's answer to everything waiting, settled here."""
    events = store.pending_events()
    SyncLedger(store).settle(events, [Decision(e.event_id, result, reason) for e in events])


def test_a_rejected_release_gives_the_claim_back_to_its_volunteer(
    make_kiosk: Callable[[str], Kiosk],
) -> None:
    store = make_kiosk("k1").store
    saved = store.save_ask(ask_draft())
    _ask, slip = store.claim(saved.id, "m-7", session="s-1")
    answer_all(store, "accepted")
    store.ask_action(saved.id, "release", "m-7", session="s-expired")
    answer_all(store, "rejected", "not_allowed")
    back = store.ask(saved.id)
    assert back is not None and back.status is AskStatus.CLAIMED
    assert [a.id for a in store.my_claims("m-7")] == [saved.id]
    assert store.ask_by_helper_token(slip) is not None  # the slip works again
    assert claim_state(store, saved.id) == "confirmed"


def test_changes_queued_on_top_of_a_rejected_one_undo_to_before_all_of_them(
    make_kiosk: Callable[[str], Kiosk],
) -> None:
    store = make_kiosk("k1").store
    saved = store.save_ask(ask_draft())
    answer_all(store, "accepted")
    store.claim(saved.id, "m-7")  # no session: rejected
    store.ask_action(saved.id, "release", "m-7")  # made on top of that claim
    claim_event, release_event = store.pending_events()
    ledger = SyncLedger(store)
    ledger.settle([claim_event], [Decision(claim_event.event_id, "rejected", "not_allowed")])
    ledger.settle([release_event], [Decision(release_event.event_id, "rejected", "not_allowed")])
    ask = store.ask(saved.id)
    assert ask is not None and ask.status is AskStatus.OPEN
    assert store.my_claims("m-7") == []
    assert [r.type for r in store.rejected_events()] == ["ask.claim", "ask.release"]


def test_a_rejected_cancel_and_offer_withdrawal_are_undone(
    make_kiosk: Callable[[str], Kiosk],
) -> None:
    store = make_kiosk("k1").store
    saved = store.save_ask(ask_draft())
    offer = store.save_offer(OfferDraft(categories=["dog"], first_name="Wim", phone="0612345679"))
    answer_all(store, "accepted")
    store.ask_action(saved.id, "cancel", receipt_token=saved.followup_token)
    store.ask_action(saved.id, "thank", receipt_token=saved.followup_token)
    store.offer_action(offer.id, "withdraw", receipt_token=offer.followup_token)
    answer_all(store, "rejected", "not_allowed")
    ask = store.ask(saved.id)
    assert ask is not None and ask.status is AskStatus.OPEN
    assert [o.status for o in store.offers()] == [OfferStatus.ACTIVE]
    kept = store.rejected_events()
    assert [(k.type, k.number) for k in kept] == [
        ("ask.cancel", saved.number),
        ("ask.thank", saved.number),
        ("offer.withdraw", offer.number),
    ]
    assert store.pending_count() == 0
    assert saved.followup_token not in repr(store.pending_events())
    assert store.forget_rejected() == 3 and store.rejected_events() == []


def test_a_rejected_new_ask_stays_here_and_is_listed(make_kiosk: Callable[[str], Kiosk]) -> None:
    """The person holds a receipt: the ask is not taken away; the operator sees the refusal."""
    store = make_kiosk("k1").store
    saved = store.save_ask(ask_draft())
    answer_all(store, "rejected", "bad_created_at")
    assert store.ask(saved.id) is not None
    [kept] = store.rejected_events()
    assert (kept.type, kept.number, kept.reason) == ("ask.create", saved.number, "bad_created_at")


def test_a_pulled_change_is_not_held_back_by_a_rejected_event(
    make_kiosk: Callable[[str], Kiosk],
) -> None:
    store = make_kiosk("k1").store
    saved = store.save_ask(ask_draft())
    answer_all(store, "accepted")
    store.ask_action(saved.id, "cancel")
    answer_all(store, "rejected", "not_allowed")
    SyncLedger(store).apply([pulled_ask(saved.id, saved.number, 4, status="claimed")], 4)
    ask = store.ask(saved.id)
    assert ask is not None and ask.status is AskStatus.CLAIMED


def test_the_operator_lists_rejected_events_and_may_forget_them(
    make_kiosk: Callable[[str], Kiosk],
) -> None:
    store = make_kiosk("k1").store
    saved = store.save_ask(ask_draft(name="Wilhelmina"))
    answer_all(store, "accepted")
    store.claim(saved.id, "m-7", session="secret-session")
    answer_all(store, "rejected", "not_allowed")
    [kept] = store.rejected_events()
    path = str(store.engine.url.database)
    out = io.StringIO()
    assert rejected_command(path, out=out) == 0
    assert out.getvalue() == (
        f"{kept.answered_at:%Y-%m-%d %H:%M}  #{kept.seq}  ask.claim       {saved.number}  "
        "not_allowed\n"
    )
    out = io.StringIO()
    assert rejected_command(path, forget=True, out=out) == 0
    assert out.getvalue().splitlines()[-1] == "forgot 1 rejected events"
    assert store.rejected_events() == []
