"""sync: the pull cursor and the claim state of asks

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("asks") as batch:
        batch.add_column(sa.Column("claim_state", sa.String(12)))
        batch.add_column(sa.Column("claimed_by", sa.String(64)))
    op.create_table(
        "sync_state",
        sa.Column("key", sa.String(40), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("sync_state")
    with op.batch_alter_table("asks") as batch:
        batch.drop_column("claimed_by")
        batch.drop_column("claim_state")
