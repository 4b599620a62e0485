"""学标对标, 对标, 标准化专栏 (issue 18): each field's standard and its numbered items, the
branches' self-checks, and the province's column of articles and items.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 20:10:00
"""

import sqlalchemy as sa
from alembic import op

from server.db.models import UTCDateTime

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "standard_sets",
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=False),
        sa.Column("loaded_at", UTCDateTime(), nullable=False),
        sa.Column("loaded_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["loaded_by"], ["accounts.id"], name=op.f("fk_standard_sets_loaded_by_accounts")
        ),
        sa.PrimaryKeyConstraint("field", name=op.f("pk_standard_sets")),
    )
    op.create_table(
        "standard_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=20), nullable=False),
        sa.Column("number", sa.String(length=20), nullable=False),
        sa.Column("aspect", sa.String(length=20), nullable=False),
        sa.Column("sort", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.Column("removed_at", UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_standard_items")),
        sa.UniqueConstraint("field", "number", name="uq_standard_items_field_number"),
    )
    op.create_table(
        "standard_checks",
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("mark", sa.String(length=10), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("checked_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_standard_checks_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["branch_id"], ["orgs.id"], name=op.f("fk_standard_checks_branch_id_orgs")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["standard_items.id"],
            name=op.f("fk_standard_checks_item_id_standard_items"),
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("branch_id", "item_id", name=op.f("pk_standard_checks")),
    )
    op.create_index("ix_standard_checks_item_mark", "standard_checks", ["item_id", "mark"])
    op.create_table(
        "column_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sort", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("added_at", UTCDateTime(), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["added_by"], ["accounts.id"], name=op.f("fk_column_entries_added_by_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name=op.f("fk_column_entries_article_id_articles")
        ),
        sa.ForeignKeyConstraint(
            ["item_id"],
            ["standard_items.id"],
            name=op.f("fk_column_entries_item_id_standard_items"),
        ),  # fmt: skip
        sa.PrimaryKeyConstraint("id", name=op.f("pk_column_entries")),
        sa.UniqueConstraint("article_id", name=op.f("uq_column_entries_article_id")),
        sa.UniqueConstraint("item_id", name=op.f("uq_column_entries_item_id")),
    )


def downgrade() -> None:
    op.drop_table("column_entries")
    op.drop_index("ix_standard_checks_item_mark", table_name="standard_checks")
    op.drop_table("standard_checks")
    op.drop_table("standard_items")
    op.drop_table("standard_sets")
