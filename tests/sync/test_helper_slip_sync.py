"""A claim with a helper slip token through the real central server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable

from sync_helpers import Kiosk, ask_draft, member_session

from kiosk.central.service import CentralStore
from kiosk.sync import run_sync_round


def test_claim_round_trip_keeps_the_slip_token_and_brings_the_phone(
    central: CentralStore, central_url: str, make_kiosk: Callable[[str], Kiosk]
) -> None:
    here, there = make_kiosk("k1"), make_kiosk("k2")
    volunteer, session = member_session(central, central_url, there, "Anna")  # claims need one
    saved = here.store.save_ask(ask_draft(phone="0687654321"))
    run_sync_round(here.store, central_url, here.token)
    run_sync_round(there.store, central_url, there.token)
    _ask, token = there.store.claim(saved.id, volunteer, session=session)
    report = run_sync_round(there.store, central_url, there.token)
    assert report.online and report.conflicts == ()
    slip = there.store.helper_slip(saved.id)
    assert slip is not None and slip.claim_state == "confirmed"
    assert slip.phone == "+31687654321" and slip.first_name == "Riet"
    found = there.store.ask_by_helper_token(token)
    assert found is not None and found.id == saved.id
    assert [a.id for a in there.store.my_claims(volunteer)] == [saved.id]

    there.store.ask_action(saved.id, "release", volunteer=volunteer, session=session)
    assert run_sync_round(there.store, central_url, there.token).rejected == ()
    assert there.store.helper_slip(saved.id) is None
    assert there.store.ask_by_helper_token(token) is None
    released = there.store.ask(saved.id)
    assert released is not None and released.person.phone == ""


def test_a_second_claimer_loses_and_keeps_no_slip(
    central: CentralStore, central_url: str, make_kiosk: Callable[[str], Kiosk]
) -> None:
    origin, first, second = make_kiosk("k1"), make_kiosk("k2"), make_kiosk("k3")
    saved = origin.store.save_ask(ask_draft())
    run_sync_round(origin.store, central_url, origin.token)
    tokens = {}
    members = {}
    for kiosk, name in ((first, "Bo"), (second, "Cas")):
        run_sync_round(kiosk.store, central_url, kiosk.token)
        member, session = member_session(central, central_url, kiosk, name)
        members[name] = member
        tokens[member] = kiosk.store.claim(saved.id, member, session=session)[1]
    assert run_sync_round(first.store, central_url, first.token).conflicts == ()
    (conflict,) = run_sync_round(second.store, central_url, second.token).conflicts
    assert conflict.number == saved.number
    assert second.store.helper_slip(saved.id) is None
    assert second.store.ask_by_helper_token(tokens[members["Cas"]]) is None
    assert second.store.my_claims(members["Cas"]) == []
    assert first.store.ask_by_helper_token(tokens[members["Bo"]]) is not None
