"""offline dating bounds, back-dated pushes for 审核记录, per-account write limits

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-02 05:25:00
"""

import sqlalchemy as sa
from alembic import op

from server.db.models import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("sync_clients", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_seen_at", UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column("last_at", UTCDateTime(), nullable=True))
    # Installations known before: first seen at their first stored answer (else their last
    # push); their last applied action is not known, so it bounds nothing.
    op.execute(
        "UPDATE sync_clients SET first_seen_at = COALESCE((SELECT MIN(r.created_at) FROM "
        "sync_results r WHERE r.account_id = sync_clients.account_id AND r.client_id = "
        "sync_clients.client_id), updated_at)"
    )
    op.create_table(
        "sync_backdated",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=40), nullable=False),
        sa.Column("pushed_at", UTCDateTime(), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_sync_backdated_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_backdated")),
    )
    with op.batch_alter_table("sync_backdated", schema=None) as batch_op:
        batch_op.create_index("ix_sync_backdated_pushed", ["pushed_at"], unique=False)
    op.create_table(
        "write_counts",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("window_start", UTCDateTime(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_write_counts_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "account_id", "action", "window_start", name=op.f("pk_write_counts")
        ),
    )


def downgrade() -> None:
    op.drop_table("write_counts")
    with op.batch_alter_table("sync_backdated", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_backdated_pushed")
    op.drop_table("sync_backdated")
    with op.batch_alter_table("sync_clients", schema=None) as batch_op:
        batch_op.drop_column("last_at")
        batch_op.drop_column("first_seen_at")
