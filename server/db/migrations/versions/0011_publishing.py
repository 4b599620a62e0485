"""published content: owner org, author, state and times of articles, courses and papers;
video files the server serves

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 09:40:00
"""

import sqlalchemy as sa
from alembic import op

from server.db.models import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

_TABLES = ("articles", "courses", "exam_papers")


def upgrade() -> None:
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("owner_org_id", sa.Integer(), nullable=True))
            batch_op.add_column(sa.Column("author_id", sa.Integer(), nullable=True))
            batch_op.add_column(
                sa.Column(
                    "status", sa.String(length=12), nullable=False, server_default="published"
                )
            )
            batch_op.add_column(sa.Column("updated_at", UTCDateTime(), nullable=True))
            if table != "articles":
                batch_op.add_column(sa.Column("published_at", UTCDateTime(), nullable=True))
            batch_op.create_foreign_key(
                op.f(f"fk_{table}_owner_org_id_orgs"), "orgs", ["owner_org_id"], ["id"]
            )
            batch_op.create_foreign_key(
                op.f(f"fk_{table}_author_id_accounts"), "accounts", ["author_id"], ["id"]
            )
            batch_op.create_index(op.f(f"ix_{table}_owner_org_id"), ["owner_org_id"])
        # What there was before belongs to the province: published to everyone.
        op.execute(
            f"UPDATE {table} SET owner_org_id = "
            "(SELECT id FROM orgs WHERE parent_id IS NULL ORDER BY id LIMIT 1)"
        )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index("ix_articles_status_published", ["status", "published_at"])
    with op.batch_alter_table("videos", schema=None) as batch_op:
        batch_op.add_column(sa.Column("file_path", sa.String(length=500), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("videos", schema=None) as batch_op:
        batch_op.drop_column("file_path")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index("ix_articles_status_published")
    for table in _TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(op.f(f"ix_{table}_owner_org_id"))
            batch_op.drop_constraint(op.f(f"fk_{table}_author_id_accounts"), type_="foreignkey")
            batch_op.drop_constraint(op.f(f"fk_{table}_owner_org_id_orgs"), type_="foreignkey")
            for column in ("updated_at", "status", "author_id", "owner_org_id"):
                batch_op.drop_column(column)
            if table != "articles":
                batch_op.drop_column("published_at")
