"""Engines for the central store: a SQLite file by default, PostgreSQL (psycopg 3) by URL.

SQLite gets the same treatment as on the kiosk (WAL, ``synchronous=FULL``, our own ``BEGIN``)
so writers queue on the busy timeout instead of failing half-way. PostgreSQL runs at READ
COMMITTED, where a conditional ``UPDATE … WHERE status='open'`` waits for a competing writer and
then re-checks the row: exactly what "the first claim wins" needs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config as AlembicConfig
from sqlalchemy import Engine, create_engine
from sqlalchemy.engine import make_url

from kiosk.sqlite import make_durable, writer  # noqa: F401  (re-exported)

BUSY_TIMEOUT_MS = 10000
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration; tests/central/test_migrations.py checks it matches Alembic's head.
HEAD_REVISION = "c0005"


def normalise_url(url: str) -> str:
    """Plain ``postgresql://`` means psycopg 3 here; a bare path means a SQLite file."""
    if "://" not in url:
        return f"sqlite:///{url}"
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def make_engine(url: str, *, schema: str | None = None, pool_size: int = 20) -> Engine:
    """An engine for ``url``; ``schema`` puts every table in one PostgreSQL schema (tests)."""
    url = normalise_url(url)
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    connect_args: dict[str, Any] = {}
    if schema is not None:
        connect_args["options"] = f"-csearch_path={schema}"
    return create_engine(
        url,
        connect_args=connect_args,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=True,
    )


def _sqlite_engine(url: str) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        pool_size=20,
        max_overflow=20,
    )

    return make_durable(engine, BUSY_TIMEOUT_MS)


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def alembic_config(engine: Engine | None) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def migrate(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema (``revision`` lets tests build an older database)."""
    command.upgrade(alembic_config(engine), revision)
