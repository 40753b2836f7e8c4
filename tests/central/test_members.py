"""Members at the central store: cards, sessions, the verbinder's view, claims by members,
the helper slip's page, and what each kiosk may (not) see. Real server, SQLite and PostgreSQL."""

from __future__ import annotations

import json
import logging
import uuid
from typing import Any

import pytest
from central_events import action, ask_create, offer_create, wire
from central_helpers import FakeClock, Server, member, signed_in, volunteer_at
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk import domain
from kiosk.central.models import Ask
from kiosk.sync import CentralClient, Forbidden, Unauthorized

PHONE = "+31611112222"  # the members' phone, never meant for the pull feed


def push(server: Server, token: str, *events: dict[str, Any]) -> list[dict[str, Any]]:
    with server.client(token) as http:
        answer = http.post("/api/v1/events", json=wire(*events))
        answer.raise_for_status()
        return list(answer.json()["results"])


def pulled(server: Server, token: str) -> list[dict[str, Any]]:
    with server.client(token) as http:
        return list(http.get("/api/v1/changes").json()["changes"])


def test_a_card_opens_a_session_and_a_new_card_retires_the_old_one(server: Server) -> None:
    token = server.store.add_kiosk("k1", "brink")
    other_home = server.store.add_kiosk("h1", "haven")
    server.store.add_circle("brink", "noord", "Noord", "Els", "0612345678")
    added = server.store.add_member(
        "brink", "Sanne", PHONE, circle="noord", street="Dorpsstraat", house_number="12a"
    )
    with CentralClient(server.url, token) as kiosk:
        found = kiosk.identify_card(domain.MEMBER_CARD_PREFIX + added.card_token)
        assert found.result == "ok" and found.session and found.expires_in == 900
        assert found.member == domain.Member(
            added.id, "Sanne", "noord", domain.Role.VOLUNTEER, PHONE, "Dorpsstraat", "12a"
        )
        assert kiosk.identify_card(added.card_token.upper()).result == "ok"
        assert kiosk.identify_card("0" * 32).result == "unknown"
        new = kiosk.new_card(found.session)
        assert new.startswith("BKLID-") and len(new) == 6 + 32
        assert kiosk.identify_card(added.card_token).result == "unknown"  # the lost card
        assert kiosk.identify_card(new).result == "ok"
        with pytest.raises(Forbidden):
            kiosk.new_card("not-a-session")
    with CentralClient(server.url, other_home) as kiosk:
        assert kiosk.identify_card(new).result == "unknown"  # another buurthuis
        with pytest.raises(Forbidden):
            kiosk.new_card(found.session)  # a session is good only in its own buurthuis
    with CentralClient(server.url, "wrong-token") as kiosk, pytest.raises(Unauthorized):
        kiosk.new_card(found.session)
    server.store.revoke_member(added.id)
    with CentralClient(server.url, token) as kiosk:
        assert kiosk.identify_card(new).result == "unknown"
        with pytest.raises(Forbidden):
            kiosk.new_card(found.session)


