"""Small helpers every area shares: UTC times, token hashes, status sources, member rows."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk import domain
from kiosk.central.models import Buurthuis, Member
from kiosk.domain import Role


def utc_now() -> datetime:
    return datetime.now(UTC)


def naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() + "Z" if moment else None


def when_json(kind: str, day: date | None) -> dict[str, str | None]:
    return {"kind": kind, "day": day.isoformat() if day else None}


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def plain_id(text: str, max_len: int = 36) -> bool:
    """Whether ``text`` could be an id of ours at all (no NUL or surrogate ever reaches SQL)."""
    return 0 < len(text) <= max_len and text.isascii() and text.isprintable()


def sources(table: dict[Any, frozenset[Any]], target: Any) -> list[str]:
    """The statuses from which the domain rules allow a move to ``target``."""
    return sorted(str(source) for source, targets in table.items() if target in targets)


def domain_member(row: Member) -> domain.Member:
    return domain.Member(
        row.id,
        row.first_name,
        row.circle_code,
        Role(row.role),
        row.phone,
        row.street,
        row.house_number,
    )


def buurthuis(session: Session, name: str) -> Buurthuis:
    """The buurthuis of that name, created when it is new."""
    found = session.scalars(select(Buurthuis).where(Buurthuis.name == name)).first()
    if found is None:
        found = Buurthuis(name=name)
        session.add(found)
        session.flush()
    return found
