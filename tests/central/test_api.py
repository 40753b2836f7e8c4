"""The push/pull API against a real uvicorn server on 127.0.0.1 (SQLite file store)."""

from __future__ import annotations

import json
import uuid

import httpx
from central_events import action, ask_create, wire
from central_helpers import Server, volunteer_at
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from kiosk.central.middleware import RateLimiter
from kiosk.central.models import Ask, Event
from kiosk.central.service import MAX_PAGE, CentralStore
from kiosk.central.testing import serve


def test_push_idempotent_replay_five_times(server: Server) -> None:
    token = server.store.add_kiosk("k1", "brink")
    body = wire(ask_create(), ask_create(), ask_create())
    with server.client(token) as http:
        answers = [http.post("/api/v1/events", json=body) for _ in range(5)]
    assert {a.status_code for a in answers} == {200}
    assert all(a.json() == answers[0].json() for a in answers)
    assert [r["result"] for r in answers[0].json()["results"]] == ["accepted"] * 3
    with Session(server.store.engine) as session:
        assert session.scalar(select(func.count()).select_from(Ask)) == 3
        assert session.scalar(select(func.count()).select_from(Event)) == 3


def test_same_event_id_other_body_is_an_error_and_the_original_stays(server: Server) -> None:
    token = server.store.add_kiosk("k1", "brink")
    first = ask_create(first_name="Riet")
    changed = json.loads(json.dumps(first))
    changed["payload"]["first_name"] = "Kees"
    with server.client(token) as http:
        assert (
            http.post("/api/v1/events", json=wire(first)).json()["results"][0]["result"]
            == "accepted"
        )
        again = http.post("/api/v1/events", json=wire(changed)).json()["results"][0]
    assert again["result"] == "error"
    assert again["reason"] == "event_id_reused"
    with Session(server.store.engine) as session:
        assert session.scalars(select(Ask.first_name)).all() == ["Riet"]


def test_wrong_missing_or_revoked_token_gets_401(server: Server) -> None:
    token = server.store.add_kiosk("k1", "brink")
    with server.client("not-a-token") as http:
        assert http.get("/api/v1/changes").status_code == 401
    with server.client(None) as http:
        assert http.post("/api/v1/events", json=wire(ask_create())).status_code == 401
    with server.client(token) as http:
        assert http.get("/api/v1/me").status_code == 200
        server.store.revoke_kiosk("k1")
        answer = http.get("/api/v1/changes")
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"


def test_token_in_query_string_is_refused_and_tokens_are_stored_hashed(server: Server) -> None:
    token = server.store.add_kiosk("k1", "brink")
    with server.client(None) as http:
        assert http.get("/api/v1/changes", params={"access_token": token}).status_code == 400
    with server.client(token) as http:
        assert http.get("/api/v1/changes", params={"token": token}).status_code == 400
    with server.store.engine.connect() as connection:
        stored = connection.execute(text("SELECT token_hash FROM kiosks")).scalar_one()
    assert token not in stored and len(stored) == 64


def test_one_buurthuis_cannot_read_or_touch_another(server: Server) -> None:
    brink = server.store.add_kiosk("brink-1", "brink")
    haven = server.store.add_kiosk("haven-1", "haven")
    helper_in_haven, haven_session = volunteer_at(server.store, haven, "haven")
    ask = ask_create()
    with server.client(brink) as http:
        http.post("/api/v1/events", json=wire(ask)).raise_for_status()
    with server.client(haven) as http:
        seen = http.get("/api/v1/changes").json()["changes"]
        assert [c["kind"] for c in seen] == ["member"]  # its own volunteer, nothing of brink
        claim = http.post(
            "/api/v1/events",
            json=wire(
                action("ask.claim", ask["entity_id"], helper_in_haven, session=haven_session)
            ),
        ).json()["results"][0]
        replay_other = http.post("/api/v1/events", json=wire(ask)).json()["results"][0]
    assert claim["result"] == "rejected" and claim["reason"] == "not_found"
    assert replay_other["result"] == "error"  # another kiosk's event id reveals nothing
    with server.client(brink) as http:
        (change,) = http.get("/api/v1/changes").json()["changes"]
    assert change["data"]["status"] == "open"


def test_oversized_batch_and_body_get_413(server: Server) -> None:
    token = server.store.add_kiosk("k1", "brink")
    with server.client(token) as http:
        too_many = http.post("/api/v1/events", json=wire(*[ask_create() for _ in range(101)]))
        huge = http.post(
            "/api/v1/events",
            content=b'{"events": [' + b" " * 300_000 + b"]}",
            headers={"content-type": "application/json"},
        )
    assert too_many.status_code == 413
    assert huge.status_code == 413
    with Session(server.store.engine) as session:
        assert session.scalar(select(func.count()).select_from(Ask)) == 0


def test_pull_pages_are_capped_and_follow_each_other(server: Server) -> None:
    token = server.store.add_kiosk("k1", "brink")
    with server.client(token) as http:
        for _batch in range(6):
            http.post(
                "/api/v1/events", json=wire(*[ask_create() for _ in range(100)])
            ).raise_for_status()
        first = http.get("/api/v1/changes", params={"limit": 100_000}).json()
        second = http.get("/api/v1/changes", params={"after": first["next"]}).json()
    assert len(first["changes"]) == MAX_PAGE and first["more"] is True
    assert len(second["changes"]) == 600 - MAX_PAGE and second["more"] is False
    ids = {c["id"] for c in first["changes"]} | {c["id"] for c in second["changes"]}
    assert len(ids) == 600


