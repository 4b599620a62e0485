"""sync

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 03:16:27.570463
"""

import sqlalchemy as sa
from alembic import op

from server.db.models import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "sync_clients",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=40), nullable=False),
        sa.Column("last_seq", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_sync_clients_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", "client_id", name=op.f("pk_sync_clients")),
    )
    op.create_table(
        "sync_results",
        sa.Column(
            "version",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("client_id", sa.String(length=40), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("mutation_id", sa.String(length=40), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_sync_results_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("version", name=op.f("pk_sync_results")),
        sa.UniqueConstraint("account_id", "client_id", "seq", name="uq_sync_results_seq"),
    )
    with op.batch_alter_table("sync_results", schema=None) as batch_op:
        batch_op.create_index(
            "ix_sync_results_account_version", ["account_id", "version"], unique=False
        )

    with op.batch_alter_table("watch_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("client_key", sa.String(length=40), nullable=True))


def downgrade() -> None:

    with op.batch_alter_table("watch_sessions", schema=None) as batch_op:
        batch_op.drop_column("client_key")

    with op.batch_alter_table("sync_results", schema=None) as batch_op:
        batch_op.drop_index("ix_sync_results_account_version")

    op.drop_table("sync_results")
    op.drop_table("sync_clients")
