"""A status change as a conditional update: accepted from an allowed status, else conflict.

``… WHERE status IN (allowed sources)``: zero rows means the event came too late and gets
the result ``conflict``, so of two kiosks claiming one ask the first wins.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk.central.services.values import Outcome, Rejected


def move(
    session: Session,
    model: Any,
    kind: str,
    entity_id: str,
    where: Sequence[Any],
    allowed: list[str],
    values: dict[str, Any],
    extra: Sequence[Any] = (),
) -> Outcome:
    """Set ``values`` on the row ``where`` finds if its status is one of ``allowed`` (and
    ``extra`` holds); :class:`Rejected` ``not_found`` when there is no such row."""
    done = session.execute(
        update(model).where(*where, model.status.in_(allowed), *extra).values(**values),
        execution_options={"synchronize_session": False},
    )
    status = session.scalar(select(model.status).where(*where))
    if status is None:
        raise Rejected("not_found")
    if getattr(done, "rowcount", 0) == 1:
        return Outcome("accepted", None, status, [(kind, entity_id)])
    return Outcome("conflict", f"status_{status}", status)
