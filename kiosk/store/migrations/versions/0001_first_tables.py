"""circles, asks, offers and the outbox

Revision ID: 0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "circles",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("verbinder_name", sa.String(80), nullable=False),
        sa.Column("verbinder_phone", sa.String(20), nullable=False),
    )
    op.create_table(
        "asks",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("number", sa.String(8), nullable=False, unique=True),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("when_kind", sa.String(12), nullable=False),
        sa.Column("when_day", sa.Date()),
        sa.Column("first_name", sa.String(160), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("for_neighbour", sa.Boolean(), nullable=False),
        sa.Column("circle_code", sa.String(40), sa.ForeignKey("circles.code")),
        sa.Column("status", sa.String(12), nullable=False, index=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "offers",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("number", sa.String(8), nullable=False, unique=True),
        sa.Column("categories", sa.Text(), nullable=False),
        sa.Column("when_kind", sa.String(12), nullable=False),
        sa.Column("when_day", sa.Date()),
        sa.Column("first_name", sa.String(160), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("circle_code", sa.String(40), sa.ForeignKey("circles.code")),
        sa.Column("status", sa.String(12), nullable=False, index=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "outbox",
        sa.Column("seq", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(36), nullable=False, unique=True),
        sa.Column("type", sa.String(30), nullable=False),
        sa.Column("entity_id", sa.String(36), nullable=False, index=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("last_error", sa.Text()),
        sqlite_autoincrement=True,
    )


def downgrade() -> None:
    op.drop_table("outbox")
    op.drop_table("offers")
    op.drop_table("asks")
    op.drop_table("circles")
