"""积分导出's keyset: accounts by (org_id, id), so each page seeks to its place; the
province's 账号变动: org_events by time

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02 10:35:00
"""

from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_accounts_org_id_id", "accounts", ["org_id", "id"])
    op.create_index("ix_org_events_at", "org_events", ["at"])


def downgrade() -> None:
    op.drop_index("ix_org_events_at", table_name="org_events")
    op.drop_index("ix_accounts_org_id_id", table_name="accounts")
