"""The kiosk's own database: save first, then tell the person.

One session per unit of work; every method returns plain dataclasses from :mod:`kiosk.domain`,
never live ORM rows. Each change commits its row and its outbox event together, so what the
person was told is saved is also what will be sent to the central store.
"""

from __future__ import annotations

import json
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, case, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk import domain
from kiosk.clock import utc_now
from kiosk.domain import (
    Ask,
    AskDraft,
    AskStatus,
    Circle,
    MemberName,
    Offer,
    OfferDraft,
    OfferStatus,
    Person,
    PublicAsk,
    Role,
    Saved,
    ValidationError,
    When,
    WhenKind,
)
from kiosk.sqlite import UnitsOfWork
from kiosk.store.db import make_engine, migrate
from kiosk.store.models import AskRow, CircleRow, MemberRow, OfferRow, OutboxEvent

Clock = Callable[[], datetime]


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


# A receipt's follow-up token (urlsafe base64 of 16 bytes) and a helper slip's token (32 hex).
FOLLOWUP_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")
HELPER_TOKEN = re.compile(r"[0-9a-f]{32}")
# Asks held here: the claim is on its way (pending) or the central store said yes (confirmed).
HELD_HERE = ("pending", "confirmed")
BOARD_LIMIT = 10_000


def board_order() -> tuple[Any, ...]:
    """Most urgent first (today, tomorrow, a picked day by date, this week, any time), then
    the oldest first, so an ask that has waited longest rises within its group."""
    urgency = case(
        (AskRow.when_kind == WhenKind.TODAY.value, 0),
        (AskRow.when_kind == WhenKind.TOMORROW.value, 1),
        (AskRow.when_kind == WhenKind.ON_DAY.value, 2),
        (AskRow.when_kind == WhenKind.THIS_WEEK.value, 3),
        else_=4,
    )
    return (urgency, AskRow.when_day, AskRow.created_at, AskRow.id)


@dataclass(frozen=True)
class ClaimedAsk:
    """What the helper slip prints for the volunteer who claimed an ask here.

    ``phone``, ``street`` and ``house_number`` arrive with the central store's answer: print
    the slip only when ``claim_state`` is ``"confirmed"``.
    """

    id: str
    number: str
    category: str
    when: When
    first_name: str
    phone: str
    street: str | None
    house_number: str | None
    for_neighbour: bool
    claim_state: str
    claimed_by: str | None


