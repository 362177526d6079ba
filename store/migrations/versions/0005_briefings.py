"""briefings: saved snapshots of what a briefing showed

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "briefings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("province_code", sa.String(2), nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
        sa.Column("saved_by", sa.String(80), nullable=False),
        sa.Column("saved_by_name", sa.String(200), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("snapshot", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_briefings"),
    )
    op.create_index("ix_briefings_province_code", "briefings", ["province_code", "taken_at"])


def downgrade() -> None:
    op.drop_index("ix_briefings_province_code", "briefings")
    op.drop_table("briefings")
