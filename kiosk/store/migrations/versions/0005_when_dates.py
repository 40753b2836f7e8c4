"""today, tomorrow and this week are kept as dates: fill them in from created_at

Revision ID: 0005
Revises: 0003
Create Date: 2026-11-29
"""

from alembic import op

from kiosk.when_migration import clear_when_dates, fill_when_dates

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

TABLES = ("asks", "offers")


def upgrade() -> None:
    fill_when_dates(op.get_bind(), TABLES)


def downgrade() -> None:
    clear_when_dates(op.get_bind(), TABLES)
