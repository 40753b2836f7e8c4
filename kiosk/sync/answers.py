"""What the central store answers a kiosk: the value types :class:`CentralClient` returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from kiosk import domain


@dataclass(frozen=True)
class IdentifyResult:
    """A card or PIN as the central store judged it.

    ``ok``: ``member`` and ``session`` are set. ``wrong``: ``tries_left`` before the lock and
    ``wait_seconds`` before the next try. ``wait``: a try came too soon (not counted).
    ``locked``: ten wrong PINs; the operator resets it. ``unknown``: no such card or member.
    """

    result: Literal["ok", "wrong", "wait", "locked", "unknown"]
    member: domain.Member | None = None
    session: str | None = None
    expires_in: int = 0
    tries_left: int | None = None
    wait_seconds: int = 0


@dataclass(frozen=True)
class VerbinderNote:
    text: str
    at: datetime
    by: str  # the verbinder's first name


@dataclass(frozen=True)
class VerbinderAsk:
    id: str
    number: str
    category: str
    when: domain.When
    status: str
    first_name: str
    phone: str | None
    street: str | None
    house_number: str | None
    for_neighbour: bool
    days_open: int
    waiting: bool  # open at least the asked number of days
    notes: tuple[VerbinderNote, ...]
    fits: tuple[str, ...]  # ids of offers that fit by category and time


@dataclass(frozen=True)
class VerbinderOffer:
    id: str
    number: str
    categories: tuple[str, ...]
    when: domain.When
    first_name: str
    phone: str | None


@dataclass(frozen=True)
class VerbinderView:
    circle_code: str | None
    circle_name: str | None
    asks: tuple[VerbinderAsk, ...]
    offers: tuple[VerbinderOffer, ...]


@dataclass(frozen=True)
class Page:
    changes: list[dict[str, Any]] = field(default_factory=list)
    next: int = 0
    more: bool = False
