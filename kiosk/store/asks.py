"""Asks for help: saved with their outbox event, found again by id, number or receipt."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk import domain
from kiosk.domain import Ask, AskDraft, AskStatus, Person, ValidationError, When, WhenKind
from kiosk.i18n import _
from kiosk.store.models import AskRow, CircleRow, OfferRow, OutboxEvent
from kiosk.store.outbox import add_event

# A receipt's follow-up token, for an ask or an offer: urlsafe base64 of 16 bytes.
FOLLOWUP_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")


def ask_from_row(row: AskRow) -> Ask:
    return Ask(
        id=row.id,
        number=row.number,
        category=row.category,
        when=When(WhenKind(row.when_kind), row.when_day),
        person=Person(row.first_name, row.phone, row.for_neighbour),
        circle=row.circle_code,
        status=AskStatus(row.status),
        created_at=row.created_at.replace(tzinfo=UTC),
    )


def check(draft: AskDraft, today: date) -> tuple[str, Person, When]:
    """The draft's category, person and time window with its date (a "morgen" chosen
    ``today`` is kept as tomorrow's date), or :class:`ValidationError`."""
    if draft.category is None:
        raise ValidationError("category", _("Choose one of the buttons."))
    domain.category(draft.category)
    when = (draft.when or When(WhenKind.ANY_TIME)).resolved(today)
    return draft.category, draft.person(), when


def insert(
    session: Session,
    draft: AskDraft,
    checked: tuple[str, Person, When],
    ask_id: str,
    number: str,
    token: str,
    now: datetime,
) -> None:
    """Add the ask and its ``ask.create`` event; the caller's unit of work commits both."""
    category, person, when = checked
    if draft.circle is not None and session.get(CircleRow, draft.circle) is None:
        raise ValidationError("circle", _("Choose one of the buttons."))
    row = AskRow(
        id=ask_id,
        number=number,
        category=category,
        when_kind=when.kind.value,
        when_day=when.day,
        first_name=person.first_name,
        phone=person.phone,
        for_neighbour=person.for_neighbour,
        circle_code=draft.circle,
        status=AskStatus.OPEN.value,
        token_hash=domain.hash_token(token),
        member_id=draft.member_id,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    session.flush()
    payload: dict[str, Any] = {
        "id": ask_id,
        "number": number,
        "category": category,
        "when": when.to_json(),
        "first_name": person.first_name,
        "phone": person.phone,
        "for_neighbour": person.for_neighbour,
        "circle": draft.circle,
        "token_hash": row.token_hash,
        "created_at": now.isoformat() + "Z",
    }
    if draft.member_id:
        payload["member"] = draft.member_id
    add_event(session, "ask.create", ask_id, payload, now)


def by_id(session: Session, ask_id: str) -> Ask | None:
    row = session.get(AskRow, ask_id)
    return ask_from_row(row) if row else None


def free_number(session: Session) -> str:
    """A request number no ask or offer here has. Another kiosk may have drawn it too: the
    central store then gives ours a new one (see :mod:`kiosk.store.settle`)."""
    for _attempt in range(50):
        number = domain.new_request_number()
        taken = (
            select(AskRow.id)
            .where(AskRow.number == number)
            .union_all(select(OfferRow.id).where(OfferRow.number == number))
        )
        if session.execute(taken.limit(1)).first() is None:
            return number
    raise RuntimeError("could not find a free request number")  # pragma: no cover


def by_number(session: Session, canonical: str) -> Ask | None:
    """The ask with this number. Two may share it for a moment (one made here, not yet
    renumbered by the central store): the one the central store already holds comes first."""
    unsent = select(OutboxEvent.entity_id).where(
        OutboxEvent.type == "ask.create", OutboxEvent.status == "pending"
    )
    row = session.scalars(
        select(AskRow)
        .where(AskRow.number == canonical)
        .order_by(AskRow.id.in_(unsent), AskRow.created_at)
    ).first()
    return ask_from_row(row) if row else None


def all_asks(session: Session) -> list[Ask]:
    return [ask_from_row(r) for r in session.scalars(select(AskRow).order_by(AskRow.created_at))]


def by_followup_token(session: Session, token: str) -> Ask | None:
    """The ask behind a receipt's QR (``/r/<token>``); the store keeps only the hash."""
    row = session.scalars(
        select(AskRow).where(AskRow.token_hash == domain.hash_token(token))
    ).first()
    return ask_from_row(row) if row else None
