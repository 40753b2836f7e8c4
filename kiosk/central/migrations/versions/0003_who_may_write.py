"""sessions bound to a kiosk with logout; PIN locks that end and stay with one kiosk; wrong
PINs per kiosk; a create's new number in its stored result; request numbers looked up fast

Revision ID: c0003
Revises: c0002
Create Date: 2026-11-29
"""

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from alembic import op

revision = "c0003"
down_revision = "c0002"
branch_labels = None
depends_on = None

OLD_LOCKS_END = timedelta(hours=1)  # a lock from before this version ends an hour after it


def upgrade() -> None:
    # Sessions live 15 minutes: the open ones end here, and the table starts over bound to kiosks.
    op.drop_table("member_sessions")
    _member_sessions(
        sa.Column("kiosk_id", sa.Integer(), sa.ForeignKey("kiosks.id"), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime()),
    )
    op.create_table(
        "wrong_pins",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kiosk_id", sa.Integer(), sa.ForeignKey("kiosks.id"), nullable=False),
        sa.Column("buurthuis_id", sa.Integer(), sa.ForeignKey("buurthuizen.id"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_wrong_pins_kiosk_at", "wrong_pins", ["kiosk_id", "at"])
    op.create_index("ix_wrong_pins_buurthuis_at", "wrong_pins", ["buurthuis_id", "at"])
    # Plain nullable columns: SQLite adds them without rebuilding the tables.
    op.add_column("members", sa.Column("pin_fail_kiosk_id", sa.Integer()))
    op.add_column("members", sa.Column("pin_locked_until", sa.DateTime()))
    op.add_column("members", sa.Column("pin_locked_kiosk_id", sa.Integer()))
    op.add_column("events", sa.Column("number", sa.String(8)))
    op.create_index("ix_asks_buurthuis_number", "asks", ["buurthuis_id", "number"])
    op.create_index("ix_offers_buurthuis_number", "offers", ["buurthuis_id", "number"])
    members = sa.table(
        "members", sa.column("pin_locked", sa.Boolean()), sa.column("pin_locked_until")
    )
    ends = datetime.now(UTC).replace(tzinfo=None) + OLD_LOCKS_END
    op.execute(members.update().where(members.c.pin_locked.is_(True)).values(pin_locked_until=ends))


def downgrade() -> None:
    op.drop_index("ix_offers_buurthuis_number", "offers")
    op.drop_index("ix_asks_buurthuis_number", "asks")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("number")
    with op.batch_alter_table("members") as batch:
        batch.drop_column("pin_locked_kiosk_id")
        batch.drop_column("pin_locked_until")
        batch.drop_column("pin_fail_kiosk_id")
    op.drop_table("wrong_pins")
    op.drop_table("member_sessions")
    _member_sessions(sa.Column("expires_at", sa.DateTime(), nullable=False))


def _member_sessions(*columns: sa.Column) -> None:
    op.create_table(
        "member_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "member_id", sa.String(36), sa.ForeignKey("members.id"), nullable=False, index=True
        ),
        *columns,
    )
