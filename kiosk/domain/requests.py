"""Asks and offers: drafts, saved records, the public board's view, statuses and transitions."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from kiosk.domain.categories import CALLBACK
from kiosk.domain.people import Person, clean_name, normalise_phone
from kiosk.domain.when import When


class AskStatus(enum.StrEnum):
    OPEN = "open"
    CLAIMED = "claimed"
    DONE = "done"
    CANCELLED = "cancelled"


class OfferStatus(enum.StrEnum):
    ACTIVE = "active"
    PAUSED = "paused"
    WITHDRAWN = "withdrawn"


ASK_TRANSITIONS: dict[AskStatus, frozenset[AskStatus]] = {
    AskStatus.OPEN: frozenset({AskStatus.CLAIMED, AskStatus.CANCELLED}),
    AskStatus.CLAIMED: frozenset({AskStatus.DONE, AskStatus.CANCELLED, AskStatus.OPEN}),
    AskStatus.DONE: frozenset(),
    AskStatus.CANCELLED: frozenset(),
}
OFFER_TRANSITIONS: dict[OfferStatus, frozenset[OfferStatus]] = {
    OfferStatus.ACTIVE: frozenset({OfferStatus.PAUSED, OfferStatus.WITHDRAWN}),
    OfferStatus.PAUSED: frozenset({OfferStatus.ACTIVE, OfferStatus.WITHDRAWN}),
    OfferStatus.WITHDRAWN: frozenset(),
}


class TransitionError(ValueError):
    """A status change the rules do not allow (for example: done → open)."""


def check_ask_transition(current: AskStatus, new: AskStatus) -> None:
    if new not in ASK_TRANSITIONS[current]:
        raise TransitionError(f"an ask cannot go from {current} to {new}")


def check_offer_transition(current: OfferStatus, new: OfferStatus) -> None:
    if new not in OFFER_TRANSITIONS[current]:
        raise TransitionError(f"an offer cannot go from {current} to {new}")


@dataclass
class AskDraft:
    """What a person has chosen so far on the ask screens; cleared on 'Naar het begin' and idle."""

    category: str | None = None
    when: When | None = None
    first_name: str = ""
    phone: str = ""
    for_neighbour: bool = False
    circle: str | None = None  # circle code, or None for "weet ik niet"
    circle_chosen: bool = False
    member_id: str | None = None  # asked by an identified member: no name or phone typed

    def person(self) -> Person:
        if self.category == CALLBACK:
            return Person(
                self.first_name and clean_name(self.first_name), normalise_phone(self.phone)
            )
        return Person.create(self.first_name, self.phone, self.for_neighbour)


@dataclass
class OfferDraft:
    categories: list[str] = field(default_factory=list)
    when: When | None = None
    first_name: str = ""
    phone: str = ""

    def person(self) -> Person:
        return Person.create(self.first_name, self.phone)


@dataclass(frozen=True)
class Ask:
    id: str
    number: str
    category: str
    when: When
    person: Person
    circle: str | None
    status: AskStatus
    created_at: datetime


@dataclass(frozen=True)
class Offer:
    id: str
    number: str
    categories: tuple[str, ...]
    when: When
    person: Person
    circle: str | None
    status: OfferStatus
    created_at: datetime


@dataclass(frozen=True)
class Saved:
    """What the screen may show after the commit of an ask or an offer: never a live row."""

    id: str
    number: str
    followup_token: str  # the only copy outside the receipt; the store keeps a hash


@dataclass(frozen=True)
class PublicAsk:
    """An open ask as the public board shows it: no phone, no full name."""

    id: str
    number: str
    category: str
    when: When
    circle: str | None
    initial: str
    days_open: int


def first_initial(name: str) -> str:
    for char in name:
        if char.isalpha():
            return char.upper() + "."
    return "?"
