"""The central store's rules, without HTTP: authenticate, push, pull, follow up, erase.

Every pushed event is handled in its own transaction together with its row in ``events``, so a
retry after a lost response finds the stored result and never applies the effect twice. Status
changes are conditional updates (``… WHERE status IN (allowed sources)``); zero rows means the
event came too late and gets the result ``conflict``. Every effect appends to ``changes`` with a
sequence number taken from a one-row counter *inside* the transaction, which serialises writers
briefly but makes commit order equal ``seq`` order, so a pull can never skip a commit.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import secrets
import time
import unicodedata
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any, Literal
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, delete, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from kiosk import domain
from kiosk.central.models import (
    Ask,
    AskNote,
    Buurthuis,
    Change,
    Circle,
    Event,
    Kiosk,
    Member,
    MemberSession,
    Offer,
    SeqCounter,
)
from kiosk.domain import ASK_TRANSITIONS, OFFER_TRANSITIONS, AskStatus, OfferStatus, Role
from kiosk.sqlite import UnitsOfWork

Clock = Callable[[], datetime]
Result = Literal["accepted", "conflict", "rejected", "error"]

MAX_BATCH = 100
MAX_PAGE = 500
DEFAULT_RETENTION = timedelta(days=30)
DEVICE_TOKEN_BYTES = 32  # 256 bits
AUTH_CACHE_SECONDS = 10.0
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")  # what "today" means for the verbinder's view

# Members: a card is 128 random bits typed as hex by a USB scanner; a PIN is 6 digits, tried
# against a slow salted KDF, with failures counted here so two kiosks cannot double the tries.
CARD_TOKEN_BYTES = 16
PIN_LENGTH = 6
PIN_FREE_FAILURES = 2  # the 3rd consecutive failure imposes the first wait
PIN_FIRST_WAIT = 5  # seconds, doubling per further failure
PIN_LOCK_AFTER = 10  # the 10th consecutive failure locks until an operator resets the PIN
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_LEN = 2**14, 8, 1, 32
PIN_RACE_RETRIES = 50  # a try that keeps losing the race to others is answered "wait"
SESSION_TTL = timedelta(minutes=15)
NOTE_MAX = 120


def utc_now() -> datetime:
    return datetime.now(UTC)


def _naive(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() + "Z" if moment else None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def _sources(table: dict[Any, frozenset[Any]], target: Any) -> list[str]:
    """The statuses from which the domain rules allow a move to ``target``."""
    return sorted(str(source) for source, targets in table.items() if target in targets)


# What each event type does: (kind, target status). The sources come from kiosk.domain.
ASK_ACTIONS: dict[str, AskStatus] = {
    "ask.claim": AskStatus.CLAIMED,
    "ask.release": AskStatus.OPEN,
    "ask.done": AskStatus.DONE,
    "ask.cancel": AskStatus.CANCELLED,
}
OFFER_ACTIONS: dict[str, OfferStatus] = {
    "offer.pause": OfferStatus.PAUSED,
    "offer.resume": OfferStatus.ACTIVE,
    "offer.withdraw": OfferStatus.WITHDRAWN,
}
EVENT_TYPES = ("ask.create", "offer.create", "ask.thank", *ASK_ACTIONS, *OFFER_ACTIONS)
CLOSED_ASK = (AskStatus.DONE.value, AskStatus.CANCELLED.value)


@dataclass(frozen=True)
class KioskAuth:
    id: int
    name: str
    buurthuis_id: int


@dataclass(frozen=True)
class IncomingEvent:
    event_id: str
    type: str
    entity_id: str
    payload: dict[str, Any]
    device_seq: int | None = None

    def body_hash(self) -> str:
        body = {"type": self.type, "entity_id": self.entity_id, "payload": self.payload}
        text = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class EventResult:
    event_id: str
    result: Result
    reason: str | None = None
    status: str | None = None  # the entity's status after this event, when it exists


@dataclass(frozen=True)
class PulledChange:
    seq: int
    kind: str
    id: str
    op: Literal["upsert", "erase"]
    data: dict[str, Any] | None


@dataclass(frozen=True)
class Page:
    changes: list[PulledChange]
    next: int
    more: bool


@dataclass(frozen=True)
class FollowUp:
    """What the follow-up page may show: status and first name only."""

    number: str
    category: str  # for an offer: the first of its categories
    status: str
    first_name: str
    when: dict[str, str | None]
    thanked: bool
    kind: Literal["ask", "offer"] = "ask"
    categories: tuple[str, ...] = ()


IdentifyResult = Literal["ok", "wrong", "wait", "locked", "unknown"]


@dataclass(frozen=True)
class Identified:
    """The answer to a card or PIN: who (with a session) or why not."""

    result: IdentifyResult
    member: domain.Member | None = None
    session: str | None = None
    tries_left: int | None = None
    wait_seconds: int = 0

    def to_json(self) -> dict[str, Any]:
        if self.result == "ok" and self.member is not None:
            member = self.member
            return {
                "result": "ok",
                "member": {
                    "id": member.id,
                    "first_name": member.first_name,
                    "circle": member.circle,
                    "role": member.role.value,
                    "phone": member.phone,
                    "street": member.street,
                    "house_number": member.house_number,
                },
                "session": self.session,
                "expires_in": int(SESSION_TTL.total_seconds()),
            }
        if self.result == "wrong":
            return {
                "result": "wrong",
                "tries_left": self.tries_left,
                "wait_seconds": self.wait_seconds,
            }
        if self.result == "wait":
            return {"result": "wait", "wait_seconds": self.wait_seconds}
        return {"result": self.result}


@dataclass(frozen=True)
class MemberListing:
    """A member as the operator's list shows it: never the phone, address, card or PIN."""

    id: str
    buurthuis: str
    circle: str | None
    first_name: str
    role: str
    state: Literal["active", "pin locked", "revoked"]


@dataclass(frozen=True)
class NewMember:
    id: str
    card_token: str  # 32 hex; the card's QR text is MEMBER_CARD_PREFIX + this
    pin: str


@dataclass(frozen=True)
class HelperView:
    """What the helper page shows: no personal data, only what and when."""

    number: str
    category: str
    when: dict[str, str | None]
    status: str


class WeakPin(ValueError):
    """A PIN that is not 6 digits or too easy to guess; the message says which."""


def pin_problem(pin: str) -> str | None:
    """Why ``pin`` may not be set, or None when it is fine."""
    if len(pin) != PIN_LENGTH or not all(c in "0123456789" for c in pin):
        return f"a PIN is exactly {PIN_LENGTH} digits"
    if len(set(pin)) == 1:
        return "a PIN of one digit repeated is too easy to guess"
    steps = {int(b) - int(a) for a, b in pairwise(pin)}
    if steps in ({1}, {-1}):
        return "a PIN of digits in a row (like 123456 or 654321) is too easy to guess"
    return None


