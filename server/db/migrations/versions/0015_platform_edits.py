"""The fields of an org or an account edited on the platform (我的支部, 账号管理) since the last
import, with their values before the edit: a re-import whose file still holds those values keeps
the edits instead of putting the old values back.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("orgs", "accounts"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("local_edits", sa.JSON(), nullable=True))


def downgrade() -> None:
    for table in ("accounts", "orgs"):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("local_edits")
