"""Shared pieces of the central store tests (conftest holds only fixtures)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from kiosk.central.db import make_engine, migrate
from kiosk.central.service import CentralStore


def sqlite_store(path: Path) -> CentralStore:
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    return CentralStore(engine, public_url="http://kiosk.test")


@dataclass
class Server:
    url: str
    store: CentralStore

    def client(self, token: str | None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.url, headers=headers, timeout=30)


def member(
    store: CentralStore, buurthuis: str = "brink", first_name: str = "Anna", **options: Any
) -> str:
    """A volunteer of ``buurthuis`` (claims need one); returns the member id."""
    return store.add_member(buurthuis, first_name, "0612345678", **options).id


class FakeClock:
    """A clock the test moves by hand, so PIN waits and session expiry need no sleeping."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 27, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
