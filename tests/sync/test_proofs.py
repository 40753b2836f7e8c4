"""Who makes a change travels with it (member session, helper slip or receipt token) to the
real central store on 127.0.0.1, and leaves the kiosk's file once the answer is in."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest
from sqlalchemy.orm import Session
from sync_helpers import Kiosk, ask_draft, file_bytes, member_session

from kiosk import domain
from kiosk.central.models import Ask, Offer
from kiosk.central.service import CentralStore
from kiosk.domain import OfferDraft
from kiosk.store.sync import SyncLedger
from kiosk.sync import CentralClient, run_sync_round


def central_status(central: CentralStore, model: type[Ask] | type[Offer], entity_id: str) -> str:
    with Session(central.engine) as session:
        row = session.get(model, entity_id)
        assert row is not None
        return row.status


def untimed(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload without ``created_at``, which every event carries as an aware ISO time."""
    assert datetime.fromisoformat(payload["created_at"]).tzinfo is not None
    return {key: value for key, value in payload.items() if key != "created_at"}


def accepted_and_forgotten(
    central: CentralStore,
    central_url: str,
    kiosk: Kiosk,
    model: type[Ask] | type[Offer],
    entity_id: str,
    status: str,
    secret: str,
) -> None:
    """One round: the change is accepted, the central store shows ``status``, and the token
    that went along is nowhere in the kiosk's files any more."""
    report = run_sync_round(kiosk.store, central_url, kiosk.token)
    assert (report.online, report.pushed, report.rejected) == (True, 1, ())
    assert central_status(central, model, entity_id) == status
    assert secret.encode() not in file_bytes(kiosk.store)


def test_claim_and_done_carry_the_member_session_and_it_is_scrubbed_once_answered(
    central: CentralStore, central_url: str, make_kiosk: Callable[[str], Kiosk]
) -> None:
    here, there = make_kiosk("k1"), make_kiosk("k2")
    saved = here.store.save_ask(ask_draft())
    run_sync_round(here.store, central_url, here.token)
    run_sync_round(there.store, central_url, there.token)
    volunteer, session = member_session(central, central_url, there, "Anna")

    there.store.claim(saved.id, volunteer, session=session)
    [claim] = there.store.pending_events()
    assert claim.payload["session"] == session and claim.payload["volunteer"] == volunteer
    assert session.encode() in file_bytes(there.store)  # queued: on the card until answered
    SyncLedger(there.store).wipe_freed_pages()  # as SQLite's own checkpoints do now and then:
    assert session.encode() in file_bytes(there.store)  # now in the main file, not the WAL
    accepted_and_forgotten(central, central_url, there, Ask, saved.id, "claimed", session)

    there.store.ask_action(saved.id, "done", volunteer, session=session)
    assert there.store.pending_events()[0].payload["session"] == session
    accepted_and_forgotten(central, central_url, there, Ask, saved.id, "done", session)


def test_a_job_opened_by_its_helper_slip_is_given_back_with_the_slips_token(
    central: CentralStore, central_url: str, make_kiosk: Callable[[str], Kiosk]
) -> None:
    kiosk = make_kiosk("k1")
    saved = kiosk.store.save_ask(ask_draft())
    volunteer, session = member_session(central, central_url, kiosk, "Bram")
    _ask, slip_token = kiosk.store.claim(saved.id, volunteer, session=session)
    run_sync_round(kiosk.store, central_url, kiosk.token)

    kiosk.store.ask_action(saved.id, "release", helper_token=slip_token)  # no member here
    [release] = kiosk.store.pending_events()
    assert untimed(release.payload) == {"id": saved.id, "helper_token": slip_token}
    accepted_and_forgotten(central, central_url, kiosk, Ask, saved.id, "open", slip_token)


def test_a_receipt_scanned_at_another_kiosk_cancels_with_its_token(
    central: CentralStore, central_url: str, make_kiosk: Callable[[str], Kiosk]
) -> None:
    origin, elsewhere = make_kiosk("k1"), make_kiosk("k2")
    saved = origin.store.save_ask(ask_draft())
    run_sync_round(origin.store, central_url, origin.token)
    run_sync_round(elsewhere.store, central_url, elsewhere.token)
    scanned = elsewhere.store.ask_by_followup_token(saved.followup_token)
    assert scanned is not None and scanned.id == saved.id

    elsewhere.store.ask_action(saved.id, "cancel", receipt_token=saved.followup_token)
    [cancel] = elsewhere.store.pending_events()
    assert untimed(cancel.payload) == {"id": saved.id, "receipt_token": saved.followup_token}
    receipt = saved.followup_token
    accepted_and_forgotten(central, central_url, elsewhere, Ask, saved.id, "cancelled", receipt)


