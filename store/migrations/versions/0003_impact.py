"""impact: reports, their edit log, evacuation centres, satellite flood extent

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "impact_reports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("district_code", sa.String(4), nullable=False),
        sa.Column("report_time", sa.DateTime(), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("entered_by", sa.String(80), nullable=False),
        sa.Column("entered_at", sa.DateTime(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("declared_zone_date", sa.Date()),
        sa.Column("affected_subdistricts", sa.Integer(), nullable=False),
        sa.Column("affected_villages", sa.Integer(), nullable=False),
        sa.Column("affected_households", sa.Integer(), nullable=False),
        sa.Column("affected_people", sa.Integer(), nullable=False),
        sa.Column("evacuated_households", sa.Integer(), nullable=False),
        sa.Column("evacuated_people", sa.Integer(), nullable=False),
        sa.Column("deaths", sa.Integer(), nullable=False),
        sa.Column("injured", sa.Integer(), nullable=False),
        sa.Column("missing", sa.Integer(), nullable=False),
        sa.Column("houses_destroyed", sa.Integer(), nullable=False),
        sa.Column("houses_damaged", sa.Integer(), nullable=False),
        sa.Column("farm_rice_rai", sa.Float(), nullable=False),
        sa.Column("farm_horticulture_rai", sa.Float(), nullable=False),
        sa.Column("farm_field_crops_rai", sa.Float(), nullable=False),
        sa.Column("farm_other_rai", sa.Float(), nullable=False),
        sa.Column("livestock_head", sa.Integer(), nullable=False),
        sa.Column("fish_ponds", sa.Integer(), nullable=False),
        sa.Column("roads_damaged", sa.Integer(), nullable=False),
        sa.Column("bridges_damaged", sa.Integer(), nullable=False),
        sa.Column("weirs_damaged", sa.Integer(), nullable=False),
        sa.Column("centres_open", sa.Integer(), nullable=False),
        sa.Column("people_in_centres", sa.Integer(), nullable=False),
        sa.Column("people_with_relatives", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_impact_reports"),
        sa.UniqueConstraint("district_code", "report_time", name="uq_impact_reports_district_time"),
    )
    op.create_index("ix_impact_reports_district_code", "impact_reports", ["district_code"])
    op.create_table(
        "impact_report_edits",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("edited_at", sa.DateTime(), nullable=False),
        sa.Column("edited_by", sa.String(80), nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("previous", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_impact_report_edits"),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["impact_reports.id"],
            ondelete="CASCADE",
            name="fk_impact_report_edits_report_id_impact_reports",
        ),
    )
    op.create_index("ix_impact_report_edits_report_id", "impact_report_edits", ["report_id"])
    op.create_table(
        "evacuation_centres",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("district_code", sa.String(4), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("village", sa.String(200), nullable=False),
        sa.Column("lat", sa.Float()),
        sa.Column("lon", sa.Float()),
        sa.Column("capacity", sa.Integer(), nullable=False),
        sa.Column("people_now", sa.Integer(), nullable=False),
        sa.Column("water", sa.Boolean(), nullable=False),
        sa.Column("toilets", sa.Boolean(), nullable=False),
        sa.Column("medical", sa.Boolean(), nullable=False),
        sa.Column("opened_on", sa.Date()),
        sa.Column("closed_on", sa.Date()),
        sa.Column("source", sa.String(200), nullable=False),
        sa.Column("entered_by", sa.String(80), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_evacuation_centres"),
        sa.UniqueConstraint("district_code", "name", name="uq_evacuation_centres_district_name"),
    )
    op.create_index("ix_evacuation_centres_district_code", "evacuation_centres", ["district_code"])
    op.create_table(
        "flood_extent_areas",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source", sa.String(80), nullable=False),
        sa.Column("acquired_on", sa.Date(), nullable=False),
        sa.Column("district_code", sa.String(4), nullable=False),
        sa.Column("area_km2", sa.Float(), nullable=False),
        sa.Column("area_rai", sa.Float(), nullable=False),
        sa.Column("method", sa.String(20), nullable=False),
        sa.Column("stored_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_flood_extent_areas"),
        sa.UniqueConstraint("source", "acquired_on", "district_code", name="uq_flood_extent_areas_key"),
    )
    op.create_table(
        "flood_extent_layers",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source", sa.String(80), nullable=False),
        sa.Column("acquired_on", sa.Date(), nullable=False),
        sa.Column("scenes", sa.Text(), nullable=False),
        sa.Column("feature_count", sa.Integer(), nullable=False),
        sa.Column("geojson", sa.Text(), nullable=False),
        sa.Column("stored_by", sa.String(80), nullable=False),
        sa.Column("stored_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_flood_extent_layers"),
        sa.UniqueConstraint("source", "acquired_on", name="uq_flood_extent_layers_key"),
    )


def downgrade() -> None:
    op.drop_table("flood_extent_layers")
    op.drop_table("flood_extent_areas")
    op.drop_index("ix_evacuation_centres_district_code", table_name="evacuation_centres")
    op.drop_table("evacuation_centres")
    op.drop_index("ix_impact_report_edits_report_id", table_name="impact_report_edits")
    op.drop_table("impact_report_edits")
    op.drop_index("ix_impact_reports_district_code", table_name="impact_reports")
    op.drop_table("impact_reports")
