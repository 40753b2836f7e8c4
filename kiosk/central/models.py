"""The central store's tables.

Personal data (first name, phone) lives only in ``asks`` and ``offers`` and is erased in place
after the retention period; ``events`` (the idempotency log) keeps only a hash of each body, so
erasing the entity row erases the person everywhere on the server.
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
    thanked: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime)  # as the kiosk says (informational)
    updated_at: Mapped[datetime] = mapped_column(DateTime)  # server clock
    closed_at: Mapped[datetime | None] = mapped_column(DateTime)  # server clock, done/cancelled
    erased_at: Mapped[datetime | None] = mapped_column(DateTime)


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
    received_at: Mapped[datetime] = mapped_column(DateTime)


class Change(Base):
    """The pull feed. ``seq`` comes from :class:`SeqCounter` inside the writing transaction,
    so commit order equals ``seq`` order on PostgreSQL too (no skipped changes)."""

    __tablename__ = "changes"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    buurthuis_id: Mapped[int] = mapped_column(ForeignKey("buurthuizen.id"))
    kind: Mapped[str] = mapped_column(String(8))  # ask | offer | circle
    entity_id: Mapped[str] = mapped_column(String(40))

    __table_args__ = (Index("ix_changes_buurthuis_seq", "buurthuis_id", "seq"),)


class SeqCounter(Base):
    __tablename__ = "seq_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
