"""A member at a kiosk: known by card or PIN, then by a short session bound to that kiosk.

A session counts only with the device token of the kiosk that opened it, for 15 minutes or
until the kiosk logs it out. A claim made at the kiosk while it lived may reach the store up
to a day after it ended (a kiosk that was offline); nothing else outlives it.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.orm import Session

from kiosk.central.models import Member, MemberSession
from kiosk.central.services.common import domain_member, hash_token
from kiosk.central.services.values import (
    SESSION_GRACE,
    SESSION_TTL,
    Identified,
    KioskAuth,
)

MAX_SESSION_TOKEN = 200


def open_session(session: Session, member_id: str, kiosk: KioskAuth, now: datetime) -> str:
    """A new session token for the member at this kiosk; long-ended sessions are swept."""
    token = secrets.token_urlsafe(32)
    session.execute(
        delete(MemberSession).where(MemberSession.expires_at < now - SESSION_GRACE),
        execution_options={"synchronize_session": False},
    )
    session.add(
        MemberSession(
            token_hash=hash_token(token),
            member_id=member_id,
            kiosk_id=kiosk.id,
            opened_at=now,
            expires_at=now + SESSION_TTL,
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
    return Identified("ok", domain_member(row), open_session(session, row.id, kiosk, now))


def identified_by_pin(
    session: Session, member_id: str, kiosk: KioskAuth, now: datetime
) -> Identified:
    """The answer to a right PIN: the member, with a new session."""
    member = session.get_one(Member, member_id)
    return Identified("ok", domain_member(member), open_session(session, member_id, kiosk, now))


def _sessions_member(
    session: Session, kiosk: KioskAuth, token: object, *when: ColumnElement[bool]
) -> Member | None:
    """The member behind the kiosk's session ``token`` if ``when`` holds for the session."""
    if not isinstance(token, str) or not token or len(token) > MAX_SESSION_TOKEN:
        return None
    return session.scalars(
        select(Member)
        .join(MemberSession, MemberSession.member_id == Member.id)
        .where(
            MemberSession.token_hash == hash_token(token),
            MemberSession.kiosk_id == kiosk.id,
            Member.revoked_at.is_(None),
            Member.buurthuis_id == kiosk.buurthuis_id,
            *when,
        )
    ).first()


def session_member(session: Session, kiosk: KioskAuth, token: str, now: datetime) -> Member | None:
    """The member behind a live session that this kiosk opened."""
    return _sessions_member(
        session, kiosk, token, MemberSession.expires_at > now, MemberSession.ended_at.is_(None)
    )


def acting_member(
    session: Session, kiosk: KioskAuth, token: object, made_at: datetime | None, now: datetime
) -> Member | None:
    """Who an event made at this kiosk acts for: its session's member if the session lives
    now, or lived at ``made_at`` (when the kiosk says it made the event) and ended less than
    a day ago."""
    live = session_member(session, kiosk, token, now) if isinstance(token, str) else None
    if live is not None or made_at is None:
        return live
    return _sessions_member(
        session,
        kiosk,
        token,
        MemberSession.opened_at <= made_at,
        MemberSession.expires_at > made_at,
        MemberSession.expires_at > now - SESSION_GRACE,
        (MemberSession.ended_at.is_(None) | (MemberSession.ended_at > made_at)),
        (MemberSession.ended_at.is_(None) | (MemberSession.ended_at > now - SESSION_GRACE)),
    )


def end_session(session: Session, kiosk: KioskAuth, token: str, now: datetime) -> None:
    """Log out: the session opens nothing from now on (idempotent; unknown tokens ignored)."""
    if not token or len(token) > MAX_SESSION_TOKEN:
        return
    session.execute(
        update(MemberSession)
        .where(
            MemberSession.token_hash == hash_token(token),
            MemberSession.kiosk_id == kiosk.id,
            MemberSession.ended_at.is_(None),
        )
        .values(ended_at=now),
        execution_options={"synchronize_session": False},
    )


def new_card(
    session: Session, kiosk: KioskAuth, token: str, card: str, now: datetime
) -> Member | None:
    """Give the session's member the card ``card``; the old card stops working."""
    row = session_member(session, kiosk, token, now)
    if row is None:
        return None
    row.card_hash = hash_token(card)
    return row
