"""Claim races and the pull cursor, on SQLite and on a real PostgreSQL."""

from __future__ import annotations

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
from central_events import action, ask_create, wire
from central_helpers import Server, volunteer_at
from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.central.models import Ask, Change
from kiosk.central.service import CentralStore, IncomingEvent

RACES = 200
PAIRS_AT_ONCE = 10


def test_200_concurrent_claim_races_have_exactly_one_winner(any_server: Server) -> None:
    store = any_server.store
    creator = store.add_kiosk("k0", "brink")
    left, right = store.add_kiosk("k1", "brink"), store.add_kiosk("k2", "brink")
    vol_left, at_left = volunteer_at(store, left, first_name="Links")
    vol_right, at_right = volunteer_at(store, right, first_name="Rechts")
    sessions = {vol_left: at_left, vol_right: at_right}
    asks = [ask_create() for _ in range(RACES)]
    with any_server.client(creator) as http:
        for start in range(0, RACES, 100):
            http.post("/api/v1/events", json=wire(*asks[start : start + 100])).raise_for_status()

    def claim(token: str, ask_id: str, volunteer: str, gate: threading.Barrier) -> str:
        with httpx.Client(
            base_url=any_server.url, timeout=60, headers={"Authorization": f"Bearer {token}"}
        ) as http:
            body = wire(action("ask.claim", ask_id, volunteer, session=sessions[volunteer]))
            gate.wait()
            answer = http.post("/api/v1/events", json=body)
            answer.raise_for_status()
            return str(answer.json()["results"][0]["result"])

    outcomes: dict[str, list[tuple[str, str]]] = {}
    with ThreadPoolExecutor(max_workers=2 * PAIRS_AT_ONCE) as pool:
        for start in range(0, RACES, PAIRS_AT_ONCE):
            futures = []
            for ask in asks[start : start + PAIRS_AT_ONCE]:
                gate = threading.Barrier(2)
                ask_id = ask["entity_id"]
                for token, volunteer in ((left, vol_left), (right, vol_right)):
                    futures.append(
                        (ask_id, volunteer, pool.submit(claim, token, ask_id, volunteer, gate))
                    )
            for ask_id, volunteer, future in futures:
                outcomes.setdefault(ask_id, []).append((volunteer, future.result()))
    with Session(store.engine) as session:
        holders = {r[0]: r[1] for r in session.execute(select(Ask.id, Ask.claimed_by))}
    for ask_id, results in outcomes.items():
        assert sorted(r for _v, r in results) == ["accepted", "conflict"], ask_id
        winner = next(v for v, r in results if r == "accepted")
        assert holders[ask_id] == winner


def test_a_pull_never_skips_a_commit_held_back_by_a_slow_writer(any_store: CentralStore) -> None:
    """T-SYNC-07: transaction A takes its seq and waits; B commits later work meanwhile."""
    token = any_store.add_kiosk("k1", "brink")
    kiosk = any_store.authenticate(token)
    assert kiosk is not None
    cursor = any_store.pull(kiosk, 0).next
    a_has_seq, release_a = threading.Event(), threading.Event()

    def slow_writer() -> None:
        with Session(any_store._writer) as session, session.begin():
            any_store._append_changes(session, kiosk.buurthuis_id, [("circle", "slow")])
            a_has_seq.set()
            release_a.wait(60)

    def fast_writer() -> None:
        event = ask_create()
        any_store.push(
            kiosk,
            [IncomingEvent(event["event_id"], event["type"], event["entity_id"], event["payload"])],
        )

    a = threading.Thread(target=slow_writer)
    a.start()
    assert a_has_seq.wait(60)
    b = threading.Thread(target=fast_writer)
    b.start()
    b.join(0.5)  # B may or may not get this far; either way it cannot commit before A
    middle = any_store.pull(kiosk, cursor)
    assert [c.id for c in middle.changes] == []
    release_a.set()
    a.join(60)
    b.join(60)
    after = any_store.pull(kiosk, middle.next)
    assert [c.kind for c in after.changes] == ["circle", "ask"]


def test_pulls_during_concurrent_pushes_see_every_change(any_store: CentralStore) -> None:
    token = any_store.add_kiosk("k1", "brink")
    kiosk = any_store.authenticate(token)
    assert kiosk is not None
    writers_done = threading.Event()
    seen: list[int] = []

    def writer() -> None:
        for _round in range(15):
            batch = [ask_create() for _ in range(random.randint(1, 4))]
            any_store.push(
                kiosk,
                [
                    IncomingEvent(e["event_id"], e["type"], e["entity_id"], e["payload"])
                    for e in batch
                ],
            )

    def puller() -> None:
        cursor = 0
        while True:
            finished = writers_done.is_set()
            page = any_store.pull(kiosk, cursor, limit=7)
            seen.extend(change.seq for change in page.changes)
            cursor = page.next
            if finished and not page.more and not page.changes:
                return

    threads = [threading.Thread(target=writer) for _ in range(6)]
    reader = threading.Thread(target=puller)
    reader.start()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    writers_done.set()
    reader.join(120)
    with Session(any_store.engine) as session:
        committed = list(session.scalars(select(Change.seq).order_by(Change.seq)))
    assert sorted(seen) == committed
    assert len(seen) == len(set(seen))


def test_compaction_keeps_every_cursor_correct(any_store: CentralStore) -> None:
    token = any_store.add_kiosk("k1", "brink")
    kiosk = any_store.authenticate(token)
    assert kiosk is not None
    helper, session = volunteer_at(any_store, token)  # one "member" change of its own
    ask, other = ask_create(), ask_create()

    def push(*events: dict[str, object]) -> None:
        any_store.push(
            kiosk,
            [
                IncomingEvent(
                    str(e["event_id"]), str(e["type"]), str(e["entity_id"]), dict(e["payload"])
                )  # type: ignore[call-overload]
                for e in events
            ],
        )

    push(ask)
    behind = any_store.pull(kiosk, 0).next  # this kiosk saw only the create
    push(
        action("ask.claim", ask["entity_id"], helper, session=session),
        other,
        action("ask.release", ask["entity_id"], helper, session=session),
    )
    assert any_store.compact_changes() == 2
    with Session(any_store.engine) as session:
        assert len(session.scalars(select(Change.seq)).all()) == 3
    fresh = any_store.pull(kiosk, 0).changes
    assert sorted(c.id for c in fresh) == sorted([ask["entity_id"], other["entity_id"], helper])
    caught_up = any_store.pull(kiosk, behind).changes
    assert {c.id: c.data["status"] for c in caught_up if c.data} == {
        ask["entity_id"]: "open",
        other["entity_id"]: "open",
    }
