"""members, member sessions, verbinder notes; asks get member_id and helper_token_hash

Revision ID: c0002
Revises: c0001
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "c0002"
down_revision = "c0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "members",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column(
            "buurthuis_id",
            sa.Integer(),
            sa.ForeignKey("buurthuizen.id"),
            nullable=False,
            index=True,
        ),
        sa.Column("circle_code", sa.String(40)),
        sa.Column("first_name", sa.String(80), nullable=False),
        sa.Column("phone", sa.String(20), nullable=False),
        sa.Column("street", sa.String(80)),
        sa.Column("house_number", sa.String(12)),
        sa.Column("role", sa.String(12), nullable=False),
        sa.Column("card_hash", sa.String(64), unique=True),
        sa.Column("pin_hash", sa.String(200)),
        sa.Column("pin_failures", sa.Integer(), nullable=False),
        sa.Column("pin_blocked_until", sa.DateTime()),
        sa.Column("pin_locked", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime()),
    )
    op.create_table(
        "member_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "member_id", sa.String(36), sa.ForeignKey("members.id"), nullable=False, index=True
        ),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "ask_notes",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("ask_id", sa.String(36), sa.ForeignKey("asks.id"), nullable=False, index=True),
        sa.Column("member_id", sa.String(36), sa.ForeignKey("members.id"), nullable=False),
        sa.Column("text", sa.String(120), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    # Plain nullable columns and a unique index: SQLite adds them without rebuilding ``asks``.
    op.add_column("asks", sa.Column("member_id", sa.String(36)))
    op.add_column("asks", sa.Column("helper_token_hash", sa.String(64)))
    op.create_index("ix_asks_helper_token_hash", "asks", ["helper_token_hash"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_asks_helper_token_hash", "asks")
    with op.batch_alter_table("asks") as batch:
        batch.drop_column("helper_token_hash")
        batch.drop_column("member_id")
    for table in ("ask_notes", "member_sessions", "members"):
        op.drop_table(table)
