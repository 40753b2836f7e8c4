"""The verbinder's view of the own circle (asks, contacts, fitting offers) and notes on asks."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, date, datetime
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from kiosk import domain
from kiosk.central.models import Ask, AskNote, Circle, Member, Offer
from kiosk.central.services.common import iso, plain_id, when_json
from kiosk.central.services.members import addresses
from kiosk.central.services.sessions import session_member
from kiosk.central.services.values import Clock, KioskAuth
from kiosk.domain import AskStatus, OfferStatus, Role

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")  # what "today" means for the verbinder's view
NOTE_MAX = 120


def local_today(moment: datetime) -> date:
    """The day in the buurthuis's time zone (a naive moment is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_TIME).date()


def clean_note(raw: str) -> str:
    """A verbinder's note: the same character rules as names, at most NOTE_MAX characters."""
    text = unicodedata.normalize("NFC", raw)
    for char in text:
        kind = unicodedata.category(char)
        if (
            char in domain.BIDI_CONTROLS
            or kind in ("Cc", "Cs", "Co", "Cn")
            or (kind == "Cf" and char not in domain.ALLOWED_FORMAT)
        ):
            raise ValueError("a sign we cannot use")
    text = " ".join(text.split())
    if not text or len(text) > NOTE_MAX:
        raise ValueError(f"a note has 1 to {NOTE_MAX} characters")
    return text


def verbinder_of(session: Session, kiosk: KioskAuth, token: str, now: datetime) -> Member | None:
    """The verbinder behind a live session; None for anyone else."""
    row = session_member(session, kiosk, token, now)
    return row if row is not None and row.role == Role.VERBINDER.value else None


def circle_filter(model: Any, circle: str | None) -> Any:
    """A verbinder sees the own circle and the asks and offers without a circle."""
    if circle is None:
        return model.circle_code.is_(None)
    return or_(model.circle_code == circle, model.circle_code.is_(None))


def notes_by_ask(session: Session, ask_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The notes on these asks, oldest first, with the first name of who wrote each."""
    notes: dict[str, list[dict[str, Any]]] = {}
    if ask_ids:
        for note, by in session.execute(
            select(AskNote, Member.first_name)
            .join(Member, Member.id == AskNote.member_id)
            .where(AskNote.ask_id.in_(ask_ids))
            .order_by(AskNote.created_at, AskNote.id)
        ).all():
            notes.setdefault(note.ask_id, []).append(
                {"text": note.text, "at": iso(note.created_at), "by": by}
            )
    return notes


def verbinder_view(
    session: Session, kiosk: KioskAuth, token: str, days: int, today: date, now: datetime
) -> dict[str, Any] | None:
    """The verbinder's circle: open and claimed asks oldest first, with the contact to
    call, notes and the active offers that fit. None: not a verbinder's live session."""
    verbinder = verbinder_of(session, kiosk, token, now)
    if verbinder is None:
        return None
    home, code = kiosk.buurthuis_id, verbinder.circle_code
    circle = (
        session.scalars(
            select(Circle).where(Circle.buurthuis_id == home, Circle.code == code)
        ).first()
        if code is not None
        else None
    )
    asks = session.scalars(
        select(Ask)
        .where(
            Ask.buurthuis_id == home,
            Ask.erased_at.is_(None),
            Ask.status.in_([AskStatus.OPEN.value, AskStatus.CLAIMED.value]),
            circle_filter(Ask, code),
        )
        .order_by(Ask.created_at, Ask.number)
    ).all()
    offers = session.scalars(
        select(Offer)
        .where(
            Offer.buurthuis_id == home,
            Offer.erased_at.is_(None),
            Offer.status == OfferStatus.ACTIVE.value,
            circle_filter(Offer, code),
        )
        .order_by(Offer.created_at, Offer.number)
    ).all()
    askers = addresses(session, [a.member_id for a in asks if a.member_id])
    notes = notes_by_ask(session, [a.id for a in asks])
    offer_views = [
        {
            "id": o.id,
            "number": o.number,
            "categories": json.loads(o.categories),
            "when": when_json(o.when_kind, o.when_day),
            "first_name": o.first_name,
            "phone": o.phone,
        }
        for o in offers
    ]
    offer_whens = [domain.When(domain.WhenKind(o.when_kind), o.when_day) for o in offers]
    ask_views = []
    for ask in asks:
        ask_when = domain.When(domain.WhenKind(ask.when_kind), ask.when_day)
        days_open = max(0, (today - ask.created_at.date()).days)
        street, house_number = askers.get(ask.member_id or "", (None, None))
        ask_views.append(
            {
                "id": ask.id,
                "number": ask.number,
                "category": ask.category,
                "when": when_json(ask.when_kind, ask.when_day),
                "status": ask.status,
                "first_name": ask.first_name,
                "phone": ask.phone,
                "street": street,
                "house_number": house_number,
                "for_neighbour": ask.for_neighbour,
                "days_open": days_open,
                "waiting": days_open >= days and ask.status == AskStatus.OPEN.value,
                "notes": notes.get(ask.id, []),
                "fits": [
                    view["id"]
                    for view, offer_when in zip(offer_views, offer_whens, strict=True)
                    if ask.category in view["categories"]
                    and domain.when_fits(ask_when, offer_when, today)
                ],
            }
        )
    return {
        "circle": {"code": circle.code, "name": circle.name} if circle else None,
        "asks": ask_views,
        "offers": offer_views,
    }


def add_note(
    session: Session, kiosk: KioskAuth, token: str, ask_id: str, note: str, now: Clock
) -> Literal["ok", "forbidden", "not_found"]:
    """A verbinder's (already cleaned) note on an ask of the own circle."""
    verbinder = verbinder_of(session, kiosk, token, now())
    if verbinder is None:
        return "forbidden"
    if not plain_id(ask_id):
        return "not_found"  # never a NUL or surrogate in SQL (PostgreSQL refuses a NUL)
    ask = session.scalar(
        select(Ask.id).where(
            Ask.id == ask_id,
            Ask.buurthuis_id == kiosk.buurthuis_id,
            Ask.erased_at.is_(None),
            circle_filter(Ask, verbinder.circle_code),
        )
    )
    if ask is None:
        return "not_found"
    session.add(AskNote(ask_id=ask, member_id=verbinder.id, text=note, created_at=now()))
    return "ok"
