"""spent helper slip tokens: a done or given-back slip's page thanks instead of a 404

Revision ID: c0005
Revises: c0004
Create Date: 2026-11-29
"""

import sqlalchemy as sa
from alembic import op

revision = "c0005"
down_revision = "c0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "spent_helper_tokens",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column("ask_id", sa.String(36), sa.ForeignKey("asks.id"), nullable=False, index=True),
        sa.Column("outcome", sa.String(12), nullable=False),
        sa.Column("ended_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("spent_helper_tokens")