def test_the_verbinder_sees_the_own_circle_fits_and_notes(server: Server) -> None:
    clock = FakeClock()
    server.store.clock = clock
    token = server.store.add_kiosk("k1", "brink")
    for code, name in (("noord", "Noord"), ("zuid", "Zuid")):
        server.store.add_circle("brink", code, name, "Els", "0612345678")
    wim = server.store.add_member("brink", "Wim", PHONE, circle="noord", role=domain.Role.VERBINDER)
    zuid = server.store.add_member("brink", "Ans", PHONE, circle="zuid", role=domain.Role.VERBINDER)
    sanne = server.store.add_member("brink", "Sanne", PHONE, circle="noord", street="Brink")
    old = ask_create(circle="noord")
    old["payload"] |= {"created_at": "2026-11-20T09:00:00Z", "member": sanne.id}
    circleless = ask_create()
    callback = ask_create()
    callback["payload"] |= {"category": domain.CALLBACK, "first_name": ""}
    south = ask_create(circle="zuid")
    fits = offer_create(["groceries"], {"kind": "any_time", "day": None}, circle="noord")
    misfit = offer_create(["dog"], {"kind": "any_time", "day": None})
    south_offer = offer_create(["groceries"], {"kind": "today", "day": None}, circle="zuid")
    results = push(server, token, old, circleless, callback, south, fits, misfit, south_offer)
    assert [r["result"] for r in results] == ["accepted"] * 7
    with CentralClient(server.url, token) as kiosk:
        volunteer = kiosk.identify_card(sanne.card_token)
        assert volunteer.session is not None
        with pytest.raises(Forbidden):
            kiosk.verbinder(volunteer.session, 3)
        session = kiosk.identify_card(wim.card_token).session
        assert session is not None
        view = kiosk.verbinder(session, 3)
        assert (view.circle_code, view.circle_name) == ("noord", "Noord")
        by_id = {a.id: a for a in view.asks}
        assert set(by_id) == {old["entity_id"], circleless["entity_id"], callback["entity_id"]}
        assert view.asks[0].id == old["entity_id"]  # oldest first
        first = by_id[old["entity_id"]]
        assert (first.days_open, first.waiting, first.street) == (7, True, "Brink")
        assert first.phone == "+31612345678" and first.first_name == "Riet"
        assert not by_id[circleless["entity_id"]].waiting
        assert by_id[callback["entity_id"]].first_name == ""
        assert first.fits == (fits["entity_id"],)
        assert {o.id for o in view.offers} == {fits["entity_id"], misfit["entity_id"]}
        kiosk.add_note(session, old["entity_id"])
        kiosk.add_note(session, old["entity_id"], "  voicemail,   morgen weer ")
        with pytest.raises(Forbidden):
            kiosk.add_note(volunteer.session, old["entity_id"])
        notes = kiosk.verbinder(session, 30).asks[0].notes
        assert [(n.text, n.by) for n in notes] == [
            ("gebeld", "Wim"),
            ("voicemail, morgen weer", "Wim"),
        ]
        assert not kiosk.verbinder(session, 30).asks[0].waiting
        other = kiosk.identify_card(zuid.card_token).session
        assert other is not None
        south_view = kiosk.verbinder(other, 3)
        assert {a.id for a in south_view.asks} == {
            south["entity_id"],
            circleless["entity_id"],
            callback["entity_id"],
        }
        assert south_view.asks[0].notes == ()  # notes of noord's ask stay with noord
        with server.client(token) as http:
            foreign = http.post(
                "/api/v1/verbinder/notes",
                json={"ask_id": old["entity_id"], "text": "gebeld"},
                headers={"X-Member-Session": other},
            )
            bidi = http.post(
                "/api/v1/verbinder/notes",
                json={"ask_id": south["entity_id"], "text": "gebeld\u202e"},
                headers={"X-Member-Session": other},
            )
        assert (foreign.status_code, bidi.status_code) == (404, 422)
        clock.advance(15 * 60 + 1)
        with pytest.raises(Forbidden):
            kiosk.verbinder(session, 3)  # sessions last 15 minutes


def test_callback_asks_need_only_a_phone_and_never_become_offers(server: Server) -> None:
    token = server.store.add_kiosk("k1", "brink")
    callback = ask_create()
    callback["payload"] |= {"category": domain.CALLBACK, "first_name": ""}
    nameless = ask_create(first_name=" ")
    offer = offer_create([domain.CALLBACK], {"kind": "any_time", "day": None})
    results = push(server, token, callback, nameless, offer)
    assert [(r["result"], r["reason"]) for r in results] == [
        ("accepted", None),
        ("rejected", "invalid_payload"),
        ("rejected", "invalid_payload"),
    ]


