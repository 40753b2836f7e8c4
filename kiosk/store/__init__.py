"""The kiosk's own database: save first, then tell the person.

One session per unit of work; every method returns plain dataclasses from :mod:`kiosk.domain`,
never live ORM rows. Each change commits its row and its outbox event together, so what the
person was told is saved is also what will be sent to the central store.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk import domain
from kiosk.clock import utc_now
from kiosk.domain import (
    Ask,
    AskDraft,
    AskStatus,
    Circle,
    Offer,
    OfferDraft,
    OfferStatus,
    Person,
    PublicAsk,
    Saved,
    ValidationError,
    When,
    WhenKind,
)
from kiosk.sqlite import UnitsOfWork
from kiosk.store.db import make_engine, migrate
from kiosk.store.models import AskRow, CircleRow, OfferRow, OutboxEvent

Clock = Callable[[], datetime]


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


@dataclass(frozen=True)
class PendingEvent:
    seq: int
    event_id: str
    type: str
    entity_id: str
    payload: dict[str, Any]
    attempts: int


class LocalStore(UnitsOfWork):
    def __init__(self, engine: Engine, clock: Clock = utc_now) -> None:
        super().__init__(engine)
        self.clock = clock

    @classmethod
    def open(cls, path: str | Path, clock: Clock = utc_now) -> LocalStore:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = make_engine(path)
        migrate(engine)
        return cls(engine, clock)

    def close(self) -> None:
        self.engine.dispose()

    def _now(self) -> datetime:
        return _naive_utc(self.clock())

    @staticmethod
    def _add_event(
        session: Session, type_: str, entity_id: str, payload: dict[str, Any], now: datetime
    ) -> None:
        session.add(
            OutboxEvent(
                event_id=domain.new_id(),
                type=type_,
                entity_id=entity_id,
                payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
                created_at=now,
                attempts=0,
            )
        )

    # --- circles ---------------------------------------------------------------------------

    def seed_circles(self, circles: Sequence[Circle]) -> None:
        with self._write() as session:
            for circle in circles:
                session.merge(
                    CircleRow(
                        code=circle.code,
                        name=circle.name,
                        verbinder_name=circle.verbinder_name,
                        verbinder_phone=circle.verbinder_phone,
                    )
                )

    def circles(self) -> list[Circle]:
        with self._read() as session:
            rows = session.scalars(select(CircleRow).order_by(CircleRow.name)).all()
            return [Circle(r.code, r.name, r.verbinder_name, r.verbinder_phone) for r in rows]

    def circle(self, code: str | None) -> Circle | None:
        if code is None:
            return None
        with self._read() as session:
            row = session.get(CircleRow, code)
            return (
                Circle(row.code, row.name, row.verbinder_name, row.verbinder_phone) if row else None
            )

    # --- asks ------------------------------------------------------------------------------

    def save_ask(self, draft: AskDraft) -> Saved:
        """Validate, commit the ask and its outbox event, and only then return."""
        if draft.category is None:
            raise ValidationError("category", domain._("Choose one of the buttons."))
        domain.category(draft.category)
        person = draft.person()
        when = draft.when or When(WhenKind.ANY_TIME)
        token = domain.new_followup_token()
        ask_id = domain.new_id()
        for _attempt in range(20):
            number = domain.new_request_number()
            now = self._now()
            try:
                with self._write() as session:
                    if draft.circle is not None and session.get(CircleRow, draft.circle) is None:
                        raise ValidationError("circle", domain._("Choose one of the buttons."))
                    row = AskRow(
                        id=ask_id,
                        number=number,
                        category=draft.category,
                        when_kind=when.kind.value,
                        when_day=when.day,
                        first_name=person.first_name,
                        phone=person.phone,
                        for_neighbour=person.for_neighbour,
                        circle_code=draft.circle,
                        status=AskStatus.OPEN.value,
                        token_hash=domain.hash_token(token),
                        created_at=now,
                        updated_at=now,
                    )
                    session.add(row)
                    session.flush()
                    self._add_event(
                        session,
                        "ask.create",
                        ask_id,
                        {
                            "id": ask_id,
                            "number": number,
                            "category": draft.category,
                            "when": when.to_json(),
                            "first_name": person.first_name,
                            "phone": person.phone,
                            "for_neighbour": person.for_neighbour,
                            "circle": draft.circle,
                            "token_hash": row.token_hash,
                            "created_at": now.isoformat() + "Z",
                        },
                        now,
                    )
            except IntegrityError as error:
                if "asks.number" in str(error.orig):
                    continue  # a number already used on this kiosk: draw another
                raise
            return Saved(id=ask_id, number=number, followup_token=token)
        raise RuntimeError("could not find a free request number")  # pragma: no cover

    def ask(self, ask_id: str) -> Ask | None:
        with self._read() as session:
            row = session.get(AskRow, ask_id)
            return self._ask(row) if row else None

    def ask_by_number(self, number: str) -> Ask | None:
        canonical = domain.normalise_request_number(number)
        if canonical is None:
            return None
        with self._read() as session:
            row = session.scalars(select(AskRow).where(AskRow.number == canonical)).first()
            return self._ask(row) if row else None

    def all_asks(self) -> list[Ask]:
        with self._read() as session:
            return [
                self._ask(r) for r in session.scalars(select(AskRow).order_by(AskRow.created_at))
            ]

    @staticmethod
    def _ask(row: AskRow) -> Ask:
        return Ask(
            id=row.id,
            number=row.number,
            category=row.category,
            when=When(WhenKind(row.when_kind), row.when_day),
            person=Person(row.first_name, row.phone, row.for_neighbour),
            circle=row.circle_code,
            status=AskStatus(row.status),
            created_at=row.created_at.replace(tzinfo=UTC),
        )

    def open_asks(self, limit: int = 500) -> list[PublicAsk]:
        """Open asks for the public board: an initial, never a phone number."""
        now = self._now()
        with self._read() as session:
            rows = session.execute(
                select(
                    AskRow.id,
                    AskRow.number,
                    AskRow.category,
                    AskRow.when_kind,
                    AskRow.when_day,
                    AskRow.circle_code,
                    AskRow.first_name,
                    AskRow.created_at,
                )
                .where(AskRow.status == AskStatus.OPEN.value)
                .order_by(AskRow.created_at)
                .limit(limit)
            ).all()
        return [
            PublicAsk(
                id=r.id,
                number=r.number,
                category=r.category,
                when=When(WhenKind(r.when_kind), r.when_day),
                circle=r.circle_code,
                initial=domain.first_initial(r.first_name),
                days_open=max(0, (now - r.created_at).days),
            )
            for r in rows
        ]

    def ask_action(self, ask_id: str, action: str, volunteer: str | None = None) -> Ask:
        """Claim, give back, finish, cancel or thank here at once and queue the event.

        The local change is optimistic: the central store decides, and a claim stays
        ``claim_state='pending'`` until its result comes back (``confirmed`` or ``conflict``).
        """
        targets = {
            "claim": AskStatus.CLAIMED,
            "release": AskStatus.OPEN,
            "done": AskStatus.DONE,
            "cancel": AskStatus.CANCELLED,
        }
        if action not in (*targets, "thank"):
            raise ValueError(f"unknown action {action!r}")
        if action == "claim" and not volunteer:
            raise ValueError("a claim needs a volunteer id")
        now = self._now()
        with self._write() as session:
            row = session.get(AskRow, ask_id)
            if row is None:
                raise KeyError(ask_id)
            if action in targets:
                domain.check_ask_transition(AskStatus(row.status), targets[action])
                row.status = targets[action].value
            if action == "claim":
                row.claim_state, row.claimed_by = "pending", volunteer
            elif action == "release":
                row.claim_state, row.claimed_by = None, None
            row.updated_at = now
            payload: dict[str, Any] = {"id": ask_id}
            if volunteer:
                payload["volunteer"] = volunteer
            self._add_event(session, f"ask.{action}", ask_id, payload, now)
            session.flush()
            return self._ask(row)

    # --- offers ----------------------------------------------------------------------------

    def save_offer(self, draft: OfferDraft) -> Saved:
        """Like :meth:`save_ask`: an offer also gets a number and a follow-up token."""
        if not draft.categories:
            raise ValidationError("categories", domain._("Choose at least one button."))
        for code in draft.categories:
            domain.category(code)
        person = draft.person()
        when = draft.when or When(WhenKind.ANY_TIME)
        token = domain.new_followup_token()
        offer_id = domain.new_id()
        for _attempt in range(20):
            number = domain.new_request_number()
            now = self._now()
            try:
                with self._write() as session:
                    session.add(
                        OfferRow(
                            id=offer_id,
                            number=number,
                            categories=json.dumps(draft.categories),
                            when_kind=when.kind.value,
                            when_day=when.day,
                            first_name=person.first_name,
                            phone=person.phone,
                            circle_code=None,
                            status=OfferStatus.ACTIVE.value,
                            token_hash=domain.hash_token(token),
                            created_at=now,
                            updated_at=now,
                        )
                    )
                    session.flush()
                    self._add_event(
                        session,
                        "offer.create",
                        offer_id,
                        {
                            "id": offer_id,
                            "number": number,
                            "categories": list(draft.categories),
                            "when": when.to_json(),
                            "first_name": person.first_name,
                            "phone": person.phone,
                            "circle": None,
                            "token_hash": domain.hash_token(token),
                            "created_at": now.isoformat() + "Z",
                        },
                        now,
                    )
            except IntegrityError as error:
                if "offers.number" in str(error.orig):
                    continue
                raise
            return Saved(id=offer_id, number=number, followup_token=token)
        raise RuntimeError("could not find a free offer number")  # pragma: no cover

    def offers(self) -> list[Offer]:
        with self._read() as session:
            rows = session.scalars(select(OfferRow).order_by(OfferRow.created_at)).all()
            return [
                Offer(
                    id=r.id,
                    categories=tuple(json.loads(r.categories)),
                    when=When(WhenKind(r.when_kind), r.when_day),
                    number=r.number,
                    person=Person(r.first_name, r.phone),
                    circle=r.circle_code,
                    status=OfferStatus(r.status),
                    created_at=r.created_at.replace(tzinfo=UTC),
                )
                for r in rows
            ]

    # --- outbox ----------------------------------------------------------------------------

    def pending_events(self, limit: int = 100) -> list[PendingEvent]:
        with self._read() as session:
            rows = session.scalars(select(OutboxEvent).order_by(OutboxEvent.seq).limit(limit))
            return [
                PendingEvent(
                    r.seq, r.event_id, r.type, r.entity_id, json.loads(r.payload), r.attempts
                )
                for r in rows
            ]

    def pending_count(self) -> int:
        with self._read() as session:
            return int(session.scalar(select(func.count()).select_from(OutboxEvent)) or 0)

    def integrity_check(self) -> str:
        with self.engine.connect() as connection:
            return str(connection.exec_driver_sql("PRAGMA integrity_check").scalar())
