"""Circles of a buurthuis (a verbinder's group of neighbours): add or change, list, check."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.central.models import Buurthuis, Circle
from kiosk.central.services.changes import append_changes
from kiosk.central.services.common import buurthuis


def add_circle(
    session: Session,
    home_name: str,
    code: str,
    name: str,
    verbinder_name: str,
    verbinder_phone: str,
) -> None:
    """Add or change a circle; kiosks of that buurthuis receive it on their next pull."""
    home = buurthuis(session, home_name)
    circle = session.scalars(
        select(Circle).where(Circle.buurthuis_id == home.id, Circle.code == code)
    ).first()
    if circle is None:
        circle = Circle(buurthuis_id=home.id, code=code)
        session.add(circle)
    circle.name, circle.verbinder_name, circle.verbinder_phone = (
        name,
        verbinder_name,
        verbinder_phone,
    )
    session.flush()
    append_changes(session, home.id, [("circle", code)])


def list_circles(session: Session, home_name: str | None) -> list[tuple[str, str, str, str, str]]:
    """(buurthuis, code, name, verbinder name, verbinder phone)."""
    query = select(
        Buurthuis.name,
        Circle.code,
        Circle.name,
        Circle.verbinder_name,
        Circle.verbinder_phone,
    ).join(Buurthuis, Buurthuis.id == Circle.buurthuis_id)
    if home_name is not None:
        query = query.where(Buurthuis.name == home_name)
    rows = session.execute(query.order_by(Buurthuis.name, Circle.code)).all()
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


def has_circle(session: Session, buurthuis_id: int, code: str) -> bool:
    found = session.scalars(
        select(Circle.id).where(Circle.buurthuis_id == buurthuis_id, Circle.code == code)
    ).first()
    return found is not None
