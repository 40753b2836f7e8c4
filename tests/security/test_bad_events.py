"""Issue 12, attack 4 (one bad event sinks the batch): each bad event goes between two good
ones. The answer is 200, the bad one is rejected with a reason, the good ones are applied and
pulled, so a kiosk never resends the same failing batch for ever."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from kiosk import domain
from tests.central.central_events import ask_create, offer_create, wire
from tests.security.security_helpers import Central, Kiosk, claim, outcome

Event = dict[str, Any]


def with_payload(event: Event, **fields: Any) -> Event:
    event["payload"] |= fields
    return event


def an_offer(**fields: Any) -> Event:
    return with_payload(offer_create(["dog"], {"kind": "any_time", "day": None}), **fields)


BAD_EVENTS: dict[str, tuple[Callable[[], Event], str]] = {
    "created_at in year 1": (
        lambda: with_payload(ask_create(), created_at="0001-01-01T00:00:00+01:00"),
        "bad_created_at",
    ),
    "created_at in year 9999": (
        lambda: with_payload(ask_create(), created_at="9999-12-31T23:59:59-01:00"),
        "bad_created_at",
    ),
    "created_at without a time zone": (
        lambda: with_payload(ask_create(), created_at="2026-11-27T09:00:00"),
        "bad_created_at",
    ),
    "created_at 31 days ago": (
        lambda: with_payload(ask_create(), created_at="2026-10-27T09:00:00Z"),
        "bad_created_at",
    ),
    "created_at 2 days ahead": (
        lambda: with_payload(ask_create(), created_at="2026-11-29T09:00:00Z"),
        "bad_created_at",
    ),
    "offer categories [['dog']]": (lambda: an_offer(categories=[["dog"]]), "invalid_payload"),
    "for_neighbour a string": (
        lambda: with_payload(ask_create(), for_neighbour="yes"),
        "invalid_payload",
    ),
    "when.day a number": (
        lambda: with_payload(ask_create(), when={"kind": "on_day", "day": 20261128}),
        "invalid_payload",
    ),
    "NUL in the member id": (lambda: with_payload(ask_create(), member="\x00"), "invalid_payload"),
    "NUL in the first name": (
        lambda: with_payload(ask_create(), first_name="Ri\x00et"),
        "invalid_payload",
    ),
}


def sandwich(kiosk: Kiosk, bad: Event) -> tuple[list[dict[str, Any]], list[Event]]:
    """Push good, bad, good in one batch; returns the results and the two good events."""
    good = [ask_create(), ask_create()]
    return kiosk.push(good[0], bad, good[1]), good


def assert_only_the_bad_one_is_rejected(
    kiosk: Kiosk, results: list[dict[str, Any]], good: list[Event], bad: Event, reason: str
) -> None:
    assert [outcome(r) for r in results] == [
        ("accepted", None),
        ("rejected", reason),
        ("accepted", None),
    ]
    seen = kiosk.pull()
    assert [(seen.get(e["entity_id"]) or {}).get("status") for e in good] == ["open", "open"]
    assert bad["entity_id"] not in seen


@pytest.mark.parametrize("case", list(BAD_EVENTS))
def test_a_bad_event_is_rejected_and_the_batch_goes_on(central: Central, case: str) -> None:
    kiosk = central.kiosk("kiosk-a")
    make, reason = BAD_EVENTS[case]
    bad = make()
    results, good = sandwich(kiosk, bad)
    assert_only_the_bad_one_is_rejected(kiosk, results, good, bad, reason)


@pytest.mark.parametrize("field", ["first_name", "member", "note"])
def test_a_lone_surrogate_is_rejected_and_the_batch_goes_on(central: Central, field: str) -> None:
    """``"\\ud800"`` is valid JSON but no text: sent as raw bytes, in a known field or not."""
    kiosk = central.kiosk("kiosk-a")
    good = [ask_create(), ask_create()]
    bad = with_payload(ask_create(), **{field: "SURROGATE"})
    body = json.dumps(wire(good[0], bad, good[1])).replace("SURROGATE", "Ri\\ud800et")
    answer = kiosk.push_bytes(body.encode("ascii"))
    assert answer.status_code == 200, (answer.status_code, answer.text[:300])
    results = answer.json()["results"]
    assert_only_the_bad_one_is_rejected(kiosk, results, good, bad, "invalid_payload")


def test_a_reused_receipt_token_hash_is_rejected(central: Central) -> None:
    kiosk = central.kiosk("kiosk-a")
    first = ask_create()
    assert kiosk.send(first) == ("accepted", None)
    token_hash = first["payload"]["token_hash"]

    for bad in (
        with_payload(ask_create(), token_hash=token_hash),
        an_offer(token_hash=token_hash),
    ):
        results, good = sandwich(kiosk, bad)
        assert_only_the_bad_one_is_rejected(kiosk, results, good, bad, "duplicate_token")


def test_a_reused_helper_token_hash_is_rejected(central: Central) -> None:
    kiosk = central.kiosk("kiosk-a")
    people = central.neighbours()
    taken, other = ask_create(), ask_create()
    kiosk.push(taken, other)
    session = kiosk.session(people.sanne)
    first = claim(taken["entity_id"], central.now, session, people.sanne)
    assert kiosk.send(first) == ("accepted", None)
    again = claim(other["entity_id"], central.now, session, people.sanne)
    again["payload"]["helper_token_hash"] = first["payload"]["helper_token_hash"]

    results, good = sandwich(kiosk, again)

    assert [outcome(r) for r in results] == [
        ("accepted", None),
        ("rejected", "duplicate_token"),
        ("accepted", None),
    ]
    seen = kiosk.pull()
    assert (seen[other["entity_id"]] or {})["status"] == "open"
    assert [(seen[e["entity_id"]] or {})["status"] for e in good] == ["open", "open"]


def test_a_reused_request_number_gets_a_new_one(central: Central) -> None:
    """The kiosk that already holds a number would skip a pulled ask with that number."""
    kiosk, other_kiosk = central.kiosk("kiosk-a"), central.kiosk("kiosk-b")
    first = ask_create()
    assert kiosk.send(first) == ("accepted", None)
    number = first["payload"]["number"]
    same_ask_number = with_payload(ask_create(), number=number)
    same_offer_number = an_offer(number=number)

    for reused in (same_ask_number, same_offer_number):
        results, _good = sandwich(other_kiosk, reused)
        assert [r["result"] for r in results] == ["accepted"] * 3
        new = results[1].get("number")
        assert new is not None and new != number, results[1]
        assert domain.normalise_request_number(new) == new
        assert (kiosk.pull()[reused["entity_id"]] or {})["number"] == new
    numbers = [(data or {}).get("number") for data in kiosk.pull().values()]
    assert numbers.count(number) == 1


def test_a_nul_in_a_member_id_is_no_crash(central: Central) -> None:
    """Not an event, but the same fault: PostgreSQL refuses NUL in any query parameter."""
    kiosk = central.kiosk("kiosk-a")
    answer = kiosk.pin("\x00", "246810")
    assert answer.status_code in (200, 422), (answer.status_code, answer.text[:300])
    if answer.status_code == 200:
        assert answer.json()["result"] == "unknown"
