"""'Afmelden' and idle end the member's session at the central store, after the outbox went."""

from __future__ import annotations

from collections.abc import Callable

from sync_helpers import Kiosk, ask_draft, member_session

from kiosk.central.service import CentralStore
from kiosk.sync import SyncReport, SyncWorker, run_sync_round


def test_a_claim_queued_before_signing_out_still_counts_and_the_session_then_ends(
    central: CentralStore, central_url: str, make_kiosk: Callable[[str], Kiosk]
) -> None:
    here = make_kiosk("k1")
    volunteer, session = member_session(central, central_url, here, "Anna")
    saved = here.store.save_ask(ask_draft())
    run_sync_round(here.store, central_url, here.token)
    here.store.claim(saved.id, volunteer, session=session)  # still in the outbox
    reports: list[SyncReport] = []
    worker = SyncWorker(here.store, central_url, here.token, reports.append)
    worker.end_session(session)  # she taps "Afmelden" before the next round
    worker.step()

    assert reports[-1].online and reports[-1].pending == 0
    assert reports[-1].conflicts == () and reports[-1].rejected == ()
    claimed = here.store.ask(saved.id)
    assert claimed is not None and claimed.person.phone  # the claim counted: the phone came
    assert central.session_member(central.authenticate(here.token), session) is None


def test_offline_the_session_waits_for_the_next_round(
    central: CentralStore, central_url: str, make_kiosk: Callable[[str], Kiosk]
) -> None:
    here = make_kiosk("k1")
    _volunteer, session = member_session(central, central_url, here, "Bram")
    reports: list[SyncReport] = []
    worker = SyncWorker(here.store, "http://127.0.0.1:9", here.token, reports.append)
    worker.end_session(session)
    worker.step()  # nothing listens on port 9: offline
    assert not reports[-1].online
    assert central.session_member(central.authenticate(here.token), session) is not None

    worker.central_url = central_url  # the network is back
    worker.step()
    assert reports[-1].online
    assert central.session_member(central.authenticate(here.token), session) is None
