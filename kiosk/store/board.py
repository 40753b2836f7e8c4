"""The public board: which asks it shows, in what order, and how many per filter button."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from kiosk import domain
from kiosk.domain import AskStatus, PublicAsk, When, WhenKind
from kiosk.store.models import AskRow

BOARD_LIMIT = 10_000


@dataclass(frozen=True)
class OpenAskCounts:
    """How many asks the board holds per circle (None: no circle chosen) and per category."""

    total: int
    by_circle: dict[str | None, int]
    by_category: dict[str, int]


def board_order() -> tuple[Any, ...]:
    """Most urgent first: by the date help is wanted (for this week its last day, so on one
    date a fixed day comes before a week that ends then; a date that has passed while she
    still waits comes first), any time last; then the oldest first, so an ask that has
    waited longest rises within its date."""
    undated = case((AskRow.when_day.is_(None), 1), else_=0)
    week = case((AskRow.when_kind == WhenKind.THIS_WEEK.value, 1), else_=0)
    return (undated, AskRow.when_day, week, AskRow.created_at, AskRow.id)


def on_board(circle: str | None, category: str | None) -> list[Any]:
    """Open asks, optionally of one circle and one category; never a 'Bel mij terug' ask."""
    where = [AskRow.status == AskStatus.OPEN.value, AskRow.category != domain.CALLBACK]
    if circle is not None:
        where.append(AskRow.circle_code == circle)
    if category is not None:
        where.append(AskRow.category == category)
    return where


def open_asks(
    session: Session, now: datetime, circle: str | None, category: str | None, limit: int
) -> list[PublicAsk]:
    """Open asks for the public board, most urgent then oldest first: an initial, never a
    phone number or a name. 'Bel mij terug' asks are for the verbinder only."""
    rows = session.execute(
        select(
            AskRow.id,
            AskRow.number,
            AskRow.category,
            AskRow.when_kind,
            AskRow.when_day,
            AskRow.circle_code,
            AskRow.first_name,
            AskRow.created_at,
        )
        .where(*on_board(circle, category))
        .order_by(*board_order())
        .limit(limit)
    ).all()
    whens: dict[tuple[str, date | None], When] = {}  # a few dozen distinct values
    board = []
    for r in rows:
        key = (r.when_kind, r.when_day)
        when = whens.get(key)
        if when is None:
            when = whens[key] = When(WhenKind(r.when_kind), r.when_day)
        board.append(
            PublicAsk(
                id=r.id,
                number=r.number,
                category=r.category,
                when=when,
                circle=r.circle_code,
                initial=domain.first_initial(r.first_name),
                days_open=max(0, (now - r.created_at).days),
            )
        )
    return board


def open_ask_counts(session: Session) -> OpenAskCounts:
    """Counts for the board's filter buttons, in one read."""
    rows = session.execute(
        select(AskRow.circle_code, AskRow.category, func.count())
        .where(*on_board(None, None))
        .group_by(AskRow.circle_code, AskRow.category)
    ).all()
    by_circle: dict[str | None, int] = {}
    by_category: dict[str, int] = {}
    for circle, category, count in rows:
        by_circle[circle] = by_circle.get(circle, 0) + count
        by_category[category] = by_category.get(category, 0) + count
    return OpenAskCounts(sum(by_circle.values()), by_circle, by_category)
