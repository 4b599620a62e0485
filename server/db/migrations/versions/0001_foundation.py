"""Foundation: orgs, committee positions, accounts, sessions, login failures, preferences.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

from server.db.models import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

# 委员职位 from the standardisation handbook. A position added later is a data migration of its
# own that inserts a row; no code lists them.
COMMITTEE_POSITIONS = (
    ("secretary", "书记"),
    ("deputy_secretary", "副书记"),
    ("organization", "组织委员"),
    ("publicity", "宣传委员"),
    ("discipline", "纪检委员"),
    ("youth", "青年委员"),
    ("women", "妇女委员"),
    ("united_front", "统战委员"),
    ("security", "保密委员"),
)


def upgrade() -> None:
    op.create_table(
        "orgs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("parent_id", sa.Integer, sa.ForeignKey("orgs.id", name="fk_orgs_parent_id_orgs")),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("sort", sa.Integer, nullable=False, server_default="0"),
    )
    op.create_index("ix_orgs_parent_id", "orgs", ["parent_id"])
    positions = op.create_table(
        "committee_positions",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("name", sa.String(40), nullable=False),
        sa.Column("sort", sa.Integer, nullable=False),
    )
    op.bulk_insert(
        positions,
        [{"code": c, "name": n, "sort": i} for i, (c, n) in enumerate(COMMITTEE_POSITIONS)],
    )
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(30), nullable=False),
        sa.Column("org_id", sa.Integer, sa.ForeignKey("orgs.id", name="fk_accounts_org_id_orgs")),
        sa.Column(
            "group_id", sa.Integer, sa.ForeignKey("orgs.id", name="fk_accounts_group_id_orgs")
        ),
        sa.Column(
            "position_code",
            sa.String(40),
            sa.ForeignKey(
                "committee_positions.code", name="fk_accounts_position_code_committee_positions"
            ),
        ),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("created_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_accounts_org_id", "accounts", ["org_id"])
    op.create_table(
        "auth_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "account_id",
            sa.Integer,
            sa.ForeignKey(
                "accounts.id", ondelete="CASCADE", name="fk_auth_sessions_account_id_accounts"
            ),
            nullable=False,
        ),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("expires_at", UTCDateTime(), nullable=False),
    )
    op.create_index("ix_auth_sessions_account_id", "auth_sessions", ["account_id"])
    op.create_table(
        "login_failures",
        sa.Column("scope", sa.String(10), primary_key=True),
        sa.Column("key", sa.String(100), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("window_start", UTCDateTime(), nullable=False),
        sa.Column("locked_until", UTCDateTime()),
    )
    op.create_table(
        "account_preferences",
        sa.Column(
            "account_id",
            sa.Integer,
            sa.ForeignKey(
                "accounts.id", ondelete="CASCADE", name="fk_account_preferences_account_id_accounts"
            ),
            primary_key=True,
        ),
        sa.Column("shortcuts", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    for table in ("account_preferences", "login_failures", "auth_sessions", "accounts"):
        op.drop_table(table)
    op.drop_table("committee_positions")
    op.drop_table("orgs")
