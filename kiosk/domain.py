"""What the kiosk is about: categories, time windows, circles, people, asks and offers.

Plain dataclasses and functions only. Screens and the store both speak these types; the store
turns them into rows, the screens into tiles and sentences. Validation raises
:class:`ValidationError` whose ``message`` is plain Dutch (B1) or English, ready for the screen.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import secrets
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import phonenumbers

from kiosk.i18n import N_, _

# --- categories -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    code: str
    label: str  # message id (English); translate with _()
    pictogram: str  # Material Design Icons name, see kiosk.pictograms
    phrase: str  # "help with ..." inside a sentence


CATEGORIES: tuple[Category, ...] = (
    Category("groceries", N_("Groceries"), "cart", N_("groceries")),
    Category("dog", N_("Walking the dog"), "dog-side", N_("walking the dog")),
    Category("odd_job", N_("Odd job at home"), "hammer-wrench", N_("an odd job at home")),
    Category("transport", N_("Ride to the doctor"), "car", N_("a ride to the hospital or doctor")),
    Category("meal", N_("Warm meal"), "food", N_("a warm meal")),
    Category("company", N_("Company or a walk"), "walk", N_("company or a walk")),
    Category("device", N_("Phone or tablet"), "cellphone", N_("your phone or tablet")),
    Category("other", N_("Something else"), "dots-horizontal", N_("something else")),
)
# "Bel mij terug": for people who will not say at a public screen what they need. Only the
# verbinder sees it; it is not a tile on the "what" screen and never on the public board.
CALLBACK = "callback"
CALLBACK_CATEGORY = Category(CALLBACK, N_("Call me back"), "phone-return", N_("a call back"))
CATEGORY_BY_CODE = {c.code: c for c in (*CATEGORIES, CALLBACK_CATEGORY)}


def category(code: str) -> Category:
    try:
        return CATEGORY_BY_CODE[code]
    except KeyError:
        raise ValidationError("category", _("Choose one of the buttons.")) from None


# --- time windows -----------------------------------------------------------------------------


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


# --- circles ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Circle:
    code: str
    name: str
    verbinder_name: str
    verbinder_phone: str  # E.164


# --- members (volunteers and verbinders) ------------------------------------------------------

MEMBER_CARD_PREFIX = "BKLID-"  # the member card's QR text: prefix + 32 hex characters


class Role(enum.StrEnum):
    VOLUNTEER = "volunteer"
    VERBINDER = "verbinder"


@dataclass(frozen=True)
class MemberName:
    """What every kiosk of the buurthuis knows of a member: enough to pick a name for the PIN."""

    id: str
    first_name: str
    circle: str | None
    role: Role


@dataclass(frozen=True)
class Member:
    """An identified member, as the central store tells the kiosk after a card or PIN."""

    id: str
    first_name: str
    circle: str | None
    role: Role
    phone: str  # E.164
    street: str | None = None
    house_number: str | None = None


# --- people and validation --------------------------------------------------------------------


class ValidationError(ValueError):
    """Input a person typed that we cannot accept; ``message`` says what to do, in plain words."""

    def __init__(self, field_name: str, message: str) -> None:
        super().__init__(message)
        self.field = field_name
        self.message = message


NAME_MAX = 40
# Trojan Source: characters that reorder what is displayed (CVE-2021-42574).
BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)
ALLOWED_FORMAT = frozenset("\u200d")  # zero-width joiner, inside emoji sequences


def clean_name(raw: str) -> str:
    """A first name as typed, normalised (NFC, single spaces) or refused with a plain message."""
    text = unicodedata.normalize("NFC", raw)
    for char in text:
        if char in BIDI_CONTROLS:
            raise ValidationError(
                "name", _("This name has a sign we cannot use. Type only letters.")
            )
        kind = unicodedata.category(char)
        if kind in ("Cc", "Cs", "Co", "Cn") or (kind == "Cf" and char not in ALLOWED_FORMAT):
            raise ValidationError(
                "name", _("This name has a sign we cannot use. Type only letters.")
            )
    text = " ".join(text.split())
    if not text:
        raise ValidationError("name", _("Type your first name, please."))
    if len(text) > NAME_MAX:
        raise ValidationError("name", _("This name is too long. Type only your first name."))
    return text


def normalise_phone(raw: str, region: str = "NL") -> str:
    """E.164 (``+31612345678``) or a plain message asking to try again."""
    digits = "".join(ch for ch in raw if ch.isdigit() or ch == "+")
    problem = ValidationError(
        "phone", _("This number is not right. Please try again, or ask someone for help.")
    )
    if not digits:
        raise ValidationError("phone", _("Type your phone number, please."))
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    try:
        parsed = phonenumbers.parse(digits, region)
    except phonenumbers.NumberParseException:
        raise problem from None
    if not phonenumbers.is_valid_number(parsed):
        raise problem
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def display_phone(e164: str) -> str:
    """How a number is read aloud and shown: national for Dutch numbers, international else."""
    parsed = phonenumbers.parse(e164, None)
    if parsed.country_code == 31:
        national = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
        compact = national.replace(" ", "").replace("-", "")
        if compact.startswith("06") and len(compact) == 10:
            return f"06 {compact[2:6]} {compact[6:]}"
        return national
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@dataclass(frozen=True)
class Person:
    first_name: str
    phone: str  # E.164
    for_neighbour: bool = False

    @classmethod
    def create(cls, first_name: str, phone: str, for_neighbour: bool = False) -> Person:
        return cls(clean_name(first_name), normalise_phone(phone), for_neighbour)


# --- asks and offers --------------------------------------------------------------------------


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


# Request numbers are read aloud over the phone and typed on the kiosk's number keypad:
# digits only, and no 0 or 1 (so never confused with O, I or L when written down by hand).
NUMBER_ALPHABET = "23456789"
NUMBER_LENGTH = 7


def new_request_number() -> str:
    raw = "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(NUMBER_LENGTH))
    return f"{raw[:3]}-{raw[3:]}"


def normalise_request_number(typed: str) -> str | None:
    """A typed number back in canonical form (``482-7593``), or None when it cannot be one."""
    raw = "".join(ch for ch in typed if not ch.isspace() and ch not in "-./")
    if len(raw) != NUMBER_LENGTH or any(ch not in NUMBER_ALPHABET for ch in raw):
        return None
    return f"{raw[:3]}-{raw[3:]}"


TOKEN_BYTES = 16  # 128 bits


def new_followup_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def token_matches(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_token(token), stored_hash)


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class AskDraft:
    """What a person has chosen so far on the ask screens; cleared on Stoppen and idle."""

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


def ask_sentence(draft: AskDraft, circle: Circle | None) -> str:
    """The whole ask read back as one sentence before 'Ja, klopt'."""
    cat = category(draft.category or "other")
    when = draft.when.describe() if draft.when else _("any time")
    person = draft.person()
    if person.for_neighbour:
        first = _("You ask for help for your neighbour {name} with {what}, {when}.").format(
            name=person.first_name, what=_(cat.phrase), when=when
        )
    else:
        first = _("You ask for help with {what}, {when}.").format(what=_(cat.phrase), when=when)
    if circle is not None:
        second = _("{verbinder} of circle {circle} will call you on {phone}.").format(
            verbinder=circle.verbinder_name, circle=circle.name, phone=display_phone(person.phone)
        )
    else:
        second = _("The connector will call you on {phone}.").format(
            phone=display_phone(person.phone)
        )
    return f"{first} {second}"


def offer_sentence(draft: OfferDraft) -> str:
    names = [_(category(code).phrase) for code in draft.categories]
    what = (
        names[0]
        if len(names) == 1
        else _("{items} and {last}").format(items=", ".join(names[:-1]), last=names[-1])
    )
    when = draft.when.describe() if draft.when else _("any time")
    person = draft.person()
    return _("You offer help with {what}, {when}. The connector will call you on {phone}.").format(
        what=what, when=when, phone=display_phone(person.phone)
    )
