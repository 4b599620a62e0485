"""courses videos watch exams

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 02:36:36.159377
"""

import sqlalchemy as sa
from alembic import op

from server.db.models import UTCDateTime

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "courses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("sort", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_courses")),
    )
    op.create_table(
        "exam_papers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("sort", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_papers")),
    )
    op.create_table(
        "exam_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("sort", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("stem", sa.Text(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("answer", sa.JSON(), nullable=False),
        sa.Column("points", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["paper_id"],
            ["exam_papers.id"],
            name=op.f("fk_exam_questions_paper_id_exam_papers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_questions")),
    )
    with op.batch_alter_table("exam_questions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_exam_questions_paper_id"), ["paper_id"], unique=False)

    op.create_table(
        "enrolments",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("enrolled_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_enrolments_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_enrolments_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", "course_id", name=op.f("pk_enrolments")),
    )
    op.create_table(
        "exam_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("paper_id", sa.Integer(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("submitted_at", UTCDateTime(), nullable=True),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("answers", sa.JSON(), nullable=True),
        sa.Column("earned", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_exam_attempts_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["paper_id"],
            ["exam_papers.id"],
            name=op.f("fk_exam_attempts_paper_id_exam_papers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_exam_attempts")),
    )
    with op.batch_alter_table("exam_attempts", schema=None) as batch_op:
        batch_op.create_index(
            "ix_exam_attempts_member_paper", ["account_id", "paper_id"], unique=False
        )

    op.create_table(
        "video_days",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("credited_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_video_days_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", "day", name=op.f("pk_video_days")),
    )
    op.create_table(
        "videos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=True),
        sa.Column("article_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("url", sa.String(length=300), nullable=False),
        sa.Column("sort", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"],
            ["articles.id"],
            name=op.f("fk_videos_article_id_articles"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_videos_course_id_courses"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_videos")),
    )
    with op.batch_alter_table("videos", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_videos_article_id"), ["article_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_videos_course_id"), ["course_id"], unique=False)

    op.create_table(
        "video_progress",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("video_id", sa.Integer(), nullable=False),
        sa.Column("covered_ms", sa.BigInteger(), nullable=False),
        sa.Column("position_ms", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_video_progress_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["video_id"],
            ["videos.id"],
            name=op.f("fk_video_progress_video_id_videos"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("account_id", "video_id", name=op.f("pk_video_progress")),
    )
    op.create_table(
        "watch_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("video_id", sa.Integer(), nullable=False),
        sa.Column("started_at", UTCDateTime(), nullable=False),
        sa.Column("ended_at", UTCDateTime(), nullable=True),
        sa.Column("new_ms", sa.BigInteger(), nullable=False),
        sa.Column("saves", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_watch_sessions_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["video_id"],
            ["videos.id"],
            name=op.f("fk_watch_sessions_video_id_videos"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_watch_sessions")),
    )
    with op.batch_alter_table("watch_sessions", schema=None) as batch_op:
        batch_op.create_index("ix_watch_sessions_open", ["account_id", "ended_at"], unique=False)

    op.create_table(
        "watched_intervals",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("video_id", sa.Integer(), nullable=False),
        sa.Column("start_ms", sa.BigInteger(), nullable=False),
        sa.Column("end_ms", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_watched_intervals_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["video_id"],
            ["videos.id"],
            name=op.f("fk_watched_intervals_video_id_videos"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "account_id", "video_id", "start_ms", name=op.f("pk_watched_intervals")
        ),
    )


def downgrade() -> None:
    op.drop_table("watched_intervals")
    with op.batch_alter_table("watch_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_watch_sessions_open")

    op.drop_table("watch_sessions")
    op.drop_table("video_progress")
    with op.batch_alter_table("videos", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_videos_course_id"))
        batch_op.drop_index(batch_op.f("ix_videos_article_id"))

    op.drop_table("videos")
    op.drop_table("video_days")
    with op.batch_alter_table("exam_attempts", schema=None) as batch_op:
        batch_op.drop_index("ix_exam_attempts_member_paper")

    op.drop_table("exam_attempts")
    op.drop_table("enrolments")
    with op.batch_alter_table("exam_questions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_exam_questions_paper_id"))

    op.drop_table("exam_questions")
    op.drop_table("exam_papers")
    op.drop_table("courses")
