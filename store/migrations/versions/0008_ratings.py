"""ratings: published stage-discharge pairs and station ratings (published or fitted)

Revision ID: 0008
Revises: 0007
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "rating_pairs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_code", sa.String(32), nullable=False),
        sa.Column("level_msl", sa.Float(), nullable=False),
        sa.Column("discharge", sa.Float(), nullable=False),
        sa.Column("file_name", sa.String(255), nullable=False),
        sa.Column("imported_at", sa.DateTime(), nullable=False),
        sa.Column("imported_by", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_rating_pairs"),
    )
    op.create_index("ix_rating_pairs_station_code", "rating_pairs", ["station_code"])
    op.create_table(
        "station_ratings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("station_code", sa.String(32), nullable=False),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(10), nullable=False),
        sa.Column("a", sa.Float()),
        sa.Column("b", sa.Float()),
        sa.Column("h0", sa.Float()),
        sa.Column("table_json", sa.Text()),
        sa.Column("level_min", sa.Float(), nullable=False),
        sa.Column("level_max", sa.Float(), nullable=False),
        sa.Column("rmse_log_q", sa.Float(), nullable=False),
        sa.Column("level_spread_m", sa.Float(), nullable=False),
        sa.Column("rmse_level_m", sa.Float(), nullable=False),
        sa.Column("n_pairs", sa.Integer(), nullable=False),
        sa.Column("fitted_at", sa.DateTime(), nullable=False),
        sa.Column("fitted_by", sa.String(80), nullable=False),
        sa.Column("file_name", sa.String(255)),
        sa.PrimaryKeyConstraint("id", name="pk_station_ratings"),
    )
    op.create_index("ix_station_ratings_station_code", "station_ratings", ["station_code"])


def downgrade() -> None:
    op.drop_index("ix_station_ratings_station_code", "station_ratings")
    op.drop_table("station_ratings")
    op.drop_index("ix_rating_pairs_station_code", "rating_pairs")
    op.drop_table("rating_pairs")
