"""rejected outbox events kept aside with their undo; request numbers no longer unique here

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-08

Numbers are unique per buurthuis at the central store, which renumbers a pushed request whose
number is taken; until that answer comes, a pulled request may share a number with one made
here, so the kiosk's own UNIQUE constraint goes (the column keeps a plain index).
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# Gives SQLite's unnamed UNIQUE constraints a name, so the batch copy can drop them.
NAMES = {"uq": "uq_%(table_name)s_%(column_0_name)s"}


def upgrade() -> None:
    # Plain ADD COLUMN (a constant default): SQLite does it without copying the table.
    op.add_column(
        "outbox", sa.Column("status", sa.String(12), nullable=False, server_default="pending")
    )
    op.add_column("outbox", sa.Column("reason", sa.String(40)))
    op.add_column("outbox", sa.Column("answered_at", sa.DateTime()))
    op.add_column("outbox", sa.Column("undo", sa.Text()))
    for table in ("asks", "offers"):
        with op.batch_alter_table(table, naming_convention=NAMES) as batch:
            batch.drop_constraint(f"uq_{table}_number", type_="unique")
            batch.create_index(f"ix_{table}_number", ["number"])


def downgrade() -> None:
    for table in ("offers", "asks"):
        with op.batch_alter_table(table, naming_convention=NAMES) as batch:
            batch.drop_index(f"ix_{table}_number")
            batch.create_unique_constraint(f"uq_{table}_number", ["number"])
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("undo")
        batch.drop_column("answered_at")
        batch.drop_column("reason")
        batch.drop_column("status")
