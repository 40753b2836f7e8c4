"""What the sync worker needs from the kiosk's database: acknowledge pushed events and apply
pulled changes, each in one local transaction.

Acknowledging deletes the outbox rows *and* records what the central store decided (a claim
confirmed or lost, a change rejected and undone: :mod:`kiosk.store.settle`) in the same commit, so a crash between the server's answer and this commit
only means the batch is sent again, and the server answers it from its idempotency log.
Applying a page of changes and moving the pull cursor commit together too (a checkpoint).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from kiosk import domain
from kiosk.clock import local_day
from kiosk.store import LocalStore, PendingEvent
from kiosk.store.db import BUSY_TIMEOUT_MS
from kiosk.store.models import AskRow, CircleRow, MemberRow, OfferRow, OutboxEvent, SyncState
from kiosk.store.outbox import PENDING
from kiosk.store.settle import Decision, LostAction, NewNumber, RefusedAction, Settled, settle

__all__ = ["Decision", "LostAction", "NewNumber", "RefusedAction", "Settled", "SyncLedger"]

log = logging.getLogger(__name__)

CURSOR_KEY = "pull_cursor"


def _naive(text: str | None) -> datetime:
    if not text:
        return datetime.now(UTC).replace(tzinfo=None)
    moment = datetime.fromisoformat(text)
    return moment.astimezone(UTC).replace(tzinfo=None) if moment.tzinfo else moment


class SyncLedger:
    def __init__(self, store: LocalStore) -> None:
        self.store = store

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with Session(self.store._writer, expire_on_commit=False) as session, session.begin():
            yield session

    def cursor(self) -> int:
        with Session(self.store.engine) as session:
            row = session.get(SyncState, CURSOR_KEY)
            return int(row.value) if row else 0

    def record_failure(self, events: Sequence[PendingEvent], error: str) -> None:
        with self._write() as session:
            session.execute(
                update(OutboxEvent)
                .where(OutboxEvent.seq.in_([e.seq for e in events]))
                .values(attempts=OutboxEvent.attempts + 1, last_error=error[:200])
            )

    def acknowledge(
        self, events: Sequence[PendingEvent], decisions: Sequence[Decision]
    ) -> list[LostAction]:
        """Settle answered events (see :func:`settle`); the actions lost to someone else."""
        return self.settle(events, decisions).lost

    def settle(self, events: Sequence[PendingEvent], decisions: Sequence[Decision]) -> Settled:
        """Remove answered events from the outbox, undo and keep aside what the server
        rejected, take new request numbers, and scrub the tokens that went along."""
        with self._write() as session:
            settled = settle(session, events, decisions, self.store._now())
        if settled.scrubbed:
            self.wipe_freed_pages()
        return settled

    def wipe_freed_pages(self) -> None:
        """Fold the WAL into the file and empty it, so scrubbed tokens are not left in old
        frames (deleted content itself is zeroed: ``secure_delete`` is on). Best effort: a
        reader elsewhere may keep part of the WAL until the next time."""
        connection = self.store.engine.raw_connection()
        cursor = connection.cursor()
        try:
            # A reader elsewhere makes the checkpoint wait, and a waiting checkpoint holds up
            # writers: a visitor's save must not wait for this.
            cursor.execute("PRAGMA busy_timeout = 100")
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            cursor.close()
            connection.close()

    def apply(self, changes: Sequence[Mapping[str, Any]], next_cursor: int) -> int:
        """Apply one pulled page and store its cursor in the same transaction."""
        applied = 0
        with self._write() as session:
            waiting = set(
                session.scalars(select(OutboxEvent.entity_id).where(OutboxEvent.status == PENDING))
            )
            circles = set(session.scalars(select(CircleRow.code)))
            for change in changes:
                kind, entity_id = change["kind"], str(change["id"])
                if entity_id in waiting and change.get("op") != "erase":
                    continue  # our own unsent change is newer; its result will settle it
                try:
                    with session.begin_nested():
                        self._apply_one(
                            session, kind, entity_id, change.get("op"), change.get("data"), circles
                        )
                    applied += 1
                except IntegrityError:
                    # a row the central store should never send: keep going, never stall
                    log.warning("could not apply pulled %s change %s", kind, change.get("seq"))
            state = session.get(SyncState, CURSOR_KEY)
            if state is None:
                session.add(SyncState(key=CURSOR_KEY, value=str(next_cursor)))
            else:
                state.value = str(next_cursor)
        return applied

    @staticmethod
    def _apply_one(
        session: Session,
        kind: str,
        entity_id: str,
        op: Any,
        data: Mapping[str, Any] | None,
        circles: set[str],
    ) -> None:
        erase = op == "erase" or data is None
        if kind == "circle":
            SyncLedger._apply_circle(session, entity_id, None if erase else data, circles)
        elif kind == "member":
            SyncLedger._apply_member(session, entity_id, None if erase else data)
        elif kind in ("ask", "offer"):
            model: type[AskRow] | type[OfferRow] = AskRow if kind == "ask" else OfferRow
            if erase or data is None:
                # Tombstone: the person's data leaves this kiosk too.
                session.execute(delete(OutboxEvent).where(OutboxEvent.entity_id == entity_id))
                session.execute(delete(model).where(model.id == entity_id))
            else:
                SyncLedger._apply_request(session, kind, entity_id, data, circles)
        else:
            log.info("ignoring pulled change of unknown kind %s", kind)  # a newer server

    @staticmethod
    def _apply_circle(
        session: Session, code: str, data: Mapping[str, Any] | None, circles: set[str]
    ) -> None:
        if data is None:
            session.execute(delete(CircleRow).where(CircleRow.code == code))
            return
        session.merge(
            CircleRow(
                code=code,
                name=data["name"],
                verbinder_name=data["verbinder_name"],
                verbinder_phone=data["verbinder_phone"],
            )
        )
        circles.add(code)
        session.flush()

    @staticmethod
    def _apply_member(session: Session, member_id: str, data: Mapping[str, Any] | None) -> None:
        """Only what the PIN login's name list needs; anything else the server sends is
        dropped here, so a phone number can never reach the kiosk's file this way."""
        if data is None:
            session.execute(delete(MemberRow).where(MemberRow.id == member_id))
            return
        try:
            role = domain.Role(str(data.get("role")))
        except ValueError:
            log.warning("ignoring member change with an unknown role")
            return
        session.merge(
            MemberRow(
                id=member_id,
                first_name=str(data.get("first_name") or ""),
                circle_code=data.get("circle") or None,
                role=role.value,
            )
        )
        session.flush()

    @staticmethod
    def _apply_request(
        session: Session, kind: str, entity_id: str, data: Mapping[str, Any], circles: set[str]
    ) -> None:
        created_at = _naive(data.get("created_at"))
        # A central store from before dates were kept sends "morgen" without its date.
        when = domain.When.from_json(data["when"]).resolved(local_day(created_at))
        circle = data.get("circle") if data.get("circle") in circles else None
        common: dict[str, Any] = {
            "id": entity_id,
            "number": data["number"],
            "when_kind": when.kind.value,
            "when_day": when.day,
            "first_name": data.get("first_name") or "",
            "phone": data.get("phone") or "",
            "circle_code": circle,
            "status": data["status"],
            "token_hash": data.get("token_hash") or "",
            "created_at": created_at,
            "updated_at": _naive(data.get("updated_at")),
        }
        if kind == "offer":
            session.merge(OfferRow(**common, categories=json.dumps(data["categories"])))
            session.flush()
            return
        existing = session.get(AskRow, entity_id)
        claim_state = existing.claim_state if existing else None
        here = bool(data.get("claimed_here"))
        if here:
            claim_state = "confirmed"
        elif claim_state == "confirmed":
            claim_state = None  # given back, or someone else holds it now
        session.merge(
            AskRow(
                **common,
                category=data["category"],
                for_neighbour=bool(data.get("for_neighbour")),
                claim_state=claim_state,
                claimed_by=data.get("claimed_by") if here else None,
                # The address travels only to the claimer's kiosk and leaves with the claim.
                street=data.get("street") if here else None,
                house_number=data.get("house_number") if here else None,
                # The slip's token is ours alone: kept while we hold the claim.
                helper_token_hash=existing.helper_token_hash if here and existing else None,
            )
        )
        session.flush()
