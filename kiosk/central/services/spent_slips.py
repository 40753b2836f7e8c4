"""Helper slip tokens whose claim ended: kept as hashes so the slip's page can say thank you."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.central.models import Ask, SpentHelperToken


def held_token(session: Session, where: Sequence[Any]) -> str | None:
    """The slip token hash the ask holds now, its row locked until the move is written
    (PostgreSQL; SQLite writers queue anyway), so the token that ends is the one read."""
    return session.scalar(select(Ask.helper_token_hash).where(*where).with_for_update())


def spend(session: Session, token_hash: str, ask_id: str, outcome: str, now: datetime) -> None:
    """Remember how the claim of this slip ended; a hash seen twice keeps its first ending."""
    if session.get(SpentHelperToken, token_hash) is None:
        session.add(
            SpentHelperToken(token_hash=token_hash, ask_id=ask_id, outcome=outcome, ended_at=now)
        )
        session.flush()


def is_spent(session: Session, token_hash: str) -> bool:
    return session.get(SpentHelperToken, token_hash) is not None


def spent_ask(
    session: Session, token_hash: str, retention: timedelta, now: datetime
) -> tuple[Ask, str] | None:
    """The ask and how the slip's claim ended, while the ask is kept (not erased, and not
    closed longer ago than the retention period, even before the erasure has run)."""
    found = session.execute(
        select(Ask, SpentHelperToken.outcome)
        .join(Ask, Ask.id == SpentHelperToken.ask_id)
        .where(SpentHelperToken.token_hash == token_hash, Ask.erased_at.is_(None))
    ).first()
    if found is None:
        return None
    ask, outcome = found
    if ask.closed_at is not None and ask.closed_at + retention < now:
        return None
    return ask, outcome
