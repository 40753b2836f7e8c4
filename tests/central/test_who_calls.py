"""The /r page says who will call her and whom she can call, the same words as the check
screen and the receipt; after a claim, the helper's first name and nothing more of the helper."""

from __future__ import annotations

import re
from typing import Any

from central_events import action, ask_create, wire
from central_helpers import Server, signed_in

from kiosk import domain

HELPER_PHONE = "0687654321"


def page_text(server: Server, token: str, lang: str = "nl") -> str:
    with server.client(None) as http:
        page = http.get(f"/r/{token}", params={"lang": lang})
    assert page.status_code == 200
    return page.text


def who_calls(html: str) -> str:
    """The sentence as a person reads it (tags gone, white space single)."""
    found = re.search(r'<p id="who-calls">(.*?)</p>', html, re.S)
    assert found is not None, html
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split())


def push(server: Server, token: str, *events: dict[str, Any]) -> None:
    with server.client(token) as http:
        results = http.post("/api/v1/events", json=wire(*events)).json()["results"]
    assert [r["result"] for r in results] == ["accepted"] * len(events), results


def test_who_calls_before_and_after_a_claim(any_server: Server) -> None:
    store = any_server.store
    token = store.add_kiosk("k1", "brink")
    store.add_circle("brink", "noord", "Noord", "Wim", "0623456789")
    sanne = store.add_member("brink", "Sanne", HELPER_PHONE, circle="noord")
    at_sanne = signed_in(store, token, sanne)  # her card at the kiosk: claims need a session
    ask = ask_create(circle="noord")
    push(any_server, token, ask)
    html = page_text(any_server, ask["_token"])
    assert who_calls(html) == (
        "Iemand uit uw buurtkring belt u. Vragen? Bel Wim, de verbinder: 06 2345 6789."
    )
    assert 'href="tel:+31623456789"' in html
    push(any_server, token, action("ask.claim", ask["entity_id"], sanne.id, session=at_sanne))
    html = page_text(any_server, ask["_token"])
    assert who_calls(html) == (
        "Sanne uit uw buurtkring belt u. Vragen? Bel Wim, de verbinder: 06 2345 6789."
    )
    assert "8765" not in html  # the helper's first name, never her number
    english = who_calls(page_text(any_server, ask["_token"], "en"))
    assert english == (
        "Sanne from your neighbourhood circle will call you. "
        "Questions? Call Wim, the connector: 06 2345 6789."
    )
    push(any_server, token, action("ask.done", ask["entity_id"], sanne.id, session=at_sanne))
    assert who_calls(page_text(any_server, ask["_token"])) == (
        "Vragen? Bel Wim, de verbinder: 06 2345 6789."  # nobody calls any more
    )


def test_without_a_circle_she_asks_at_the_desk_and_a_helper_from_elsewhere(
    any_server: Server,
) -> None:
    store = any_server.store
    token = store.add_kiosk("k1", "brink")
    store.add_circle("brink", "noord", "Noord", "Wim", "0623456789")
    store.add_circle("brink", "zuid", "Zuid", "Els", "0612345678")
    ans = store.add_member("brink", "Ans", HELPER_PHONE, circle="zuid")
    at_ans = signed_in(store, token, ans)
    nowhere, north = ask_create(), ask_create(circle="noord")
    callback = ask_create(circle="noord")
    callback["payload"] |= {"category": domain.CALLBACK, "first_name": ""}
    push(any_server, token, nowhere, north, callback)
    assert who_calls(page_text(any_server, nowhere["_token"])) == (
        "Iemand uit de buurt belt u. Vragen? Vraag het bij de balie van het buurthuis."
    )
    push(any_server, token, action("ask.claim", north["entity_id"], ans.id, session=at_ans))
    assert who_calls(page_text(any_server, north["_token"])).startswith(
        "Ans uit de buurt belt u."  # not of her buurtkring: no such claim is made
    )
    assert who_calls(page_text(any_server, callback["_token"])) == (
        "Wim, de verbinder van uw buurtkring, belt u terug. "
        "Vragen? Bel Wim, de verbinder: 06 2345 6789."
    )


def test_an_offer_says_a_verbinder_calls_when_someone_can_use_the_help(
    any_server: Server,
) -> None:
    token = any_server.store.add_kiosk("k1", "brink")
    offer = ask_create()
    payload = {k: v for k, v in offer["payload"].items() if k != "category"}
    offer |= {"type": "offer.create", "payload": payload | {"categories": ["dog"]}}
    push(any_server, token, offer)
    html = page_text(any_server, offer["_token"])
    assert "Uw aanbod staat klaar." in html
    assert who_calls(html) == (
        "Als iemand uw hulp kan gebruiken, belt een verbinder u. "
        "Vragen? Vraag het bij de balie van het buurthuis."
    )
