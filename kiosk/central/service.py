"""The central store's façade: one unit of work per call, the work done by kiosk.central.services.

Find each job by its module: kiosks and device tokens in ``kiosks``, circles in ``circles``,
members and cards in ``members``, PINs in ``pins`` (a try in ``pin_login``, with the kiosk's
limits in ``pin_limits`` and the hashing bound in ``kdf_gate``), a member's session at a kiosk
in ``sessions``, a kiosk's push in ``push`` (one event: ``apply``, ``create`` with ``numbers``,
``ask_actions``, ``offer_actions``; who may make each in ``authority``), the feed in
``changes`` and ``pull``, the receipt's page in ``followup``, the helper slip's page in
``helper``, the verbinder's view in ``verbinder`` and what is kept no longer in ``retention``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any, Literal

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from kiosk import domain
from kiosk.central.services import (
    circles,
    followup,
    helper,
    kiosks,
    members,
    pin_login,
    pins,
    pull,
    push,
    retention,
    sessions,
    verbinder,
)
from kiosk.central.services.apply import EVENT_TYPES
from kiosk.central.services.ask_actions import ASK_ACTIONS
from kiosk.central.services.changes import append_changes
from kiosk.central.services.common import domain_member, hash_token, naive_utc, utc_now
from kiosk.central.services.kdf_gate import KdfGate
from kiosk.central.services.kiosks import AUTH_CACHE_SECONDS, DEVICE_TOKEN_BYTES
from kiosk.central.services.members import CARD_TOKEN_BYTES, card_token_from
from kiosk.central.services.offer_actions import OFFER_ACTIONS
from kiosk.central.services.pins import (
    PIN_FIRST_WAIT,
    PIN_FREE_FAILURES,
    PIN_LENGTH,
    PIN_LOCK_AFTER,
    PIN_LOCK_TIME,
    PIN_RACE_RETRIES,
    SCRYPT_LEN,
    SCRYPT_N,
    SCRYPT_P,
    SCRYPT_R,
    WeakPin,
    hash_pin,
    new_pin,
    pin_problem,
    pin_wait,
    verify_pin,
)
from kiosk.central.services.pull import MAX_PAGE
from kiosk.central.services.push import MAX_BATCH, PUSH_ATTEMPTS
from kiosk.central.services.retention import CLOSED_ASK, DEFAULT_RETENTION
from kiosk.central.services.values import (
    SESSION_GRACE,
    SESSION_TTL,
    Clock,
    EventResult,
    FollowUp,
    HelperView,
    Identified,
    IdentifyResult,
    IncomingEvent,
    KioskAuth,
    MemberListing,
    NewMember,
    Page,
    PulledChange,
    Rejected,
    Result,
    TryLater,
)
from kiosk.central.services.verbinder import LOCAL_TIME, NOTE_MAX, clean_note
from kiosk.domain import Role
from kiosk.sqlite import UnitsOfWork

__all__ = [
    "ASK_ACTIONS",
    "AUTH_CACHE_SECONDS",
    "CARD_TOKEN_BYTES",
    "CLOSED_ASK",
    "DEFAULT_RETENTION",
    "DEVICE_TOKEN_BYTES",
    "EVENT_TYPES",
    "LOCAL_TIME",
    "MAX_BATCH",
    "MAX_PAGE",
    "NOTE_MAX",
    "OFFER_ACTIONS",
    "PIN_FIRST_WAIT",
    "PIN_FREE_FAILURES",
    "PIN_LENGTH",
    "PIN_LOCK_AFTER",
    "PIN_LOCK_TIME",
    "PIN_RACE_RETRIES",
    "SCRYPT_LEN",
    "SCRYPT_N",
    "SCRYPT_P",
    "SCRYPT_R",
    "SESSION_GRACE",
    "SESSION_TTL",
    "CentralStore",
    "Clock",
    "EventResult",
    "FollowUp",
    "HelperView",
    "Identified",
    "IdentifyResult",
    "IncomingEvent",
    "KioskAuth",
    "MemberListing",
    "NewMember",
    "Page",
    "PulledChange",
    "Rejected",
    "Result",
    "TryLater",
    "WeakPin",
    "card_token_from",
    "clean_note",
    "hash_pin",
    "hash_token",
    "new_pin",
    "pin_problem",
    "pin_wait",
    "utc_now",
    "verify_pin",
]


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
        self._known_kiosks = kiosks.KnownKiosks()
        self._kdf_gate = KdfGate()

    def _now(self) -> datetime:
        """The store's clock as naive UTC, the way the tables keep time."""
        return naive_utc(self.clock())

    def _append_changes(
        self, session: Session, buurthuis_id: int, changed: Sequence[tuple[str, str]]
    ) -> None:
        append_changes(session, buurthuis_id, changed)

    # --- operator: kiosks, circles, members ------------------------------------------------

    def add_kiosk(self, name: str, buurthuis: str) -> str:
        """Register a kiosk; returns its device token, which is stored only as a hash."""
        token = kiosks.new_device_token()
        with self._write() as session:
            kiosks.add_kiosk(session, name, buurthuis, token, self._now())
        return token

    def revoke_kiosk(self, name: str) -> bool:
        with self._write() as session:
            revoked = kiosks.revoke_kiosk(session, name, self._now())
            self._known_kiosks.clear()
            return revoked

    def kiosks(self) -> list[tuple[str, str, bool]]:
        """(name, buurthuis, revoked) for every kiosk."""
        with self._read() as session:
            return kiosks.list_kiosks(session)

    def add_circle(
        self, buurthuis: str, code: str, name: str, verbinder_name: str, verbinder_phone: str
    ) -> None:
        """Add or change a circle; kiosks of that buurthuis receive it on their next pull."""
        phone = domain.normalise_phone(verbinder_phone)
        with self._write() as session:
            circles.add_circle(session, buurthuis, code, name, verbinder_name, phone)

    def circles(self, buurthuis: str | None = None) -> list[tuple[str, str, str, str, str]]:
        """(buurthuis, code, name, verbinder name, verbinder phone)."""
        with self._read() as session:
            return circles.list_circles(session, buurthuis)

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
        draft = members.draft_member(first_name, phone, street, house_number, role, pin)
        with self._write() as session:
            members.add_member(session, buurthuis, circle, draft, self._now())
        return draft.new

    def reset_pin(self, member_id: str, pin: str | None = None) -> str | None:
        """A new PIN (generated if None) and the failure count cleared; None: no such member."""
        pin = pins.chosen_or_new_pin(pin)
        pin_hash = hash_pin(pin)
        with self._write() as session:
            return pin if pins.reset_pin(session, member_id, pin_hash) else None

    def revoke_member(self, member_id: str) -> bool:
        """Card, PIN and sessions stop working at once; kiosks drop the name on their next pull."""
        with self._write() as session:
            return members.revoke_member(session, member_id, self._now())

    def members(self, buurthuis: str | None = None) -> list[MemberListing]:
        with self._read() as session:
            return members.list_members(session, buurthuis, self._now())

    # --- members at a kiosk: card, PIN, session --------------------------------------------

    def identify_card(self, kiosk: KioskAuth, card: str) -> Identified:
        token = card_token_from(card)
        if token is None:
            return Identified("unknown")
        with self._write() as session:
            return sessions.identify_card(session, kiosk, token, self._now())

    def identify_pin(self, kiosk: KioskAuth, member_id: str, pin: str) -> Identified:
        """Check a PIN and count a failure, race-free across kiosks and server processes.

        Raises :class:`TryLater` when this kiosk or its buurthuis made too many wrong tries
        lately, or when too many PINs are being checked at this moment.
        """
        return pin_login.identify_pin(
            self._read, self._write, self._kdf_gate, self._now, kiosk, member_id, pin
        )

    def logout(self, kiosk: KioskAuth, token: str) -> None:
        """End a session this kiosk opened; from now on it opens nothing."""
        with self._write() as session:
            sessions.end_session(session, kiosk, token, self._now())

    def unlock_pin(self, kiosk: KioskAuth, token: str, member_id: str) -> bool:
        """The circle's verbinder lifts a member's PIN lock at the kiosk; False: not allowed."""
        with self._write() as session:
            return pins.unlock_by_verbinder(session, kiosk, token, member_id, self._now())

    def session_member(self, kiosk: KioskAuth, token: str) -> domain.Member | None:
        with self._read() as session:
            row = sessions.session_member(session, kiosk, token, self._now())
            return domain_member(row) if row is not None else None

    def new_card(self, kiosk: KioskAuth, token: str) -> tuple[str, domain.Member] | None:
        """A new card token for the session's member; the old card stops working."""
        card = members.new_card_token()
        with self._write() as session:
            row = sessions.new_card(session, kiosk, token, card, self._now())
            return (card, domain_member(row)) if row is not None else None

    # --- the verbinder ---------------------------------------------------------------------

    def verbinder_view(self, kiosk: KioskAuth, token: str, days: int) -> dict[str, Any] | None:
        """The verbinder's circle: open and claimed asks oldest first, with the contact to
        call, notes and the active offers that fit. None: not a verbinder's live session."""
        today = verbinder.local_today(self.clock())
        with self._read() as session:
            return verbinder.verbinder_view(session, kiosk, token, days, today, self._now())

    def add_note(
        self, kiosk: KioskAuth, token: str, ask_id: str, text: str
    ) -> Literal["ok", "forbidden", "not_found", "invalid"]:
        try:
            note = clean_note(text)
        except ValueError:
            return "invalid"
        with self._write() as session:
            return verbinder.add_note(session, kiosk, token, ask_id, note, self._now)

    # --- the helper slip's page and the receipt's follow-up page ---------------------------

    def helper_view(self, token: str) -> HelperView | None:
        """The claimed ask behind a slip, or how its claim ended while the ask is kept."""
        with self._read() as session:
            return helper.helper_view(session, token, self.retention, self._now())

    def helper_action(self, token: str, action: Literal["done", "release"]) -> bool | None:
        """Done or give back from the helper slip's QR code. None: no such slip; False: its
        claim has ended (or someone was first)."""
        with self._write() as session:
            return helper.helper_action(session, token, action, self._now)

    def followup(self, token: str) -> FollowUp | None:
        with self._read() as session:
            return followup.followup(session, token, self.retention, self._now)

    def followup_action(self, token: str, action: Literal["cancel", "thank"]) -> bool | None:
        """Cancel or thank from the page (for an offer: stop it). None: no such request;
        False: not possible (any more)."""
        with self._write() as session:
            return followup.followup_action(session, token, action, self.retention, self._now)

    # --- kiosks: authenticate, push, pull ----------------------------------------------------

    def remembered_kiosk(self, token: str) -> KioskAuth | None:
        """A recent successful :meth:`authenticate` for this token, without touching the DB."""
        token_hash = kiosks.token_hash_of(token)
        return self._known_kiosks.get(token_hash) if token_hash is not None else None

    def authenticate(self, token: str) -> KioskAuth | None:
        """The kiosk a device token belongs to, unless it is unknown or revoked.

        Known tokens are remembered for ``AUTH_CACHE_SECONDS`` (a revocation through this
        store takes effect at once; one by another process within that time).
        """
        token_hash = kiosks.token_hash_of(token)
        if token_hash is None:
            return None
        cached = self._known_kiosks.get(token_hash)
        if cached is not None:
            return cached
        with self._read() as session:
            found = kiosks.kiosk_of(session, token_hash)
        if found is not None:
            self._known_kiosks.remember(token_hash, found)
        return found

    def push(self, kiosk: KioskAuth, events: Sequence[IncomingEvent]) -> list[EventResult]:
        """Apply a batch in one transaction (one commit, one fsync), in order, each event in a
        savepoint of its own (a bad one is rejected, the others applied).

        If a concurrent twin commits first (unique violation) or PostgreSQL picks this
        transaction as a deadlock victim, the whole batch runs again; events that are now
        stored come back with their stored results, so nothing is applied twice.
        """
        for attempt in range(1, PUSH_ATTEMPTS + 1):
            try:
                with self._write() as session:
                    return push.push_batch(
                        session, kiosk, events, self._now, last_attempt=attempt == PUSH_ATTEMPTS
                    )
            except (IntegrityError, OperationalError):
                continue
        raise RuntimeError("batch kept colliding; the kiosk will send it again")

    def pull(self, kiosk: KioskAuth, after: int, limit: int = MAX_PAGE) -> Page:
        """Changes of the kiosk's buurthuis after ``after``, each as the entity is *now*."""
        with self._read() as session:
            return pull.pull(session, kiosk, after, limit)

    # --- retention -----------------------------------------------------------------------

    def compact_changes(self) -> int:
        """Drop change rows that a later row for the same entity supersedes."""
        with self._write() as session:
            return retention.compact_changes(session)

    def erase_expired(self) -> int:
        """Erase personal data of requests closed longer than the retention period ago."""
        now = self._now()
        with self._write() as session:
            return retention.erase_expired(session, self.retention, now)
