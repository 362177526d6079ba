"""checklists, users and sessions

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("agencies", sa.Text(), nullable=False),
        sa.Column("districts", sa.Text(), nullable=False),
        sa.Column("email", sa.String(200)),
        sa.Column("password_hash", sa.Text()),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
    )
    op.create_table(
        "user_sessions",
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("ended_at", sa.DateTime()),
        sa.PrimaryKeyConstraint("token_hash", name="pk_user_sessions"),
    )
    op.create_index("ix_user_sessions_username", "user_sessions", ["username"])
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("client", sa.String(100)),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_attempts"),
    )
    op.create_index("ix_login_attempts_username", "login_attempts", ["username"])
    op.create_index("ix_login_attempts_at", "login_attempts", ["at"])
    op.create_table(
        "checklist_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("digest", sa.String(64), nullable=False),
        sa.Column("title_th", sa.Text(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("loaded_at", sa.DateTime(), nullable=False),
        sa.Column("loaded_by", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_checklist_templates"),
        sa.UniqueConstraint("name", "digest", name="uq_checklist_templates_name"),
    )
    op.create_table(
        "checklist_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("province_code", sa.String(2), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("districts", sa.Text(), nullable=False),
        sa.Column("opened_at", sa.DateTime(), nullable=False),
        sa.Column("opened_by", sa.String(80), nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_checklist_events"),
        sa.ForeignKeyConstraint(
            ["template_id"], ["checklist_templates.id"], name="fk_checklist_events_template_id_checklist_templates"
        ),
    )
    op.create_table(
        "checklist_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("item_key", sa.String(80), nullable=False),
        sa.Column("phase", sa.String(20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("district_code", sa.String(4)),
        sa.Column("title_th", sa.Text(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("agency", sa.String(80), nullable=False),
        sa.Column("agency_th", sa.Text(), nullable=False),
        sa.Column("agency_en", sa.Text(), nullable=False),
        sa.Column("networks", sa.Text(), nullable=False),
        sa.Column("duration_h", sa.Float()),
        sa.Column("trigger", sa.Text()),
        sa.Column("state", sa.String(20), nullable=False),
        sa.Column("owner_agency", sa.Text()),
        sa.Column("owner_person", sa.Text()),
        sa.Column("due_at", sa.DateTime()),
        sa.Column("note", sa.Text()),
        sa.Column("evidence_url", sa.Text()),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(80), nullable=False),
        sa.Column("updated_by_name", sa.String(200), nullable=False),
        sa.Column("triggered_at", sa.DateTime()),
        sa.Column("trigger_reason", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_checklist_items"),
        sa.ForeignKeyConstraint(
            ["event_id"], ["checklist_events.id"], name="fk_checklist_items_event_id_checklist_events"
        ),
    )
    op.create_index("ix_checklist_items_event_id", "checklist_items", ["event_id"])
    op.create_table(
        "checklist_history",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("by_username", sa.String(80), nullable=False),
        sa.Column("by_name", sa.String(200), nullable=False),
        sa.Column("from_state", sa.String(20)),
        sa.Column("to_state", sa.String(20), nullable=False),
        sa.Column("changes", sa.Text(), nullable=False),
        sa.Column("note", sa.Text()),
        sa.PrimaryKeyConstraint("id", name="pk_checklist_history"),
        sa.ForeignKeyConstraint(
            ["item_id"], ["checklist_items.id"], name="fk_checklist_history_item_id_checklist_items"
        ),
        sa.UniqueConstraint("item_id", "version", name="uq_checklist_history_item_id"),
    )
    op.create_index("ix_checklist_history_event_id", "checklist_history", ["event_id"])


def downgrade() -> None:
    op.drop_table("checklist_history")
    op.drop_table("checklist_items")
    op.drop_table("checklist_events")
    op.drop_table("checklist_templates")
    op.drop_table("login_attempts")
    op.drop_table("user_sessions")
    op.drop_table("users")
