"""Shared pieces of the central store tests (conftest holds only fixtures)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from kiosk.central.db import make_engine, migrate
from kiosk.central.service import CentralStore, NewMember

# The tests' today: events built by central_events say they were made then, and the store only
# takes events made at most 30 days ago; so every test store's clock starts here too.
TEST_START = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


class RunningClock:
    """The store's clock in tests: TEST_START when made, then running in real time."""

    def __init__(self, start: datetime = TEST_START) -> None:
        self.start = start
        self.started = time.monotonic()

    def __call__(self) -> datetime:
        return self.start + timedelta(seconds=time.monotonic() - self.started)


def sqlite_store(path: Path) -> CentralStore:
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    return CentralStore(engine, clock=RunningClock(), public_url="http://kiosk.test")


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
    """A volunteer of ``buurthuis``; returns the member id."""
    return store.add_member(buurthuis, first_name, "0612345678", **options).id


def signed_in(store: CentralStore, kiosk_token: str, added: NewMember) -> str:
    """The member's card scanned at the kiosk with that device token: the new session."""
    kiosk = store.authenticate(kiosk_token)
    assert kiosk is not None
    found = store.identify_card(kiosk, added.card_token)
    assert found.session is not None, found
    return found.session


def volunteer_at(
    store: CentralStore,
    kiosk_token: str,
    buurthuis: str = "brink",
    first_name: str = "Anna",
    **options: Any,
) -> tuple[str, str]:
    """A volunteer of ``buurthuis`` signed in at that kiosk (claims need one): (id, session)."""
    added = store.add_member(buurthuis, first_name, "0612345678", **options)
    return added.id, signed_in(store, kiosk_token, added)


class FakeClock:
    """A clock the test moves by hand, so PIN waits and session expiry need no sleeping."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or TEST_START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)
