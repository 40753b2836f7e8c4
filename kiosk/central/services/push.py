"""A kiosk's batch of events, stored once each: a retry finds the stored result, never twice.

Every pushed event is handled in the batch's transaction together with its row in
``events``, so a retry after a lost response finds the stored result and never applies the
effect twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from kiosk.central.models import Event
from kiosk.central.services.apply import apply
from kiosk.central.services.changes import append_changes
from kiosk.central.services.values import (
    Clock,
    EventResult,
    IncomingEvent,
    KioskAuth,
    Outcome,
    Rejected,
)

MAX_BATCH = 100
PUSH_ATTEMPTS = 8  # a batch that collides this often is left for the kiosk to send again


def push_batch(
    session: Session, kiosk: KioskAuth, events: Sequence[IncomingEvent], now: Clock
) -> list[EventResult]:
    """Handle the events in order and append what they changed to the feed."""
    results: list[EventResult] = []
    changed: list[tuple[str, str]] = []
    for incoming in events:
        result, touched = handle(session, kiosk, incoming, now)
        results.append(result)
        changed += touched
    if changed:
        append_changes(session, kiosk.buurthuis_id, changed)
    return results


def handle(
    session: Session, kiosk: KioskAuth, incoming: IncomingEvent, now: Clock
) -> tuple[EventResult, list[tuple[str, str]]]:
    """One event's result (the stored one for a retry) and the entities it changed."""
    body_hash = incoming.body_hash()
    stored = session.get(Event, incoming.event_id)
    if stored is not None:
        if stored.kiosk_id != kiosk.id or stored.body_hash != body_hash:
            # The original stays as it was; say so without revealing it.
            return EventResult(incoming.event_id, "error", "event_id_reused"), []
        result: Any = stored.result
        return EventResult(stored.event_id, result, stored.reason, stored.status), []
    try:
        # apply raises Rejected only before it writes anything: no savepoint needed.
        outcome = apply(session, kiosk, incoming, now)
    except Rejected as rejected:
        outcome = Outcome("rejected", rejected.reason)
    session.execute(
        insert(Event),
        [
            {
                "event_id": incoming.event_id,
                "kiosk_id": kiosk.id,
                "device_seq": incoming.device_seq,
                "type": incoming.type,
                "entity_id": incoming.entity_id,
                "body_hash": body_hash,
                "result": outcome.result,
                "reason": outcome.reason,
                "status": outcome.status,
                "received_at": now(),
            }
        ],
    )
    return EventResult(incoming.event_id, outcome.result, outcome.reason, outcome.status), (
        outcome.changed
    )