def new_pin() -> str:
    while True:
        pin = f"{secrets.randbelow(10**PIN_LENGTH):0{PIN_LENGTH}d}"
        if pin_problem(pin) is None:
            return pin


def hash_pin(pin: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(
        pin.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=SCRYPT_LEN
    )
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_pin(pin: str, stored: str) -> bool:
    """Constant-time comparison against a stored ``scrypt$salt$hash``."""
    try:
        scheme, salt_hex, digest_hex = stored.split("$")
        salt, expected = bytes.fromhex(salt_hex), bytes.fromhex(digest_hex)
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    digest = hashlib.scrypt(
        pin.encode("utf-8", "surrogatepass"),
        salt=salt,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        dklen=len(expected),
    )
    return hmac.compare_digest(digest, expected)


def pin_wait(failures: int) -> int:
    """Seconds to wait after ``failures`` consecutive failures: 0, 0, 5, 10, 20 … 320."""
    if failures <= PIN_FREE_FAILURES:
        return 0
    return PIN_FIRST_WAIT * 2 ** (failures - PIN_FREE_FAILURES - 1)


def card_token_from(text: str) -> str | None:
    """The 32-hex token of a scanned or sent card (prefix optional, any case), else None."""
    if text.upper().startswith(domain.MEMBER_CARD_PREFIX):
        text = text[len(domain.MEMBER_CARD_PREFIX) :]
    text = text.lower()
    if len(text) != 2 * CARD_TOKEN_BYTES or any(c not in "0123456789abcdef" for c in text):
        return None
    return text


def clean_note(raw: str) -> str:
    """A verbinder's note: the same character rules as names, at most NOTE_MAX characters."""
    text = unicodedata.normalize("NFC", raw)
    for char in text:
        kind = unicodedata.category(char)
        if (
            char in domain.BIDI_CONTROLS
            or kind in ("Cc", "Cs", "Co", "Cn")
            or (kind == "Cf" and char not in domain.ALLOWED_FORMAT)
        ):
            raise ValueError("a sign we cannot use")
    text = " ".join(text.split())
    if not text or len(text) > NOTE_MAX:
        raise ValueError(f"a note has 1 to {NOTE_MAX} characters")
    return text


def _clean_optional(raw: str | None, max_len: int) -> str | None:
    if raw is None or not raw.strip():
        return None
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    if len(text) > max_len or any(
        unicodedata.category(c) in ("Cc", "Cs", "Co", "Cn", "Cf") for c in text
    ):
        raise ValueError(f"at most {max_len} plain characters")
    return text


def _member(row: Member) -> domain.Member:
    return domain.Member(
        row.id,
        row.first_name,
        row.circle_code,
        Role(row.role),
        row.phone,
        row.street,
        row.house_number,
    )


@dataclass
class _Outcome:
    result: Result
    reason: str | None = None
    status: str | None = None
    changed: list[tuple[str, str]] = field(default_factory=list)


class Rejected(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class CentralStore(UnitsOfWork):
    """The central store on one engine; thread-safe (one session per unit of work)."""

    def __init__(
        self,
        engine: Engine,
        *,
        clock: Clock = utc_now,
        retention: timedelta = DEFAULT_RETENTION,
        public_url: str = "",
    ) -> None:
        super().__init__(engine)
        self.clock = clock
        self.retention = retention
        self.public_url = public_url.rstrip("/")
        self._auth_cache: dict[str, tuple[KioskAuth, float]] = {}

    def _now(self) -> datetime:
        return _naive(self.clock())

    # --- operator ------------------------------------------------------------------------

    def _buurthuis(self, session: Session, name: str) -> Buurthuis:
        found = session.scalars(select(Buurthuis).where(Buurthuis.name == name)).first()
        if found is None:
            found = Buurthuis(name=name)
            session.add(found)
            session.flush()
        return found

    def add_kiosk(self, name: str, buurthuis: str) -> str:
        """Register a kiosk; returns its device token, which is stored only as a hash."""
        token = secrets.token_urlsafe(DEVICE_TOKEN_BYTES)
        with self._write() as session:
            home = self._buurthuis(session, buurthuis)
            session.add(
                Kiosk(
                    buurthuis_id=home.id,
                    name=name,
                    token_hash=hash_token(token),
                    created_at=self._now(),
                )
            )
        return token

    def revoke_kiosk(self, name: str) -> bool:
        with self._write() as session:
            result = session.execute(
                update(Kiosk)
                .where(Kiosk.name == name, Kiosk.revoked_at.is_(None))
                .values(revoked_at=self._now()),
                execution_options={"synchronize_session": False},
            )
            self._auth_cache.clear()
            return bool(getattr(result, "rowcount", 0))

    def kiosks(self) -> list[tuple[str, str, bool]]:
        """(name, buurthuis, revoked) for every kiosk."""
        with self._read() as session:
            rows = session.execute(
                select(Kiosk.name, Buurthuis.name, Kiosk.revoked_at)
                .join(Buurthuis, Buurthuis.id == Kiosk.buurthuis_id)
                .order_by(Kiosk.name)
            ).all()
            return [(r[0], r[1], r[2] is not None) for r in rows]

    def add_circle(
        self, buurthuis: str, code: str, name: str, verbinder_name: str, verbinder_phone: str
    ) -> None:
        """Add or change a circle; kiosks of that buurthuis receive it on their next pull."""
        phone = domain.normalise_phone(verbinder_phone)
        with self._write() as session:
            home = self._buurthuis(session, buurthuis)
            circle = session.scalars(
                select(Circle).where(Circle.buurthuis_id == home.id, Circle.code == code)
            ).first()
            if circle is None:
                circle = Circle(buurthuis_id=home.id, code=code)
                session.add(circle)
            circle.name, circle.verbinder_name, circle.verbinder_phone = name, verbinder_name, phone
            session.flush()
            self._append_changes(session, home.id, [("circle", code)])

    def circles(self, buurthuis: str | None = None) -> list[tuple[str, str, str, str, str]]:
        """(buurthuis, code, name, verbinder name, verbinder phone)."""
        with self._read() as session:
            query = select(
                Buurthuis.name,
                Circle.code,
                Circle.name,
                Circle.verbinder_name,
                Circle.verbinder_phone,
            ).join(Buurthuis, Buurthuis.id == Circle.buurthuis_id)
            if buurthuis is not None:
                query = query.where(Buurthuis.name == buurthuis)
            rows = session.execute(query.order_by(Buurthuis.name, Circle.code)).all()
            return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]

    # --- members (operator) ----------------------------------------------------------------

    def add_member(
        self,
        buurthuis: str,
        first_name: str,
        phone: str,
        *,
        circle: str | None = None,
        street: str | None = None,
        house_number: str | None = None,
        role: Role = Role.VOLUNTEER,
        pin: str | None = None,
    ) -> NewMember:
        """Register a volunteer or verbinder with a new card and a PIN (generated if None).

        Raises ValueError (a :class:`domain.ValidationError` or :class:`WeakPin`) with a
        message for the operator. The card token and PIN are returned only this once.
        """
        name = domain.clean_name(first_name)
        number = domain.normalise_phone(phone)
        street = _clean_optional(street, 80)
        house_number = _clean_optional(house_number, 12)
        if pin is not None and (problem := pin_problem(pin)) is not None:
            raise WeakPin(problem)
        pin = pin or new_pin()
        pin_hash = hash_pin(pin)  # slow on purpose: outside the transaction
        card = secrets.token_hex(CARD_TOKEN_BYTES)
        member_id = str(uuid.uuid4())
        with self._write() as session:
            home = self._buurthuis(session, buurthuis)
            if circle is not None and not self._has_circle(session, home.id, circle):
                raise ValueError(f"buurthuis {buurthuis} has no circle {circle}")
            session.add(
                Member(
                    id=member_id,
                    buurthuis_id=home.id,
                    circle_code=circle,
                    first_name=name,
                    phone=number,
                    street=street,
                    house_number=house_number,
                    role=Role(role).value,
                    card_hash=hash_token(card),
                    pin_hash=pin_hash,
                    pin_failures=0,
                    pin_locked=False,
                    created_at=self._now(),
                )
            )
            session.flush()
            self._append_changes(session, home.id, [("member", member_id)])
        return NewMember(member_id, card, pin)

    def _has_circle(self, session: Session, buurthuis_id: int, code: str) -> bool:
        found = session.scalars(
            select(Circle.id).where(Circle.buurthuis_id == buurthuis_id, Circle.code == code)
        ).first()
        return found is not None

    def reset_pin(self, member_id: str, pin: str | None = None) -> str | None:
        """A new PIN (generated if None) and the failure count cleared; None: no such member."""
        if pin is not None and (problem := pin_problem(pin)) is not None:
            raise WeakPin(problem)
        pin = pin or new_pin()
        pin_hash = hash_pin(pin)
        with self._write() as session:
            done = session.execute(
                update(Member)
                .where(Member.id == member_id, Member.revoked_at.is_(None))
                .values(
                    pin_hash=pin_hash, pin_failures=0, pin_blocked_until=None, pin_locked=False
                ),
                execution_options={"synchronize_session": False},
            )
            return pin if getattr(done, "rowcount", 0) == 1 else None

    def revoke_member(self, member_id: str) -> bool:
        """Card, PIN and sessions stop working at once; kiosks drop the name on their next pull."""
        with self._write() as session:
            home = session.scalar(
                select(Member.buurthuis_id).where(
                    Member.id == member_id, Member.revoked_at.is_(None)
                )
            )
            if home is None:
                return False
            session.execute(
                update(Member)
                .where(Member.id == member_id)
                .values(revoked_at=self._now(), card_hash=None, pin_hash=None),
                execution_options={"synchronize_session": False},
            )
            session.execute(
                delete(MemberSession).where(MemberSession.member_id == member_id),
                execution_options={"synchronize_session": False},
            )
            self._append_changes(session, home, [("member", member_id)])
            return True

    def members(self, buurthuis: str | None = None) -> list[MemberListing]:
        with self._read() as session:
            query = select(Member, Buurthuis.name).join(
                Buurthuis, Buurthuis.id == Member.buurthuis_id
            )
            if buurthuis is not None:
                query = query.where(Buurthuis.name == buurthuis)
            rows = session.execute(
                query.order_by(Buurthuis.name, Member.circle_code, Member.first_name)
            ).all()
            return [
                MemberListing(
                    m.id,
                    home,
                    m.circle_code,
                    m.first_name,
                    m.role,
                    "revoked" if m.revoked_at else "pin locked" if m.pin_locked else "active",
                )
                for m, home in rows
            ]

    # --- members at a kiosk: card, PIN, session --------------------------------------------

    def identify_card(self, kiosk: KioskAuth, card: str) -> Identified:
        token = card_token_from(card)
        if token is None:
            return Identified("unknown")
        with self._write() as session:
            row = session.scalars(
                select(Member).where(
                    Member.card_hash == hash_token(token),
                    Member.buurthuis_id == kiosk.buurthuis_id,
                    Member.revoked_at.is_(None),
                )
            ).first()
            if row is None:
                return Identified("unknown")
            return Identified("ok", _member(row), self._open_session(session, row.id))

    def identify_pin(self, kiosk: KioskAuth, member_id: str, pin: str) -> Identified:
        """Check a PIN and count a failure, race-free across kiosks and server processes.

        The KDF runs outside any transaction; the count moves by a conditional UPDATE that
        names the state it was computed from (failures, PIN hash, not locked). If another try
        moved the state first, nothing is written and the try starts over against the new
        state, where it may now meet a wait (not counted) or the lock.
        """
        verdicts: dict[str, bool] = {}
        for _attempt in range(PIN_RACE_RETRIES):
            with self._read() as session:
                row = session.execute(
                    select(
                        Member.pin_hash,
                        Member.pin_failures,
                        Member.pin_blocked_until,
                        Member.pin_locked,
                    ).where(
                        Member.id == member_id[:36],
                        Member.buurthuis_id == kiosk.buurthuis_id,
                        Member.revoked_at.is_(None),
                    )
                ).first()
            if row is None or row.pin_hash is None:
                return Identified("unknown")
            if row.pin_locked:
                return Identified("locked")
            now = self._now()
            if row.pin_blocked_until is not None and row.pin_blocked_until > now:
                left = math.ceil((row.pin_blocked_until - now).total_seconds())
                return Identified("wait", wait_seconds=max(1, left))
            if row.pin_hash not in verdicts:
                verdicts[row.pin_hash] = pin_problem(pin) is None and verify_pin(pin, row.pin_hash)
            right = verdicts[row.pin_hash]
            failures = 0 if right else row.pin_failures + 1
            wait = pin_wait(failures)
            locked = failures >= PIN_LOCK_AFTER
            with self._write() as session:
                moved = session.execute(
                    update(Member)
                    .where(
                        Member.id == member_id,
                        Member.revoked_at.is_(None),
                        Member.pin_hash == row.pin_hash,
                        Member.pin_failures == row.pin_failures,
                        Member.pin_locked.is_(False),
                    )
                    .values(
                        pin_failures=failures,
                        pin_locked=locked,
                        pin_blocked_until=now + timedelta(seconds=wait) if wait else None,
                    ),
                    execution_options={"synchronize_session": False},
                )
                if getattr(moved, "rowcount", 0) != 1:
                    continue  # another try came first: judge this one against the new state
                if right:
                    member = session.get_one(Member, member_id)
                    return Identified("ok", _member(member), self._open_session(session, member_id))
            if locked:
                return Identified("locked")
            return Identified("wrong", tries_left=PIN_LOCK_AFTER - failures, wait_seconds=wait)
        return Identified("wait", wait_seconds=1)  # a storm of tries: this one is not judged

    def _open_session(self, session: Session, member_id: str) -> str:
        token = secrets.token_urlsafe(32)
        now = self._now()
        session.execute(
            delete(MemberSession).where(MemberSession.expires_at < now),
            execution_options={"synchronize_session": False},
        )
        session.add(
            MemberSession(
                token_hash=hash_token(token), member_id=member_id, expires_at=now + SESSION_TTL
            )
        )
        return token

    def _session_member(self, session: Session, kiosk: KioskAuth, token: str) -> Member | None:
        """The member behind a live session, if they are of the calling kiosk's buurthuis."""
        if not token or len(token) > 200:
            return None
        return session.scalars(
            select(Member)
            .join(MemberSession, MemberSession.member_id == Member.id)
            .where(
                MemberSession.token_hash == hash_token(token),
                MemberSession.expires_at > self._now(),
                Member.revoked_at.is_(None),
                Member.buurthuis_id == kiosk.buurthuis_id,
            )
        ).first()

    def session_member(self, kiosk: KioskAuth, token: str) -> domain.Member | None:
        with self._read() as session:
            row = self._session_member(session, kiosk, token)
            return _member(row) if row is not None else None

    def new_card(self, kiosk: KioskAuth, token: str) -> tuple[str, domain.Member] | None:
        """A new card token for the session's member; the old card stops working."""
        card = secrets.token_hex(CARD_TOKEN_BYTES)
        with self._write() as session:
            row = self._session_member(session, kiosk, token)
            if row is None:
                return None
            row.card_hash = hash_token(card)
            return card, _member(row)

    # --- the verbinder ---------------------------------------------------------------------

    def _today(self) -> date:
        moment = self.clock()
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return moment.astimezone(LOCAL_TIME).date()

    def _verbinder(self, session: Session, kiosk: KioskAuth, token: str) -> Member | None:
        row = self._session_member(session, kiosk, token)
        return row if row is not None and row.role == Role.VERBINDER.value else None

    @staticmethod
    def _circle_filter(model: Any, circle: str | None) -> Any:
        """A verbinder sees the own circle and the asks and offers without a circle."""
        if circle is None:
            return model.circle_code.is_(None)
        return or_(model.circle_code == circle, model.circle_code.is_(None))

    def verbinder_view(self, kiosk: KioskAuth, token: str, days: int) -> dict[str, Any] | None:
        """The verbinder's circle: open and claimed asks oldest first, with the contact to
        call, notes and the active offers that fit. None: not a verbinder's live session."""
        today = self._today()
        with self._read() as session:
            verbinder = self._verbinder(session, kiosk, token)
            if verbinder is None:
                return None
            home, code = kiosk.buurthuis_id, verbinder.circle_code
            circle = (
                session.scalars(
                    select(Circle).where(Circle.buurthuis_id == home, Circle.code == code)
                ).first()
                if code is not None
                else None
            )
            asks = session.scalars(
                select(Ask)
                .where(
                    Ask.buurthuis_id == home,
                    Ask.erased_at.is_(None),
                    Ask.status.in_([AskStatus.OPEN.value, AskStatus.CLAIMED.value]),
                    self._circle_filter(Ask, code),
                )
                .order_by(Ask.created_at, Ask.number)
            ).all()
            offers = session.scalars(
                select(Offer)
                .where(
                    Offer.buurthuis_id == home,
                    Offer.erased_at.is_(None),
                    Offer.status == OfferStatus.ACTIVE.value,
                    self._circle_filter(Offer, code),
                )
                .order_by(Offer.created_at, Offer.number)
            ).all()
            askers = _addresses(session, [a.member_id for a in asks if a.member_id])
            notes: dict[str, list[dict[str, Any]]] = {}
            if asks:
                for note, by in session.execute(
                    select(AskNote, Member.first_name)
                    .join(Member, Member.id == AskNote.member_id)
                    .where(AskNote.ask_id.in_([a.id for a in asks]))
                    .order_by(AskNote.created_at, AskNote.id)
                ).all():
                    notes.setdefault(note.ask_id, []).append(
                        {"text": note.text, "at": _iso(note.created_at), "by": by}
                    )
            offer_views = [
                {
                    "id": o.id,
                    "number": o.number,
                    "categories": json.loads(o.categories),
                    "when": _when(o.when_kind, o.when_day),
                    "first_name": o.first_name,
                    "phone": o.phone,
                }
                for o in offers
            ]
            offer_whens = [domain.When(domain.WhenKind(o.when_kind), o.when_day) for o in offers]
            ask_views = []
            for ask in asks:
                ask_when = domain.When(domain.WhenKind(ask.when_kind), ask.when_day)
                days_open = max(0, (today - ask.created_at.date()).days)
                street, house_number = askers.get(ask.member_id or "", (None, None))
                ask_views.append(
                    {
                        "id": ask.id,
                        "number": ask.number,
                        "category": ask.category,
                        "when": _when(ask.when_kind, ask.when_day),
                        "status": ask.status,
                        "first_name": ask.first_name,
                        "phone": ask.phone,
                        "street": street,
                        "house_number": house_number,
                        "for_neighbour": ask.for_neighbour,
                        "days_open": days_open,
                        "waiting": days_open >= days and ask.status == AskStatus.OPEN.value,
                        "notes": notes.get(ask.id, []),
                        "fits": [
                            view["id"]
                            for view, offer_when in zip(offer_views, offer_whens, strict=True)
                            if ask.category in view["categories"]
                            and domain.when_fits(ask_when, offer_when, today)
                        ],
                    }
                )
            return {
                "circle": {"code": circle.code, "name": circle.name} if circle else None,
                "asks": ask_views,
                "offers": offer_views,
            }

    def add_note(
        self, kiosk: KioskAuth, token: str, ask_id: str, text: str
    ) -> Literal["ok", "forbidden", "not_found", "invalid"]:
        try:
            note = clean_note(text)
        except ValueError:
            return "invalid"
        with self._write() as session:
            verbinder = self._verbinder(session, kiosk, token)
            if verbinder is None:
                return "forbidden"
            ask = session.scalar(
                select(Ask.id).where(
                    Ask.id == ask_id[:36],
                    Ask.buurthuis_id == kiosk.buurthuis_id,
                    Ask.erased_at.is_(None),
                    self._circle_filter(Ask, verbinder.circle_code),
                )
            )
            if ask is None:
                return "not_found"
            session.add(
                AskNote(ask_id=ask, member_id=verbinder.id, text=note, created_at=self._now())
            )
            return "ok"

    # --- the helper slip's page ------------------------------------------------------------

    def _helper_row(self, session: Session, token: str) -> Ask | None:
        if not token or len(token) > 100:
            return None
        return session.scalars(
            select(Ask).where(Ask.helper_token_hash == hash_token(token), Ask.erased_at.is_(None))
        ).first()

    def helper_view(self, token: str) -> HelperView | None:
        with self._read() as session:
            row = self._helper_row(session, token)
            if row is None:
                return None
            return HelperView(
                row.number, row.category, _when(row.when_kind, row.when_day), row.status
            )

    def helper_action(self, token: str, action: Literal["done", "release"]) -> bool | None:
        """Done or give back from the helper slip's QR code. None: no such slip (any more)."""
        with self._write() as session:
            row = self._helper_row(session, token)
            if row is None:
                return None
            target = AskStatus.DONE if action == "done" else AskStatus.OPEN
            values: dict[str, Any] = {"status": target.value, "helper_token_hash": None}
            if target is AskStatus.DONE:
                values["closed_at"] = self._now()
            else:
                values |= {"claimed_by": None, "claimed_kiosk_id": None}
            outcome = self._ask_update(
                session,
                row.buurthuis_id,
                row.id,
                [AskStatus.CLAIMED.value],
                values,
            )
            if outcome.result != "accepted":
                return False
            self._append_changes(session, row.buurthuis_id, outcome.changed)
            return True

    # --- kiosks --------------------------------------------------------------------------

    def remembered_kiosk(self, token: str) -> KioskAuth | None:
        """A recent successful :meth:`authenticate` for this token, without touching the DB."""
        cached = self._auth_cache.get(hash_token(token)) if token and len(token) <= 200 else None
        return cached[0] if cached is not None and cached[1] > time.monotonic() else None

    def authenticate(self, token: str) -> KioskAuth | None:
        """The kiosk a device token belongs to, unless it is unknown or revoked.

        Known tokens are remembered for ``AUTH_CACHE_SECONDS`` (a revocation through this
        store takes effect at once; one by another process within that time).
        """
        if not token or len(token) > 200:
            return None
        token_hash = hash_token(token)
        cached = self._auth_cache.get(token_hash)
        if cached is not None and cached[1] > time.monotonic():
            return cached[0]
        with self._read() as session:
            kiosk = session.scalars(
                select(Kiosk).where(Kiosk.token_hash == token_hash, Kiosk.revoked_at.is_(None))
            ).first()
            found = KioskAuth(kiosk.id, kiosk.name, kiosk.buurthuis_id) if kiosk else None
        if found is not None:
            self._auth_cache[token_hash] = (found, time.monotonic() + AUTH_CACHE_SECONDS)
        return found

    def push(self, kiosk: KioskAuth, events: Sequence[IncomingEvent]) -> list[EventResult]:
        """Apply a batch in one transaction (one commit, one fsync), in order.

        If a concurrent twin commits first (unique violation) or PostgreSQL picks this
        transaction as a deadlock victim, the whole batch runs again; events that are now
        stored come back with their stored results, so nothing is applied twice.
        """
        for _attempt in range(8):
            try:
                with self._write() as session:
                    results: list[EventResult] = []
                    changed: list[tuple[str, str]] = []
                    for incoming in events:
                        result, touched = self._handle(session, kiosk, incoming)
                        results.append(result)
                        changed += touched
                    if changed:
                        self._append_changes(session, kiosk.buurthuis_id, changed)
                return results
            except (IntegrityError, OperationalError):
                continue
        raise RuntimeError("batch kept colliding; the kiosk will send it again")

    def _handle(
        self, session: Session, kiosk: KioskAuth, incoming: IncomingEvent
    ) -> tuple[EventResult, list[tuple[str, str]]]:
        body_hash = incoming.body_hash()
        stored = session.get(Event, incoming.event_id)
        if stored is not None:
            if stored.kiosk_id != kiosk.id or stored.body_hash != body_hash:
                # The original stays as it was; say so without revealing it.
                return EventResult(incoming.event_id, "error", "event_id_reused"), []
            result: Any = stored.result
            return EventResult(stored.event_id, result, stored.reason, stored.status), []
        try:
            # _apply raises Rejected only before it writes anything: no savepoint needed.
            outcome = self._apply(session, kiosk, incoming)
        except Rejected as rejected:
            outcome = _Outcome("rejected", rejected.reason)
        session.execute(
            insert(Event),
            [
                {
                    "event_id": incoming.event_id,
                    "kiosk_id": kiosk.id,
                    "device_seq": incoming.device_seq,
                    "type": incoming.type,
                    "entity_id": incoming.entity_id,
                    "body_hash": body_hash,
                    "result": outcome.result,
                    "reason": outcome.reason,
                    "status": outcome.status,
                    "received_at": self._now(),
                }
            ],
        )
        return EventResult(
            incoming.event_id, outcome.result, outcome.reason, outcome.status
        ), outcome.changed

    def _append_changes(
        self, session: Session, buurthuis_id: int, changed: Sequence[tuple[str, str]]
    ) -> None:
        # Taken last and held until commit: writers commit in seq order (see module docstring).
        top = session.execute(
            update(SeqCounter)
            .where(SeqCounter.id == 1)
            .values(value=SeqCounter.value + len(changed))
            .returning(SeqCounter.value)
        ).scalar_one()
        first = top - len(changed) + 1
        session.execute(
            insert(Change),
            [
                {
                    "seq": first + offset,
                    "buurthuis_id": buurthuis_id,
                    "kind": kind,
                    "entity_id": entity_id,
                }
                for offset, (kind, entity_id) in enumerate(changed)
            ],
        )

    def _apply(self, session: Session, kiosk: KioskAuth, incoming: IncomingEvent) -> _Outcome:
        payload = incoming.payload
        if incoming.type not in EVENT_TYPES:
            raise Rejected("unknown_type")
        if payload.get("id", incoming.entity_id) != incoming.entity_id:
            raise Rejected("id_mismatch")
        if incoming.type == "ask.create":
            return self._create_ask(session, kiosk, incoming.entity_id, payload)
        if incoming.type == "offer.create":
            return self._create_offer(session, kiosk, incoming.entity_id, payload)
        if incoming.type == "ask.thank":
            return self._ask_update(
                session,
                kiosk.buurthuis_id,
                incoming.entity_id,
                [AskStatus.CLAIMED.value, AskStatus.DONE.value],
                {"thanked": True},
            )
        if incoming.type in ASK_ACTIONS:
            return self._ask_action(session, kiosk, incoming.type, incoming.entity_id, payload)
        target = OFFER_ACTIONS[incoming.type]
        values: dict[str, Any] = {"status": target.value, "updated_at": self._now()}
        if target is OfferStatus.WITHDRAWN:
            values["closed_at"] = self._now()
        where = [
            Offer.id == incoming.entity_id,
            Offer.buurthuis_id == kiosk.buurthuis_id,
            Offer.erased_at.is_(None),
        ]
        done = session.execute(
            update(Offer)
            .where(*where, Offer.status.in_(_sources(OFFER_TRANSITIONS, target)))
            .values(**values),
            execution_options={"synchronize_session": False},
        )
        status = session.scalar(select(Offer.status).where(*where))
        if status is None:
            raise Rejected("not_found")
        if getattr(done, "rowcount", 0) == 1:
            return _Outcome("accepted", None, status, [("offer", incoming.entity_id)])
        return _Outcome("conflict", f"status_{status}", status)

    def _ask_action(
        self, session: Session, kiosk: KioskAuth, type_: str, ask_id: str, payload: dict[str, Any]
    ) -> _Outcome:
        target = ASK_ACTIONS[type_]
        volunteer = _opt_str(payload, "volunteer", 64)
        now = self._now()
        # Every way out of "claimed" makes the helper slip's QR code stop working.
        values: dict[str, Any] = {"status": target.value, "helper_token_hash": None}
        extra: list[Any] = []
        if target is AskStatus.CLAIMED:
            if volunteer is None:
                raise Rejected("volunteer_missing")
            if not self._is_member(session, kiosk.buurthuis_id, volunteer):
                raise Rejected("unknown_volunteer")
            values |= {
                "claimed_by": volunteer,
                "claimed_kiosk_id": kiosk.id,
                "helper_token_hash": self._helper_token_hash(session, payload),
            }
        elif target is AskStatus.OPEN:
            if volunteer is not None:
                extra.append(Ask.claimed_by == volunteer)  # only the claimer gives it back
            values |= {"claimed_by": None, "claimed_kiosk_id": None}
        else:
            values["closed_at"] = now
            if target is AskStatus.DONE and volunteer is not None:
                extra.append(Ask.claimed_by == volunteer)
        return self._ask_update(
            session, kiosk.buurthuis_id, ask_id, _sources(ASK_TRANSITIONS, target), values, extra
        )

    def _is_member(self, session: Session, buurthuis_id: int, member_id: str) -> bool:
        found = session.scalar(
            select(Member.id).where(
                Member.id == member_id,
                Member.buurthuis_id == buurthuis_id,
                Member.revoked_at.is_(None),
            )
        )
        return found is not None

    def _helper_token_hash(self, session: Session, payload: dict[str, Any]) -> str | None:
        value = payload.get("helper_token_hash")
        if value is None:
            return None
        if (
            not isinstance(value, str)
            or len(value) != 64
            or any(c not in "0123456789abcdef" for c in value)
            or session.scalar(select(Ask.id).where(Ask.helper_token_hash == value)) is not None
        ):
            raise Rejected("bad_helper_token_hash")
        return value

    def _ask_update(
        self,
        session: Session,
        buurthuis_id: int,
        ask_id: str,
        sources: list[str],
        values: dict[str, Any],
        extra: Sequence[Any] = (),
    ) -> _Outcome:
        where = [Ask.id == ask_id, Ask.buurthuis_id == buurthuis_id, Ask.erased_at.is_(None)]
        done = session.execute(
            update(Ask)
            .where(*where, Ask.status.in_(sources), *extra)
            .values(**values, updated_at=self._now()),
            execution_options={"synchronize_session": False},
        )
        status = session.scalar(select(Ask.status).where(*where))
        if status is None:
            raise Rejected("not_found")
        if getattr(done, "rowcount", 0) == 1:
            return _Outcome("accepted", None, status, [("ask", ask_id)])
        return _Outcome("conflict", f"status_{status}", status)

    def _common(
        self,
        session: Session,
        kiosk: KioskAuth,
        entity_id: str,
        payload: dict[str, Any],
        *,
        name_optional: bool = False,
    ) -> dict[str, Any]:
        """The validated fields asks and offers share; the server never trusts the kiosk.

        ``name_optional``: "bel mij terug" needs only a phone number; the name may be empty.
        """
        try:
            number = domain.normalise_request_number(_str(payload, "number", 8))
            if number is None:
                raise Rejected("bad_number")
            when_data = payload.get("when")
            if not isinstance(when_data, dict):
                raise Rejected("bad_when")
            when = domain.When.from_json(when_data)
            raw_name = _str(payload, "first_name", 160)
            if name_optional and not raw_name.strip():
                first_name = ""
            else:
                first_name = domain.clean_name(raw_name)
            phone = domain.normalise_phone(_str(payload, "phone", 30))
            token_hash = _str(payload, "token_hash", 64)
            if len(token_hash) != 64 or any(c not in "0123456789abcdef" for c in token_hash):
                raise Rejected("bad_token_hash")
            created = datetime.fromisoformat(_str(payload, "created_at", 40))
        except (domain.ValidationError, ValueError, KeyError, TypeError, OverflowError):
            raise Rejected("invalid_payload") from None
        circle = _opt_str(payload, "circle", 40)
        if (
            circle is not None
            and session.scalars(
                select(Circle.id).where(
                    Circle.buurthuis_id == kiosk.buurthuis_id, Circle.code == circle
                )
            ).first()
            is None
        ):
            circle = None  # a circle this buurthuis does not know: keep the ask, drop the circle
        now = self._now()
        return {
            "id": entity_id,
            "buurthuis_id": kiosk.buurthuis_id,
            "origin_kiosk_id": kiosk.id,
            "number": number,
            "when_kind": when.kind.value,
            "when_day": when.day,
            "first_name": first_name,
            "phone": phone,
            "circle_code": circle,
            "token_hash": token_hash,
            "created_at": _naive(created),
            "updated_at": now,
        }

    def _create_ask(
        self, session: Session, kiosk: KioskAuth, ask_id: str, payload: dict[str, Any]
    ) -> _Outcome:
        if session.get(Ask, ask_id) is not None:
            return _Outcome("conflict", "exists")
        category = payload.get("category")
        if not isinstance(category, str) or category not in domain.CATEGORY_BY_CODE:
            raise Rejected("invalid_payload")
        fields = self._common(
            session, kiosk, ask_id, payload, name_optional=category == domain.CALLBACK
        )
        member = payload.get("member")
        if not (isinstance(member, str) and len(member) <= 36) or not self._is_member(
            session, kiosk.buurthuis_id, member
        ):
            member = None  # kept only for a member of this buurthuis
        # A bulk-style INSERT skips the unit of work: the hot path of every push.
        session.execute(
            insert(Ask),
            [
                fields
                | {
                    "category": category,
                    "for_neighbour": bool(payload.get("for_neighbour", False)),
                    "status": AskStatus.OPEN.value,
                    "thanked": False,
                    "member_id": member,
                }
            ],
        )
        return _Outcome("accepted", None, AskStatus.OPEN.value, [("ask", ask_id)])

    def _create_offer(
        self, session: Session, kiosk: KioskAuth, offer_id: str, payload: dict[str, Any]
    ) -> _Outcome:
        if session.get(Offer, offer_id) is not None or session.get(Ask, offer_id) is not None:
            return _Outcome("conflict", "exists")
        fields = self._common(session, kiosk, offer_id, payload)
        categories = payload.get("categories")
        if (
            not isinstance(categories, list)
            or not categories
            or len(categories) > 8
            or any(c not in domain.CATEGORY_BY_CODE for c in categories)
            or domain.CALLBACK in categories  # "bel mij terug" is for asks only
        ):
            raise Rejected("invalid_payload")
        session.add(
            Offer(**fields, categories=json.dumps(categories), status=OfferStatus.ACTIVE.value)
        )
        session.flush()
        return _Outcome("accepted", None, OfferStatus.ACTIVE.value, [("offer", offer_id)])

    # --- pull ----------------------------------------------------------------------------

    def pull(self, kiosk: KioskAuth, after: int, limit: int = MAX_PAGE) -> Page:
        """Changes of the kiosk's buurthuis after ``after``, each as the entity is *now*."""
        limit = max(1, min(limit, MAX_PAGE))
        with self._read() as session:
            rows = session.execute(
                select(Change.seq, Change.kind, Change.entity_id)
                .where(Change.buurthuis_id == kiosk.buurthuis_id, Change.seq > after)
                .order_by(Change.seq)
                .limit(limit)
            ).all()
            if not rows:
                return Page([], after, False)
            latest: dict[tuple[str, str], int] = {}
            for seq, kind, entity_id in rows:
                latest[(kind, entity_id)] = seq
            ids = {
                kind: [e for (k, e) in latest if k == kind]
                for kind in ("ask", "offer", "circle", "member")
            }
            home = kiosk.buurthuis_id
            asks = _in_buurthuis(session, Ask, Ask.id, ids["ask"], home)
            offers = _in_buurthuis(session, Offer, Offer.id, ids["offer"], home)
            circles = _in_buurthuis(session, Circle, Circle.code, ids["circle"], home)
            members = _in_buurthuis(session, Member, Member.id, ids["member"], home)
            # The asker's address goes only with the claimer's view (for the helper slip).
            addresses = _addresses(
                session,
                [a.member_id for a in asks.values() if a.member_id and _claimed_by(a, kiosk)],
            )
            changes: list[PulledChange] = []
            for (kind, entity_id), seq in sorted(latest.items(), key=lambda item: item[1]):
                data: dict[str, Any] | None
                if kind == "ask":
                    data = (
                        _ask_view(asks[entity_id], kiosk, addresses) if entity_id in asks else None
                    )
                elif kind == "member":
                    member = members.get(entity_id)
                    data = (
                        None
                        if member is None or member.revoked_at is not None
                        else {
                            "first_name": member.first_name,
                            "circle": member.circle_code,
                            "role": member.role,
                        }
                    )
                elif kind == "offer":
                    data = _offer_view(offers[entity_id], kiosk) if entity_id in offers else None
                else:
                    circle = circles.get(entity_id)
                    data = (
                        None
                        if circle is None
                        else {
                            "code": circle.code,
                            "name": circle.name,
                            "verbinder_name": circle.verbinder_name,
                            "verbinder_phone": circle.verbinder_phone,
                        }
                    )
                op: Literal["upsert", "erase"] = "upsert" if data is not None else "erase"
                changes.append(PulledChange(seq, kind, entity_id, op, data))
        return Page(changes, rows[-1][0] if rows else after, len(rows) == limit)

    # --- follow-up by QR -----------------------------------------------------------------

    def _followup_row(self, session: Session, token: str) -> Ask | Offer | None:
        """The ask or offer behind a receipt's token, unless erased or expired."""
        if not token or len(token) > 100:
            return None
        token_hash = hash_token(token)
        row: Ask | Offer | None = session.scalars(
            select(Ask).where(Ask.token_hash == token_hash, Ask.erased_at.is_(None))
        ).first()
        if row is None:
            row = session.scalars(
                select(Offer).where(Offer.token_hash == token_hash, Offer.erased_at.is_(None))
            ).first()
        if row is None:
            return None
        if row.closed_at is not None and row.closed_at + self.retention < self._now():
            return None  # expired, even if the erasure has not run yet
        return row

    def followup(self, token: str) -> FollowUp | None:
        with self._read() as session:
            row = self._followup_row(session, token)
            if row is None:
                return None
            when = {
                "kind": row.when_kind,
                "day": row.when_day.isoformat() if row.when_day else None,
            }
            if isinstance(row, Offer):
                categories = tuple(json.loads(row.categories))
                return FollowUp(
                    row.number,
                    categories[0],
                    row.status,
                    row.first_name or "",
                    when,
                    False,
                    "offer",
                    categories,
                )
            return FollowUp(
                row.number,
                row.category,
                row.status,
                row.first_name or "",
                when,
                row.thanked,
                "ask",
                (row.category,),
            )

    def followup_action(self, token: str, action: Literal["cancel", "thank"]) -> bool | None:
        """Cancel or thank from the page (for an offer: stop it). None: no such request;
        False: not possible (any more)."""
        with self._write() as session:
            row = self._followup_row(session, token)
            if row is None:
                return None
            if isinstance(row, Offer):
                if action != "cancel":
                    return False
                target = OfferStatus.WITHDRAWN
                done = session.execute(
                    update(Offer)
                    .where(
                        Offer.id == row.id, Offer.status.in_(_sources(OFFER_TRANSITIONS, target))
                    )
                    .values(status=target.value, closed_at=self._now(), updated_at=self._now()),
                    execution_options={"synchronize_session": False},
                )
                if getattr(done, "rowcount", 0) != 1:
                    return False
                self._append_changes(session, row.buurthuis_id, [("offer", row.id)])
                return True
            if action == "cancel":
                sources = _sources(ASK_TRANSITIONS, AskStatus.CANCELLED)
                values: dict[str, Any] = {
                    "status": AskStatus.CANCELLED.value,
                    "closed_at": self._now(),
                }
            else:
                sources = [AskStatus.CLAIMED.value, AskStatus.DONE.value]
                values = {"thanked": True}
            outcome = self._ask_update(session, row.buurthuis_id, row.id, sources, values)
            if outcome.result != "accepted":
                return False
            self._append_changes(session, row.buurthuis_id, outcome.changed)
            return True

    # --- retention -----------------------------------------------------------------------

    def compact_changes(self) -> int:
        """Drop change rows that a later row for the same entity supersedes.

        Safe for every cursor: a pull renders the entity as it is *now*, so a kiosk behind the
        dropped row still meets the later one, and a kiosk past the later one saw it already.
        The feed then grows with the number of entities, not of edits, and no cursor ever
        has to be refused as too old.
        """
        latest = (
            select(func.max(Change.seq)).group_by(Change.kind, Change.entity_id).scalar_subquery()
        )
        with self._write() as session:
            result = session.execute(
                delete(Change).where(Change.seq.not_in(latest)),
                execution_options={"synchronize_session": False},
            )
            return int(getattr(result, "rowcount", 0) or 0)

    def erase_expired(self) -> int:
        """Erase personal data of requests closed longer than the retention period ago.

        The rows stay as tombstones (id, status, dates) so every kiosk learns to purge them.
        """
        now = self._now()
        cutoff = now - self.retention
        erased = 0
        with self._write() as session:
            for model, closed in ((Ask, CLOSED_ASK), (Offer, (OfferStatus.WITHDRAWN.value,))):
                ids = session.execute(
                    select(model.id, model.buurthuis_id).where(
                        model.status.in_(closed),
                        model.closed_at.is_not(None),
                        model.closed_at < cutoff,
                        model.erased_at.is_(None),
                    )
                ).all()
                if not ids:
                    continue
                values: dict[str, Any] = {
                    "first_name": None,
                    "phone": None,
                    "token_hash": None,
                    "erased_at": now,
                }
                if model is Ask:
                    values |= {"claimed_by": None, "member_id": None, "helper_token_hash": None}
                    session.execute(
                        delete(AskNote).where(AskNote.ask_id.in_([row[0] for row in ids])),
                        execution_options={"synchronize_session": False},
                    )
                session.execute(
                    update(model).where(model.id.in_([row[0] for row in ids])).values(**values),
                    execution_options={"synchronize_session": False},
                )
                kind = "ask" if model is Ask else "offer"
                by_home: dict[int, list[tuple[str, str]]] = {}
                for entity_id, home in ids:
                    by_home.setdefault(home, []).append((kind, entity_id))
                for home, changed in by_home.items():
                    self._append_changes(session, home, changed)
                erased += len(ids)
        return erased


def _str(payload: dict[str, Any], key: str, max_len: int) -> str:
    value = payload[key]
    if not isinstance(value, str) or len(value) > max_len:
        raise ValueError(key)
    return value


def _opt_str(payload: dict[str, Any], key: str, max_len: int) -> str | None:
    """An optional short identifier; control, surrogate and unassigned characters refused."""
    value = payload.get(key)
    if value is None:
        return None
    if (
        not isinstance(value, str)
        or not value
        or len(value) > max_len
        or any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn", "Cf") for ch in value)
    ):
        raise Rejected(f"bad_{key}")
    return value


def _when(kind: str, day: date | None) -> dict[str, str | None]:
    return {"kind": kind, "day": day.isoformat() if day else None}


def _claimed_by(ask: Ask, viewer: KioskAuth) -> bool:
    return ask.status == AskStatus.CLAIMED.value and ask.claimed_kiosk_id == viewer.id


def _addresses(session: Session, member_ids: list[str]) -> dict[str, tuple[str | None, str | None]]:
    """(street, house number) of the given members, by member id."""
    if not member_ids:
        return {}
    rows = session.execute(
        select(Member.id, Member.street, Member.house_number).where(Member.id.in_(member_ids))
    ).all()
    return {row[0]: (row[1], row[2]) for row in rows}


def _ask_view(
    ask: Ask, viewer: KioskAuth, addresses: dict[str, tuple[str | None, str | None]]
) -> dict[str, Any] | None:
    """An ask as one kiosk may see it. The phone number goes only to the kiosk where it was
    typed and, while the ask is claimed, to the claimer's kiosk (to print the helper slip),
    which alone also gets the asking member's street and house number."""
    if ask.erased_at is not None:
        return None
    claimer_here = _claimed_by(ask, viewer)
    data: dict[str, Any] = {
        "number": ask.number,
        "category": ask.category,
        "when": _when(ask.when_kind, ask.when_day),
        "first_name": ask.first_name,
        "for_neighbour": ask.for_neighbour,
        "circle": ask.circle_code,
        "status": ask.status,
        "token_hash": ask.token_hash,
        "thanked": ask.thanked,
        "created_at": _iso(ask.created_at),
        "updated_at": _iso(ask.updated_at),
        "claimed_here": claimer_here,
    }
    if claimer_here:
        street, house_number = addresses.get(ask.member_id or "", (None, None))
        data |= {"claimed_by": ask.claimed_by, "street": street, "house_number": house_number}
    if claimer_here or ask.origin_kiosk_id == viewer.id:
        data["phone"] = ask.phone
    return data


def _offer_view(offer: Offer, viewer: KioskAuth) -> dict[str, Any] | None:
    if offer.erased_at is not None:
        return None
    data: dict[str, Any] = {
        "number": offer.number,
        "categories": json.loads(offer.categories),
        "when": _when(offer.when_kind, offer.when_day),
        "first_name": offer.first_name,
        "circle": offer.circle_code,
        "status": offer.status,
        "token_hash": offer.token_hash,
        "created_at": _iso(offer.created_at),
        "updated_at": _iso(offer.updated_at),
    }
    if offer.origin_kiosk_id == viewer.id:
        data["phone"] = offer.phone
    return data


def _in_buurthuis(
    session: Session, model: Any, key: Any, wanted: list[str], buurthuis_id: Any
) -> dict[str, Any]:
    """Rows of ``model`` whose ``key`` is in ``wanted``, of one buurthuis only, by key."""
    if not wanted:
        return {}
    rows = session.scalars(select(model).where(key.in_(wanted), model.buurthuis_id == buurthuis_id))
    return {getattr(row, key.key): row for row in rows}
