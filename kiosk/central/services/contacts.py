"""Who calls the asker and whom she can call: her circle's verbinder and the helper's first name."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk import domain
from kiosk.central.models import Ask, Circle, Member, Offer
from kiosk.domain import AskStatus


@dataclass(frozen=True)
class Contacts:
    """For the follow-up page: the circle (verbinder's name and number, nobody else's) and,
    once someone picked the ask up, that helper's first name only."""

    circle: domain.Circle | None = None
    helper: str = ""
    helper_in_circle: bool = False


def contacts(session: Session, row: Ask | Offer) -> Contacts:
    circle = None
    if row.circle_code is not None:
        found = session.scalars(
            select(Circle).where(
                Circle.buurthuis_id == row.buurthuis_id, Circle.code == row.circle_code
            )
        ).first()
        if found is not None:
            circle = domain.Circle(
                found.code, found.name, found.verbinder_name, found.verbinder_phone
            )
    if not isinstance(row, Ask) or row.status != AskStatus.CLAIMED.value or not row.claimed_by:
        return Contacts(circle)
    helper = session.get(Member, row.claimed_by)
    if helper is None or helper.buurthuis_id != row.buurthuis_id:
        return Contacts(circle)
    same_circle = circle is not None and helper.circle_code == row.circle_code
    return Contacts(circle, helper.first_name, same_circle)
