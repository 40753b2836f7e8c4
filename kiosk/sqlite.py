"""SQLite as both stores use it: durable settings on every connection, our own BEGIN.

pysqlite does not emit BEGIN until the first write, which breaks isolation; we switch its own
transaction handling off and emit BEGIN ourselves (the recipe in SQLAlchemy's SQLite dialect
docs). Writes say ``BEGIN IMMEDIATE`` (see :func:`writer`) so they take the write lock up front
and wait on the busy timeout instead of failing half-way with "database is locked".
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import Session


def make_durable(engine: Engine, busy_timeout_ms: int) -> Engine:
    """WAL, synchronous=FULL, foreign keys and a busy timeout on every pooled connection."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def writer(engine: Engine) -> Engine:
    """The same pool; on SQLite every transaction starts with BEGIN IMMEDIATE."""
    if engine.dialect.name != "sqlite":
        return engine
    return engine.execution_options(sqlite_begin="IMMEDIATE")


class UnitsOfWork:
    """One session per unit of work: ``with self._write() as session`` commits or rolls back."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writer = writer(engine)

    @contextmanager
    def _write(self) -> Iterator[Session]:
        with Session(self._writer, expire_on_commit=False) as session, session.begin():
            yield session

    @contextmanager
    def _read(self) -> Iterator[Session]:
        with Session(self.engine) as session, session.begin():
            yield session
