"""The changes feed's writer: every effect appends rows numbered by one counter.

The sequence number is taken from a one-row counter *inside* the transaction, which
serialises writers briefly but makes commit order equal ``seq`` order, so a pull can never
skip a commit.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert, update
from sqlalchemy.orm import Session

from kiosk.central.models import Change, SeqCounter


def append_changes(session: Session, buurthuis_id: int, changed: Sequence[tuple[str, str]]) -> None:
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
