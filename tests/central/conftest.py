"""Central store fixtures: a SQLite file store, a PostgreSQL schema store, a real server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from central_helpers import RunningClock, Server, sqlite_store

from kiosk.central.service import CentralStore
from kiosk.central.testing import postgres_schema, postgres_url_or_reason, serve
from tests.missing import missing


@pytest.fixture
def store(tmp_path: Path) -> Iterator[CentralStore]:
    central = sqlite_store(tmp_path / "central.sqlite3")
    yield central
    central.engine.dispose()


@pytest.fixture
def pg_url() -> str:
    url, reason = postgres_url_or_reason()
    if url is None:
        missing(reason)
    return url


@pytest.fixture
def pg_store(pg_url: str) -> Iterator[CentralStore]:
    with postgres_schema(pg_url, pool_size=30) as engine:
        yield CentralStore(engine, clock=RunningClock(), public_url="http://kiosk.test")


@pytest.fixture(params=["sqlite", "postgresql"])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CentralStore]:
    if request.param == "sqlite":
        central = sqlite_store(tmp_path / "central.sqlite3")
        yield central
        central.engine.dispose()
    else:
        url = request.getfixturevalue("pg_url")
        with postgres_schema(url, pool_size=30) as engine:
            yield CentralStore(engine, clock=RunningClock(), public_url="http://kiosk.test")


@pytest.fixture
def server(any_store: CentralStore) -> Iterator[Server]:
    """A real server on 127.0.0.1, once on a SQLite file and once on PostgreSQL."""
    with serve(any_store) as url:
        yield Server(url, any_store)


@pytest.fixture
def any_server(any_store: CentralStore) -> Iterator[Server]:
    with serve(any_store) as url:
        yield Server(url, any_store)
