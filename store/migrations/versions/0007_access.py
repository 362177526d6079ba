"""access: screen tokens, sign-in exchange codes, throttle columns of login attempts

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # why a sign-in was refused (for the audit) and when an admin cleared a throttle
    op.add_column("login_attempts", sa.Column("reason", sa.String(20)))
    op.add_column("login_attempts", sa.Column("cleared_at", sa.DateTime()))
    op.create_index("ix_login_attempts_client", "login_attempts", ["client"])
    op.create_table(
        "session_exchange_codes",
        sa.Column("code_hash", sa.String(64), nullable=False),
        sa.Column("sealed_token", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("code_hash", name="pk_session_exchange_codes"),
    )
    op.create_table(
        "screen_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(80), nullable=False),
        sa.Column("revoked_at", sa.DateTime()),
        sa.Column("revoked_by", sa.String(80)),
        sa.Column("last_used_at", sa.DateTime()),
        sa.PrimaryKeyConstraint("id", name="pk_screen_tokens"),
        sa.UniqueConstraint("token_hash", name="uq_screen_tokens_token_hash"),
    )
    op.create_index("ix_screen_tokens_name", "screen_tokens", ["name"])


def downgrade() -> None:
    op.drop_index("ix_screen_tokens_name", table_name="screen_tokens")
    op.drop_table("screen_tokens")
    op.drop_table("session_exchange_codes")
    op.drop_index("ix_login_attempts_client", table_name="login_attempts")
    with op.batch_alter_table("login_attempts") as batch:
        batch.drop_column("cleared_at")
        batch.drop_column("reason")
