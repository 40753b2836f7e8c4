"""The central store's tables.

Personal data of askers and offerers (first name, phone) lives only in ``asks`` and ``offers``
and is erased in place after the retention period (with the verbinder's notes on an ask);
``events`` (the idempotency log) keeps only a hash of each body, so erasing the entity row erases
the person everywhere on the server. Members (volunteers, verbinders) keep their contact data in
``members``; their card and PIN are stored only as hashes, their sessions only as token hashes.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Buurthuis(Base):
    __tablename__ = "buurthuizen"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)


class Kiosk(Base):
    __tablename__ = "kiosks"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    buurthuis_id: Mapped[int] = mapped_column(ForeignKey("buurthuizen.id"))
    name: Mapped[str] = mapped_column(String(80), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 of the token
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class Circle(Base):
    __tablename__ = "circles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    buurthuis_id: Mapped[int] = mapped_column(ForeignKey("buurthuizen.id"))
    code: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(80))
    verbinder_name: Mapped[str] = mapped_column(String(80))
    verbinder_phone: Mapped[str] = mapped_column(String(20))

    __table_args__ = (UniqueConstraint("buurthuis_id", "code"),)


class Ask(Base):
    __tablename__ = "asks"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the kiosk's UUID
    buurthuis_id: Mapped[int] = mapped_column(ForeignKey("buurthuizen.id"), index=True)
    origin_kiosk_id: Mapped[int] = mapped_column(ForeignKey("kiosks.id"))
    number: Mapped[str] = mapped_column(String(8))
    category: Mapped[str] = mapped_column(String(20))
    when_kind: Mapped[str] = mapped_column(String(12))
    when_day: Mapped[date | None] = mapped_column(Date)
    first_name: Mapped[str | None] = mapped_column(String(160))
    phone: Mapped[str | None] = mapped_column(String(20))
    for_neighbour: Mapped[bool] = mapped_column(Boolean, default=False)
    circle_code: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    claimed_by: Mapped[str | None] = mapped_column(String(64))  # opaque volunteer id
    claimed_kiosk_id: Mapped[int | None] = mapped_column(ForeignKey("kiosks.id"))
    member_id: Mapped[str | None] = mapped_column(String(36))  # asked by this member
    # sha256 of the helper slip's token, set by the claim; release/done/cancel move it to
    # spent_helper_tokens.
    helper_token_hash: Mapped[str | None] = mapped_column(String(64), index=True, unique=True)
    thanked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)  # as the kiosk says (informational)
    updated_at: Mapped[datetime] = mapped_column(DateTime)  # server clock
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)  # server clock, done/cancelled
    erased_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (Index("ix_asks_buurthuis_number", "buurthuis_id", "number"),)


class SpentHelperToken(Base):
    """A helper slip's token after its claim ended (done, given back, cancelled), so that its
    page can thank the helper instead of answering 404, until the ask is erased. Only the
    token's hash, the ask and how it ended: nothing of any person."""

    __tablename__ = "spent_helper_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    ask_id: Mapped[str] = mapped_column(ForeignKey("asks.id"), index=True)
    outcome: Mapped[str] = mapped_column(
        String(12)
    )  # the ask's status after it: done|open|cancelled
    ended_at: Mapped[datetime] = mapped_column(DateTime)


class Offer(Base):
    __tablename__ = "offers"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    buurthuis_id: Mapped[int] = mapped_column(ForeignKey("buurthuizen.id"), index=True)
    origin_kiosk_id: Mapped[int] = mapped_column(ForeignKey("kiosks.id"))
    number: Mapped[str] = mapped_column(String(8))
    categories: Mapped[str] = mapped_column(Text)  # JSON list
    when_kind: Mapped[str] = mapped_column(String(12))
    when_day: Mapped[date | None] = mapped_column(Date)
    first_name: Mapped[str | None] = mapped_column(String(160))
    phone: Mapped[str | None] = mapped_column(String(20))
    circle_code: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(12))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)
    erased_at: Mapped[datetime | None] = mapped_column(DateTime)

    __table_args__ = (Index("ix_offers_buurthuis_number", "buurthuis_id", "number"),)


