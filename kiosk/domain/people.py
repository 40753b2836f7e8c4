"""What a person types: first names and phone numbers, cleaned or refused in plain words."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import phonenumbers

from kiosk.i18n import _


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


CAPITAL_AFTER = (" ", "-", "'")  # "Anne-Marie", "Jan Willem", "D'Angelo"


def typed_name(name: str, key: str) -> str:
    """``name`` with ``key`` of the name keys (which show capitals) added as a name is written:
    a capital at the start and after a space, hyphen or apostrophe, small letters otherwise
    ("ANNE-MARIE" typed gives "Anne-Marie")."""
    capital = not name or name.endswith(CAPITAL_AFTER)
    return name + (key.upper() if capital else key.lower())


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


def shown_phone(e164: str) -> str:
    """Like :func:`display_phone`, but a number that will not parse is shown as stored."""
    try:
        return display_phone(e164)
    except Exception:  # still worth showing: a verbinder's number from a config file
        return e164


@dataclass(frozen=True)
class Person:
    first_name: str
    phone: str  # E.164
    for_neighbour: bool = False

    @classmethod
    def create(cls, first_name: str, phone: str, for_neighbour: bool = False) -> Person:
        return cls(clean_name(first_name), normalise_phone(phone), for_neighbour)
