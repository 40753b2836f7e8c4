"""The kiosk's tables. Typed SQLAlchemy 2.0 models; only the store module touches them.

Every change a person makes writes its row *and* an :class:`OutboxEvent` in one transaction;
the sync worker sends the outbox to the central store and deletes an event only after the
central store has answered it.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class CircleRow(Base):
    __tablename__ = "circles"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    verbinder_name: Mapped[str] = mapped_column(String(80))
    verbinder_phone: Mapped[str] = mapped_column(String(20))


class AskRow(Base):
    __tablename__ = "asks"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # Unique per buurthuis at the central store, which renumbers a clash; not unique here.
    number: Mapped[str] = mapped_column(String(8), index=True)
    category: Mapped[str] = mapped_column(String(20))
    when_kind: Mapped[str] = mapped_column(String(12))
    when_day: Mapped[date | None] = mapped_column(Date)
    first_name: Mapped[str] = mapped_column(String(160))
    phone: Mapped[str] = mapped_column(String(20))
    for_neighbour: Mapped[bool] = mapped_column(Boolean, default=False)
    circle_code: Mapped[str | None] = mapped_column(ForeignKey("circles.code"))
    status: Mapped[str] = mapped_column(String(12), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)  # UTC, naive in SQLite
    updated_at: Mapped[datetime] = mapped_column(DateTime)
    # A claim made here waits for the central store: pending → confirmed or conflict.
    claim_state: Mapped[str | None] = mapped_column(String(12))
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    # Asked by an identified member (card or PIN) instead of a typed name and phone.
    member_id: Mapped[str | None] = mapped_column(String(64))
    # The asker's address: only on the claimer's kiosk, only while the claim is ours.
    street: Mapped[str | None] = mapped_column(String(80))
    house_number: Mapped[str | None] = mapped_column(String(12))
    # sha256 of the helper slip's token; local to the kiosk that claimed the ask.
    helper_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, index=True)


class MemberRow(Base):
    """A member's first name, circle and role, mirrored from the central store for the PIN
    login's name list. Never a phone number or an address."""

    __tablename__ = "members"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    first_name: Mapped[str] = mapped_column(String(160))
    circle_code: Mapped[str | None] = mapped_column(String(40))
    role: Mapped[str] = mapped_column(String(12))


class OfferRow(Base):
    __tablename__ = "offers"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # Unique per buurthuis at the central store, which renumbers a clash; not unique here.
    number: Mapped[str] = mapped_column(String(8), index=True)
    categories: Mapped[str] = mapped_column(Text)  # JSON list of category codes
    when_kind: Mapped[str] = mapped_column(String(12))
    when_day: Mapped[date | None] = mapped_column(Date)
    first_name: Mapped[str] = mapped_column(String(160))
    phone: Mapped[str] = mapped_column(String(20))
    circle_code: Mapped[str | None] = mapped_column(ForeignKey("circles.code"))
    status: Mapped[str] = mapped_column(String(12), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class OutboxEvent(Base):
    __tablename__ = "outbox"

    # AUTOINCREMENT: the device sequence never reuses a number, even after rows are sent.
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    type: Mapped[str] = mapped_column(String(30))
    entity_id: Mapped[str] = mapped_column(String(36), index=True)
    payload: Mapped[str] = mapped_column(Text)  # JSON
    created_at: Mapped[datetime] = mapped_column(DateTime)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # pending (to send) or rejected (kept aside for the operator, never sent again).
    status: Mapped[str] = mapped_column(String(12), default="pending", server_default="pending")
    reason: Mapped[str | None] = mapped_column(String(40))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime)
    # What the change replaced (JSON, never sent): put back if the central store rejects it.
    undo: Mapped[str | None] = mapped_column(Text)

    __table_args__ = ({"sqlite_autoincrement": True},)


class SyncState(Base):
    """Small key/value facts of the sync worker, such as the pull cursor."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
