"""Time windows: when help is wanted or offered, as dates, in words, and whether two fit."""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from kiosk import clock
from kiosk.i18n import N_, _


class WhenKind(enum.StrEnum):
    TODAY = "today"
    TOMORROW = "tomorrow"
    THIS_WEEK = "this_week"
    ON_DAY = "on_day"
    ANY_TIME = "any_time"


WHEN_LABELS = {
    WhenKind.TODAY: N_("Today"),
    WhenKind.TOMORROW: N_("Tomorrow"),
    WhenKind.THIS_WEEK: N_("This week"),
    WhenKind.ON_DAY: N_("Pick a day"),
    WhenKind.ANY_TIME: N_("Any time"),
}
WHEN_PICTOGRAMS = {
    WhenKind.TODAY: "calendar-today",
    WhenKind.TOMORROW: "calendar-arrow-right",
    WhenKind.THIS_WEEK: "calendar-week",
    WhenKind.ON_DAY: "calendar-month",
    WhenKind.ANY_TIME: "calendar-question",
}
WEEKDAYS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)
# The relative word goes with the date only while it is still true (PRODUCT.md: never a bare
# "morgen" on anything that lasts); a date that has passed reads as the date alone.
TODAY_ON = N_("today, {day}")
TOMORROW_ON = N_("tomorrow, {day}")
THIS_WEEK_UNTIL = N_("this week, until {day}")
UNTIL = N_("until {day}")
ANY_TIME_WORDS = N_("any time")
DAY_FORMAT = N_("{weekday} {day} {month}")

Translate = Callable[[str], str]


@dataclass(frozen=True)
class When:
    """A time window. ``day`` is its date (today, tomorrow, a picked day) or, for this week,
    its last day; None for any time, and for a kind not yet resolved against the day it was
    chosen (:meth:`resolved`; stored requests always have it)."""

    kind: WhenKind
    day: date | None = None

    def __post_init__(self) -> None:
        if self.kind is WhenKind.ON_DAY and self.day is None:
            raise ValueError("a picked day needs its date")
        if self.kind is WhenKind.ANY_TIME and self.day is not None:
            raise ValueError("any time has no date")

    def resolved(self, chosen_on: date) -> When:
        """The same window with its date, read against the day it was chosen on."""
        if self.day is not None or self.kind is WhenKind.ANY_TIME:
            return self
        if self.kind is WhenKind.TODAY:
            return When(self.kind, chosen_on)
        if self.kind is WhenKind.TOMORROW:
            return When(self.kind, chosen_on + timedelta(days=1))
        return When(self.kind, week_end(chosen_on))

    def describe(self, today: date | None = None) -> str:
        """Words for the screen, in the current language; ``today`` defaults to the wall clock's."""
        return describe_when(self, today or clock.local_today(), _)

    def to_json(self) -> dict[str, str | None]:
        return {"kind": self.kind.value, "day": self.day.isoformat() if self.day else None}

    @classmethod
    def from_json(cls, data: dict[str, str | None]) -> When:
        day = data.get("day")
        return cls(WhenKind(str(data["kind"])), date.fromisoformat(day) if day else None)


def week_end(chosen_on: date) -> date:
    """The last day "deze week" covers: the coming Sunday, as a Dutch week runs Monday to
    Sunday. On a Sunday it is the next Sunday: only today is what "Vandaag" says."""
    return chosen_on + timedelta(days=(6 - chosen_on.weekday()) or 7)


def describe_day(day: date, t: Translate = _) -> str:
    """The weekday with the date ("maandag 30 november"), in the language of ``t``."""
    return t(DAY_FORMAT).format(
        weekday=t(WEEKDAYS[day.weekday()]), day=day.day, month=t(MONTHS[day.month - 1])
    )


def describe_when(when: When, today: date, t: Translate = _) -> str:
    """ "morgen, maandag 30 november" while that is true, then "maandag 30 november"."""
    if when.kind is WhenKind.ANY_TIME:
        return t(ANY_TIME_WORDS)
    day = when.resolved(today).day
    assert day is not None
    words = describe_day(day, t)
    if when.kind is WhenKind.THIS_WEEK:
        return t(THIS_WEEK_UNTIL if today <= day else UNTIL).format(day=words)
    if day == today:
        return t(TODAY_ON).format(day=words)
    if day == today + timedelta(days=1):
        return t(TOMORROW_ON).format(day=words)
    return words


def window(when: When, today: date) -> tuple[date, date] | None:
    """The first and last day of a window from ``today`` on; None for any time."""
    if when.kind is WhenKind.ANY_TIME:
        return None
    day = when.resolved(today).day
    assert day is not None
    first = min(today, day) if when.kind is WhenKind.THIS_WEEK else day
    return first, day


def when_fits(ask: When, offer: When, today: date) -> bool:
    """Whether someone available at ``offer`` could help with an ask wanted at ``ask``.

    "Any time" fits every offer that has not passed. An offer whose last day has passed fits
    nothing; an ask whose day has passed while it is still open fits any offer from today on,
    as she is still waiting.
    """
    offered = window(offer, today)
    if offered is not None and offered[1] < today:
        return False
    wanted = window(ask, today)
    if wanted is None or offered is None or wanted[1] < today:
        return True
    return max(wanted[0], offered[0]) <= min(wanted[1], offered[1])


def pickable_days(today: date, count: int = 14) -> list[date]:
    """The days offered on the 'pick a day' screen: the day after tomorrow onwards."""
    return [today + timedelta(days=offset) for offset in range(2, 2 + count)]