def test_phone_goes_only_to_the_origin_and_the_claimers_kiosk(server: Server) -> None:
    origin = server.store.add_kiosk("k1", "brink")
    claimer = server.store.add_kiosk("k2", "brink")
    other = server.store.add_kiosk("k3", "brink")
    v1, v1_session = volunteer_at(server.store, claimer)
    ask = ask_create(phone="+31612345678")

    def seen_by(token: str) -> dict[str, object]:
        with server.client(token) as http:
            changes = http.get("/api/v1/changes").json()["changes"]
        return next(c["data"] for c in changes if c["id"] == ask["entity_id"])

    with server.client(origin) as http:
        http.post("/api/v1/events", json=wire(ask)).raise_for_status()
    assert seen_by(origin)["phone"] == "+31612345678"
    assert "phone" not in seen_by(claimer)
    with server.client(claimer) as http:
        http.post(
            "/api/v1/events", json=wire(action("ask.claim", ask["entity_id"], session=v1_session))
        )
    assert seen_by(claimer)["phone"] == "+31612345678"
    assert seen_by(claimer)["claimed_by"] == v1
    assert "phone" not in seen_by(other) and "claimed_by" not in seen_by(other)
    with server.client(claimer) as http:
        http.post(
            "/api/v1/events", json=wire(action("ask.release", ask["entity_id"], session=v1_session))
        )
    assert "phone" not in seen_by(claimer)


def test_first_claim_wins_and_rules_come_from_the_domain(server: Server) -> None:
    token = server.store.add_kiosk("k1", "brink")
    anna, at_anna = volunteer_at(server.store, token, first_name="Anna")
    bert, at_bert = volunteer_at(server.store, token, first_name="Bert")
    ask = ask_create()
    ask_id = ask["entity_id"]
    with server.client(token) as http:

        def send(event: dict[str, object]) -> dict[str, object]:
            return dict(http.post("/api/v1/events", json=wire(event)).json()["results"][0])

        send(ask)
        # open → done: no, whoever asks
        assert send(action("ask.done", ask_id, anna, session=at_anna))["result"] == "conflict"
        assert send(action("ask.claim", ask_id, anna, session=at_anna))["result"] == "accepted"
        late = send(action("ask.claim", ask_id, bert, session=at_bert))
        assert (late["result"], late["status"]) == ("conflict", "claimed")
        not_hers = send(action("ask.release", ask_id, bert, session=at_bert))
        assert (not_hers["result"], not_hers["reason"]) == ("rejected", "not_allowed")
        assert send(action("ask.done", ask_id, anna, session=at_anna))["result"] == "accepted"
        assert send(action("ask.cancel", ask_id))["result"] == "conflict"  # the origin kiosk
        assert send(action("ask.thank", ask_id))["result"] == "accepted"
        unknown = send(action("ask.claim", str(uuid.uuid4()), anna, session=at_anna))
    assert (unknown["result"], unknown["reason"]) == ("rejected", "not_found")


def test_mass_assignment_is_ignored(server: Server) -> None:
    token = server.store.add_kiosk("k1", "brink")
    ask = ask_create()
    ask["payload"] |= {"status": "done", "claimed_by": "mallory", "buurthuis_id": 99}
    with server.client(token) as http:
        assert http.post("/api/v1/events", json=wire(ask)).json()["results"][0]["status"] == "open"
    with Session(server.store.engine) as session:
        row = session.get(Ask, ask["entity_id"])
        assert row is not None
        assert (row.status, row.claimed_by) == ("open", None)


def test_invalid_payloads_are_rejected_per_event(server: Server) -> None:
    token = server.store.add_kiosk("k1", "brink")
    bad_phone = ask_create(phone="12")
    bidi_name = ask_create(first_name="Ri\u202et")
    good = ask_create()
    with server.client(token) as http:
        results = http.post("/api/v1/events", json=wire(bad_phone, bidi_name, good)).json()
    assert [r["result"] for r in results["results"]] == ["rejected", "rejected", "accepted"]


def test_a_flooding_kiosk_gets_429_and_others_do_not(store: CentralStore) -> None:
    flooder, neighbour = store.add_kiosk("k1", "brink"), store.add_kiosk("k2", "brink")
    with serve(store, limiter=RateLimiter(rate=1.0, burst=10.0)) as url:
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {flooder}"}) as http:
            codes = [http.get("/api/v1/changes").status_code for _ in range(30)]
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {neighbour}"}) as http:
            calm = http.get("/api/v1/changes")
    assert codes[:10] == [200] * 10
    assert 429 in codes[10:]
    assert calm.status_code == 200


def test_rate_limiter_refills_over_time() -> None:
    now = [0.0]
    limiter = RateLimiter(rate=2.0, burst=2.0, clock=lambda: now[0])
    assert [limiter.allow(1) for _ in range(3)] == [True, True, False]
    now[0] += 0.5
    assert limiter.allow(1) and not limiter.allow(1)
