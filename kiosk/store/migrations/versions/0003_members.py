"""members for the PIN login; who asked, the claimer's address and the helper slip token

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "members",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("first_name", sa.String(160), nullable=False),
        sa.Column("circle_code", sa.String(40)),
        sa.Column("role", sa.String(12), nullable=False),
    )
    # Plain ADD COLUMN (nullable, no default): SQLite does it without copying the table.
    op.add_column("asks", sa.Column("member_id", sa.String(64)))
    op.add_column("asks", sa.Column("street", sa.String(80)))
    op.add_column("asks", sa.Column("house_number", sa.String(12)))
    op.add_column("asks", sa.Column("helper_token_hash", sa.String(64)))
    op.create_index("ix_asks_helper_token_hash", "asks", ["helper_token_hash"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_asks_helper_token_hash", table_name="asks")
    with op.batch_alter_table("asks") as batch:
        batch.drop_column("helper_token_hash")
        batch.drop_column("house_number")
        batch.drop_column("street")
        batch.drop_column("member_id")
    op.drop_table("members")