def test_an_offer_is_paused_elsewhere_with_its_receipt_and_here_without(
    central: CentralStore, central_url: str, make_kiosk: Callable[[str], Kiosk]
) -> None:
    origin, elsewhere = make_kiosk("k1"), make_kiosk("k2")
    saved = origin.store.save_offer(
        OfferDraft(categories=["dog"], first_name="Wim", phone="0612345679")
    )
    run_sync_round(origin.store, central_url, origin.token)
    run_sync_round(elsewhere.store, central_url, elsewhere.token)

    paused = elsewhere.store.offer_action(saved.id, "pause", receipt_token=saved.followup_token)
    assert paused.status is domain.OfferStatus.PAUSED
    [pause] = elsewhere.store.pending_events()
    assert (pause.type, untimed(pause.payload)) == (
        "offer.pause",
        {"id": saved.id, "receipt_token": saved.followup_token},
    )
    receipt = saved.followup_token
    accepted_and_forgotten(central, central_url, elsewhere, Offer, saved.id, "paused", receipt)

    run_sync_round(origin.store, central_url, origin.token)
    origin.store.offer_action(saved.id, "withdraw")  # made here: the origin kiosk needs no token
    assert untimed(origin.store.pending_events()[0].payload) == {"id": saved.id}
    assert run_sync_round(origin.store, central_url, origin.token).rejected == ()
    assert central_status(central, Offer, saved.id) == "withdrawn"


def test_a_token_that_is_not_this_requests_is_refused_and_nothing_is_queued(
    make_kiosk: Callable[[str], Kiosk],
) -> None:
    store = make_kiosk("k1").store
    mine, other = store.save_ask(ask_draft()), store.save_ask(ask_draft(name="Kees"))
    _ask, slip = store.claim(mine.id, "m-1", session="s" * 43)
    _ask, other_slip = store.claim(other.id, "m-1", session="s" * 43)
    offer = store.save_offer(OfferDraft(categories=["dog"], first_name="Wim", phone="0612345679"))
    queued = store.pending_count()
    refused: list[Callable[[], object]] = [
        lambda: store.ask_action(mine.id, "release", helper_token=other_slip),
        lambda: store.ask_action(mine.id, "cancel", receipt_token=other.followup_token),
        lambda: store.ask_action(mine.id, "cancel", session="s" * 43),  # a receipt's business
        lambda: store.ask_action(mine.id, "done", helper_token="not hex"),
        lambda: store.ask_action(mine.id, "release", session=""),
        lambda: store.claim(mine.id, "m-1", session="x" * 201),
        lambda: store.offer_action(offer.id, "pause", receipt_token=mine.followup_token),
        lambda: store.offer_action(offer.id, "sell"),
    ]
    for attempt in refused:
        with pytest.raises(ValueError):
            attempt()
    assert store.pending_count() == queued
    assert store.ask_by_helper_token(slip) is not None  # nothing changed
    assert [o.status for o in store.offers()] == [domain.OfferStatus.ACTIVE]


def test_a_claim_queued_while_offline_counts_with_the_session_live_when_it_was_made(
    central: CentralStore, central_url: str, make_kiosk: Callable[[str], Kiosk]
) -> None:
    """'Stoppen' ends the session before the kiosk is online again: the claim still counts."""
    kiosk = make_kiosk("k1")
    saved = kiosk.store.save_ask(ask_draft())
    run_sync_round(kiosk.store, central_url, kiosk.token)
    volunteer, session = member_session(central, central_url, kiosk, "Anna")
    kiosk.store.claim(saved.id, volunteer, session=session)
    with CentralClient(central_url, kiosk.token) as client:
        client.logout(session)
    accepted_and_forgotten(central, central_url, kiosk, Ask, saved.id, "claimed", session)
