"""Issue 12, attack 2 (undo others' work): one kiosk releases, finishes or cancels what was
claimed or asked at another, or withdraws its offers. Allowed only to the claimer's session,
the circle's verbinder, the helper slip's token, the origin kiosk or the receipt's token."""

from __future__ import annotations

from typing import Any

from tests.central.central_events import offer_create
from tests.security.security_helpers import Central, Kiosk, Neighbours, act, asker_ask, claim

NOT_ALLOWED = ("rejected", "not_allowed")


def claimed_at(
    central: Central, kiosk: Kiosk, people: Neighbours, count: int
) -> list[dict[str, Any]]:
    """``count`` asks of circle noord, typed and claimed by Sanne at ``kiosk``: the claim
    events, with the helper slip's token under ``_slip`` and the receipt's under ``_receipt``."""
    asks = [asker_ask(people.truus) for _ in range(count)]
    kiosk.push(*asks)
    sanne = kiosk.session(people.sanne)
    claims = [claim(a["entity_id"], central.now, sanne, people.sanne) for a in asks]
    assert {r["result"] for r in kiosk.push(*claims)} == {"accepted"}
    return [c | {"_receipt": a["_token"]} for c, a in zip(claims, asks, strict=True)]


def test_another_kiosk_cannot_give_back_or_finish_a_claim(central: Central) -> None:
    kiosk_a, kiosk_b = central.kiosk("kiosk-a"), central.kiosk("kiosk-b")
    people = central.neighbours()
    (held,) = claimed_at(central, kiosk_a, people, 1)
    ask_id = held["entity_id"]
    bert_at_b = kiosk_b.session(people.bert)  # a volunteer, but not the claimer
    sanne_at_a = kiosk_a.session(people.sanne)

    attempts = {
        "release": act("ask.release", ask_id, central.now),
        "release naming the claimer": act(
            "ask.release", ask_id, central.now, volunteer=people.sanne.id
        ),
        "done": act("ask.done", ask_id, central.now),
        "done naming the claimer": act("ask.done", ask_id, central.now, volunteer=people.sanne.id),
        "release with another volunteer": act(
            "ask.release", ask_id, central.now, session=bert_at_b
        ),
        "release with the claimer's session of kiosk A": act(
            "ask.release", ask_id, central.now, session=sanne_at_a
        ),
    }
    answers = {name: kiosk_b.send(event) for name, event in attempts.items()}

    assert answers == dict.fromkeys(attempts, NOT_ALLOWED)
    still = kiosk_a.pull()[ask_id] or {}
    assert (still["status"], still["claimed_here"], still["claimed_by"]) == (
        "claimed",
        True,
        people.sanne.id,
    )


def test_the_helper_slip_gives_back_or_finishes_at_any_kiosk(central: Central) -> None:
    kiosk_a, kiosk_b = central.kiosk("kiosk-a"), central.kiosk("kiosk-b")
    people = central.neighbours()
    given_back, finished, guessed = claimed_at(central, kiosk_a, people, 3)

    results = kiosk_b.push(
        act("ask.release", given_back["entity_id"], central.now, helper_token=given_back["_slip"]),
        act("ask.done", finished["entity_id"], central.now, helper_token=finished["_slip"]),
        act("ask.done", guessed["entity_id"], central.now, helper_token=given_back["_slip"]),
    )

    assert [(r["result"], r["reason"]) for r in results] == [
        ("accepted", None),
        ("accepted", None),
        NOT_ALLOWED,
    ]
    seen = kiosk_a.pull()
    assert [(seen[c["entity_id"]] or {})["status"] for c in (given_back, finished, guessed)] == [
        "open",
        "done",
        "claimed",
    ]


def test_the_claimer_and_the_circles_verbinder_may_give_back(central: Central) -> None:
    kiosk_a, kiosk_b = central.kiosk("kiosk-a"), central.kiosk("kiosk-b")
    people = central.neighbours()
    by_claimer, by_verbinder, by_other_verbinder = claimed_at(central, kiosk_a, people, 3)
    sanne_at_a = kiosk_a.session(people.sanne)
    wim_at_b = kiosk_b.session(people.wim)  # verbinder of noord, the asks' circle
    ans_at_b = kiosk_b.session(people.ans)  # verbinder of zuid

    assert kiosk_a.send(
        act("ask.release", by_claimer["entity_id"], central.now, session=sanne_at_a)
    ) == ("accepted", None)
    assert kiosk_b.send(
        act("ask.release", by_verbinder["entity_id"], central.now, session=wim_at_b)
    ) == ("accepted", None)
    assert (
        kiosk_b.send(
            act("ask.release", by_other_verbinder["entity_id"], central.now, session=ans_at_b)
        )
        == NOT_ALLOWED
    )
    assert kiosk_a.send(
        act("ask.done", by_other_verbinder["entity_id"], central.now, session=sanne_at_a)
    ) == ("accepted", None)


