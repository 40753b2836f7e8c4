"""Time windows: when help is wanted or offered, in words, and whether two fit."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, timedelta

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


@dataclass(frozen=True)
class When:
    kind: WhenKind
    day: date | None = None

    def __post_init__(self) -> None:
        if (self.kind is WhenKind.ON_DAY) != (self.day is not None):
            raise ValueError("a day goes with ON_DAY and only with it")

    def describe(self) -> str:
        """Words for the screen and the receipt, in the current language."""
        if self.kind is WhenKind.ON_DAY and self.day is not None:
            return describe_day(self.day)
        return (
            _(WHEN_LABELS[self.kind]).lower()
            if self.kind is not WhenKind.ANY_TIME
            else _("any time")
        )

    def to_json(self) -> dict[str, str | None]:
        return {"kind": self.kind.value, "day": self.day.isoformat() if self.day else None}

    @classmethod
    def from_json(cls, data: dict[str, str | None]) -> When:
        day = data.get("day")
        return cls(WhenKind(str(data["kind"])), date.fromisoformat(day) if day else None)


def describe_day(day: date) -> str:
    return _("{weekday} {day} {month}").format(
        weekday=_(WEEKDAYS[day.weekday()]), day=day.day, month=_(MONTHS[day.month - 1]).lower()
    )


def when_fits(ask: When, offer: When, today: date) -> bool:
    """Whether someone available at ``offer`` could help with an ask wanted at ``ask``.

    "Any time" fits everything; "this week" covers the next seven days; "today" and
    "tomorrow" are read against ``today`` so a stored ask keeps meaning the same day.
    """
    if WhenKind.ANY_TIME in (ask.kind, offer.kind):
        return True
    ask_days = _days(ask, today)
    offer_days = _days(offer, today)
    return not ask_days.isdisjoint(offer_days)


def _days(when: When, today: date) -> set[date]:
    if when.kind is WhenKind.TODAY:
        return {today}
    if when.kind is WhenKind.TOMORROW:
        return {today + timedelta(days=1)}
    if when.kind is WhenKind.THIS_WEEK:
        return {today + timedelta(days=offset) for offset in range(7)}
    assert when.day is not None
    return {when.day}


def pickable_days(today: date, count: int = 14) -> list[date]:
    """The days offered on the 'pick a day' screen: the day after tomorrow onwards."""
    return [today + timedelta(days=offset) for offset in range(2, 2 + count)]
