"""Wrong PINs per kiosk and per buurthuis: past a limit, no PIN is judged there for a while.

A member's own count (3 free tries, then waits, a lock) stops guessing one member's PIN. These
limits stop one kiosk's token from spraying wrong PINs over a whole circle: a kiosk may make
20 wrong tries in 10 minutes and 60 in a day, a buurthuis three times that, and then every
PIN try there is answered 429 until the oldest wrong try leaves the window. A busy kiosk where
people mistype now and then stays far below; cards are never limited.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, insert, select
from sqlalchemy.orm import Session

from kiosk.central.models import WrongPin
from kiosk.central.services.values import KioskAuth

# (window, wrong tries allowed in it)
PER_KIOSK = ((timedelta(minutes=10), 20), (timedelta(days=1), 60))
PER_BUURTHUIS = ((timedelta(minutes=10), 60), (timedelta(days=1), 180))
KEPT = max(window for window, _allowed in PER_KIOSK + PER_BUURTHUIS)


def seconds_to_wait(session: Session, kiosk: KioskAuth, now: datetime) -> int:
    """Seconds until this kiosk may have a PIN judged again; 0: now."""
    waits = [
        _wait(session, WrongPin.kiosk_id == kiosk.id, window, allowed, now)
        for window, allowed in PER_KIOSK
    ] + [
        _wait(session, WrongPin.buurthuis_id == kiosk.buurthuis_id, window, allowed, now)
        for window, allowed in PER_BUURTHUIS
    ]
    return max(waits)


def _wait(
    session: Session, scope: ColumnElement[bool], window: timedelta, allowed: int, now: datetime
) -> int:
    """0 while fewer than ``allowed`` wrong tries of ``scope`` lie in the window; else the
    seconds until the oldest of the latest ``allowed`` leaves it."""
    oldest_counted = session.scalar(
        select(WrongPin.at)
        .where(scope, WrongPin.at > now - window)
        .order_by(WrongPin.at.desc())
        .offset(allowed - 1)
        .limit(1)
    )
    if oldest_counted is None:
        return 0
    return max(1, math.ceil((oldest_counted + window - now).total_seconds()))


def note_wrong_pin(session: Session, kiosk: KioskAuth, now: datetime) -> None:
    """Count a wrong PIN judged at this kiosk; tries older than every window are dropped."""
    session.execute(
        delete(WrongPin).where(WrongPin.at < now - KEPT),
        execution_options={"synchronize_session": False},
    )
    session.execute(
        insert(WrongPin), [{"kiosk_id": kiosk.id, "buurthuis_id": kiosk.buurthuis_id, "at": now}]
    )
