"""dams: ThaiWater large-dam registry and daily observations (storage, inflow, release, spill)

Revision ID: 0009
Revises: 0008
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dams",
        sa.Column("dam_id", sa.String(32), nullable=False),
        sa.Column("dam_code", sa.String(32)),
        sa.Column("name_th", sa.String(200)),
        sa.Column("name_en", sa.String(200)),
        sa.Column("agency", sa.String(40)),
        sa.Column("basin_id", sa.String(16)),
        sa.Column("basin_th", sa.String(200)),
        sa.Column("basin_en", sa.String(200)),
        sa.Column("province_code", sa.String(2)),
        sa.Column("province_th", sa.String(200)),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.Column("normal_storage_mcm", sa.Float()),
        sa.Column("max_storage_mcm", sa.Float()),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("dam_id", name="pk_dams"),
    )
    op.create_table(
        "dam_observations",
        sa.Column("dam_id", sa.String(32), nullable=False),
        sa.Column("data_date", sa.Date(), nullable=False),
        sa.Column("storage_mcm", sa.Float()),
        sa.Column("storage_pct", sa.Float()),
        sa.Column("inflow_mcm", sa.Float()),
        sa.Column("released_mcm", sa.Float()),
        sa.Column("spilled_mcm", sa.Float()),
        sa.Column("level_msl", sa.Float()),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("dam_id", "data_date", name="pk_dam_observations"),
    )


def downgrade() -> None:
    op.drop_table("dam_observations")
    op.drop_table("dams")
