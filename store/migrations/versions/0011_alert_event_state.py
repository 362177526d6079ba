"""alert event state: what each alert source last stood at (a station's hysteresis stage and
the last reading it has seen), so an event is found once (issue 19)

Revision ID: 0011
Revises: 0010, 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
# 0010 (alerts) and 0008 (ratings) were both written on 0007: this revision joins the two heads
# until the integrator re-chains them (then it is simply "0010")
down_revision = ("0010", "0008")
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
