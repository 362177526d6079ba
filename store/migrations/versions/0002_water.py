"""water: station registry, observations, model forecasts

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "water_stations",
        sa.Column("station_id", sa.String(32), nullable=False),
        sa.Column("station_code", sa.String(32), nullable=False),
        sa.Column("name_th", sa.String(200)),
        sa.Column("name_en", sa.String(200)),
        sa.Column("agency", sa.String(40)),
        sa.Column("basin_th", sa.String(200)),
        sa.Column("province_code", sa.String(2)),
        sa.Column("district_code", sa.String(4)),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.Column("bank_msl", sa.Float()),
        sa.Column("ground_msl", sa.Float()),
        sa.Column("left_bank", sa.Float()),
        sa.Column("right_bank", sa.Float()),
        sa.Column("critical_level_msl", sa.Float()),
        sa.Column("qmax", sa.Float()),
        sa.Column("flags", sa.Text()),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("station_id", name="pk_water_stations"),
    )
    op.create_index("ix_water_stations_province_code", "water_stations", ["province_code"])
    op.create_index("ix_water_stations_station_code", "water_stations", ["station_code"])
    # The primary key (station_id, observed_at) is the idempotency key of ingestion and the
    # index of a one-station time-range query (a B-tree seek, then a range scan).
    op.create_table(
        "water_observations",
        sa.Column("station_id", sa.String(32), nullable=False),
        sa.Column("observed_at", sa.DateTime(), nullable=False),
        sa.Column("level_msl", sa.Float()),
        sa.Column("discharge", sa.Float()),
        sa.Column("storage_percent", sa.Float()),
        sa.Column("hii_situation_level", sa.Integer()),
        sa.Column("flags", sa.Text()),
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("ingested_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["station_id"], ["water_stations.station_id"], name="fk_water_observations_station_id_water_stations"
        ),
        sa.PrimaryKeyConstraint("station_id", "observed_at", name="pk_water_observations"),
    )
    op.create_table(
        "water_forecasts",
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("station_code", sa.String(32), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("discharge", sa.Float()),
        sa.Column("discharge_median", sa.Float()),
        sa.Column("p25", sa.Float()),
        sa.Column("p75", sa.Float()),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.PrimaryKeyConstraint("source", "station_code", "issued_at", "date", name="pk_water_forecasts"),
    )
    op.create_index("ix_water_forecasts_station_code", "water_forecasts", ["station_code", "issued_at"])
    op.create_table(
        "rain_forecasts",
        sa.Column("source", sa.String(40), nullable=False),
        sa.Column("province_code", sa.String(2), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("valid_at", sa.DateTime(), nullable=False),
        sa.Column("precipitation_mm", sa.Float()),
        sa.Column("probability_pct", sa.Float()),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.PrimaryKeyConstraint("source", "province_code", "issued_at", "valid_at", name="pk_rain_forecasts"),
    )


def downgrade() -> None:
    op.drop_table("rain_forecasts")
    op.drop_index("ix_water_forecasts_station_code", table_name="water_forecasts")
    op.drop_table("water_forecasts")
    op.drop_table("water_observations")
    op.drop_index("ix_water_stations_station_code", table_name="water_stations")
    op.drop_index("ix_water_stations_province_code", table_name="water_stations")
    op.drop_table("water_stations")
