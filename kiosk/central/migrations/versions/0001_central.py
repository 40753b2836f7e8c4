"""buurthuizen, kiosks, circles, asks, offers, events, changes

Revision ID: c0001
Revises:
Create Date: 2026-11-27
"""

import sqlalchemy as sa
from alembic import op

revision = "c0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "buurthuizen",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("name", sa.String(80), nullable=False, unique=True),
    )
    op.create_table(
        "kiosks",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("buurthuis_id", sa.Integer(), sa.ForeignKey("buurthuizen.id"), nullable=False),
        sa.Column("name", sa.String(80), nullable=False, unique=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime()),
    )
    op.create_table(
        "circles",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("buurthuis_id", sa.Integer(), sa.ForeignKey("buurthuizen.id"), nullable=False),
        sa.Column("code", sa.String(40), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("verbinder_name", sa.String(80), nullable=False),
        sa.Column("verbinder_phone", sa.String(20), nullable=False),
        sa.UniqueConstraint("buurthuis_id", "code"),
    )
    for table in ("asks", "offers"):
        columns: list[sa.schema.SchemaItem] = [
            sa.Column("id", sa.String(36), primary_key=True),
            sa.Column(
                "buurthuis_id",
                sa.Integer(),
                sa.ForeignKey("buurthuizen.id"),
                nullable=False,
                index=True,
            ),
            sa.Column("origin_kiosk_id", sa.Integer(), sa.ForeignKey("kiosks.id"), nullable=False),
            sa.Column("number", sa.String(8), nullable=False),
            sa.Column("when_kind", sa.String(12), nullable=False),
            sa.Column("when_day", sa.Date()),
            sa.Column("first_name", sa.String(160)),
            sa.Column("phone", sa.String(20)),
            sa.Column("circle_code", sa.String(40)),
            sa.Column("status", sa.String(12), nullable=False),
            sa.Column("token_hash", sa.String(64), unique=True),
            sa.Column("created_at", sa.DateTime(), nullable=False),
            sa.Column("updated_at", sa.DateTime(), nullable=False),
            sa.Column("closed_at", sa.DateTime()),
            sa.Column("erased_at", sa.DateTime()),
        ]
        if table == "asks":
            columns += [
                sa.Column("category", sa.String(20), nullable=False),
                sa.Column("for_neighbour", sa.Boolean(), nullable=False),
                sa.Column("claimed_by", sa.String(64)),
                sa.Column("claimed_kiosk_id", sa.Integer(), sa.ForeignKey("kiosks.id")),
                sa.Column("thanked", sa.Boolean(), nullable=False),
            ]
        else:
            columns += [sa.Column("categories", sa.Text(), nullable=False)]
        op.create_table(table, *columns)
    op.create_table(
        "events",
        sa.Column("event_id", sa.String(36), primary_key=True),
        sa.Column("kiosk_id", sa.Integer(), sa.ForeignKey("kiosks.id"), nullable=False),
        sa.Column("device_seq", sa.BigInteger()),
        sa.Column("type", sa.String(30), nullable=False),
        sa.Column("entity_id", sa.String(36), nullable=False),
        sa.Column("body_hash", sa.String(64), nullable=False),
        sa.Column("result", sa.String(12), nullable=False),
        sa.Column("reason", sa.String(60)),
        sa.Column("status", sa.String(12)),
        sa.Column("received_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "changes",
        sa.Column("seq", sa.BigInteger(), primary_key=True, autoincrement=False),
        sa.Column("buurthuis_id", sa.Integer(), sa.ForeignKey("buurthuizen.id"), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("entity_id", sa.String(40), nullable=False),
    )
    op.create_index("ix_changes_buurthuis_seq", "changes", ["buurthuis_id", "seq"])
    op.create_table(
        "seq_counter",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("value", sa.BigInteger(), nullable=False),
    )
    op.execute("INSERT INTO seq_counter (id, value) VALUES (1, 0)")


def downgrade() -> None:
    for table in (
        "seq_counter",
        "changes",
        "events",
        "offers",
        "asks",
        "circles",
        "kiosks",
        "buurthuizen",
    ):
        op.drop_table(table)