def test_an_ask_keeps_its_member_only_within_the_buurthuis(server: Server) -> None:
    token = server.store.add_kiosk("k1", "brink")
    own = member(server.store)
    foreign = member(server.store, "haven")
    mine, theirs, invented = ask_create(), ask_create(), ask_create()
    mine["payload"]["member"] = own
    theirs["payload"]["member"] = foreign
    invented["payload"]["member"] = str(uuid.uuid4())
    assert {r["result"] for r in push(server, token, mine, theirs, invented)} == {"accepted"}
    with Session(server.store.engine) as session:
        kept = {row[0]: row[1] for row in session.execute(select(Ask.id, Ask.member_id))}
    assert kept == {mine["entity_id"]: own, theirs["entity_id"]: None, invented["entity_id"]: None}


def test_claims_need_a_live_session_of_a_volunteer_of_the_buurthuis(server: Server) -> None:
    token = server.store.add_kiosk("k1", "brink")
    gone = server.store.add_member("brink", "Joke", PHONE)
    gone_session = signed_in(server.store, token, gone)
    server.store.revoke_member(gone.id)
    ask = ask_create()
    results = push(
        server,
        token,
        ask,
        action("ask.claim", ask["entity_id"], "made-up"),
        action("ask.claim", ask["entity_id"], member(server.store, "haven")),
        action("ask.claim", ask["entity_id"], gone.id),
        action("ask.claim", ask["entity_id"], gone.id, session=gone_session),
    )
    assert [r["reason"] for r in results[1:]] == ["not_allowed"] * 4


def test_the_pull_feed_carries_member_names_only_and_the_address_only_to_the_claimer(
    server: Server,
) -> None:
    origin, claimer, other = (server.store.add_kiosk(f"k{n}", "brink") for n in range(3))
    asker = server.store.add_member(
        "brink", "Truus", PHONE, street="Kerkstraat", house_number="7"
    ).id
    helper, session = volunteer_at(server.store, claimer, first_name="Sanne")
    verbinder = server.store.add_member("brink", "Wim", PHONE, role=domain.Role.VERBINDER).id
    ask = ask_create(phone=PHONE)
    ask["payload"]["member"] = asker
    push(server, origin, ask)
    claim = action("ask.claim", ask["entity_id"], helper, session=session)
    claim["payload"]["helper_token_hash"] = domain.hash_token(domain.new_followup_token())
    assert push(server, claimer, claim)[0]["result"] == "accepted"
    members = {c["id"]: c["data"] for c in pulled(server, other) if c["kind"] == "member"}
    assert members == {
        asker: {"first_name": "Truus", "circle": None, "role": "volunteer"},
        helper: {"first_name": "Sanne", "circle": None, "role": "volunteer"},
        verbinder: {"first_name": "Wim", "circle": None, "role": "verbinder"},
    }
    for token in (origin, other):
        text = json.dumps(pulled(server, token))
        assert "Kerkstraat" not in text and '"street"' not in text
        assert "helper_token_hash" not in text and "card" not in text and "scrypt" not in text
    assert PHONE not in json.dumps(pulled(server, other))
    view = next(c["data"] for c in pulled(server, claimer) if c["id"] == ask["entity_id"])
    assert (view["street"], view["house_number"], view["phone"]) == ("Kerkstraat", "7", PHONE)
    released = push(server, claimer, action("ask.release", ask["entity_id"], session=session))
    assert released[0]["result"] == "accepted"
    view = next(c["data"] for c in pulled(server, claimer) if c["id"] == ask["entity_id"])
    assert "street" not in view and "phone" not in view
    server.store.revoke_member(verbinder)
    gone = next(c for c in pulled(server, other) if c["id"] == verbinder)
    assert (gone["op"], gone["data"]) == ("erase", None)


