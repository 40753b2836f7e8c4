"""The helper slip's page (/h): what the claimed ask is, and done or give back by its QR code."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.central.models import Ask
from kiosk.central.services.ask_actions import ask_update
from kiosk.central.services.changes import append_changes
from kiosk.central.services.common import hash_token, when_json
from kiosk.central.services.spent_slips import is_spent, spent_ask
from kiosk.central.services.values import Clock, HelperView
from kiosk.domain import AskStatus


def helper_row(session: Session, token: str) -> Ask | None:
    """The ask behind a helper slip's token, unless erased or no longer claimed by it."""
    if not token or len(token) > 100:
        return None
    return session.scalars(
        select(Ask).where(Ask.helper_token_hash == hash_token(token), Ask.erased_at.is_(None))
    ).first()


def helper_view(
    session: Session, token: str, retention: timedelta, now: datetime
) -> HelperView | None:
    """The claimed ask, or (``ended`` set) how the slip's claim ended while the ask is kept."""
    row = helper_row(session, token)
    if row is not None:
        when = when_json(row.when_kind, row.when_day)
        return HelperView(row.number, row.category, when, row.status)
    if not token or len(token) > 100:
        return None
    spent = spent_ask(session, hash_token(token), retention, now)
    if spent is None:
        return None
    ask, ended = spent
    return HelperView(ask.number, ask.category, when_json(ask.when_kind, ask.when_day), "", ended)


def helper_action(
    session: Session, token: str, action: Literal["done", "release"], now: Clock
) -> bool | None:
    """Done or give back from the helper slip's QR code. None: no such slip; False: its
    claim has ended (or someone was first)."""
    row = helper_row(session, token)
    if row is None:
        # A slip whose claim ended: not possible any more, and its page says why.
        return (
            False if token and len(token) <= 100 and is_spent(session, hash_token(token)) else None
        )
    target = AskStatus.DONE if action == "done" else AskStatus.OPEN
    values: dict[str, Any] = {"status": target.value, "helper_token_hash": None}
    if target is AskStatus.DONE:
        values["closed_at"] = now()
    else:
        values |= {"claimed_by": None, "claimed_kiosk_id": None}
    outcome = ask_update(
        session, row.buurthuis_id, row.id, [AskStatus.CLAIMED.value], values, now=now
    )
    if outcome.result != "accepted":
        return False
    append_changes(session, row.buurthuis_id, outcome.changed)
    return True
