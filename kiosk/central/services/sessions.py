"""A member at a kiosk: known by card or PIN, then by a short-lived session; a new card."""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kiosk.central.models import Member, MemberSession
from kiosk.central.services.common import domain_member, hash_token
from kiosk.central.services.values import SESSION_TTL, Identified, KioskAuth


def open_session(session: Session, member_id: str, now: datetime) -> str:
    """A new session token for the member; expired sessions are swept on the way."""
    token = secrets.token_urlsafe(32)
    session.execute(
        delete(MemberSession).where(MemberSession.expires_at < now),
        execution_options={"synchronize_session": False},
    )
    session.add(
        MemberSession(
            token_hash=hash_token(token), member_id=member_id, expires_at=now + SESSION_TTL
        )
    )
    return token


def identify_card(session: Session, kiosk: KioskAuth, token: str, now: datetime) -> Identified:
    """The member of the kiosk's buurthuis whose card this is, with a new session."""
    row = session.scalars(
        select(Member).where(
            Member.card_hash == hash_token(token),
            Member.buurthuis_id == kiosk.buurthuis_id,
            Member.revoked_at.is_(None),
        )
    ).first()
    if row is None:
        return Identified("unknown")
    return Identified("ok", domain_member(row), open_session(session, row.id, now))


def identified_by_pin(session: Session, member_id: str, now: datetime) -> Identified:
    """The answer to a right PIN: the member, with a new session."""
    member = session.get_one(Member, member_id)
    return Identified("ok", domain_member(member), open_session(session, member_id, now))


def session_member(session: Session, kiosk: KioskAuth, token: str, now: datetime) -> Member | None:
    """The member behind a live session, if they are of the calling kiosk's buurthuis."""
    if not token or len(token) > 200:
        return None
    return session.scalars(
        select(Member)
        .join(MemberSession, MemberSession.member_id == Member.id)
        .where(
            MemberSession.token_hash == hash_token(token),
            MemberSession.expires_at > now,
            Member.revoked_at.is_(None),
            Member.buurthuis_id == kiosk.buurthuis_id,
        )
    ).first()


def new_card(
    session: Session, kiosk: KioskAuth, token: str, card: str, now: datetime
) -> Member | None:
    """Give the session's member the card ``card``; the old card stops working."""
    row = session_member(session, kiosk, token, now)
    if row is None:
        return None
    row.card_hash = hash_token(card)
    return row
