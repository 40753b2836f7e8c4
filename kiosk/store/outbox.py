"""The outbox: every change made here queued as an event for the central store."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk import domain
from kiosk.store.models import OutboxEvent


@dataclass(frozen=True)
class PendingEvent:
    seq: int
    event_id: str
    type: str
    entity_id: str
    payload: dict[str, Any]
    attempts: int


def add_event(
    session: Session, type_: str, entity_id: str, payload: dict[str, Any], now: datetime
) -> None:
    """Queue one event in the session of the change it tells, so both commit together."""
    session.add(
        OutboxEvent(
            event_id=domain.new_id(),
            type=type_,
            entity_id=entity_id,
            payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
            created_at=now,
            attempts=0,
        )
    )


def pending_events(session: Session, limit: int) -> list[PendingEvent]:
    rows = session.scalars(select(OutboxEvent).order_by(OutboxEvent.seq).limit(limit))
    return [
        PendingEvent(r.seq, r.event_id, r.type, r.entity_id, json.loads(r.payload), r.attempts)
        for r in rows
    ]


def pending_count(session: Session) -> int:
    return int(session.scalar(select(func.count()).select_from(OutboxEvent)) or 0)
