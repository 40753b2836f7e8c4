"""LocalStore: the kiosk's database as the app uses it, one unit of work per call."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kiosk import domain
from kiosk.clock import local_day, utc_now
from kiosk.domain import (
    Ask,
    AskDraft,
    Circle,
    MemberName,
    Offer,
    OfferDraft,
    PublicAsk,
    Saved,
)
from kiosk.sqlite import UnitsOfWork
from kiosk.store import asks, board, circles, claims, members, offers, outbox
from kiosk.store.board import BOARD_LIMIT, OpenAskCounts
from kiosk.store.broken import StoreUnusable, check_usable, found_unusable
from kiosk.store.claims import ClaimedAsk
from kiosk.store.db import make_engine, migrate
from kiosk.store.outbox import PendingEvent, Proof, RejectedEvent

Clock = Callable[[], datetime]


def _naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


class LocalStore(UnitsOfWork):
    """Opens the session of each call and hands it to the area modules (:mod:`.asks`,
    :mod:`.offers`, :mod:`.claims`, :mod:`.board`, :mod:`.members`, :mod:`.circles`,
    :mod:`.outbox`), which do the work and never commit themselves."""

    def __init__(self, engine: Engine, clock: Clock = utc_now) -> None:
        super().__init__(engine)
        self.clock = clock

    @classmethod
    def open(cls, path: str | Path, clock: Clock = utc_now) -> LocalStore:
        """Open (or create) the file, checked and migrated. A damaged, unreadable or read-only
        file raises :class:`~kiosk.store.broken.StoreUnusable` here, not on the first ask."""
        with found_unusable(path):
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = make_engine(path)
        try:
            check_usable(engine, path)
            with found_unusable(path):
                migrate(engine)
        except StoreUnusable:
            engine.dispose()
            raise
        return cls(engine, clock)

    def close(self) -> None:
        self.engine.dispose()

    def _now(self) -> datetime:
        return _naive_utc(self.clock())

    def _save_numbered(self, insert: Callable[[Session, str, str, str, datetime], None]) -> Saved:
        """New id, follow-up token and a request number free on this kiosk, in one unit of
        work (BEGIN IMMEDIATE: no other writer can take the number meanwhile):
        ``insert(session, id, number, token, now)``."""
        token = domain.new_followup_token()
        new_id = domain.new_id()
        now = self._now()
        with self._write() as session:
            number = asks.free_number(session)
            insert(session, new_id, number, token, now)
        return Saved(id=new_id, number=number, followup_token=token)

    # --- circles ---------------------------------------------------------------------------

    def seed_circles(self, seeded: Sequence[Circle]) -> None:
        with self._write() as session:
            circles.seed(session, seeded)

    def circles(self) -> list[Circle]:
        with self._read() as session:
            return circles.all_circles(session)

    def circle(self, code: str | None) -> Circle | None:
        if code is None:
            return None
        with self._read() as session:
            return circles.by_code(session, code)

    # --- asks ------------------------------------------------------------------------------

    def save_ask(self, draft: AskDraft) -> Saved:
        """Validate, commit the ask and its outbox event, and only then return."""
        checked = asks.check(draft, local_day(self.clock()))
        return self._save_numbered(lambda session, *new: asks.insert(session, draft, checked, *new))

    def ask(self, ask_id: str) -> Ask | None:
        with self._read() as session:
            return asks.by_id(session, ask_id)

    def ask_by_number(self, number: str) -> Ask | None:
        canonical = domain.normalise_request_number(number)
        if canonical is None:
            return None
        with self._read() as session:
            return asks.by_number(session, canonical)

    def all_asks(self) -> list[Ask]:
        with self._read() as session:
            return asks.all_asks(session)

    def ask_by_followup_token(self, token: str) -> Ask | None:
        """The ask behind a receipt's QR (``/r/<token>``); the store keeps only the hash."""
        if not asks.FOLLOWUP_TOKEN.fullmatch(token):
            return None
        with self._read() as session:
            return asks.by_followup_token(session, token)

    # --- the board -------------------------------------------------------------------------

    def open_asks(
        self,
        *,
        circle: str | None = None,
        category: str | None = None,
        limit: int = BOARD_LIMIT,
    ) -> list[PublicAsk]:
        """Open asks for the public board: see :func:`kiosk.store.board.open_asks`."""
        now = self._now()
        with self._read() as session:
            return board.open_asks(session, now, circle, category, limit)

    def open_ask_counts(self) -> OpenAskCounts:
        """Counts for the board's filter buttons, in one read."""
        with self._read() as session:
            return board.open_ask_counts(session)

    # --- claims and the helper slip --------------------------------------------------------

    def ask_action(
        self,
        ask_id: str,
        action: str,
        volunteer: str | None = None,
        *,
        session: str | None = None,
        helper_token: str | None = None,
        receipt_token: str | None = None,
    ) -> Ask:
        """Claim, give back, finish, cancel or thank here at once and queue the event.

        The local change is optimistic: the central store decides, and a claim stays
        ``claim_state='pending'`` until its result comes back (``confirmed``, ``conflict`` or
        ``rejected``; a rejected change is undone here). Who makes the change goes along for
        the central store to check: the member's ``session`` (claim, release, done), the
        ``helper_token`` of a scanned helper slip (release, done), or the ``receipt_token`` of
        a scanned receipt (cancel, thank, done; none needed for a request made here). A token
        that is not this ask's raises ValueError. A claim made through :meth:`claim` also
        gets a helper slip token.
        """
        proof = Proof(session, helper_token, receipt_token)
        return self._act(ask_id, action, volunteer, None, proof)

    def claim(self, ask_id: str, member_id: str, *, session: str | None = None) -> tuple[Ask, str]:
        """Claim for a member (``session``: the member's session here) and make the helper
        slip's token; only its sha256 is stored and sent. Returns the token for the slip's QR
        (``{public_url}/h/{token}``)."""
        token, token_hash = claims.new_helper_token()
        ask = self._act(ask_id, "claim", member_id, token_hash, Proof(session=session))
        return ask, token

    def _act(
        self,
        ask_id: str,
        action: str,
        volunteer: str | None,
        helper_token_hash: str | None,
        proof: Proof,
    ) -> Ask:
        claims.check_action(action, volunteer, proof)
        now = self._now()
        with self._write() as session:
            return claims.act(session, ask_id, action, volunteer, helper_token_hash, proof, now)

    def my_claims(self, member_id: str) -> list[Ask]:
        """'Mijn klussen': what this member claimed here and has not finished or given back."""
        with self._read() as session:
            return claims.mine(session, member_id)

    def ask_by_helper_token(self, token: str) -> Ask | None:
        """The ask behind a helper slip's QR (``/h/<token>``), while it is claimed here."""
        if not claims.HELPER_TOKEN.fullmatch(token):
            return None
        with self._read() as session:
            return claims.by_helper_token(session, token)

    def helper_slip(self, ask_id: str) -> ClaimedAsk | None:
        """What the helper slip prints, or None when the ask is not (or no longer) ours."""
        with self._read() as session:
            return claims.helper_slip(session, ask_id)

    # --- members ---------------------------------------------------------------------------

    def members(self, circle: str | None = None) -> list[MemberName]:
        """Members' first names for the PIN login, alphabetical; of one circle if given."""
        with self._read() as session:
            return members.names(session, circle)

    def circles_with_members(self) -> list[str]:
        """Codes of the circles that have at least one member here, sorted."""
        with self._read() as session:
            return members.circles_with_members(session)

    # --- offers ----------------------------------------------------------------------------

    def save_offer(self, draft: OfferDraft) -> Saved:
        """Like :meth:`save_ask`: an offer also gets a number and a follow-up token."""
        checked = offers.check(draft, local_day(self.clock()))
        return self._save_numbered(
            lambda session, *new: offers.insert(session, draft, checked, *new)
        )

    def offer_action(
        self, offer_id: str, action: str, *, receipt_token: str | None = None
    ) -> Offer:
        """Pause, resume or withdraw an offer here at once and queue the event; like
        :meth:`ask_action`, ``receipt_token`` when the offer was opened by scanning its receipt
        (none for an offer made here). Rejected by the central store: undone here."""
        if action not in offers.OFFER_TARGETS:
            raise ValueError(f"unknown offer action {action!r}")
        if receipt_token is not None and not asks.FOLLOWUP_TOKEN.fullmatch(receipt_token):
            raise ValueError("not a receipt's token")
        now = self._now()
        with self._write() as session:
            return offers.act(session, offer_id, action, Proof(receipt_token=receipt_token), now)

    def offers(self) -> list[Offer]:
        with self._read() as session:
            return offers.all_offers(session)

    def offer_by_followup_token(self, token: str) -> Offer | None:
        """The offer behind a receipt's QR; like :meth:`ask_by_followup_token`."""
        if not asks.FOLLOWUP_TOKEN.fullmatch(token):
            return None
        with self._read() as session:
            return offers.by_followup_token(session, token)

    # --- outbox ----------------------------------------------------------------------------

    def pending_events(self, limit: int = 100) -> list[PendingEvent]:
        with self._read() as session:
            return outbox.pending_events(session, limit)

    def pending_count(self) -> int:
        with self._read() as session:
            return outbox.pending_count(session)

    def rejected_events(self) -> list[RejectedEvent]:
        """Changes the central store refused, kept aside for the operator (no personal data)."""
        with self._read() as session:
            return outbox.rejected_events(session)

    def forget_rejected(self) -> int:
        """Delete the rejected events once the operator has seen them; returns how many."""
        with self._write() as session:
            return outbox.forget_rejected(session)

    def integrity_check(self) -> str:
        with self.engine.connect() as connection:
            return str(connection.exec_driver_sql("PRAGMA integrity_check").scalar())
