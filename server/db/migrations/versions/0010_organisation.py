"""organisations as a real province holds them: org codes, 市州 and 领域, one-time passwords,
the audit of changes to organisations and accounts

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02 09:00:00
"""

import sqlalchemy as sa
from alembic import op

from server.db.models import UTCDateTime

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("orgs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("code", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("city", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("field", sa.String(length=20), nullable=True))
        batch_op.create_unique_constraint(op.f("uq_orgs_code"), ["code"])
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()
            )
        )
    op.create_table(
        "org_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", UTCDateTime(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(length=30), nullable=False),
        sa.Column("detail", sa.String(length=500), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["accounts.id"], name=op.f("fk_org_events_actor_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_org_events_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_org_events_org_id_orgs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_org_events")),
    )
    with op.batch_alter_table("org_events", schema=None) as batch_op:
        batch_op.create_index("ix_org_events_org_at", ["org_id", "at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("org_events", schema=None) as batch_op:
        batch_op.drop_index("ix_org_events_org_at")
    op.drop_table("org_events")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("must_change_password")
    with op.batch_alter_table("orgs", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("uq_orgs_code"), type_="unique")
        batch_op.drop_column("field")
        batch_op.drop_column("city")
        batch_op.drop_column("code")
