"""A kiosk's new ask or offer: check every field of the payload, then insert the row."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from kiosk import domain
from kiosk.central.models import Ask, Offer
from kiosk.central.services.circles import has_circle
from kiosk.central.services.members import is_member
from kiosk.central.services.numbers import free_number
from kiosk.central.services.payload import hex_hash, made_at, optional_id, text_field
from kiosk.central.services.values import Clock, KioskAuth, Outcome, Rejected
from kiosk.clock import local_day
from kiosk.domain import AskStatus, OfferStatus


def shared_fields(
    session: Session,
    kiosk: KioskAuth,
    entity_id: str,
    payload: dict[str, Any],
    now: Clock,
    *,
    name_optional: bool = False,
) -> dict[str, Any]:
    """The validated fields asks and offers share; the server never trusts the kiosk.

    ``name_optional``: "bel mij terug" needs only a phone number; the name may be empty.
    """
    created = made_at(payload, now(), required=True)
    assert created is not None  # required: a missing one was rejected
    try:
        number = domain.normalise_request_number(text_field(payload, "number", 8))
        if number is None:
            raise Rejected("bad_number")
        when_data = payload.get("when")
        if not isinstance(when_data, dict):
            raise Rejected("invalid_payload")
        when = domain.When.from_json(when_data)
        raw_name = text_field(payload, "first_name", 160)
        first_name = "" if name_optional and not raw_name.strip() else domain.clean_name(raw_name)
        phone = domain.normalise_phone(text_field(payload, "phone", 30))
        token_hash = text_field(payload, "token_hash", 64)
        if not hex_hash(token_hash):
            raise Rejected("bad_token_hash")
        # A kiosk from before dates were kept sends "morgen" without its date.
        when = when.resolved(local_day(created))
    except (domain.ValidationError, ValueError, KeyError, TypeError, OverflowError):
        raise Rejected("invalid_payload") from None
    circle = optional_id(payload, "circle", 40)
    if circle is not None and not has_circle(session, kiosk.buurthuis_id, circle):
        circle = None  # a circle this buurthuis does not know: keep the ask, drop the circle
    if receipt_token_in_use(session, token_hash):
        raise Rejected("duplicate_token")
    return {
        "id": entity_id,
        "buurthuis_id": kiosk.buurthuis_id,
        "origin_kiosk_id": kiosk.id,
        "number": free_number(session, kiosk.buurthuis_id, number),
        "when_kind": when.kind.value,
        "when_day": when.day,
        "first_name": first_name,
        "phone": phone,
        "circle_code": circle,
        "token_hash": token_hash,
        "created_at": created,
        "updated_at": now(),
    }


def receipt_token_in_use(session: Session, token_hash: str) -> bool:
    """Whether an ask or offer (of any buurthuis) already has this receipt token hash."""
    return any(
        session.scalar(select(model.id).where(model.token_hash == token_hash)) is not None
        for model in (Ask, Offer)
    )


def created(
    kind: str, status: AskStatus | OfferStatus, payload: dict[str, Any], fields: dict[str, Any]
) -> Outcome:
    """Accepted, with the new number the store gave when the kiosk's own was taken."""
    number = str(fields["number"])
    new = number if number != domain.normalise_request_number(payload["number"]) else None
    return Outcome("accepted", None, status.value, [(kind, str(fields["id"]))], new)


def create_ask(
    session: Session, kiosk: KioskAuth, ask_id: str, payload: dict[str, Any], now: Clock
) -> Outcome:
    if session.get(Ask, ask_id) is not None:
        return Outcome("conflict", "exists")
    category = payload.get("category")
    if not isinstance(category, str) or category not in domain.CATEGORY_BY_CODE:
        raise Rejected("invalid_payload")
    for_neighbour = payload.get("for_neighbour", False)
    member = payload.get("member")
    if not isinstance(for_neighbour, bool) or not (member is None or isinstance(member, str)):
        raise Rejected("invalid_payload")
    if member is not None and not (
        len(member) <= 36 and is_member(session, kiosk.buurthuis_id, member)
    ):
        member = None  # kept only for a member of this buurthuis
    fields = shared_fields(
        session, kiosk, ask_id, payload, now, name_optional=category == domain.CALLBACK
    )
    # A bulk-style INSERT skips the unit of work: the hot path of every push.
    session.execute(
        insert(Ask),
        [
            fields
            | {
                "category": category,
                "for_neighbour": for_neighbour,
                "status": AskStatus.OPEN.value,
                "thanked": False,
                "member_id": member,
            }
        ],
    )
    return created("ask", AskStatus.OPEN, payload, fields)


def create_offer(
    session: Session, kiosk: KioskAuth, offer_id: str, payload: dict[str, Any], now: Clock
) -> Outcome:
    if session.get(Offer, offer_id) is not None or session.get(Ask, offer_id) is not None:
        return Outcome("conflict", "exists")
    categories = payload.get("categories")
    if (
        not isinstance(categories, list)
        or not categories
        or len(categories) > 8
        or not all(isinstance(c, str) and c in domain.CATEGORY_BY_CODE for c in categories)
        or domain.CALLBACK in categories  # "bel mij terug" is for asks only
    ):
        raise Rejected("invalid_payload")
    fields = shared_fields(session, kiosk, offer_id, payload, now)
    session.add(Offer(**fields, categories=json.dumps(categories), status=OfferStatus.ACTIVE.value))
    session.flush()
    return created("offer", OfferStatus.ACTIVE, payload, fields)
