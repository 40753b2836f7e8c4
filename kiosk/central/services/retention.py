"""What the central store keeps no longer: superseded feed rows, personal data past retention."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from kiosk.central.models import Ask, AskNote, Change, Offer, SpentHelperToken
from kiosk.central.services.changes import append_changes
from kiosk.domain import AskStatus, OfferStatus

DEFAULT_RETENTION = timedelta(days=30)
CLOSED_ASK = (AskStatus.DONE.value, AskStatus.CANCELLED.value)


def compact_changes(session: Session) -> int:
    """Drop change rows that a later row for the same entity supersedes.

    Safe for every cursor: a pull renders the entity as it is *now*, so a kiosk behind the
    dropped row still meets the later one, and a kiosk past the later one saw it already.
    The feed then grows with the number of entities, not of edits, and no cursor ever
    has to be refused as too old.
    """
    latest = select(func.max(Change.seq)).group_by(Change.kind, Change.entity_id).scalar_subquery()
    result = session.execute(
        delete(Change).where(Change.seq.not_in(latest)),
        execution_options={"synchronize_session": False},
    )
    return int(getattr(result, "rowcount", 0) or 0)


def erase_expired(session: Session, retention: timedelta, now: datetime) -> int:
    """Erase personal data of requests closed longer than the retention period ago.

    The rows stay as tombstones (id, status, dates) so every kiosk learns to purge them.
    """
    cutoff = now - retention
    erased = 0
    for model, closed in ((Ask, CLOSED_ASK), (Offer, (OfferStatus.WITHDRAWN.value,))):
        ids = session.execute(
            select(model.id, model.buurthuis_id).where(
                model.status.in_(closed),
                model.closed_at.is_not(None),
                model.closed_at < cutoff,
                model.erased_at.is_(None),
            )
        ).all()
        if not ids:
            continue
        values: dict[str, Any] = {
            "first_name": None,
            "phone": None,
            "token_hash": None,
            "erased_at": now,
        }
        if model is Ask:
            values |= {"claimed_by": None, "member_id": None, "helper_token_hash": None}
            for kept in (AskNote, SpentHelperToken):
                session.execute(
                    delete(kept).where(kept.ask_id.in_([row[0] for row in ids])),
                    execution_options={"synchronize_session": False},
                )
        session.execute(
            update(model).where(model.id.in_([row[0] for row in ids])).values(**values),
            execution_options={"synchronize_session": False},
        )
        kind = "ask" if model is Ask else "offer"
        by_home: dict[int, list[tuple[str, str]]] = {}
        for entity_id, home in ids:
            by_home.setdefault(home, []).append((kind, entity_id))
        for home, changed in by_home.items():
            append_changes(session, home, changed)
        erased += len(ids)
    return erased
