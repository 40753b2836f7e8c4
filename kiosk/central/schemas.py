"""The Pydantic models the central store's API reads and writes (also its OpenAPI spec)."""

from __future__ import annotations

import uuid
from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator


class EventIn(BaseModel):
    event_id: uuid.UUID
    type: str = Field(pattern=r"^[a-z]{1,10}\.[a-z]{1,12}$")
    entity_id: uuid.UUID
    payload: dict[str, Any]
    device_seq: int | None = Field(default=None, ge=0, le=2**62)


class PushIn(BaseModel):
    events: list[EventIn]


class EventResultOut(BaseModel):
    event_id: str
    result: Literal["accepted", "conflict", "rejected", "error"]
    reason: str | None = None
    status: str | None = None
    number: str | None = Field(
        default=None, description="A create's new request number, when its own was taken"
    )


class PushOut(BaseModel):
    results: list[EventResultOut]


class ChangeOut(BaseModel):
    seq: int
    kind: Literal["ask", "offer", "circle", "member"]
    id: str
    op: Literal["upsert", "erase"]
    data: dict[str, Any] | None = None


class PageOut(BaseModel):
    changes: list[ChangeOut]
    next: int
    more: bool


class MeOut(BaseModel):
    kiosk: str
    buurthuis_id: int
    public_url: str
    max_batch: int
    max_page: int


class FollowUpOut(BaseModel):
    """Asks: open, claimed, done, cancelled. Offers: active, paused, withdrawn."""

    status: Literal["open", "claimed", "done", "cancelled", "active", "paused", "withdrawn"]
    kind: Literal["ask", "offer"]
    categories: list[str]
    number: str
    first_name: str
    category: str
    when: dict[str, str | None]
    thanked: bool


class Problem(BaseModel):
    detail: str


class IdentifyIn(BaseModel):
    """Either a card (32 hex, ``BKLID-`` prefix optional) or a member id with a 6-digit PIN."""

    card: str | None = Field(default=None, max_length=40)
    member: str | None = Field(default=None, max_length=36)
    pin: str | None = Field(default=None, pattern=r"^[0-9]{6}$")

    @model_validator(mode="after")
    def card_or_pin(self) -> IdentifyIn:
        if (self.card is None) == (self.member is None or self.pin is None):
            raise ValueError("send either card, or member and pin")
        return self


class MemberOut(BaseModel):
    id: str
    first_name: str
    circle: str | None
    role: Literal["volunteer", "verbinder"]
    phone: str
    street: str | None
    house_number: str | None


class IdentifyOut(BaseModel):
    """ok: member, session, expires_in; wrong: tries_left, wait_seconds; wait: wait_seconds."""

    result: Literal["ok", "wrong", "wait", "locked", "unknown"]
    member: MemberOut | None = None
    session: str | None = None
    expires_in: int | None = None
    tries_left: int | None = None
    wait_seconds: int | None = None


class CardOut(BaseModel):
    card: str
    first_name: str
    circle: str | None


class CircleRef(BaseModel):
    code: str
    name: str


class NoteOut(BaseModel):
    text: str
    at: str
    by: str


class VerbinderAskOut(BaseModel):
    id: str
    number: str
    category: str
    when: dict[str, str | None]
    status: Literal["open", "claimed"]
    first_name: str | None
    phone: str | None
    street: str | None
    house_number: str | None
    for_neighbour: bool
    days_open: int
    waiting: bool
    notes: list[NoteOut]
    fits: list[str]


class VerbinderOfferOut(BaseModel):
    id: str
    number: str
    categories: list[str]
    when: dict[str, str | None]
    first_name: str | None
    phone: str | None


class VerbinderOut(BaseModel):
    circle: CircleRef | None
    asks: list[VerbinderAskOut]
    offers: list[VerbinderOfferOut]


class NoteIn(BaseModel):
    ask_id: str = Field(max_length=36)
    text: str = Field(default="gebeld", max_length=480)


class OkOut(BaseModel):
    ok: bool
