"""A helper slip whose claim ended: its page thanks (done, given back, withdrawn) instead of a
404, for as long as the request is kept; nothing but a hash and how it ended is kept for it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from central_events import action, ask_create, wire
from central_helpers import TEST_START, Server, volunteer_at
from sqlalchemy import func, select

from kiosk import domain
from kiosk.central.models import SpentHelperToken

DONE = "Deze klus is klaar — dank u!"
GIVEN_BACK = "U heeft deze klus teruggegeven. Dank u!"
WITHDRAWN = "Deze vraag is ingetrokken. U hoeft niets meer te doen. Dank u!"


def claim(ask_id: str, volunteer: tuple[str, str]) -> tuple[dict[str, Any], str]:
    """A kiosk's claim by a signed-in volunteer (id, session) with a new helper slip token;
    returns the event and the token."""
    slip = domain.new_followup_token()
    member_id, session = volunteer
    event = action("ask.claim", ask_id, member_id, session=session)
    event["payload"]["helper_token_hash"] = domain.hash_token(slip)
    return event, slip


def push(server: Server, token: str, *events: dict[str, Any]) -> list[dict[str, Any]]:
    with server.client(token) as http:
        results = http.post("/api/v1/events", json=wire(*events)).json()["results"]
    return list(results)


def slip_page(server: Server, slip: str) -> tuple[int, str]:
    with server.client(None) as http:
        page = http.get(f"/h/{slip}", params={"lang": "nl"})
    return page.status_code, page.text


def test_kiosk_events_end_a_slip_kindly_and_a_new_claim_gets_its_own(any_server: Server) -> None:
    token = any_server.store.add_kiosk("k1", "brink")
    bo = volunteer_at(any_server.store, token, first_name="Bo")
    cas = volunteer_at(any_server.store, token, first_name="Cas")
    ask = ask_create(first_name="Riet", phone="+31687654321")
    first, first_slip = claim(ask["entity_id"], bo)
    second, second_slip = claim(ask["entity_id"], cas)
    results = push(
        any_server,
        token,
        ask,
        first,
        action("ask.release", ask["entity_id"], bo[0], session=bo[1]),
        second,
    )
    assert [r["result"] for r in results] == ["accepted"] * 4
    status, text = slip_page(any_server, first_slip)
    assert status == 200 and GIVEN_BACK in text and ask["payload"]["number"] in text
    assert 'id="done"' not in text and "Riet" not in text and "8765" not in text
    status, text = slip_page(any_server, second_slip)
    assert status == 200 and 'id="done"' in text  # the new claim's slip works
    with any_server.client(None) as http:
        late = http.post(f"/h/{first_slip}/done", follow_redirects=True)
    assert GIVEN_BACK in late.text  # the old slip cannot finish the new claim
    done = action("ask.done", ask["entity_id"], cas[0], session=cas[1])
    assert push(any_server, token, done)[0]["result"] == "accepted"
    assert DONE in slip_page(any_server, second_slip)[1]
    assert GIVEN_BACK in slip_page(any_server, first_slip)[1]
    reused, _slip = claim(ask_create()["entity_id"], bo)
    reused["payload"]["helper_token_hash"] = domain.hash_token(first_slip)
    # a spent slip's hash is used, as one held by a claim: refused as the contract says
    assert push(any_server, token, reused)[0]["reason"] == "duplicate_token"


def test_withdrawn_from_the_receipt_page_while_picked_up(any_server: Server) -> None:
    token = any_server.store.add_kiosk("k1", "brink")
    ask = ask_create()
    picked, slip = claim(ask["entity_id"], volunteer_at(any_server.store, token))
    assert [r["result"] for r in push(any_server, token, ask, picked)] == ["accepted"] * 2
    with any_server.client(None) as http:
        cancelled = http.post(f"/r/{ask['_token']}/cancel", follow_redirects=True)
    assert "Uw vraag is ingetrokken." in cancelled.text
    status, text = slip_page(any_server, slip)
    assert status == 200 and WITHDRAWN in text


def test_a_spent_slip_is_kept_as_long_as_its_request_and_no_longer(any_server: Server) -> None:
    store = any_server.store
    now = [TEST_START]  # when the events say they were made: the store takes them
    store.clock = lambda: now[0]
    token = store.add_kiosk("k1", "brink")
    volunteer, session = volunteer_at(store, token)
    ask = ask_create()
    picked, slip = claim(ask["entity_id"], (volunteer, session))
    done = action("ask.done", ask["entity_id"], volunteer, session=session)
    assert [r["result"] for r in push(any_server, token, ask, picked, done)] == ["accepted"] * 3
    now[0] += timedelta(days=29)
    assert DONE in slip_page(any_server, slip)[1]
    now[0] += timedelta(days=2)
    assert slip_page(any_server, slip)[0] == 404  # past retention, before the erasure ran
    assert store.erase_expired() == 1
    assert slip_page(any_server, slip)[0] == 404
    with store.engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(SpentHelperToken)) == 0
