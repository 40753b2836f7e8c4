"""Helpers for tests and benchmarks: a real uvicorn server on 127.0.0.1, and a private
PostgreSQL schema per run.

Which server: :func:`kiosk.central.scratch_postgres.postgres_url` (a scratch cluster's when
none answers).
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from sqlalchemy import Engine, create_engine, text

from kiosk.central.app import create_app
from kiosk.central.db import make_engine, migrate, normalise_url
from kiosk.central.middleware import RateLimiter
from kiosk.central.scratch_postgres import NO_POSTGRES_REASON, postgres_url
from kiosk.central.scratch_postgres import free_port as free_port  # tests and bench use it here
from kiosk.central.service import CentralStore


@contextmanager
def serve(
    store: CentralStore,
    host: str = "127.0.0.1",
    port: int = 0,
    limiter: RateLimiter | None = None,
) -> Iterator[str]:
    """Run the real app under uvicorn in a thread; yields its base URL.

    Tests play many kiosks through a few tokens, so the per-kiosk rate limit is lifted unless
    a ``limiter`` is given.
    """
    config = uvicorn.Config(
        create_app(store, limiter or RateLimiter(rate=1e6, burst=1e6)),
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="uvicorn", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    bound = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://{host}:{bound}"
    finally:
        server.should_exit = True
        thread.join(30)


def postgres_url_or_reason() -> tuple[str | None, str]:
    """The test PostgreSQL URL if it answers, else None and why."""
    url = postgres_url()
    if os.environ.get(NO_POSTGRES_REASON):
        return None, os.environ[NO_POSTGRES_REASON]
    try:
        engine = create_engine(normalise_url(url), connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as error:
        return None, f"PostgreSQL not reachable at {url}: {type(error).__name__}"
    return url, ""


@contextmanager
def postgres_schema(url: str, pool_size: int = 20) -> Iterator[Engine]:
    """A migrated engine whose tables live in a fresh schema, dropped afterwards."""
    schema = f"bk_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(url), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    engine = make_engine(url, schema=schema, pool_size=pool_size)
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()
