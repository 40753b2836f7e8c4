"""Circles of neighbours as this kiosk knows them: seeded or pulled, read for the screens."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain import Circle
from kiosk.store.models import CircleRow


def seed(session: Session, circles: Sequence[Circle]) -> None:
    for circle in circles:
        session.merge(
            CircleRow(
                code=circle.code,
                name=circle.name,
                verbinder_name=circle.verbinder_name,
                verbinder_phone=circle.verbinder_phone,
            )
        )


def all_circles(session: Session) -> list[Circle]:
    rows = session.scalars(select(CircleRow).order_by(CircleRow.name)).all()
    return [Circle(r.code, r.name, r.verbinder_name, r.verbinder_phone) for r in rows]


def by_code(session: Session, code: str) -> Circle | None:
    row = session.get(CircleRow, code)
    return Circle(row.code, row.name, row.verbinder_name, row.verbinder_phone) if row else None
