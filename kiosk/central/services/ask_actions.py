"""Moves of an ask: a volunteer claims it, gives it back or marks it done; it is cancelled.

Every move is a conditional update (see :mod:`kiosk.central.services.moves`), so when two
volunteers claim one ask the first claim wins and the other gets ``conflict``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.central.models import Ask
from kiosk.central.services.common import sources
from kiosk.central.services.members import is_member
from kiosk.central.services.moves import move
from kiosk.central.services.payload import hex_hash, optional_id
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


def ask_action(
    session: Session,
    kiosk: KioskAuth,
    type_: str,
    ask_id: str,
    payload: dict[str, Any],
    now: Clock,
) -> Outcome:
    """Claim, release, done or cancel, as the kiosk's event says."""
    target = ASK_ACTIONS[type_]
    volunteer = optional_id(payload, "volunteer", 64)
    moment = now()
    # Every way out of "claimed" makes the helper slip's QR code stop working (its page
    # thanks the helper from then on: see ask_update).
    values: dict[str, Any] = {"status": target.value, "helper_token_hash": None}
    extra: list[Any] = []
    if target is AskStatus.CLAIMED:
        if volunteer is None:
            raise Rejected("volunteer_missing")
        if not is_member(session, kiosk.buurthuis_id, volunteer):
            raise Rejected("unknown_volunteer")
        values |= {
            "claimed_by": volunteer,
            "claimed_kiosk_id": kiosk.id,
            "helper_token_hash": helper_token_hash(session, payload),
        }
    elif target is AskStatus.OPEN:
        if volunteer is not None:
            extra.append(Ask.claimed_by == volunteer)  # only the claimer gives it back
        values |= {"claimed_by": None, "claimed_kiosk_id": None}
    else:
        values["closed_at"] = moment
        if target is AskStatus.DONE and volunteer is not None:
            extra.append(Ask.claimed_by == volunteer)
    return ask_update(
        session,
        kiosk.buurthuis_id,
        ask_id,
        sources(ASK_TRANSITIONS, target),
        values,
        extra,
        now=now,
    )


def helper_token_hash(session: Session, payload: dict[str, Any]) -> str | None:
    """The hash of the helper slip's token a claim brings along, if any; never one in use."""
    value = payload.get("helper_token_hash")
    if value is None:
        return None
    if (
        not hex_hash(value)
        or session.scalar(select(Ask.id).where(Ask.helper_token_hash == value)) is not None
        or is_spent(session, value)
    ):
        raise Rejected("bad_helper_token_hash")
    return value


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
    where = [Ask.id == ask_id, Ask.buurthuis_id == buurthuis_id, Ask.erased_at.is_(None)]
    ending = held_token(session, where) if "helper_token_hash" in values else None
    outcome = move(
        session, Ask, "ask", ask_id, where, allowed, values | {"updated_at": now()}, extra
    )
    if ending is not None and outcome.result == "accepted":
        spend(session, ending, ask_id, str(values["status"]), now())
    return outcome
