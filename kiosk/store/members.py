"""Members (volunteers and verbinders) as the PIN login's name list needs them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain import MemberName, Role
from kiosk.store.models import MemberRow


def names(session: Session, circle: str | None) -> list[MemberName]:
    """Members' first names for the PIN login, alphabetical; of one circle if given."""
    query = select(MemberRow)
    if circle is not None:
        query = query.where(MemberRow.circle_code == circle)
    rows = session.scalars(query).all()
    found = [MemberName(r.id, r.first_name, r.circle_code, Role(r.role)) for r in rows]
    return sorted(found, key=lambda m: (m.first_name.casefold(), m.first_name, m.id))


def circles_with_members(session: Session) -> list[str]:
    """Codes of the circles that have at least one member here, sorted."""
    codes = session.scalars(
        select(MemberRow.circle_code)
        .where(MemberRow.circle_code.is_not(None))
        .distinct()
        .order_by(MemberRow.circle_code)
    )
    return [str(code) for code in codes]
