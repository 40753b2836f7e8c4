"""A real central store on 127.0.0.1, once on a SQLite file and once on PostgreSQL."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.central.service import CentralStore
from kiosk.central.testing import postgres_schema, postgres_url_or_reason, serve
from tests.central.central_helpers import FakeClock, sqlite_store
from tests.security.security_helpers import Central


@pytest.fixture(params=["sqlite", "postgresql"])
def central(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Central]:
    clock = FakeClock()
    if request.param == "sqlite":
        store = sqlite_store(tmp_path / "central.sqlite3")
        store.clock = clock
        yield from _served(store, clock)
        store.engine.dispose()
        return
    url, reason = postgres_url_or_reason()
    if url is None:
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    with postgres_schema(url, pool_size=30) as engine:
        yield from _served(CentralStore(engine, clock=clock, public_url="http://kiosk.test"), clock)


def _served(store: CentralStore, clock: FakeClock) -> Iterator[Central]:
    with serve(store) as url:
        central = Central(url, store, clock)
        yield central
        central.close()
