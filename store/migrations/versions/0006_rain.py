"""rain: ThaiWater 24 h rain gauge readings

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rain_observations",
        sa.Column("station_id", sa.String(32), nullable=False),
        sa.Column("observed_at", sa.DateTime(), nullable=False),
        sa.Column("station_code", sa.String(32)),
        sa.Column("name_th", sa.String(200)),
        sa.Column("name_en", sa.String(200)),
        sa.Column("province_code", sa.String(2)),
        sa.Column("amphoe_code", sa.String(4)),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.Column("rain_24h_mm", sa.Float()),
        sa.Column("flags", sa.Text()),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("station_id", "observed_at", name="pk_rain_observations"),
    )
    op.create_index("ix_rain_observations_province_code", "rain_observations", ["province_code"])


def downgrade() -> None:
    op.drop_index("ix_rain_observations_province_code", "rain_observations")
    op.drop_table("rain_observations")
