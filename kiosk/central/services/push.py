"""A kiosk's batch of events, stored once each: a retry finds the stored result, never twice.

Every pushed event is handled in the batch's transaction together with its row in
``events``, so a retry after a lost response finds the stored result and never applies the
effect twice. Each event runs in its own savepoint: a bad one is undone and ``rejected`` with a
reason while the others in the batch are applied, so a kiosk never resends a batch for ever.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from sqlalchemy import insert
from sqlalchemy.exc import IntegrityError, OperationalError
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

log = logging.getLogger(__name__)


def push_batch(
    session: Session,
    kiosk: KioskAuth,
    events: Sequence[IncomingEvent],
    now: Clock,
    *,
    last_attempt: bool = False,
) -> list[EventResult]:
    """Handle the events in order and append what they changed to the feed.

    A unique violation usually means a concurrent twin of this batch committed first: it is
    raised, so the caller runs the whole batch again. On the ``last_attempt`` it is the event's
    own fault and the event alone is rejected.
    """
    results: list[EventResult] = []
    changed: list[tuple[str, str]] = []
    for incoming in events:
        result, touched = handle(session, kiosk, incoming, now, last_attempt=last_attempt)
        results.append(result)
        changed += touched
    if changed:
        append_changes(session, kiosk.buurthuis_id, changed)
    return results


def handle(
    session: Session,
    kiosk: KioskAuth,
    incoming: IncomingEvent,
    now: Clock,
    *,
    last_attempt: bool = False,
) -> tuple[EventResult, list[tuple[str, str]]]:
    """One event's result (the stored one for a retry) and the entities it changed."""
    body_hash = incoming.body_hash()
    stored = session.get(Event, incoming.event_id)
    if stored is not None:
        if stored.kiosk_id != kiosk.id or stored.body_hash != body_hash:
            # The original stays as it was; say so without revealing it.
            return EventResult(incoming.event_id, "error", "event_id_reused"), []
        result: Any = stored.result
        return EventResult(stored.event_id, result, stored.reason, stored.status, stored.number), []
    outcome = applied(session, kiosk, incoming, now, last_attempt)
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
                "number": outcome.number,
                "received_at": now(),
            }
        ],
    )
    result = EventResult(
        incoming.event_id, outcome.result, outcome.reason, outcome.status, outcome.number
    )
    return result, outcome.changed


def applied(
    session: Session, kiosk: KioskAuth, incoming: IncomingEvent, now: Clock, last_attempt: bool
) -> Outcome:
    """The event applied in a savepoint; whatever it wrote is undone when it is refused."""
    try:
        with session.begin_nested():
            return apply(session, kiosk, incoming, now)
    except Rejected as rejected:
        return Outcome("rejected", rejected.reason)
    except IntegrityError:
        if not last_attempt:
            raise
        return Outcome("rejected", "duplicate")
    except OperationalError:
        raise  # the database's trouble (a deadlock, a lock timeout), not the event's
    except Exception as error:  # a payload no check foresaw: never a 500 for the whole batch
        # Only the kind of error: its message may quote the payload (names, phones).
        log.error(
            "%s event %s not applied: %s", incoming.type, incoming.event_id, type(error).__name__
        )
        return Outcome("rejected", "invalid_payload")
