"""Who may make a write: a member session of this kiosk, a slip's or receipt's token, the origin.

A kiosk's device token alone may push new asks and offers and nothing else. The rest needs:

* claim: a member session that this kiosk opened (the volunteer is its member);
* give back, done: the session of the claimer or of the circle's verbinder, or the helper
  slip's token (``helper_token``) of that claim;
* cancel, thank, and an offer's pause, resume, withdraw: the kiosk where it was typed, or
  the receipt's token (``receipt_token``), which a scan at any kiosk provides.

Tokens travel in plain text in the event payload and are only ever compared by their sha256.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, false, or_
from sqlalchemy.orm import Session

from kiosk.central.models import Ask, Member
from kiosk.central.services.common import hash_token
from kiosk.central.services.sessions import acting_member
from kiosk.central.services.values import KioskAuth, Rejected
from kiosk.domain import Role

MAX_TOKEN = 100
NOT_ALLOWED = "not_allowed"


def token_field(payload: dict[str, Any], key: str) -> str | None:
    """A plain-text token the event brings along, or None; anything else is not a token."""
    value = payload.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not 0 < len(value) <= MAX_TOKEN:
        raise Rejected("invalid_payload")
    return value


def claimer(
    session: Session,
    kiosk: KioskAuth,
    payload: dict[str, Any],
    made_at: datetime | None,
    now: datetime,
) -> Member:
    """The member a claim is for: the member of the event's session at this kiosk. A
    ``volunteer`` sent along must name the same member."""
    member = acting_member(session, kiosk, payload.get("session"), made_at, now)
    if member is None:
        raise Rejected(NOT_ALLOWED)
    named = payload.get("volunteer")
    if named is not None and named != member.id:
        raise Rejected(NOT_ALLOWED)
    return member


def verbinder_of(member: Member, circle: str | None) -> bool:
    """Whether ``member`` is the verbinder for ``circle`` (a request without a circle is
    every verbinder's, as in the verbinder's view)."""
    return member.role == Role.VERBINDER.value and (circle is None or circle == member.circle_code)


def claim_holders(
    session: Session,
    kiosk: KioskAuth,
    payload: dict[str, Any],
    made_at: datetime | None,
    now: datetime,
) -> ColumnElement[bool]:
    """The condition on an ask under which this event may give it back or mark it done: the
    claimer's or the circle's verbinder's session, or the helper slip's token. Rejected
    ``not_allowed`` when the event brings neither."""
    slip = token_field(payload, "helper_token")
    member = acting_member(session, kiosk, payload.get("session"), made_at, now)
    if member is None and slip is None:
        raise Rejected(NOT_ALLOWED)
    allowed: list[ColumnElement[bool]] = []
    if slip is not None:
        allowed.append(Ask.helper_token_hash == hash_token(slip))
    if member is not None:
        allowed.append(Ask.claimed_by == member.id)
        if member.role == Role.VERBINDER.value:
            allowed.append(
                Ask.circle_code.is_(None) | (Ask.circle_code == member.circle_code)
                if member.circle_code is not None
                else Ask.circle_code.is_(None)
            )
    return or_(false(), *allowed)


def origin_or_receipt(
    kiosk: KioskAuth, origin_kiosk_id: int, token_hash: str | None, payload: dict[str, Any]
) -> None:
    """Rejected ``not_allowed`` unless the event comes from the kiosk where the ask or offer
    was typed, or brings the receipt's token."""
    receipt = token_field(payload, "receipt_token")
    if origin_kiosk_id == kiosk.id:
        return
    if receipt is not None and token_hash is not None and hash_token(receipt) == token_hash:
        return
    raise Rejected(NOT_ALLOWED)
