"""Volunteers and verbinders the operator registers: add with a card and PIN, revoke, list."""

from __future__ import annotations

import secrets
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from kiosk import domain
from kiosk.central.models import Buurthuis, Member, MemberSession
from kiosk.central.services.changes import append_changes
from kiosk.central.services.circles import has_circle
from kiosk.central.services.common import buurthuis, hash_token
from kiosk.central.services.pins import chosen_or_new_pin, hash_pin
from kiosk.central.services.values import MemberListing, NewMember
from kiosk.domain import Role

# A card is 128 random bits typed as hex by a USB scanner.
CARD_TOKEN_BYTES = 16


def new_card_token() -> str:
    return secrets.token_hex(CARD_TOKEN_BYTES)


def card_token_from(text: str) -> str | None:
    """The 32-hex token of a scanned or sent card (prefix optional, any case), else None."""
    if text.upper().startswith(domain.MEMBER_CARD_PREFIX):
        text = text[len(domain.MEMBER_CARD_PREFIX) :]
    text = text.lower()
    if len(text) != 2 * CARD_TOKEN_BYTES or any(c not in "0123456789abcdef" for c in text):
        return None
    return text


def clean_optional(raw: str | None, max_len: int) -> str | None:
    if raw is None or not raw.strip():
        return None
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    if len(text) > max_len or any(
        unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn", "Cf") for c in text
    ):
        raise ValueError(f"at most {max_len} plain characters")
    return text


@dataclass(frozen=True)
class MemberDraft:
    """A new member checked and with the PIN hashed, ready to be stored."""

    new: NewMember
    first_name: str
    phone: str
    street: str | None
    house_number: str | None
    role: Role
    pin_hash: str


def draft_member(
    first_name: str,
    phone: str,
    street: str | None,
    house_number: str | None,
    role: Role,
    pin: str | None,
) -> MemberDraft:
    """Check the operator's input and hash the PIN (slow on purpose: outside the transaction).

    Raises ValueError (a :class:`domain.ValidationError` or ``WeakPin``) with a message for
    the operator.
    """
    name = domain.clean_name(first_name)
    number = domain.normalise_phone(phone)
    street = clean_optional(street, 80)
    house_number = clean_optional(house_number, 12)
    pin = chosen_or_new_pin(pin)
    pin_hash = hash_pin(pin)
    card = new_card_token()
    new = NewMember(str(uuid.uuid4()), card, pin)
    return MemberDraft(new, name, number, street, house_number, role, pin_hash)


def add_member(
    session: Session, home_name: str, circle: str | None, draft: MemberDraft, now: datetime
) -> None:
    home = buurthuis(session, home_name)
    if circle is not None and not has_circle(session, home.id, circle):
        raise ValueError(f"buurthuis {home_name} has no circle {circle}")
    session.add(
        Member(
            id=draft.new.id,
            buurthuis_id=home.id,
            circle_code=circle,
            first_name=draft.first_name,
            phone=draft.phone,
            street=draft.street,
            house_number=draft.house_number,
            role=Role(draft.role).value,
            card_hash=hash_token(draft.new.card_token),
            pin_hash=draft.pin_hash,
            pin_failures=0,
            pin_locked=False,
            created_at=now,
        )
    )
    session.flush()
    append_changes(session, home.id, [("member", draft.new.id)])


def revoke_member(session: Session, member_id: str, now: datetime) -> bool:
    """Card, PIN and sessions stop working at once; kiosks drop the name on their next pull."""
    home = session.scalar(
        select(Member.buurthuis_id).where(Member.id == member_id, Member.revoked_at.is_(None))
    )
    if home is None:
        return False
    session.execute(
        update(Member)
        .where(Member.id == member_id)
        .values(revoked_at=now, card_hash=None, pin_hash=None),
        execution_options={"synchronize_session": False},
    )
    session.execute(
        delete(MemberSession).where(MemberSession.member_id == member_id),
        execution_options={"synchronize_session": False},
    )
    append_changes(session, home, [("member", member_id)])
    return True


def list_members(session: Session, home_name: str | None, now: datetime) -> list[MemberListing]:
    """Every member, with "pin locked" while a lock holds at any kiosk."""
    query = select(Member, Buurthuis.name).join(Buurthuis, Buurthuis.id == Member.buurthuis_id)
    if home_name is not None:
        query = query.where(Buurthuis.name == home_name)
    rows = session.execute(
        query.order_by(Buurthuis.name, Member.circle_code, Member.first_name)
    ).all()
    return [
        MemberListing(
            m.id,
            home,
            m.circle_code,
            m.first_name,
            m.role,
            "revoked"
            if m.revoked_at
            else "pin locked"
            if m.pin_locked and m.pin_locked_until is not None and m.pin_locked_until > now
            else "active",
        )
        for m, home in rows
    ]


def is_member(session: Session, buurthuis_id: int, member_id: str) -> bool:
    """Whether ``member_id`` is a member of that buurthuis who is not revoked."""
    found = session.scalar(
        select(Member.id).where(
            Member.id == member_id,
            Member.buurthuis_id == buurthuis_id,
            Member.revoked_at.is_(None),
        )
    )
    return found is not None


def addresses(session: Session, member_ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """(street, house number) of the given members, by member id."""
    if not member_ids:
        return {}
    rows = session.execute(
        select(Member.id, Member.street, Member.house_number).where(Member.id.in_(member_ids))
    ).all()
    return {row[0]: (row[1], row[2]) for row in rows}
