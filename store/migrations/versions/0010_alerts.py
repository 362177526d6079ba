"""alerts: contacts, subscriptions, defaults, supervisors, the outbox and its attempts,
public messages and their approvals, alert settings (issue 19)

Revision ID: 0010
Revises: 0009 (re-chained after dams 0009 when the dams branch merged main)
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "alert_contacts",
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("email", sa.String(254)),
        sa.Column("line_to", sa.String(33)),
        sa.Column("webhook_url", sa.String(500)),
        sa.Column("language", sa.String(2), nullable=False),
        sa.Column("quiet_from_min", sa.Integer()),
        sa.Column("quiet_to_min", sa.Integer()),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("username", name="pk_alert_contacts"),
    )
    op.create_table(
        "alert_subscriptions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(60), nullable=False),
        sa.Column("station_code", sa.String(40), nullable=False),
        sa.Column("district_code", sa.String(4), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_alert_subscriptions"),
        sa.UniqueConstraint(
            "username", "channel", "kind", "station_code", "district_code", name="uq_alert_subscriptions_username"
        ),
    )
    op.create_index("ix_alert_subscriptions_username", "alert_subscriptions", ["username"])
    op.create_table(
        "alert_defaults",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("district_code", sa.String(4), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("kind", sa.String(60), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_alert_defaults"),
        sa.UniqueConstraint("role", "district_code", "channel", "kind", name="uq_alert_defaults_role"),
    )
    op.create_table(
        "alert_supervisors",
        sa.Column("district_code", sa.String(4), nullable=False),
        sa.Column("username", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("district_code", "username", name="pk_alert_supervisors"),
    )
    op.create_table(
        "public_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("card_path", sa.String(500)),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("raises_level", sa.Boolean(), nullable=False),
        sa.Column("level", sa.String(40)),
        sa.Column("state", sa.String(12), nullable=False),
        sa.Column("proposed_by", sa.String(80), nullable=False),
        sa.Column("proposed_at", sa.DateTime(), nullable=False),
        sa.Column("approved_at", sa.DateTime()),
        sa.Column("sent_at", sa.DateTime()),
        sa.PrimaryKeyConstraint("id", name="pk_public_messages"),
    )
    op.create_table(
        "public_message_approvals",
        sa.Column("message_id", sa.Integer(), nullable=False),
        sa.Column("approved_by", sa.String(80), nullable=False),
        sa.Column("approved_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["message_id"], ["public_messages.id"], name="fk_public_message_approvals_message_id_public_messages"
        ),
        sa.PrimaryKeyConstraint("message_id", "approved_by", name="pk_public_message_approvals"),
    )
    op.create_table(
        "alert_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(64), nullable=False),
        sa.Column("event_key", sa.String(300), nullable=False),
        sa.Column("kind", sa.String(60), nullable=False),
        sa.Column("severity", sa.String(10), nullable=False),
        sa.Column("recipient", sa.String(80)),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("address", sa.String(500), nullable=False),
        sa.Column("lang", sa.String(2), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("text", sa.Text()),
        sa.Column("public_message_id", sa.Integer()),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("claimed_at", sa.DateTime()),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("sent_at", sa.DateTime()),
        sa.Column("last_error", sa.Text()),
        sa.ForeignKeyConstraint(
            ["public_message_id"], ["public_messages.id"], name="fk_alert_outbox_public_message_id_public_messages"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_alert_outbox"),
        sa.UniqueConstraint("idempotency_key", name="uq_alert_outbox_idempotency_key"),
    )
    op.create_index("ix_alert_outbox_state", "alert_outbox", ["state", "next_attempt_at"])
    op.create_index("ix_alert_outbox_event_key", "alert_outbox", ["event_key"])
    op.create_index("ix_alert_outbox_recipient", "alert_outbox", ["recipient"])
    op.create_table(
        "alert_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("outbox_id", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("started_at", sa.DateTime(), nullable=False),
        sa.Column("finished_at", sa.DateTime()),
        sa.Column("outcome", sa.String(20), nullable=False),
        sa.Column("status", sa.String(40)),
        sa.Column("error", sa.Text()),
        sa.Column("retry_key", sa.String(64)),
        sa.ForeignKeyConstraint(["outbox_id"], ["alert_outbox.id"], name="fk_alert_attempts_outbox_id_alert_outbox"),
        sa.PrimaryKeyConstraint("id", name="pk_alert_attempts"),
    )
    op.create_index("ix_alert_attempts_outbox_id", "alert_attempts", ["outbox_id"])
    op.create_table(
        "alert_settings",
        sa.Column("key", sa.String(60), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_alert_settings"),
    )


def downgrade() -> None:
    op.drop_table("alert_settings")
    op.drop_index("ix_alert_attempts_outbox_id", table_name="alert_attempts")
    op.drop_table("alert_attempts")
    op.drop_index("ix_alert_outbox_recipient", table_name="alert_outbox")
    op.drop_index("ix_alert_outbox_event_key", table_name="alert_outbox")
    op.drop_index("ix_alert_outbox_state", table_name="alert_outbox")
    op.drop_table("alert_outbox")
    op.drop_table("public_message_approvals")
    op.drop_table("public_messages")
    op.drop_table("alert_supervisors")
    op.drop_table("alert_defaults")
    op.drop_index("ix_alert_subscriptions_username", table_name="alert_subscriptions")
    op.drop_table("alert_subscriptions")
    op.drop_table("alert_contacts")
