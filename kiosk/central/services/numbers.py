"""Request numbers unique per buurthuis: a create whose number is taken gets a new one.

Two kiosks draw their 7-digit numbers on their own. A kiosk keeps one request per number, so a
pulled ask whose number it already holds would be lost there; the store therefore hands out a
fresh number and says so in the event's result (``number``), for the origin kiosk to take over.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk import domain
from kiosk.central.models import Ask, Offer
from kiosk.central.services.values import Rejected

NEW_NUMBER_DRAWS = 50  # ten million numbers: a run of 50 taken ones means something is wrong


def taken(session: Session, buurthuis_id: int, number: str) -> bool:
    """Whether an ask or offer of the buurthuis has this number."""
    return any(
        session.scalar(
            select(model.id).where(model.buurthuis_id == buurthuis_id, model.number == number)
        )
        is not None
        for model in (Ask, Offer)
    )


def free_number(session: Session, buurthuis_id: int, number: str) -> str:
    """``number`` if no ask or offer of the buurthuis has it, else a new number nobody has."""
    candidate = number
    for _draw in range(NEW_NUMBER_DRAWS):
        if not taken(session, buurthuis_id, candidate):
            return candidate
        candidate = domain.new_request_number()
    raise Rejected("no_free_number")
