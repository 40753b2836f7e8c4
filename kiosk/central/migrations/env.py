"""Alembic environment for the central store (the engine comes from kiosk.central.db)."""

from alembic import context

from kiosk.central.models import Base

engine = context.config.attributes["engine"]

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=engine.dialect.name == "sqlite",
        version_table="central_alembic_version",
    )
    with context.begin_transaction():
        context.run_migrations()
    connection.commit()
