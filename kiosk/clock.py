"""The clock the kiosk reads (tests pass their own); apart, so it loads nothing heavy."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")  # what "today" means in a Dutch buurthuis


def utc_now() -> datetime:
    return datetime.now(UTC)


def local_day(moment: datetime) -> date:
    """The day in the buurthuis's time zone (a naive moment is taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(LOCAL_TIME).date()


def local_today() -> date:
    """Today on the wall clock (looked up at each call, so a test can wind it)."""
    return local_day(utc_now())
