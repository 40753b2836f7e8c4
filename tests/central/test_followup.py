"""The follow-up page behind the receipt's QR code, and the erasure of closed requests."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from central_events import action, ask_create, wire
from central_helpers import TEST_START, Server, sqlite_store, volunteer_at
from sqlalchemy import text

from kiosk.central.service import CentralStore, IncomingEvent, KioskAuth


def push(store: CentralStore, kiosk: KioskAuth, event: dict[str, object]) -> str:
    (result,) = store.push(
        kiosk,
        [
            IncomingEvent(
                str(event["event_id"]),
                str(event["type"]),
                str(event["entity_id"]),
                dict(event["payload"]),
            )
        ],
    )  # type: ignore[call-overload]
    return result.result


def test_page_shows_status_and_first_name_only(server: Server) -> None:
    token = server.store.add_kiosk("k1", "brink")
    ask = ask_create(first_name="Riet", phone="+31687654321")
    with server.client(token) as http:
        http.post("/api/v1/events", json=wire(ask)).raise_for_status()
    with server.client(None) as http:
        page = http.get(f"/r/{ask['_token']}")
        english = http.get(f"/r/{ask['_token']}", headers={"Accept-Language": "en-GB"})
        as_json = http.get(f"/r/{ask['_token']}", headers={"Accept": "application/json"})
    assert page.status_code == 200
    assert "Hallo Riet," in page.text and "Uw vraag wacht op een buur" in page.text
    assert "Boodschappen" in page.text and 'lang="nl"' in page.text
    assert "87654321" not in page.text and "6876" not in page.text
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert "Hello Riet," in english.text
    assert as_json.json()["status"] == "open"
    assert as_json.json()["first_name"] == "Riet"
    assert "phone" not in as_json.json()


@pytest.mark.parametrize("unknown", ["nope", "A" * 22])
def test_unknown_token_gets_a_friendly_404(server: Server, unknown: str) -> None:
    with server.client(None) as http:
        page = http.get(f"/r/{unknown}")
        as_json = http.get(f"/r/{unknown}", headers={"Accept": "application/json"})
    assert page.status_code == 404
    assert "We kunnen deze vraag niet vinden" in page.text
    assert as_json.status_code == 404


def test_asker_cancels_from_the_page_and_kiosks_hear_of_it(server: Server) -> None:
    token = server.store.add_kiosk("k1", "brink")
    ask = ask_create()
    with server.client(token) as http:
        http.post("/api/v1/events", json=wire(ask)).raise_for_status()
        cursor = http.get("/api/v1/changes").json()["next"]
    with server.client(None) as http:
        confirm = http.get(f"/r/{ask['_token']}", params={"confirm": "cancel"})
        assert "Weet u zeker" in confirm.text
        done = http.post(f"/r/{ask['_token']}/cancel", params={"lang": "nl"}, follow_redirects=True)
    assert done.status_code == 200 and "Uw vraag is ingetrokken." in done.text
    with server.client(token) as http:
        (change,) = http.get("/api/v1/changes", params={"after": cursor}).json()["changes"]
    assert change["data"]["status"] == "cancelled"


def test_thank_you_after_done(server: Server) -> None:
    token = server.store.add_kiosk("k1", "brink")
    helper, session = volunteer_at(server.store, token)
    ask = ask_create()
    with server.client(token) as http:
        results = http.post(
            "/api/v1/events",
            json=wire(
                ask,
                action("ask.claim", ask["entity_id"], helper, session=session),
                action("ask.done", ask["entity_id"], helper, session=session),
            ),
        ).json()["results"]
    assert [r["result"] for r in results] == ["accepted"] * 3
    with server.client(None) as http:
        before = http.get(f"/r/{ask['_token']}")
        thanked = http.post(
            f"/r/{ask['_token']}/thank", params={"lang": "en"}, follow_redirects=True
        )
        too_late = http.post(f"/r/{ask['_token']}/cancel", follow_redirects=True)
    assert 'id="thank"' in before.text and 'id="cancel"' not in before.text
    assert "Your thank-you has been passed on." in thanked.text
    assert 'id="thank"' not in thanked.text
    assert "Uw vraag is klaar." in too_late.text  # nothing changed: it stays done


def test_retention_erases_closed_requests_and_tombstones_travel(tmp_path: Path) -> None:
    now = [TEST_START]  # when central_events says the asks were made
    store = sqlite_store(tmp_path / "c.sqlite3")
    store.clock = lambda: now[0]
    store.retention = timedelta(days=30)
    kiosk = store.authenticate(store.add_kiosk("k1", "brink"))
    assert kiosk is not None
    closed = ask_create(first_name="Riet", phone="+31687654321")
    still_open = ask_create(first_name="Kees", phone="+31612345678")
    for event in (closed, still_open, action("ask.cancel", closed["entity_id"])):
        assert push(store, kiosk, event) == "accepted"
    cursor = store.pull(kiosk, 0).next
    now[0] += timedelta(days=29)
    assert store.erase_expired() == 0
    assert store.followup(str(closed["_token"])) is not None
    now[0] += timedelta(days=2)
    assert store.erase_expired() == 1
    assert store.followup(str(closed["_token"])) is None
    (tombstone,) = store.pull(kiosk, cursor).changes
    assert (tombstone.id, tombstone.op, tombstone.data) == (closed["entity_id"], "erase", None)
    with store.engine.connect() as connection:
        dump = repr(connection.execute(text("SELECT * FROM asks")).all())
    assert "Riet" not in dump and "Kees" in dump
    assert "+31687654321" not in dump and "+31612345678" in dump
    assert all(c.op == "erase" for c in store.pull(kiosk, 0).changes if c.id == closed["entity_id"])


def test_an_offer_receipt_shows_the_offer_and_can_stop_it(server: Server) -> None:
    token = server.store.add_kiosk("k1", "brink")
    offer = ask_create(first_name="Bert")
    offer["type"] = "offer.create"
    offer["payload"].pop("category")
    offer["payload"] |= {"categories": ["dog", "meal"], "circle": None}
    with server.client(token) as http:
        result = http.post("/api/v1/events", json=wire(offer)).json()["results"][0]
        assert result["result"] == "accepted"
    with server.client(None) as http:
        page = http.get(f"/r/{offer['_token']}")
        as_json = http.get(f"/r/{offer['_token']}", headers={"Accept": "application/json"})
        stopped = http.post(f"/r/{offer['_token']}/cancel", follow_redirects=True)
        thank = http.post(f"/r/{offer['_token']}/thank", follow_redirects=True)
    assert "Aanbod" in page.text and "Hond uitlaten, Warme maaltijd" in page.text
    assert 'id="thank"' not in page.text
    assert (as_json.json()["kind"], as_json.json()["status"]) == ("offer", "active")
    assert "Uw aanbod is ingetrokken." in stopped.text
    assert thank.status_code == 200 and "Uw aanbod is ingetrokken." in thank.text
