"""数据分析示图's figures per org level and day or month

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02 09:40:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

_KEY = ("grain", "period", "level", "key")


def _key_columns() -> list[sa.Column]:
    return [
        sa.Column("grain", sa.String(length=5), nullable=False),
        sa.Column("period", sa.Date(), nullable=False),
        sa.Column("level", sa.String(length=20), nullable=False),
        sa.Column("key", sa.String(length=40), nullable=False),
    ]


def upgrade() -> None:
    figures = (
        "members", "branches", "active", "active_week", "study_points", "compliance_green",
        "compliance_rows", "wishes", "donations", "snapshots",
    )  # fmt: skip
    op.create_table(
        "org_stats",
        *_key_columns(),
        sa.Column("as_of", sa.Date(), nullable=False),
        *(sa.Column(name, sa.Integer(), nullable=False) for name in figures),
        sa.PrimaryKeyConstraint(*_KEY, name=op.f("pk_org_stats")),
    )
    op.create_table(
        "org_stat_meetings",
        *_key_columns(),
        sa.Column("type", sa.String(length=20), nullable=False),
        sa.Column("held", sa.Integer(), nullable=False),
        sa.Column("green", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*_KEY, "type", name=op.f("pk_org_stat_meetings")),
    )


def downgrade() -> None:
    op.drop_table("org_stat_meetings")
    op.drop_table("org_stats")
