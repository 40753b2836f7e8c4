"""Kiosks and their device tokens: register, revoke, list, and know a kiosk by its token."""

from __future__ import annotations

import secrets
import time
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk.central.models import Buurthuis, Kiosk
from kiosk.central.services.common import buurthuis, hash_token
from kiosk.central.services.values import KioskAuth

DEVICE_TOKEN_BYTES = 32  # 256 bits
AUTH_CACHE_SECONDS = 10.0


def new_device_token() -> str:
    return secrets.token_urlsafe(DEVICE_TOKEN_BYTES)


def add_kiosk(session: Session, name: str, home_name: str, token: str, now: datetime) -> None:
    """Register a kiosk; its device token is stored only as a hash."""
    home = buurthuis(session, home_name)
    session.add(
        Kiosk(buurthuis_id=home.id, name=name, token_hash=hash_token(token), created_at=now)
    )


def revoke_kiosk(session: Session, name: str, now: datetime) -> bool:
    result = session.execute(
        update(Kiosk).where(Kiosk.name == name, Kiosk.revoked_at.is_(None)).values(revoked_at=now),
        execution_options={"synchronize_session": False},
    )
    return bool(getattr(result, "rowcount", 0))


def list_kiosks(session: Session) -> list[tuple[str, str, bool]]:
    """(name, buurthuis, revoked) for every kiosk."""
    rows = session.execute(
        select(Kiosk.name, Buurthuis.name, Kiosk.revoked_at)
        .join(Buurthuis, Buurthuis.id == Kiosk.buurthuis_id)
        .order_by(Kiosk.name)
    ).all()
    return [(r[0], r[1], r[2] is not None) for r in rows]


def token_hash_of(token: str) -> str | None:
    """The hash to look a device token up by; None for a token no kiosk can have."""
    if not token or len(token) > 200:
        return None
    return hash_token(token)


def kiosk_of(session: Session, token_hash: str) -> KioskAuth | None:
    """The kiosk a device token hash belongs to, unless it is unknown or revoked."""
    kiosk = session.scalars(
        select(Kiosk).where(Kiosk.token_hash == token_hash, Kiosk.revoked_at.is_(None))
    ).first()
    return KioskAuth(kiosk.id, kiosk.name, kiosk.buurthuis_id) if kiosk else None


class KnownKiosks:
    """Kiosks recently known by their token hash, for ``AUTH_CACHE_SECONDS``."""

    def __init__(self) -> None:
        self._known: dict[str, tuple[KioskAuth, float]] = {}

    def get(self, token_hash: str) -> KioskAuth | None:
        cached = self._known.get(token_hash)
        return cached[0] if cached is not None and cached[1] > time.monotonic() else None

    def remember(self, token_hash: str, kiosk: KioskAuth) -> None:
        self._known[token_hash] = (kiosk, time.monotonic() + AUTH_CACHE_SECONDS)

    def clear(self) -> None:
        self._known.clear()
