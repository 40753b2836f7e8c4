"""One pushed event's effect: check its type, id and text, then create or move the entity."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk.central.services.ask_actions import ASK_ACTIONS, ask_action, thank
from kiosk.central.services.create import create_ask, create_offer
from kiosk.central.services.offer_actions import OFFER_ACTIONS, offer_action
from kiosk.central.services.payload import made_at, plain_text_only
from kiosk.central.services.values import Clock, IncomingEvent, KioskAuth, Outcome, Rejected

EVENT_TYPES = ("ask.create", "offer.create", "ask.thank", *ASK_ACTIONS, *OFFER_ACTIONS)


def apply(session: Session, kiosk: KioskAuth, incoming: IncomingEvent, now: Clock) -> Outcome:
    """The event's effect, or :class:`Rejected` (the caller undoes what it may have written)."""
    payload = incoming.payload
    if incoming.type not in EVENT_TYPES:
        raise Rejected("unknown_type")
    plain_text_only(payload)
    if payload.get("id", incoming.entity_id) != incoming.entity_id:
        raise Rejected("id_mismatch")
    if incoming.type == "ask.create":
        return create_ask(session, kiosk, incoming.entity_id, payload, now)
    if incoming.type == "offer.create":
        return create_offer(session, kiosk, incoming.entity_id, payload, now)
    made = made_at(payload, now(), required=False)
    if incoming.type == "ask.thank":
        return thank(session, kiosk, incoming.entity_id, payload, now)
    if incoming.type in ASK_ACTIONS:
        return ask_action(session, kiosk, incoming.type, incoming.entity_id, payload, made, now)
    return offer_action(session, kiosk, incoming.type, incoming.entity_id, payload, now)
