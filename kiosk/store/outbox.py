"""The outbox: every change made here queued as an event for the central store.

An event is ``pending`` until the central store answers it. Accepted or lost (conflict), it is
deleted; rejected, it is kept aside as ``rejected`` with the reason, for the operator, and never
sent again. Tokens that prove who may make a change (:data:`SECRET_FIELDS`) travel in the
payload and are scrubbed from the stored row as soon as the answer is in.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk import domain
from kiosk.store.models import AskRow, OfferRow, OutboxEvent

PENDING = "pending"
REJECTED = "rejected"
# A member session, a helper slip's token, a receipt's token: secrets on a stolen SD card.
SECRET_FIELDS = ("session", "helper_token", "receipt_token")


@dataclass(frozen=True)
class PendingEvent:
    seq: int
    event_id: str
    type: str
    entity_id: str
    payload: dict[str, Any]
    attempts: int


@dataclass(frozen=True)
class Proof:
    """Who makes a change, for the central store to check; sent once, then scrubbed.

    ``session``: the member session of the volunteer (or verbinder) at this kiosk.
    ``helper_token``: the helper slip's token, when the job was opened by scanning the slip.
    ``receipt_token``: the receipt's token, when the request was opened by scanning it.
    """

    session: str | None = None
    helper_token: str | None = None
    receipt_token: str | None = None

    def fields(self) -> dict[str, str]:
        """The payload fields this proof adds (only those given)."""
        values = (self.session, self.helper_token, self.receipt_token)
        given = zip(SECRET_FIELDS, values, strict=True)
        return {name: value for name, value in given if value is not None}


@dataclass(frozen=True)
class RejectedEvent:
    """A change the central store refused, as the operator sees it: never personal data."""

    seq: int
    type: str
    entity_id: str
    number: str | None  # the ask's or offer's request number, while it is still here
    reason: str | None
    created_at: datetime
    answered_at: datetime | None


def add_event(
    session: Session,
    type_: str,
    entity_id: str,
    payload: dict[str, Any],
    now: datetime,
    undo: dict[str, Any] | None = None,
) -> None:
    """Queue one event in the session of the change it tells, so both commit together.

    Every event says when it was made (``created_at``, UTC): a claim queued while offline is
    judged by the member session that was live then. ``undo``: the fields the change
    replaced, put back if the central store rejects it.
    """
    stamped = {"created_at": now.isoformat() + "Z"} | payload
    session.add(
        OutboxEvent(
            event_id=domain.new_id(),
            type=type_,
            entity_id=entity_id,
            payload=json.dumps(stamped, ensure_ascii=False, sort_keys=True),
            created_at=now,
            attempts=0,
            status=PENDING,
            undo=json.dumps(undo, sort_keys=True) if undo is not None else None,
        )
    )


def scrubbed(payload: dict[str, Any]) -> dict[str, Any]:
    """The payload without its secrets, as it may stay on the SD card."""
    return {key: value for key, value in payload.items() if key not in SECRET_FIELDS}


def has_secrets(payload: dict[str, Any]) -> bool:
    return any(key in payload for key in SECRET_FIELDS)


def pending_events(session: Session, limit: int) -> list[PendingEvent]:
    rows = session.scalars(
        select(OutboxEvent)
        .where(OutboxEvent.status == PENDING)
        .order_by(OutboxEvent.seq)
        .limit(limit)
    )
    return [
        PendingEvent(r.seq, r.event_id, r.type, r.entity_id, json.loads(r.payload), r.attempts)
        for r in rows
    ]


def pending_count(session: Session) -> int:
    return int(
        session.scalar(
            select(func.count()).select_from(OutboxEvent).where(OutboxEvent.status == PENDING)
        )
        or 0
    )


def rejected_events(session: Session) -> list[RejectedEvent]:
    """The rejected events, oldest first, each with its request's number if still here."""
    ask_number = select(AskRow.number).where(AskRow.id == OutboxEvent.entity_id)
    offer_number = select(OfferRow.number).where(OfferRow.id == OutboxEvent.entity_id)
    rows = session.execute(
        select(
            OutboxEvent,
            func.coalesce(ask_number.scalar_subquery(), offer_number.scalar_subquery()),
        )
        .where(OutboxEvent.status == REJECTED)
        .order_by(OutboxEvent.seq)
    )
    return [
        RejectedEvent(e.seq, e.type, e.entity_id, number, e.reason, e.created_at, e.answered_at)
        for e, number in rows
    ]


def forget_rejected(session: Session) -> int:
    """Delete the rejected events once the operator has seen them; how many there were."""
    rows = session.scalars(select(OutboxEvent).where(OutboxEvent.status == REJECTED)).all()
    for row in rows:
        session.delete(row)
    return len(rows)
