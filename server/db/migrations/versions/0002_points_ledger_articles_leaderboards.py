"""points ledger, articles, leaderboards

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28 01:20:21.912816
"""

import sqlalchemy as sa
from alembic import op

from server.db.models import UTCDateTime

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "article_columns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("sort", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_columns")),
    )
    op.create_table(
        "branch_boards",
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("branch_id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("study_month", sa.Integer(), nullable=False),
        sa.Column("study_month_rank_committee", sa.Integer(), nullable=False),
        sa.Column("study_month_rank_province", sa.Integer(), nullable=False),
        sa.Column("study_year", sa.Integer(), nullable=False),
        sa.Column("study_year_rank_committee", sa.Integer(), nullable=False),
        sa.Column("study_year_rank_province", sa.Integer(), nullable=False),
        sa.Column("love_month", sa.Integer(), nullable=False),
        sa.Column("love_month_rank_committee", sa.Integer(), nullable=False),
        sa.Column("love_month_rank_province", sa.Integer(), nullable=False),
        sa.Column("love_year", sa.Integer(), nullable=False),
        sa.Column("love_year_rank_committee", sa.Integer(), nullable=False),
        sa.Column("love_year_rank_province", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("as_of", "branch_id", name=op.f("pk_branch_boards")),
    )
    with op.batch_alter_table("branch_boards", schema=None) as batch_op:
        batch_op.create_index("ix_branch_boards_committee", ["as_of", "committee_id"], unique=False)
        batch_op.create_index(
            "ix_branch_boards_lm", ["as_of", "love_month_rank_province", "branch_id"], unique=False
        )
        batch_op.create_index(
            "ix_branch_boards_ly", ["as_of", "love_year_rank_province", "branch_id"], unique=False
        )
        batch_op.create_index(
            "ix_branch_boards_sm", ["as_of", "study_month_rank_province", "branch_id"], unique=False
        )
        batch_op.create_index(
            "ix_branch_boards_sy", ["as_of", "study_year_rank_province", "branch_id"], unique=False
        )

    op.create_table(
        "job_runs",
        sa.Column("job", sa.String(length=30), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("finished_at", UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("job", "day", name=op.f("pk_job_runs")),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("column_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("published_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["column_id"],
            ["article_columns.id"],
            name=op.f("fk_articles_column_id_article_columns"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_articles")),
    )
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.create_index(
            "ix_articles_column_published", ["column_id", "published_at"], unique=False
        )

    op.create_table(
        "article_comments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_article_comments_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_comments_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_comments")),
    )
    with op.batch_alter_table("article_comments", schema=None) as batch_op:
        batch_op.create_index("ix_article_comments_article", ["article_id", "id"], unique=False)

    op.create_table(
        "article_marks",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_article_marks_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_marks_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", "article_id", "kind", name=op.f("pk_article_marks")),
    )
    op.create_table(
        "article_reads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("started_at", UTCDateTime(timezone=True), nullable=False),
        sa.Column("completed_at", UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_article_reads_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_reads_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_reads")),
    )
    with op.batch_alter_table("article_reads", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_article_reads_account_id"), ["account_id"], unique=False
        )

    op.create_table(
        "article_shares",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_article_shares_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_shares_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_shares")),
    )
    op.create_table(
        "article_toggles",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_article_toggles_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_article_toggles_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "account_id", "article_id", "kind", name=op.f("pk_article_toggles")
        ),
    )
    op.create_table(
        "points_ledger",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=30), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("source_type", sa.String(length=30), nullable=False),
        sa.Column("source_id", sa.String(length=64), nullable=False),
        sa.Column("idempotency_key", sa.String(length=80), nullable=False),
        sa.Column("created_at", UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_points_ledger_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_points_ledger")),
        sa.UniqueConstraint(
            "account_id", "code", "idempotency_key", name="uq_points_ledger_request"
        ),
    )
    with op.batch_alter_table("points_ledger", schema=None) as batch_op:
        batch_op.create_index("ix_points_ledger_account_day", ["account_id", "day"], unique=False)
        batch_op.create_index("ix_points_ledger_day", ["day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("points_ledger", schema=None) as batch_op:
        batch_op.drop_index("ix_points_ledger_day")
        batch_op.drop_index("ix_points_ledger_account_day")

    op.drop_table("points_ledger")
    op.drop_table("article_toggles")
    op.drop_table("article_shares")
    with op.batch_alter_table("article_reads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_reads_account_id"))

    op.drop_table("article_reads")
    op.drop_table("article_marks")
    with op.batch_alter_table("article_comments", schema=None) as batch_op:
        batch_op.drop_index("ix_article_comments_article")

    op.drop_table("article_comments")
    with op.batch_alter_table("articles", schema=None) as batch_op:
        batch_op.drop_index("ix_articles_column_published")

    op.drop_table("articles")
    op.drop_table("job_runs")
    with op.batch_alter_table("branch_boards", schema=None) as batch_op:
        batch_op.drop_index("ix_branch_boards_sy")
        batch_op.drop_index("ix_branch_boards_sm")
        batch_op.drop_index("ix_branch_boards_ly")
        batch_op.drop_index("ix_branch_boards_lm")
        batch_op.drop_index("ix_branch_boards_committee")

    op.drop_table("branch_boards")
    op.drop_table("article_columns")
