"""A volunteer claims an ask here, gives it back, finishes, cancels or thanks; the helper slip."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk import domain
from kiosk.domain import Ask, AskStatus, When, WhenKind
from kiosk.store.asks import FOLLOWUP_TOKEN, ask_from_row
from kiosk.store.board import board_order
from kiosk.store.models import AskRow
from kiosk.store.outbox import Proof, add_event

# A helper slip's token: 32 hex characters.
HELPER_TOKEN = re.compile(r"[0-9a-f]{32}")
# Asks held here: the claim is on its way (pending) or the central store said yes (confirmed).
HELD_HERE = ("pending", "confirmed")
TARGETS = {
    "claim": AskStatus.CLAIMED,
    "release": AskStatus.OPEN,
    "done": AskStatus.DONE,
    "cancel": AskStatus.CANCELLED,
}
# What may show who makes each change (see SECURITY-CONTRACT: the central store checks it).
# A receipt's "it worked out" (done) carries the receipt's token.
PROOFS = {
    "claim": {"session"},
    "release": {"session", "helper_token"},
    "done": {"session", "helper_token", "receipt_token"},
    "cancel": {"receipt_token"},
    "thank": {"receipt_token"},
}
# The fields of an ask that an action changes and a rejection puts back.
UNDONE = ("status", "claim_state", "claimed_by", "helper_token_hash")


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


def new_helper_token() -> tuple[str, str]:
    """A helper slip's token and its sha256, the only part that is stored and sent."""
    token = secrets.token_hex(16)
    return token, domain.hash_token(token)


def check_action(action: str, volunteer: str | None, proof: Proof) -> None:
    if action not in PROOFS:
        raise ValueError(f"unknown action {action!r}")
    if action == "claim" and not volunteer:
        raise ValueError("a claim needs a volunteer id")
    given = set(proof.fields())
    if not given <= PROOFS[action]:
        raise ValueError(f"{action} is not shown by {', '.join(sorted(given - PROOFS[action]))}")
    if proof.session is not None and not 0 < len(proof.session) <= 200:
        raise ValueError("a member session is a short text")
    if proof.helper_token is not None and not HELPER_TOKEN.fullmatch(proof.helper_token):
        raise ValueError("not a helper slip's token")
    if proof.receipt_token is not None and not FOLLOWUP_TOKEN.fullmatch(proof.receipt_token):
        raise ValueError("not a receipt's token")


def _check_owned(row: AskRow, proof: Proof) -> None:
    """A slip's or receipt's token must be this ask's own: a scan of another never acts here."""
    if proof.helper_token is not None and (
        row.helper_token_hash != domain.hash_token(proof.helper_token)
    ):
        raise ValueError("the helper slip's token is not this ask's")
    if proof.receipt_token is not None and row.token_hash != domain.hash_token(proof.receipt_token):
        raise ValueError("the receipt's token is not this ask's")


def act(
    session: Session,
    ask_id: str,
    action: str,
    volunteer: str | None,
    helper_token_hash: str | None,
    proof: Proof,
    now: datetime,
) -> Ask:
    """Change the ask here at once (optimistic) and queue the ``ask.<action>`` event, with
    ``proof`` in its payload and what it replaced as the event's undo."""
    row = session.get(AskRow, ask_id)
    if row is None:
        raise KeyError(ask_id)
    _check_owned(row, proof)
    undo = {field: getattr(row, field) for field in UNDONE} if action in TARGETS else None
    if action in TARGETS:
        domain.check_ask_transition(AskStatus(row.status), TARGETS[action])
        row.status = TARGETS[action].value
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
    add_event(session, f"ask.{action}", ask_id, payload | proof.fields(), now, undo)
    session.flush()
    return ask_from_row(row)


def mine(session: Session, member_id: str) -> list[Ask]:
    """'Mijn klussen': what this member claimed here and has not finished or given back."""
    rows = session.scalars(
        select(AskRow)
        .where(
            AskRow.claimed_by == member_id,
            AskRow.status == AskStatus.CLAIMED.value,
            AskRow.claim_state.in_(HELD_HERE),
        )
        .order_by(*board_order())
    )
    return [ask_from_row(r) for r in rows]


def by_helper_token(session: Session, token: str) -> Ask | None:
    """The ask behind a helper slip's QR (``/h/<token>``), while it is claimed here."""
    row = session.scalars(
        select(AskRow).where(AskRow.helper_token_hash == domain.hash_token(token))
    ).first()
    return ask_from_row(row) if row else None


def helper_slip(session: Session, ask_id: str) -> ClaimedAsk | None:
    """What the helper slip prints, or None when the ask is not (or no longer) ours."""
    row = session.get(AskRow, ask_id)
    if row is None or row.status != AskStatus.CLAIMED.value or row.claim_state not in HELD_HERE:
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
