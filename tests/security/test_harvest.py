"""Issue 12, attack 1 (harvest): with a kiosk token alone, claim asks in members' names to
read phones and addresses. Claims need a live member session issued to the claiming kiosk."""

from __future__ import annotations

from datetime import timedelta

from tests.security.security_helpers import (
    ASKER_PHONE,
    ASKER_STREET,
    Central,
    asker_ask,
    claim,
    personal_data_in,
)


def test_a_kiosk_token_alone_cannot_claim_so_a_pull_shows_no_phone_or_address(
    central: Central,
) -> None:
    origin, thief = central.kiosk("kiosk-a"), central.kiosk("kiosk-b")
    people = central.neighbours()
    asks = [asker_ask(people.truus) for _ in range(3)]
    assert {r["result"] for r in origin.push(*asks)} == {"accepted"}
    ask_ids = [a["entity_id"] for a in asks]

    feed = thief.pull()
    open_asks = [i for i in ask_ids if (feed.get(i) or {}).get("status") == "open"]
    member_ids = [i for i, data in feed.items() if data is not None and "role" in data]
    assert open_asks == ask_ids and people.sanne.id in member_ids  # what the thief starts from
    claims = [
        claim(ask_id, central.now, volunteer=volunteer)
        for ask_id, volunteer in zip(ask_ids, member_ids, strict=False)
    ]
    results = thief.push(*claims)

    assert [(r["result"], r["reason"]) for r in results] == [("rejected", "not_allowed")] * 3
    after = thief.pull()
    assert personal_data_in(after, ask_ids) == []
    assert [(after[i] or {}).get("status") for i in ask_ids] == ["open"] * 3


def test_a_session_counts_only_at_the_kiosk_that_opened_it(central: Central) -> None:
    kiosk_a, kiosk_b = central.kiosk("kiosk-a"), central.kiosk("kiosk-b")
    people = central.neighbours()
    ask = asker_ask(people.truus)
    kiosk_a.push(ask)
    sanne_at_a = kiosk_a.session(people.sanne)
    wim_at_a = kiosk_a.session(people.wim)

    stolen = claim(ask["entity_id"], central.now, sanne_at_a, people.sanne)
    assert kiosk_b.send(stolen) == ("rejected", "not_allowed")
    assert kiosk_b.verbinder_view(wim_at_a).status_code in (401, 403)
    assert kiosk_b.new_card(sanne_at_a).status_code in (401, 403)
    assert personal_data_in(kiosk_b.pull(), [ask["entity_id"]]) == []
    # At its own kiosk the same session claims, and that kiosk may print the helper slip.
    honest = claim(ask["entity_id"], central.now, sanne_at_a, people.sanne)
    assert kiosk_a.send(honest) == ("accepted", None)
    mine = kiosk_a.pull()[ask["entity_id"]] or {}
    assert (mine["phone"], mine["street"], mine["claimed_by"]) == (
        ASKER_PHONE,
        ASKER_STREET,
        people.sanne.id,
    )
    assert kiosk_a.verbinder_view(wim_at_a).status_code == 200
    kiosk_a.session(people.sanne)  # her card still works: kiosk B could not replace it


def test_a_claim_is_made_by_the_sessions_member_and_no_one_else(central: Central) -> None:
    kiosk = central.kiosk("kiosk-a")
    people = central.neighbours()
    ask = asker_ask(people.truus)
    kiosk.push(ask)
    sanne = kiosk.session(people.sanne)

    in_berts_name = claim(ask["entity_id"], central.now, sanne, people.bert)
    assert kiosk.send(in_berts_name) == ("rejected", "not_allowed")
    made_up = claim(ask["entity_id"], central.now, "not-a-session", people.sanne)
    assert kiosk.send(made_up) == ("rejected", "not_allowed")
    # The session alone names the volunteer; the kiosk need not repeat the id.
    assert kiosk.send(claim(ask["entity_id"], central.now, sanne)) == ("accepted", None)
    assert (kiosk.pull()[ask["entity_id"]] or {})["claimed_by"] == people.sanne.id


def test_after_logout_the_session_opens_nothing(central: Central) -> None:
    kiosk = central.kiosk("kiosk-a")
    people = central.neighbours()
    ask = asker_ask(people.truus)
    kiosk.push(ask)
    sanne, wim = kiosk.session(people.sanne), kiosk.session(people.wim)
    assert kiosk.verbinder_view(wim).status_code == 200

    assert kiosk.logout(sanne).status_code == 204
    assert kiosk.logout(wim).status_code == 204
    assert kiosk.logout(sanne).status_code == 204  # idempotent
    assert kiosk.logout("never-issued").status_code == 204

    after_logout = claim(ask["entity_id"], central.now, sanne, people.sanne)
    assert kiosk.send(after_logout) == ("rejected", "not_allowed")
    assert kiosk.verbinder_view(wim).status_code in (401, 403)
    assert kiosk.new_card(sanne).status_code in (401, 403)
    still = kiosk.pull()[ask["entity_id"]] or {}
    assert still["status"] == "open" and "street" not in still  # (the phone: typed here)


def test_a_claim_queued_while_the_session_lived_counts_for_a_day_and_no_longer(
    central: Central,
) -> None:
    kiosk = central.kiosk("kiosk-a")
    people = central.neighbours()
    queued, late, stale = (asker_ask(people.truus) for _ in range(3))
    kiosk.push(queued, late, stale)
    opened = central.now
    sanne = kiosk.session(people.sanne)
    while_live = opened + timedelta(minutes=1)

    central.clock.advance(16 * 60)  # the session expired after 15 minutes
    offline = claim(queued["entity_id"], while_live, sanne, people.sanne)
    assert kiosk.send(offline) == ("accepted", None)
    after_expiry = claim(late["entity_id"], central.now, sanne, people.sanne)
    assert kiosk.send(after_expiry) == ("rejected", "not_allowed")
    central.clock.advance(25 * 3600)  # more than 24 h after it ended
    too_late = claim(stale["entity_id"], while_live, sanne, people.sanne)
    assert kiosk.send(too_late) == ("rejected", "not_allowed")


def test_the_feed_names_the_claimer_only_to_the_claimers_kiosk(central: Central) -> None:
    origin, claimer, other = (central.kiosk(f"kiosk-{n}") for n in "abc")
    people = central.neighbours()
    ask = asker_ask(people.truus)
    origin.push(ask)
    sanne = claimer.session(people.sanne)
    assert claimer.send(claim(ask["entity_id"], central.now, sanne, people.sanne)) == (
        "accepted",
        None,
    )
    ask_id = ask["entity_id"]

    seen_by_other = other.pull()[ask_id] or {}
    assert "claimed_by" not in seen_by_other and not seen_by_other["claimed_here"]
    assert personal_data_in(other.pull(), [ask_id]) == []
    seen_by_origin = origin.pull()[ask_id] or {}
    assert "claimed_by" not in seen_by_origin and seen_by_origin["phone"] == ASKER_PHONE
    seen_by_claimer = claimer.pull()[ask_id] or {}
    assert seen_by_claimer["claimed_by"] == people.sanne.id and seen_by_claimer["claimed_here"]
    for data in other.pull().values():
        assert data is None or not {"phone", "street", "card", "pin"} & set(data)
