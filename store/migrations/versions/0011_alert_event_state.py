"""alert event state: what each alert source last stood at (a station's hysteresis stage and
the last reading it has seen), so an event is found once (issue 19)

Revision ID: 0011
Revises: 0010
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_event_state",
        sa.Column("subject", sa.String(120), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("subject", name="pk_alert_event_state"),
    )


def downgrade() -> None:
    op.drop_table("alert_event_state")
