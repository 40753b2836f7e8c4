"""Circles of neighbours and their members (volunteers and verbinders)."""

from __future__ import annotations

import enum
from dataclasses import dataclass


@dataclass(frozen=True)
class Circle:
    code: str
    name: str
    verbinder_name: str
    verbinder_phone: str  # E.164


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