def test_only_the_origin_kiosk_or_the_receipt_cancels_or_thanks(central: Central) -> None:
    kiosk_a, kiosk_b = central.kiosk("kiosk-a"), central.kiosk("kiosk-b")
    people = central.neighbours()
    (thanked,) = claimed_at(central, kiosk_a, people, 1)
    cancelled, by_origin, other = (asker_ask(people.truus) for _ in range(3))
    kiosk_a.push(cancelled, by_origin, other)
    thank_id, thank_receipt = thanked["entity_id"], thanked["_receipt"]

    assert kiosk_b.send(act("ask.thank", thank_id, central.now)) == NOT_ALLOWED
    assert kiosk_b.send(act("ask.thank", thank_id, central.now, receipt_token=thank_receipt)) == (
        "accepted",
        None,
    )
    ask_id = cancelled["entity_id"]
    assert kiosk_b.send(act("ask.cancel", ask_id, central.now)) == NOT_ALLOWED
    wrong_receipt = other["_token"]
    assert (
        kiosk_b.send(act("ask.cancel", ask_id, central.now, receipt_token=wrong_receipt))
        == NOT_ALLOWED
    )
    assert (kiosk_a.pull()[ask_id] or {})["status"] == "open"
    assert kiosk_b.send(
        act("ask.cancel", ask_id, central.now, receipt_token=cancelled["_token"])
    ) == ("accepted", None)
    assert kiosk_a.send(act("ask.cancel", by_origin["entity_id"], central.now)) == (
        "accepted",
        None,
    )
    seen = kiosk_b.pull()
    assert [(seen[a["entity_id"]] or {})["status"] for a in (cancelled, by_origin, other)] == [
        "cancelled",
        "cancelled",
        "open",
    ]


def test_only_the_origin_kiosk_or_the_receipt_pauses_or_withdraws_an_offer(
    central: Central,
) -> None:
    kiosk_a, kiosk_b = central.kiosk("kiosk-a"), central.kiosk("kiosk-b")
    offer = offer_create(["groceries"], {"kind": "any_time", "day": None})
    kiosk_a.push(offer)
    offer_id = offer["entity_id"]

    for type_ in ("offer.pause", "offer.withdraw"):
        assert kiosk_b.send(act(type_, offer_id, central.now)) == NOT_ALLOWED
    assert (kiosk_a.pull()[offer_id] or {})["status"] == "active"
    assert kiosk_a.send(act("offer.pause", offer_id, central.now)) == ("accepted", None)
    assert kiosk_b.send(act("offer.resume", offer_id, central.now)) == NOT_ALLOWED
    assert kiosk_a.send(act("offer.resume", offer_id, central.now)) == ("accepted", None)
    assert kiosk_b.send(
        act("offer.withdraw", offer_id, central.now, receipt_token=offer["_token"])
    ) == ("accepted", None)
    assert (kiosk_a.pull()[offer_id] or {})["status"] == "withdrawn"


def test_the_asker_says_it_worked_out_with_her_receipt_and_only_with_it(central: Central) -> None:
    kiosk_a, kiosk_b = central.kiosk("kiosk-a"), central.kiosk("kiosk-b")
    people = central.neighbours()
    helped, other = claimed_at(central, kiosk_a, people, 2)
    ask_id = helped["entity_id"]

    wrong = act("ask.done", ask_id, central.now, receipt_token=other["_receipt"])
    assert kiosk_b.send(wrong) == NOT_ALLOWED
    assert (kiosk_a.pull()[ask_id] or {})["status"] == "claimed"
    right = act("ask.done", ask_id, central.now, receipt_token=helped["_receipt"])
    assert kiosk_b.send(right) == ("accepted", None)
    assert (kiosk_a.pull()[ask_id] or {})["status"] == "done"
