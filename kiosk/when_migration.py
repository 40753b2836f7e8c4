"""The data step of the kiosk's and the central store's "when dates" migrations, written once."""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from kiosk.clock import local_day
from kiosk.domain import When, WhenKind

RELATIVE = (WhenKind.TODAY.value, WhenKind.TOMORROW.value, WhenKind.THIS_WEEK.value)


def _requests(table: str) -> sa.TableClause:
    return sa.table(
        table,
        sa.column("id", sa.String),
        sa.column("when_kind", sa.String),
        sa.column("when_day", sa.Date),
        sa.column("created_at", sa.DateTime),
    )


def fill_when_dates(connection: sa.Connection, tables: Iterable[str]) -> None:
    """Give every "vandaag", "morgen" and "deze week" its date, read against the day the
    request was made (``created_at``, UTC) in Europe/Amsterdam."""
    for name in tables:
        table = _requests(name)
        rows = connection.execute(
            sa.select(table.c.id, table.c.when_kind, table.c.created_at).where(
                table.c.when_day.is_(None), table.c.when_kind.in_(RELATIVE)
            )
        ).all()
        days = [
            {
                "row_id": row.id,
                "day": When(WhenKind(row.when_kind)).resolved(local_day(row.created_at)).day,
            }
            for row in rows
        ]
        if days:
            connection.execute(
                sa.update(table)
                .where(table.c.id == sa.bindparam("row_id"))
                .values(when_day=sa.bindparam("day")),
                days,
            )


def clear_when_dates(connection: sa.Connection, tables: Iterable[str]) -> None:
    """Back to the kind alone (the downgrade): the older code knows no date for them."""
    for name in tables:
        table = _requests(name)
        connection.execute(
            sa.update(table).where(table.c.when_kind.in_(RELATIVE)).values(when_day=None)
        )
