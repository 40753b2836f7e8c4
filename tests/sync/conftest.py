"""Kiosk sync fixtures: kiosks with their own SQLite files, a real central server."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sync_helpers import Kiosk

from kiosk.central.db import make_engine, migrate
from kiosk.central.service import CentralStore
from kiosk.central.testing import serve
from kiosk.domain import Circle
from kiosk.store import LocalStore


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralStore]:
    engine = make_engine(f"sqlite:///{tmp_path / 'central.sqlite3'}")
    migrate(engine)
    store = CentralStore(engine)
    store.add_circle("brink", "noord", "Noord", "Els", "0612345678")
    yield store
    engine.dispose()


@pytest.fixture
def central_url(central: CentralStore) -> Iterator[str]:
    with serve(central) as url:
        yield url


@pytest.fixture
def make_kiosk(tmp_path: Path, central: CentralStore) -> Iterator[Callable[[str], Kiosk]]:
    opened: list[LocalStore] = []

    def make(name: str) -> Kiosk:
        store = LocalStore.open(tmp_path / f"{name}.sqlite3")
        store.seed_circles([Circle("noord", "Noord", "Els", "+31612345678")])
        opened.append(store)
        return Kiosk(store, central.add_kiosk(name, "brink"))

    yield make
    for store in opened:
        store.close()