class Member(Base):
    """A volunteer or verbinder of one buurthuis; the central store is the truth."""

    __tablename__ = "members"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # uuid4
    buurthuis_id: Mapped[int] = mapped_column(ForeignKey("buurthuizen.id"), index=True)
    circle_code: Mapped[str | None] = mapped_column(String(40))
    first_name: Mapped[str] = mapped_column(String(80))
    phone: Mapped[str] = mapped_column(String(20))
    street: Mapped[str | None] = mapped_column(String(80))
    house_number: Mapped[str | None] = mapped_column(String(12))
    role: Mapped[str] = mapped_column(String(12))
    card_hash: Mapped[str | None] = mapped_column(String(64), unique=True)  # sha256 of the card
    pin_hash: Mapped[str | None] = mapped_column(String(200))  # scrypt$salt$hash
    pin_failures: Mapped[int] = mapped_column(Integer, default=0)  # consecutive, all kiosks
    pin_blocked_until: Mapped[datetime | None] = mapped_column(DateTime)  # the wait after them
    # The one kiosk all current failures came from (None: none, or several kiosks).
    pin_fail_kiosk_id: Mapped[int | None] = mapped_column(Integer)
    pin_locked: Mapped[bool] = mapped_column(Boolean, default=False)
    pin_locked_until: Mapped[datetime | None] = mapped_column(DateTime)  # a lock ends by itself
    # A lock caused by one kiosk holds only there; None: at every kiosk.
    pin_locked_kiosk_id: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class MemberSession(Base):
    """A short session after a card or PIN at one kiosk: claims, the verbinder's view, a card.

    Kept a day after it ended (expiry or logout), so a claim queued while it lived still counts.
    """

    __tablename__ = "member_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"), index=True)
    kiosk_id: Mapped[int] = mapped_column(ForeignKey("kiosks.id"))  # counts at this kiosk only
    opened_at: Mapped[datetime] = mapped_column(DateTime)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime)  # logout


class WrongPin(Base):
    """One wrong PIN judged at a kiosk, kept a day: the limits per kiosk and per buurthuis."""

    __tablename__ = "wrong_pins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kiosk_id: Mapped[int] = mapped_column(ForeignKey("kiosks.id"))
    buurthuis_id: Mapped[int] = mapped_column(ForeignKey("buurthuizen.id"))
    at: Mapped[datetime] = mapped_column(DateTime)

    __table_args__ = (
        Index("ix_wrong_pins_kiosk_at", "kiosk_id", "at"),
        Index("ix_wrong_pins_buurthuis_at", "buurthuis_id", "at"),
    )


class AskNote(Base):
    """A verbinder's note on an ask ("gebeld"); erased together with the ask's personal data."""

    __tablename__ = "ask_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ask_id: Mapped[str] = mapped_column(ForeignKey("asks.id"), index=True)
    member_id: Mapped[str] = mapped_column(ForeignKey("members.id"))
    text: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime)


class Event(Base):
    """One pushed event and the result the server gave it: the idempotency log."""

    __tablename__ = "events"

    event_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kiosk_id: Mapped[int] = mapped_column(ForeignKey("kiosks.id"))
    device_seq: Mapped[int | None] = mapped_column(BigInteger)
    type: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[str] = mapped_column(String(36))
    body_hash: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str | None] = mapped_column(String(60))
    status: Mapped[str | None] = mapped_column(String(12))  # the entity's status after it
    number: Mapped[str | None] = mapped_column(String(8))  # a create's new number, if renumbered
    received_at: Mapped[datetime] = mapped_column(DateTime)


class Change(Base):
    """The pull feed. ``seq`` comes from :class:`SeqCounter` inside the writing transaction,
    so commit order equals ``seq`` order on PostgreSQL too (no skipped changes)."""

    __tablename__ = "changes"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    buurthuis_id: Mapped[int] = mapped_column(ForeignKey("buurthuizen.id"))
    kind: Mapped[str] = mapped_column(String(8))  # ask | offer | circle | member
    entity_id: Mapped[str] = mapped_column(String(40))

    __table_args__ = (Index("ix_changes_buurthuis_seq", "buurthuis_id", "seq"),)


class SeqCounter(Base):
    __tablename__ = "seq_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
