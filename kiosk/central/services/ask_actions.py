"""Moves of an ask from a kiosk: claim, give back, done, cancel, thank, each by who may make it.

Every move is a conditional update (see :mod:`kiosk.central.services.moves`), so when two
volunteers claim one ask the first claim wins and the other gets ``conflict``. Who may make
each move is decided in :mod:`kiosk.central.services.authority`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.central.models import Ask
from kiosk.central.services import authority
from kiosk.central.services.common import sources
from kiosk.central.services.moves import move
from kiosk.central.services.payload import hex_hash
from kiosk.central.services.spent_slips import held_token, is_spent, spend
from kiosk.central.services.values import Clock, KioskAuth, Outcome, Rejected
from kiosk.domain import ASK_TRANSITIONS, AskStatus

# What each event type does to an ask: its target status. The sources come from kiosk.domain.
ASK_ACTIONS: dict[str, AskStatus] = {
    "ask.claim": AskStatus.CLAIMED,
    "ask.release": AskStatus.OPEN,
    "ask.done": AskStatus.DONE,
    "ask.cancel": AskStatus.CANCELLED,
}
THANKED_FROM = [AskStatus.CLAIMED.value, AskStatus.DONE.value]


def ask_action(
    session: Session,
    kiosk: KioskAuth,
    type_: str,
    ask_id: str,
    payload: dict[str, Any],
    made_at: datetime | None,
    now: Clock,
) -> Outcome:
    """Claim, release, done or cancel, as the kiosk's event says and if it may."""
    target = ASK_ACTIONS[type_]
    allowed = sources(ASK_TRANSITIONS, target)
    # Every way out of "claimed" makes the helper slip's QR code stop working (its page
    # thanks the helper from then on: see ask_update).
    values: dict[str, Any] = {"status": target.value, "helper_token_hash": None}
    if target is AskStatus.CLAIMED:
        volunteer = authority.claimer(session, kiosk, payload, made_at, now())
        slip_hash = helper_token_hash(session, payload)
        values |= {
            "claimed_by": volunteer.id,
            "claimed_kiosk_id": kiosk.id,
            "helper_token_hash": slip_hash,
        }
        return ask_update(session, kiosk.buurthuis_id, ask_id, allowed, values, now=now)
    if target is AskStatus.CANCELLED:
        origin_or_receipt(session, kiosk, ask_id, payload)
        values["closed_at"] = now()
        return ask_update(session, kiosk.buurthuis_id, ask_id, allowed, values, now=now)
    if target is AskStatus.DONE and payload.get("receipt_token") is not None:
        # The asker, with her receipt: "het is gelukt".
        origin_or_receipt(session, kiosk, ask_id, payload)
        values["closed_at"] = now()
        return ask_update(session, kiosk.buurthuis_id, ask_id, allowed, values, now=now)
    holders = authority.claim_holders(session, kiosk, payload, made_at, now())
    if target is AskStatus.OPEN:
        values |= {"claimed_by": None, "claimed_kiosk_id": None}
    else:
        values["closed_at"] = now()
    outcome = ask_update(session, kiosk.buurthuis_id, ask_id, allowed, values, [holders], now=now)
    if outcome.result == "conflict" and outcome.status in allowed:
        raise Rejected(authority.NOT_ALLOWED)  # claimed, but not by anyone this event speaks for
    return outcome


def thank(
    session: Session, kiosk: KioskAuth, ask_id: str, payload: dict[str, Any], now: Clock
) -> Outcome:
    """The asker's thank-you, from the kiosk where the ask was typed or with its receipt."""
    origin_or_receipt(session, kiosk, ask_id, payload)
    return ask_update(session, kiosk.buurthuis_id, ask_id, THANKED_FROM, {"thanked": True}, now=now)


def origin_or_receipt(
    session: Session, kiosk: KioskAuth, ask_id: str, payload: dict[str, Any]
) -> None:
    """Rejected unless the ask exists here and the event comes from its origin or receipt."""
    row = session.execute(
        select(Ask.origin_kiosk_id, Ask.token_hash).where(*ask_where(kiosk.buurthuis_id, ask_id))
    ).first()
    if row is None:
        raise Rejected("not_found")
    authority.origin_or_receipt(kiosk, row.origin_kiosk_id, row.token_hash, payload)


def helper_token_hash(session: Session, payload: dict[str, Any]) -> str | None:
    """The hash of the helper slip's token a claim brings along, if any; never one in use."""
    value = payload.get("helper_token_hash")
    if value is None:
        return None
    if not hex_hash(value):
        raise Rejected("bad_helper_token_hash")
    if session.scalar(select(Ask.id).where(Ask.helper_token_hash == value)) is not None or is_spent(
        session, value
    ):
        raise Rejected("duplicate_token")
    return str(value)


def ask_where(buurthuis_id: int, ask_id: str) -> list[Any]:
    return [Ask.id == ask_id, Ask.buurthuis_id == buurthuis_id, Ask.erased_at.is_(None)]


def ask_update(
    session: Session,
    buurthuis_id: int,
    ask_id: str,
    allowed: list[str],
    values: dict[str, Any],
    extra: Sequence[Any] = (),
    *,
    now: Clock,
) -> Outcome:
    """Set ``values`` on the ask if its status is one of ``allowed`` (and ``extra`` holds).
    A move that sets the helper slip's token ends the one the ask held: it is kept as spent."""
    where = ask_where(buurthuis_id, ask_id)
    ending = held_token(session, where) if "helper_token_hash" in values else None
    outcome = move(
        session, Ask, "ask", ask_id, where, allowed, values | {"updated_at": now()}, extra
    )
    if ending is not None and outcome.result == "accepted":
        spend(session, ending, ask_id, str(values["status"]), now())
    return outcome
