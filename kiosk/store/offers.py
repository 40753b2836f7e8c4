"""Offers of help: saved with their outbox event, found again by receipt."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk import domain
from kiosk.domain import Offer, OfferDraft, OfferStatus, Person, ValidationError, When, WhenKind
from kiosk.i18n import _
from kiosk.store.models import OfferRow
from kiosk.store.outbox import Proof, add_event

# What each offer action moves it to; the event is ``offer.<action>``.
OFFER_TARGETS = {
    "pause": OfferStatus.PAUSED,
    "resume": OfferStatus.ACTIVE,
    "withdraw": OfferStatus.WITHDRAWN,
}


def offer_from_row(row: OfferRow) -> Offer:
    return Offer(
        id=row.id,
        categories=tuple(json.loads(row.categories)),
        when=When(WhenKind(row.when_kind), row.when_day),
        number=row.number,
        person=Person(row.first_name, row.phone),
        circle=row.circle_code,
        status=OfferStatus(row.status),
        created_at=row.created_at.replace(tzinfo=UTC),
    )


def check(draft: OfferDraft, today: date) -> tuple[Person, When]:
    """The draft's person and time window with its date, or :class:`ValidationError`."""
    if not draft.categories:
        raise ValidationError("categories", _("Choose at least one button."))
    for code in draft.categories:
        domain.category(code)
    return draft.person(), (draft.when or When(WhenKind.ANY_TIME)).resolved(today)


def insert(
    session: Session,
    draft: OfferDraft,
    checked: tuple[Person, When],
    offer_id: str,
    number: str,
    token: str,
    now: datetime,
) -> None:
    """Add the offer and its ``offer.create`` event; the caller's unit of work commits both."""
    person, when = checked
    session.add(
        OfferRow(
            id=offer_id,
            number=number,
            categories=json.dumps(draft.categories),
            when_kind=when.kind.value,
            when_day=when.day,
            first_name=person.first_name,
            phone=person.phone,
            circle_code=None,
            status=OfferStatus.ACTIVE.value,
            token_hash=domain.hash_token(token),
            created_at=now,
            updated_at=now,
        )
    )
    session.flush()
    add_event(
        session,
        "offer.create",
        offer_id,
        {
            "id": offer_id,
            "number": number,
            "categories": list(draft.categories),
            "when": when.to_json(),
            "first_name": person.first_name,
            "phone": person.phone,
            "circle": None,
            "token_hash": domain.hash_token(token),
            "created_at": now.isoformat() + "Z",
        },
        now,
    )


def all_offers(session: Session) -> list[Offer]:
    rows = session.scalars(select(OfferRow).order_by(OfferRow.created_at)).all()
    return [offer_from_row(r) for r in rows]


def by_followup_token(session: Session, token: str) -> Offer | None:
    """The offer behind a receipt's QR; the store keeps only the hash."""
    row = session.scalars(
        select(OfferRow).where(OfferRow.token_hash == domain.hash_token(token))
    ).first()
    return offer_from_row(row) if row else None


def act(session: Session, offer_id: str, action: str, proof: Proof, now: datetime) -> Offer:
    """Pause, resume or withdraw here at once and queue the ``offer.<action>`` event; the
    receipt's token (when the offer was opened by scanning it) goes along as proof."""
    row = session.get(OfferRow, offer_id)
    if row is None:
        raise KeyError(offer_id)
    if proof.receipt_token is not None and row.token_hash != domain.hash_token(proof.receipt_token):
        raise ValueError("the receipt's token is not this offer's")
    target = OFFER_TARGETS[action]
    domain.check_offer_transition(OfferStatus(row.status), target)
    undo: dict[str, Any] = {"status": row.status}
    row.status, row.updated_at = target.value, now
    add_event(session, f"offer.{action}", offer_id, {"id": offer_id} | proof.fields(), now, undo)
    session.flush()
    return offer_from_row(row)
