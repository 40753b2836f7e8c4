"""The central store keeps the date of "vandaag", "morgen" and "deze week", also for events
and rows from before dates were kept (resolved from when they were made, in Amsterdam)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from alembic import command
from central_events import ask_create, wire
from central_helpers import RunningClock, Server
from sqlalchemy import select

from kiosk.central import db
from kiosk.central.models import Ask, Offer
from kiosk.central.service import CentralStore, IncomingEvent

LATE_SUNDAY = "2026-11-29T23:30:00Z"  # half past midnight on Monday 30 November in Amsterdam
# The store's clock in these tests: days after the events were made (within the 30 days the
# store takes), so a date resolved from the store's today instead of created_at would show.
STORE_TODAY = datetime(2026, 12, 2, 12, 0, tzinfo=UTC)


def made(when: dict[str, str | None], created_at: str = LATE_SUNDAY) -> dict[str, Any]:
    event = ask_create()
    event["payload"] |= {"when": when, "created_at": created_at}
    return event


def offer(when: dict[str, str | None]) -> dict[str, Any]:
    event = made(when)
    payload = {k: v for k, v in event["payload"].items() if k != "category"}
    return event | {"type": "offer.create", "payload": payload | {"categories": ["dog"]}}


def days(store: CentralStore) -> dict[str, str | None]:
    with store.engine.connect() as connection:
        rows = connection.execute(select(Ask.id, Ask.when_day)).all()
        rows += connection.execute(select(Offer.id, Offer.when_day)).all()
    return {row[0]: row[1].isoformat() if row[1] else None for row in rows}


def test_an_old_event_without_a_date_gets_it_from_created_at(any_server: Server) -> None:
    any_server.store.clock = RunningClock(STORE_TODAY)
    token = any_server.store.add_kiosk("k1", "brink")
    events = {
        "old_today": made({"kind": "today", "day": None}),
        "old_tomorrow": made({"kind": "tomorrow", "day": None}),
        "old_week": offer({"kind": "this_week", "day": None}),
        "new_tomorrow": made({"kind": "tomorrow", "day": "2026-11-30"}, "2026-11-29T15:00:00Z"),
        "any_time": made({"kind": "any_time", "day": None}),
    }
    with any_server.client(token) as http:
        answer = http.post("/api/v1/events", json=wire(*events.values())).json()
        pulled = http.get("/api/v1/changes", params={"after": 0}).json()["changes"]
    assert [r["result"] for r in answer["results"]] == ["accepted"] * 5
    sent = {c["id"]: c["data"]["when"] for c in pulled}
    ids = {name: event["entity_id"] for name, event in events.items()}
    assert sent[ids["old_today"]] == {"kind": "today", "day": "2026-11-30"}
    assert sent[ids["old_tomorrow"]] == {"kind": "tomorrow", "day": "2026-12-01"}
    assert sent[ids["old_week"]] == {"kind": "this_week", "day": "2026-12-06"}
    assert sent[ids["new_tomorrow"]] == {"kind": "tomorrow", "day": "2026-11-30"}
    assert sent[ids["any_time"]] == {"kind": "any_time", "day": None}
    bad = made({"kind": "any_time", "day": "2026-11-30"})  # any time has no date
    with any_server.client(token) as http:
        (refused,) = http.post("/api/v1/events", json=wire(bad)).json()["results"]
    assert (refused["result"], refused["reason"]) == ("rejected", "invalid_payload")


def test_the_migration_fills_the_dates_of_stored_rows_and_the_downgrade_clears_them(
    any_store: CentralStore,
) -> None:
    any_store.clock = RunningClock(STORE_TODAY)
    token = any_store.add_kiosk("k1", "brink")
    auth = any_store.authenticate(token)
    assert auth is not None
    events = [
        made({"kind": "today", "day": None}),
        made({"kind": "this_week", "day": None}, "2026-12-02T10:00:00Z"),
        made({"kind": "on_day", "day": "2026-12-09"}),
        offer({"kind": "tomorrow", "day": None}),
    ]
    results = any_store.push(
        auth,
        [IncomingEvent(str(uuid.uuid4()), e["type"], e["entity_id"], e["payload"]) for e in events],
    )
    assert [r.result for r in results] == ["accepted"] * 4
    filled = days(any_store)
    config = db.alembic_config(any_store.engine)
    command.downgrade(config, "c0002")
    assert sorted(days(any_store).values(), key=str) == ["2026-12-09", None, None, None]
    command.upgrade(config, "head")
    assert days(any_store) == filled
    assert sorted(filled.values()) == ["2026-11-30", "2026-12-01", "2026-12-06", "2026-12-09"]
