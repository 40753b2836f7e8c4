"""The follow-up page (/r) behind a receipt's QR code: the request's status, cancel or thank."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk.central.models import Ask, Offer
from kiosk.central.services.ask_actions import ask_update
from kiosk.central.services.changes import append_changes
from kiosk.central.services.common import hash_token, sources
from kiosk.central.services.contacts import contacts
from kiosk.central.services.values import Clock, FollowUp
from kiosk.domain import ASK_TRANSITIONS, OFFER_TRANSITIONS, AskStatus, OfferStatus


def followup_row(
    session: Session, token: str, retention: timedelta, now: datetime
) -> Ask | Offer | None:
    """The ask or offer behind a receipt's token, unless erased or expired."""
    if not token or len(token) > 100:
        return None
    token_hash = hash_token(token)
    row: Ask | Offer | None = session.scalars(
        select(Ask).where(Ask.token_hash == token_hash, Ask.erased_at.is_(None))
    ).first()
    if row is None:
        row = session.scalars(
            select(Offer).where(Offer.token_hash == token_hash, Offer.erased_at.is_(None))
        ).first()
    if row is None:
        return None
    if row.closed_at is not None and row.closed_at + retention < now:
        return None  # expired, even if the erasure has not run yet
    return row


def followup(session: Session, token: str, retention: timedelta, now: Clock) -> FollowUp | None:
    row = followup_row(session, token, retention, now())
    if row is None:
        return None
    when = {
        "kind": row.when_kind,
        "day": row.when_day.isoformat() if row.when_day else None,
    }
    if isinstance(row, Offer):
        categories = tuple(json.loads(row.categories))
        return FollowUp(
            row.number,
            categories[0],
            row.status,
            row.first_name or "",
            when,
            False,
            "offer",
            categories,
            contacts(session, row),
        )
    return FollowUp(
        row.number,
        row.category,
        row.status,
        row.first_name or "",
        when,
        row.thanked,
        "ask",
        (row.category,),
        contacts(session, row),
    )


def followup_action(
    session: Session,
    token: str,
    action: Literal["cancel", "thank"],
    retention: timedelta,
    now: Clock,
) -> bool | None:
    """Cancel or thank from the page (for an offer: stop it). None: no such request;
    False: not possible (any more)."""
    row = followup_row(session, token, retention, now())
    if row is None:
        return None
    if isinstance(row, Offer):
        if action != "cancel":
            return False
        target = OfferStatus.WITHDRAWN
        done = session.execute(
            update(Offer)
            .where(Offer.id == row.id, Offer.status.in_(sources(OFFER_TRANSITIONS, target)))
            .values(status=target.value, closed_at=now(), updated_at=now()),
            execution_options={"synchronize_session": False},
        )
        if getattr(done, "rowcount", 0) != 1:
            return False
        append_changes(session, row.buurthuis_id, [("offer", row.id)])
        return True
    if action == "cancel":
        allowed = sources(ASK_TRANSITIONS, AskStatus.CANCELLED)
        values: dict[str, Any] = {
            "status": AskStatus.CANCELLED.value,
            "closed_at": now(),
            "helper_token_hash": None,  # a claim ends with it, as by the kiosk's cancel
        }
    else:
        allowed = [AskStatus.CLAIMED.value, AskStatus.DONE.value]
        values = {"thanked": True}
    outcome = ask_update(session, row.buurthuis_id, row.id, allowed, values, now=now)
    if outcome.result != "accepted":
        return False
    append_changes(session, row.buurthuis_id, outcome.changed)
    return True
