"""The kiosk's SQLite file: durable settings (kiosk.sqlite) and Alembic migrations."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text

from kiosk.sqlite import make_durable

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig

BUSY_TIMEOUT_MS = 5000
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# The newest migration. At start-up the kiosk compares the file's version with this and only
# loads Alembic when they differ (Alembic costs a quarter second and 20 MB on every start);
# tests/test_store.py checks that it matches Alembic's own head.
HEAD_REVISION = "0005"


def make_engine(path: str | Path) -> Engine:
    engine = create_engine(f"sqlite:///{path}", connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    make_durable(engine, BUSY_TIMEOUT_MS)

    @event.listens_for(engine, "connect")
    def _zero_deleted_content(dbapi_connection: Any, _record: Any) -> None:
        # The SD card may be stolen: a scrubbed token must not linger in a freed page.
        dbapi_connection.execute("PRAGMA secure_delete=ON")

    return engine


def alembic_config(engine: Engine) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def schema_version(engine: Engine) -> str | None:
    with engine.connect() as connection:
        has_table = connection.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
        ).first()
        if not has_table:
            return None
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest version; kiosks in the field are upgraded this way."""
    if schema_version(engine) == HEAD_REVISION:
        return
    from alembic import command

    command.upgrade(alembic_config(engine), "head")
