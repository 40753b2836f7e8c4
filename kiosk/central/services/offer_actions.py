"""Moves of an offer from a kiosk: pause, resume or withdraw, by its origin kiosk or receipt."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.central.models import Offer
from kiosk.central.services import authority
from kiosk.central.services.common import sources
from kiosk.central.services.moves import move
from kiosk.central.services.values import Clock, KioskAuth, Outcome, Rejected
from kiosk.domain import OFFER_TRANSITIONS, OfferStatus

# What each event type does to an offer: its target status. The sources come from kiosk.domain.
OFFER_ACTIONS: dict[str, OfferStatus] = {
    "offer.pause": OfferStatus.PAUSED,
    "offer.resume": OfferStatus.ACTIVE,
    "offer.withdraw": OfferStatus.WITHDRAWN,
}


def offer_action(
    session: Session,
    kiosk: KioskAuth,
    type_: str,
    offer_id: str,
    payload: dict[str, Any],
    now: Clock,
) -> Outcome:
    target = OFFER_ACTIONS[type_]
    where = [
        Offer.id == offer_id,
        Offer.buurthuis_id == kiosk.buurthuis_id,
        Offer.erased_at.is_(None),
    ]
    row = session.execute(select(Offer.origin_kiosk_id, Offer.token_hash).where(*where)).first()
    if row is None:
        raise Rejected("not_found")
    authority.origin_or_receipt(kiosk, row.origin_kiosk_id, row.token_hash, payload)
    values: dict[str, Any] = {"status": target.value, "updated_at": now()}
    if target is OfferStatus.WITHDRAWN:
        values["closed_at"] = now()
    allowed = sources(OFFER_TRANSITIONS, target)
    return move(session, Offer, "offer", offer_id, where, allowed, values)