def test_the_helper_slip_page_marks_done_or_gives_back(server: Server) -> None:
    token = server.store.add_kiosk("k1", "brink")
    helper, session = volunteer_at(server.store, token)
    slips = {}
    asks = [ask_create(first_name="Riet", phone=PHONE) for _ in range(2)]
    for ask in asks:
        slip = domain.new_followup_token()
        slips[ask["entity_id"]] = slip
        claim = action("ask.claim", ask["entity_id"], helper, session=session)
        claim["payload"]["helper_token_hash"] = domain.hash_token(slip)
        assert [r["result"] for r in push(server, token, ask, claim)] == ["accepted"] * 2
    reused = action("ask.claim", asks[0]["entity_id"], helper, session=session)
    reused["payload"]["helper_token_hash"] = "zz"
    assert push(server, token, reused)[0]["reason"] == "bad_helper_token_hash"
    done_slip, given_back_slip = (slips[a["entity_id"]] for a in asks)
    with server.client(None) as http:
        page = http.get(f"/h/{done_slip}", params={"lang": "nl"})
        assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
        assert asks[0]["payload"]["number"] in page.text and "Boodschappen" in page.text
        assert "Riet" not in page.text and "06" not in page.text.replace("06 ", "")
        assert 'id="done"' in page.text and 'id="release"' in page.text
        done = http.post(f"/h/{done_slip}/done", params={"lang": "nl"}, follow_redirects=True)
        assert done.status_code == 200 and "Deze klus is klaar — dank u!" in done.text
        later = http.get(f"/h/{done_slip}", params={"lang": "nl"})  # the slip stops working
        assert later.status_code == 200 and "Deze klus is klaar — dank u!" in later.text
        assert 'id="done"' not in later.text and 'id="release"' not in later.text
        again = http.post(f"/h/{done_slip}/done")
        assert again.status_code == 303 and again.headers["location"].startswith(f"/h/{done_slip}")
        back = http.post(f"/h/{given_back_slip}/release", follow_redirects=True)
        assert back.status_code == 200
        assert "U heeft deze klus teruggegeven. Dank u!" in back.text
        assert http.get("/h/not-a-slip").status_code == 404
        assert http.post("/h/not-a-slip/done").status_code == 404
    states = {c["id"]: c["data"]["status"] for c in pulled(server, token) if c["kind"] == "ask"}
    assert states == {asks[0]["entity_id"]: "done", asks[1]["entity_id"]: "open"}


def test_no_pin_card_or_phone_reaches_the_logs(
    server: Server, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    token = server.store.add_kiosk("k1", "brink")
    added = server.store.add_member(
        "brink", "Sanne", PHONE, role=domain.Role.VERBINDER, pin="246810"
    )
    with CentralClient(server.url, token) as kiosk:
        kiosk.identify_pin(added.id, "975318")
        found = kiosk.identify_pin(added.id, "246810")
        assert found.session is not None
        kiosk.identify_card(added.card_token)
        card = kiosk.new_card(found.session)
        kiosk.verbinder(found.session, 3)
        with pytest.raises(Forbidden):
            kiosk.verbinder("x" * 500, 3)
    out, err = capfd.readouterr()
    logged = caplog.text + out + err
    for secret in ("246810", "975318", added.card_token, card[6:], PHONE, PHONE[3:], found.session):
        assert secret not in logged


def test_a_nul_or_lone_surrogate_in_an_id_is_no_server_error(server: Server) -> None:
    """PostgreSQL refuses NUL in any query parameter: such ids are simply not found. A lone
    surrogate is refused (422) and the refusal, which quotes it, still goes out as JSON."""
    token = server.store.add_kiosk("k1", "brink")
    wim = server.store.add_member("brink", "Wim", PHONE, role=domain.Role.VERBINDER)
    with server.client(token) as http:
        headers = {"X-Member-Session": signed_in(server.store, token, wim)}
        notes = [
            http.post(
                "/api/v1/verbinder/notes",
                content=json.dumps({"ask_id": "ASK"}).replace("ASK", bad),
                headers=headers | {"content-type": "application/json"},
            ).status_code
            for bad in ("\\u0000", "\\ud800")
        ]
        unlock = http.post("/api/v1/members/%00/unlock", headers=headers).status_code
        identify = http.post(
            "/api/v1/identify",
            content=b'{"member": "\\ud800", "pin": "246810"}',
            headers={"content-type": "application/json"},
        )
    assert (notes, unlock, identify.status_code) == ([404, 422], 403, 422)
    assert "ud800" in identify.text