@dataclass(frozen=True)
class OpenAskCounts:
    """How many asks the board holds per circle (None: no circle chosen) and per category."""

    total: int
    by_circle: dict[str | None, int]
    by_category: dict[str, int]


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
                        member_id=draft.member_id,
                        created_at=now,
                        updated_at=now,
                    )
                    session.add(row)
                    session.flush()
                    payload: dict[str, Any] = {
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
                    }
                    if draft.member_id:
                        payload["member"] = draft.member_id
                    self._add_event(session, "ask.create", ask_id, payload, now)
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

    def ask_by_followup_token(self, token: str) -> Ask | None:
        """The ask behind a receipt's QR (``/r/<token>``); the store keeps only the hash."""
        if not FOLLOWUP_TOKEN.fullmatch(token):
            return None
        with self._read() as session:
            row = session.scalars(
                select(AskRow).where(AskRow.token_hash == domain.hash_token(token))
            ).first()
            return self._ask(row) if row else None

    def ask_by_helper_token(self, token: str) -> Ask | None:
        """The ask behind a helper slip's QR (``/h/<token>``), while it is claimed here."""
        if not HELPER_TOKEN.fullmatch(token):
            return None
        with self._read() as session:
            row = session.scalars(
                select(AskRow).where(AskRow.helper_token_hash == domain.hash_token(token))
            ).first()
            return self._ask(row) if row else None

    def my_claims(self, member_id: str) -> list[Ask]:
        """'Mijn klussen': what this member claimed here and has not finished or given back."""
        with self._read() as session:
            rows = session.scalars(
                select(AskRow)
                .where(
                    AskRow.claimed_by == member_id,
                    AskRow.status == AskStatus.CLAIMED.value,
                    AskRow.claim_state.in_(HELD_HERE),
                )
                .order_by(*board_order())
            )
            return [self._ask(r) for r in rows]

    def helper_slip(self, ask_id: str) -> ClaimedAsk | None:
        """What the helper slip prints, or None when the ask is not (or no longer) ours."""
        with self._read() as session:
            row = session.get(AskRow, ask_id)
            if (
                row is None
                or row.status != AskStatus.CLAIMED.value
                or row.claim_state not in HELD_HERE
            ):
                return None
            return ClaimedAsk(
                id=row.id,
                number=row.number,
                category=row.category,
                when=When(WhenKind(row.when_kind), row.when_day),
                first_name=row.first_name,
                phone=row.phone,
                street=row.street,
                house_number=row.house_number,
                for_neighbour=row.for_neighbour,
                claim_state=str(row.claim_state),
                claimed_by=row.claimed_by,
            )

    @staticmethod
    def _on_board(circle: str | None, category: str | None) -> list[Any]:
        where = [AskRow.status == AskStatus.OPEN.value, AskRow.category != domain.CALLBACK]
        if circle is not None:
            where.append(AskRow.circle_code == circle)
        if category is not None:
            where.append(AskRow.category == category)
        return where

    def open_asks(
        self,
        *,
        circle: str | None = None,
        category: str | None = None,
        limit: int = BOARD_LIMIT,
    ) -> list[PublicAsk]:
        """Open asks for the public board, most urgent then oldest first: an initial, never a
        phone number or a name. 'Bel mij terug' asks are for the verbinder only."""
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
                .where(*self._on_board(circle, category))
                .order_by(*board_order())
                .limit(limit)
            ).all()
        whens: dict[tuple[str, date | None], When] = {}  # a few dozen distinct values
        board = []
        for r in rows:
            key = (r.when_kind, r.when_day)
            when = whens.get(key)
            if when is None:
                when = whens[key] = When(WhenKind(r.when_kind), r.when_day)
            board.append(
                PublicAsk(
                    id=r.id,
                    number=r.number,
                    category=r.category,
                    when=when,
                    circle=r.circle_code,
                    initial=domain.first_initial(r.first_name),
                    days_open=max(0, (now - r.created_at).days),
                )
            )
        return board

    def open_ask_counts(self) -> OpenAskCounts:
        """Counts for the board's filter buttons, in one read."""
        with self._read() as session:
            rows = session.execute(
                select(AskRow.circle_code, AskRow.category, func.count())
                .where(*self._on_board(None, None))
                .group_by(AskRow.circle_code, AskRow.category)
            ).all()
        by_circle: dict[str | None, int] = {}
        by_category: dict[str, int] = {}
        for circle, category, count in rows:
            by_circle[circle] = by_circle.get(circle, 0) + count
            by_category[category] = by_category.get(category, 0) + count
        return OpenAskCounts(sum(by_circle.values()), by_circle, by_category)

    def ask_action(self, ask_id: str, action: str, volunteer: str | None = None) -> Ask:
        """Claim, give back, finish, cancel or thank here at once and queue the event.

        The local change is optimistic: the central store decides, and a claim stays
        ``claim_state='pending'`` until its result comes back (``confirmed`` or ``conflict``).
        A claim made here through :meth:`claim` also gets a helper slip token.
        """
        return self._act(ask_id, action, volunteer, helper_token_hash=None)

    def claim(self, ask_id: str, member_id: str) -> tuple[Ask, str]:
        """Claim for a member and make the helper slip's token; only its sha256 is stored and
        sent. Returns the token for the slip's QR (``{public_url}/h/{token}``)."""
        token = secrets.token_hex(16)
        ask = self._act(ask_id, "claim", member_id, helper_token_hash=domain.hash_token(token))
        return ask, token

    def _act(
        self, ask_id: str, action: str, volunteer: str | None, helper_token_hash: str | None
    ) -> Ask:
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
                row.helper_token_hash = helper_token_hash
            elif action == "release":
                row.claim_state, row.claimed_by = None, None
            if action in ("release", "done", "cancel"):
                # No longer ours to visit: the slip's QR stops working, the address goes.
                row.helper_token_hash = row.street = row.house_number = None
            row.updated_at = now
            payload: dict[str, Any] = {"id": ask_id}
            if volunteer:
                payload["volunteer"] = volunteer
            if helper_token_hash:
                payload["helper_token_hash"] = helper_token_hash
            self._add_event(session, f"ask.{action}", ask_id, payload, now)
            session.flush()
            return self._ask(row)

    # --- members ---------------------------------------------------------------------------

    def members(self, circle: str | None = None) -> list[MemberName]:
        """Members' first names for the PIN login, alphabetical; of one circle if given."""
        with self._read() as session:
            query = select(MemberRow)
            if circle is not None:
                query = query.where(MemberRow.circle_code == circle)
            rows = session.scalars(query).all()
            names = [MemberName(r.id, r.first_name, r.circle_code, Role(r.role)) for r in rows]
        return sorted(names, key=lambda m: (m.first_name.casefold(), m.first_name, m.id))

    def circles_with_members(self) -> list[str]:
        """Codes of the circles that have at least one member here, sorted."""
        with self._read() as session:
            codes = session.scalars(
                select(MemberRow.circle_code)
                .where(MemberRow.circle_code.is_not(None))
                .distinct()
                .order_by(MemberRow.circle_code)
            )
            return [str(code) for code in codes]

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
            return [self._offer(r) for r in rows]

    def offer_by_followup_token(self, token: str) -> Offer | None:
        """The offer behind a receipt's QR; like :meth:`ask_by_followup_token`."""
        if not FOLLOWUP_TOKEN.fullmatch(token):
            return None
        with self._read() as session:
            row = session.scalars(
                select(OfferRow).where(OfferRow.token_hash == domain.hash_token(token))
            ).first()
            return self._offer(row) if row else None

    @staticmethod
    def _offer(row: OfferRow) -> Offer:
        return Offer(
            id=row.id,
            categories=tuple(json.loads(row.categories)),
            when=When(WhenKind(row.when_kind), row.when_day),
            number=row.number,
            person=Person(row.first_name, row.phone),
            circle=row.circle_code,
            status=OfferStatus(row.status),
            created_at=row.created_at.replace(tzinfo=UTC),
        )

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
