"""Settle pushed events by the central store's answer, all in the caller's one transaction.

``accepted``: the event leaves the outbox (an ask or offer may come back with a new request
number, when another kiosk had drawn ours). ``conflict``: someone else was first; the server's
status replaces ours and the event leaves. ``rejected`` (or ``error``): the change is undone here
where it can be, the event is kept aside for the operator and never sent again. In every case
the tokens that showed who made the change are scrubbed from what stays on the card.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from kiosk import domain
from kiosk.store.models import AskRow, OfferRow, OutboxEvent
from kiosk.store.outbox import PENDING, REJECTED, PendingEvent, has_secrets, scrubbed

log = logging.getLogger(__name__)

CREATES = ("ask.create", "offer.create")


@dataclass(frozen=True)
class Decision:
    """The central store's answer to one pushed event."""

    event_id: str
    result: str  # accepted | conflict | rejected | error
    reason: str | None = None
    status: str | None = None
    number: str | None = None  # accepted under a new request number: ours was taken


@dataclass(frozen=True)
class LostAction:
    """An action on an ask that the central store refused because someone else was first."""

    ask_id: str
    number: str
    event_type: str
    status: str | None


@dataclass(frozen=True)
class RefusedAction:
    """A change made here that the central store rejected: undone here, kept aside."""

    entity_id: str
    number: str | None
    event_type: str
    reason: str | None


@dataclass(frozen=True)
class NewNumber:
    """An ask or offer made here that the central store gave another request number."""

    entity_id: str
    kind: str  # ask | offer
    old: str
    new: str


@dataclass
class Settled:
    """What one batch's answers changed here."""

    lost: list[LostAction] = field(default_factory=list)
    refused: list[RefusedAction] = field(default_factory=list)
    renumbered: list[NewNumber] = field(default_factory=list)
    scrubbed: bool = False  # secrets left the outbox: worth wiping the freed pages


def settle(
    session: Session,
    events: Sequence[PendingEvent],
    decisions: Sequence[Decision],
    now: datetime,
) -> Settled:
    by_id = {d.event_id: d for d in decisions}
    settled = Settled()
    for event in events:
        decision = by_id.get(event.event_id)
        row = session.get(OutboxEvent, event.seq)
        if decision is None or row is None or row.status != PENDING:
            continue
        settled.scrubbed |= has_secrets(event.payload)
        if decision.result in ("accepted", "conflict"):
            _answered(session, event, decision, settled)
            session.delete(row)
        else:
            settled.refused.append(_reject(session, row, decision, now))
    session.flush()
    return settled


def _answered(session: Session, event: PendingEvent, decision: Decision, into: Settled) -> None:
    if event.type.startswith("ask.") and event.type != "ask.create":
        ask = session.get(AskRow, event.entity_id)
        if ask is not None:
            lost = _settle_ask(ask, event, decision)
            if lost is not None:
                into.lost.append(lost)
    if decision.result == "accepted" and decision.number and event.type in CREATES:
        renumbered = _renumber(session, event, decision.number)
        if renumbered is not None:
            into.renumbered.append(renumbered)


def _settle_ask(row: AskRow, event: PendingEvent, decision: Decision) -> LostAction | None:
    if decision.result == "accepted":
        if event.type == "ask.claim":
            row.claim_state = "confirmed"
        return None
    if decision.status is not None:
        row.status = decision.status  # the server's word replaces our optimistic state
    if event.type == "ask.claim":
        row.claim_state, row.claimed_by = "conflict", None
        row.helper_token_hash = row.street = row.house_number = None
    return LostAction(row.id, row.number, event.type, decision.status)


def _renumber(session: Session, event: PendingEvent, number: str) -> NewNumber | None:
    """The receipt printed here keeps the old number; its QR code still finds the request."""
    kind = event.type.split(".")[0]
    row = _request(session, kind, event.entity_id)
    new = domain.normalise_request_number(number)
    if row is None or new is None or new == row.number:
        return None
    old, row.number = row.number, new
    log.info("central store renumbered %s %s to %s", kind, old, new)
    return NewNumber(row.id, kind, old, new)


def _reject(session: Session, row: OutboxEvent, decision: Decision, now: datetime) -> RefusedAction:
    reason = (decision.reason or decision.result)[:40]
    # One line, no personal data: the type, the device sequence number and the server's reason.
    log.warning("central store rejected %s event %d: %s", row.type, row.seq, reason)
    row.status, row.reason, row.answered_at = REJECTED, reason, now
    row.payload = json.dumps(scrubbed(json.loads(row.payload)), ensure_ascii=False, sort_keys=True)
    number = _undo(session, row)
    return RefusedAction(row.entity_id, number, row.type, reason)


def _undo(session: Session, row: OutboxEvent) -> str | None:
    """Put back what the rejected change replaced; the request's number, if it is here.

    Changes queued after it on the same request were made on top of it: they inherit its undo,
    so that if they are rejected too, the request goes back to where it was before all of them.
    """
    entity = _request(session, row.type.split(".")[0], row.entity_id)
    if entity is None:
        return None
    if row.undo is not None:
        before: dict[str, Any] = json.loads(row.undo)
        for name, value in before.items():
            setattr(entity, name, value)
        session.execute(
            update(OutboxEvent)
            .where(
                OutboxEvent.entity_id == row.entity_id,
                OutboxEvent.seq > row.seq,
                OutboxEvent.status == PENDING,
                OutboxEvent.undo.is_not(None),
            )
            .values(undo=row.undo)
        )
    if row.type == "ask.claim" and isinstance(entity, AskRow):
        entity.claim_state = "rejected"  # the claim screen can say so
    return entity.number


def _request(session: Session, kind: str, entity_id: str) -> AskRow | OfferRow | None:
    if kind == "ask":
        return session.get(AskRow, entity_id)
    return session.get(OfferRow, entity_id)
