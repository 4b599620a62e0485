"""SQLAlchemy models. The schema itself is created by the Alembic migrations next to this file."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC on both backends (SQLite keeps no offset, so store naive UTC there)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Org(Base):
    __tablename__ = "orgs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    sort: Mapped[int] = mapped_column(Integer, default=0)
    # The organisation's own code (组织代码, unique; what an import matches a row by), its 市州
    # (server.domain.orgs.CITIES; NULL for the province) and, for a branch, its 领域
    # (server.domain.orgs.BranchField). The demo's orgs have codes too.
    code: Mapped[str | None] = mapped_column(String(40), unique=True)
    city: Mapped[str | None] = mapped_column(String(40))
    field: Mapped[str | None] = mapped_column(String(20))
    # The fields edited on the platform (我的支部) since the last import, each with its value
    # before the edit: a re-import whose file still holds that value keeps the edit
    # (server.domain.imports, "platform edits"). NULL: none.
    local_edits: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))


class CommitteePosition(Base):
    __tablename__ = "committee_positions"
    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    sort: Mapped[int] = mapped_column(Integer)


class Account(Base):
    __tablename__ = "accounts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(30))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"))
    position_code: Mapped[str | None] = mapped_column(ForeignKey("committee_positions.code"))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # A one-time password (from init, an import or a reset) is set: the account must choose
    # its own (修改密码) before it may do anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # As Org.local_edits, for 账号管理's edits (所在组织, 党小组, 委员职位).
    local_edits: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))
    # 积分导出 pages by (branch, account): the row value (org_id, id) > (:o, :a) seeks here.
    # A branch has one holder of each 委员职位 (one 书记, one 组织委员 …): the partial unique
    # index decides between two admins (or an admin and an import) setting one at the same time.
    __table_args__ = (
        Index("ix_accounts_org_id_id", "org_id", "id"),
        Index(
            "uq_accounts_org_position",
            "org_id",
            "position_code",
            unique=True,
            sqlite_where=text("position_code IS NOT NULL"),
            postgresql_where=text("position_code IS NOT NULL"),
        ),
    )


class OrgEvent(Base):
    """The audit of changes to organisations and accounts (imports, 账号管理, 我的支部): who did
    what to which account of which org, when. The upper orgs read it in 审核记录."""

    __tablename__ = "org_events"
    __table_args__ = (
        Index("ix_org_events_org_at", "org_id", "at"),
        # The province's 账号变动 reads the newest changes of every org: by time alone.
        Index("ix_org_events_at", "at"),
    )
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))  # NULL: the CLI
    org_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"))  # the org changed, or the account's
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    action: Mapped[str] = mapped_column(String(30))
    detail: Mapped[str] = mapped_column(String(500))  # in Chinese, e.g. 委员职位: 无 → 组织委员


class AuthSession(Base):
    __tablename__ = "auth_sessions"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class LoginFailure(Base):
    """Failed-login counters, per account (scope 'account') and per client address ('address')."""

    __tablename__ = "login_failures"
    scope: Mapped[str] = mapped_column(String(10), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime())
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AccountPreferences(Base):
    """Per-account choices that follow the user to any terminal. No row: the defaults."""

    __tablename__ = "account_preferences"
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    # 首页功能区, in order, as a JSON list of shortcut codes.
    shortcuts: Mapped[list[str]] = mapped_column(JSON)


class PointsLedger(Base):
    """Append-only: one row per grant. Every total is a sum over it."""

    __tablename__ = "points_ledger"
    __table_args__ = (
        UniqueConstraint("account_id", "code", "idempotency_key", name="uq_points_ledger_request"),
        Index("ix_points_ledger_account_day", "account_id", "day"),
        Index("ix_points_ledger_day", "day"),
    )
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(30))
    category: Mapped[str] = mapped_column(String(20))
    points: Mapped[int] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date)  # the Asia/Shanghai day it counts for
    source_type: Mapped[str] = mapped_column(String(30))
    source_id: Mapped[str] = mapped_column(String(64))
    idempotency_key: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Owned:
    """Published content (issue 16): the org that owns it (whose subtree sees it; the province:
    everyone), the account that published it (NULL: the CLI or the demo), its state
    (server.domain.publishing.STATES) and when it was last changed."""

    owner_org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    status: Mapped[str] = mapped_column(String(12), server_default="published")
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ArticleColumn(Base):
    __tablename__ = "article_columns"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    sort: Mapped[int] = mapped_column(Integer, default=0)


class Article(Owned, Base):
    __tablename__ = "articles"
    __table_args__ = (
        Index("ix_articles_column_published", "column_id", "published_at"),
        Index("ix_articles_status_published", "status", "published_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    column_id: Mapped[int] = mapped_column(ForeignKey("article_columns.id"))
    title: Mapped[str] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ArticleMark(Base):
    """Once per member and article, ever: the first effective read, collect and like."""

    __tablename__ = "article_marks"
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ArticleToggle(Base):
    """What a member has liked or collected now (unlike / uncollect delete the row)."""

    __tablename__ = "article_toggles"
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    article_id: Mapped[int] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True
    )
    kind: Mapped[str] = mapped_column(String(10), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ArticleRead(Base):
    __tablename__ = "article_reads"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ArticleComment(Base):
    __tablename__ = "article_comments"
    __table_args__ = (Index("ix_article_comments_article", "article_id", "id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ArticleShare(Base):
    __tablename__ = "article_shares"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"))
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class BranchBoard(Base):
    """One row per branch and as-of day: its totals (its members and the branch account),
    ranked under its 党委 and across the province. Written only by the daily job."""

    __tablename__ = "branch_boards"
    __table_args__ = (
        Index("ix_branch_boards_committee", "as_of", "committee_id"),
        Index("ix_branch_boards_sm", "as_of", "study_month_rank_province", "branch_id"),
        Index("ix_branch_boards_sy", "as_of", "study_year_rank_province", "branch_id"),
        Index("ix_branch_boards_lm", "as_of", "love_month_rank_province", "branch_id"),
        Index("ix_branch_boards_ly", "as_of", "love_year_rank_province", "branch_id"),
    )
    as_of: Mapped[date] = mapped_column(Date, primary_key=True)
    branch_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    committee_id: Mapped[int] = mapped_column(Integer)
    study_month: Mapped[int] = mapped_column(Integer)
    study_month_rank_committee: Mapped[int] = mapped_column(Integer)
    study_month_rank_province: Mapped[int] = mapped_column(Integer)
    study_year: Mapped[int] = mapped_column(Integer)
    study_year_rank_committee: Mapped[int] = mapped_column(Integer)
    study_year_rank_province: Mapped[int] = mapped_column(Integer)
    love_month: Mapped[int] = mapped_column(Integer)
    love_month_rank_committee: Mapped[int] = mapped_column(Integer)
    love_month_rank_province: Mapped[int] = mapped_column(Integer)
    love_year: Mapped[int] = mapped_column(Integer)
    love_year_rank_committee: Mapped[int] = mapped_column(Integer)
    love_year_rank_province: Mapped[int] = mapped_column(Integer)


class JobRun(Base):
    __tablename__ = "job_runs"
    job: Mapped[str] = mapped_column(String(30), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # How many times the day was computed (once by the scheduler; again by hand or when stale).
    runs: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Late offline actions credited the day (or one before it) after this run: compute it again.
    stale: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Lease(Base):
    """A job only one process runs at a time (the daily job's scheduler): whoever holds the
    row until `expires_at`, renewed by its holder, taken over by another once expired."""

    __tablename__ = "leases"
    name: Mapped[str] = mapped_column(String(30), primary_key=True)
    holder: Mapped[str] = mapped_column(String(120))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TestClockRow(Base):
    """The test clock of a server started with it (one row, id 1): its offset from the wall
    clock, so `gsdj-server jobs` counts days on the same clock. No row: the wall clock."""

    __tablename__ = "test_clock"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    offset_seconds: Mapped[float] = mapped_column(Float)


class Course(Owned, Base):
    """A 学习中心 course: its videos earn `video` points."""

    __tablename__ = "courses"
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    summary: Mapped[str] = mapped_column(Text)
    sort: Mapped[int] = mapped_column(Integer)


class Video(Base):
    """A video of a course, or of an article (course_id NULL: it plays but earns nothing)."""

    __tablename__ = "videos"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    course_id: Mapped[int | None] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), index=True
    )
    article_id: Mapped[int | None] = mapped_column(
        ForeignKey("articles.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(100))
    seconds: Mapped[int] = mapped_column(Integer)
    url: Mapped[str] = mapped_column(String(300))
    sort: Mapped[int] = mapped_column(Integer)
    # A published video file the server serves itself (GET /api/v1/media/videos/{id}); NULL: `url`.
    file_path: Mapped[str | None] = mapped_column(String(500))


class Enrolment(Base):
    """我的课程: the courses a member (or branch account) has joined."""

    __tablename__ = "enrolments"
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    course_id: Mapped[int] = mapped_column(
        ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True
    )
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime())


class WatchSession(Base):
    """One player on one terminal. Opening another ends the account's earlier session."""

    __tablename__ = "watch_sessions"
    __table_args__ = (Index("ix_watch_sessions_open", "account_id", "ended_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    video_id: Mapped[int] = mapped_column(ForeignKey("videos.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    new_ms: Mapped[int] = mapped_column(BigInteger, default=0)  # newly covered, all saves
    # A session watched offline: the client's id for it (its saves arrive through sync).
    client_key: Mapped[str | None] = mapped_column(String(40))
    saves: Mapped[int] = mapped_column(Integer, default=0)


class WatchedInterval(Base):
    """The union of what a member has watched of a video: disjoint [start_ms, end_ms)."""

    __tablename__ = "watched_intervals"
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    video_id: Mapped[int] = mapped_column(
        ForeignKey("videos.id", ondelete="CASCADE"), primary_key=True
    )
    start_ms: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    end_ms: Mapped[int] = mapped_column(BigInteger)


class VideoProgress(Base):
    """Per member and video: covered time (the sum of the intervals) and where they stopped."""

    __tablename__ = "video_progress"
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    video_id: Mapped[int] = mapped_column(
        ForeignKey("videos.id", ondelete="CASCADE"), primary_key=True
    )
    covered_ms: Mapped[int] = mapped_column(BigInteger)
    position_ms: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class VideoDay(Base):
    """Credited watching per member and Asia/Shanghai day, across videos (180 s → 1 point)."""

    __tablename__ = "video_days"
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    credited_ms: Mapped[int] = mapped_column(BigInteger)


class ExamPaper(Owned, Base):
    __tablename__ = "exam_papers"
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    summary: Mapped[str] = mapped_column(Text)
    sort: Mapped[int] = mapped_column(Integer)


class ExamQuestion(Base):
    __tablename__ = "exam_questions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    paper_id: Mapped[int] = mapped_column(
        ForeignKey("exam_papers.id", ondelete="CASCADE"), index=True
    )
    sort: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(10))
    stem: Mapped[str] = mapped_column(Text)
    options: Mapped[list[str]] = mapped_column(JSON)
    answer: Mapped[list[int]] = mapped_column(JSON)  # indexes into options
    points: Mapped[int] = mapped_column(Integer)


class ExamAttempt(Base):
    """One sitting of a paper: answered and submitted once; `earned` marks the paying one."""

    __tablename__ = "exam_attempts"
    __table_args__ = (Index("ix_exam_attempts_member_paper", "account_id", "paper_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    paper_id: Mapped[int] = mapped_column(ForeignKey("exam_papers.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    score: Mapped[int | None] = mapped_column(Integer)
    answers: Mapped[dict[str, list[int]] | None] = mapped_column(JSON)
    earned: Mapped[int] = mapped_column(Integer, default=0)


class SyncClient(Base):
    """One installation of the terminal for one account: the last sequence number applied."""

    __tablename__ = "sync_clients"
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    client_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    last_seq: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # When this installation first signed in as this account (its first push, or the sign-in
    # of the token it first pushed with), and the time of its last applied action: an offline
    # action is not dated before either (SPEC §7, server.domain.points.OFFLINE_DATING).
    first_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SyncBackdated(Base):
    """A synced action whose points went to a day before the one it arrived on: who, when the
    push came, which day, how many points. 审核记录 lists them per push."""

    __tablename__ = "sync_backdated"
    __table_args__ = (Index("ix_sync_backdated_pushed", "pushed_at"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(40))
    pushed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    seq: Mapped[int] = mapped_column(BigInteger)
    day: Mapped[date] = mapped_column(Date)
    points: Mapped[int] = mapped_column(Integer)


class WriteCount(Base):
    """Writes of one kind (server.domain.rates) by one account in one fixed window."""

    __tablename__ = "write_counts"
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    action: Mapped[str] = mapped_column(String(20), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class SyncResult(Base):
    """The answer to each mutation a client pushed, kept to answer a replay with it. `version`
    only grows (per account in commit order: every row is written under the account lock)."""

    __tablename__ = "sync_results"
    __table_args__ = (
        UniqueConstraint("account_id", "client_id", "seq", name="uq_sync_results_seq"),
        Index("ix_sync_results_account_version", "account_id", "version"),
    )
    version: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    client_id: Mapped[str] = mapped_column(String(40))
    seq: Mapped[int] = mapped_column(BigInteger)
    mutation_id: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(10))
    result: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Meeting(Base):
    """One meeting of a branch (在线用标). `stage` is the first step of its type not yet done by
    an action; the timeline is derived from it, the attendees and the clock."""

    __tablename__ = "meetings"
    __table_args__ = (Index("ix_meetings_branch_starts", "branch_id", "starts_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"))
    type: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(100))
    place: Mapped[str] = mapped_column(String(100))
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime())
    quorum_pct: Mapped[int | None] = mapped_column(Integer)
    stage: Mapped[str] = mapped_column(String(20))
    round: Mapped[int] = mapped_column(Integer, default=1)
    record_text: Mapped[str | None] = mapped_column(Text)
    summary_text: Mapped[str | None] = mapped_column(Text)
    reject_reason: Mapped[str | None] = mapped_column(Text)
    # First 报审 or 报备: from then on the upper org may read the meeting and its record.
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_by: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MeetingAttendee(Base):
    """A member the notice went to, and their feedback (参加 / 请假 with a reason)."""

    __tablename__ = "meeting_attendees"
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    notified_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answer: Mapped[str | None] = mapped_column(String(10))
    reason: Mapped[str | None] = mapped_column(String(200))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class MeetingEvent(Base):
    """Every step done, by whom and when, in every round: the history of the 会议时间轴."""

    __tablename__ = "meeting_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(20))
    round: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str | None] = mapped_column(Text)  # a reason, or the record as submitted


class MeetingAttachment(Base):
    __tablename__ = "meeting_attachments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ComplianceRow(Base):
    """督办达标: one branch (or 党小组) and requirement as of the end of a day. Daily job only."""

    __tablename__ = "compliance_rows"
    __table_args__ = (Index("ix_compliance_rows_as_of_branch", "as_of", "branch_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    as_of: Mapped[date] = mapped_column(Date)
    branch_id: Mapped[int] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id", ondelete="CASCADE"))
    type: Mapped[str] = mapped_column(String(20))
    period_start: Mapped[date] = mapped_column(Date)
    held: Mapped[int] = mapped_column(Integer)
    previous_held: Mapped[int] = mapped_column(Integer)
    overdue: Mapped[int] = mapped_column(Integer)
    green: Mapped[bool] = mapped_column()
    reason: Mapped[str] = mapped_column(String(200))


class VanguardItem(Base):
    """A 心愿 (wish), 微捐赠 (donation) or 随手拍 (snapshot) of a branch, in the state its flow
    (server.domain.vanguard) has reached."""

    __tablename__ = "vanguard_items"
    __table_args__ = (Index("ix_vanguard_items_branch_kind_state", "branch_id", "kind", "state"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    branch_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"))
    poster_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    contact: Mapped[str | None] = mapped_column(String(100))  # wishes: seen only in the branch
    image: Mapped[bytes | None] = mapped_column(LargeBinary)
    image_type: Mapped[str | None] = mapped_column(String(30))
    state: Mapped[str] = mapped_column(String(20))
    claimer_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    reason: Mapped[str | None] = mapped_column(String(500))  # of the last rejection
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class VanguardEvent(Base):
    """Every transition with who, when and, for points-bearing approvals, whom and how many
    points: the item's history and the anti-farming audit."""

    __tablename__ = "vanguard_events"
    __table_args__ = (Index("ix_vanguard_events_audit", "branch_id", "at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(
        ForeignKey("vanguard_items.id", ondelete="CASCADE"), index=True
    )
    branch_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"))
    action: Mapped[str] = mapped_column(String(20))
    actor_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str | None] = mapped_column(String(500))
    beneficiary_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    rule: Mapped[str | None] = mapped_column(String(30))  # the points rule, for approvals
    points: Mapped[int] = mapped_column(Integer, default=0)


class Notice(Base):
    """A message for one account: a meeting notice, a review result, an approval. Written in the
    transaction of the step that causes it; the terminal polls for new ones."""

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_account_id", "account_id", "id"),)
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    text: Mapped[str] = mapped_column(String(300))
    link: Mapped[str | None] = mapped_column(String(60))  # e.g. meeting:12, donation:3
    read: Mapped[bool] = mapped_column(default=False)


class OrgStat(Base):
    """数据分析示图's figures (server.domain.analytics) of one org or 市州 for one day or month, as
    the daily job computed them. `key` is the org's id (as text) or the 市州's name."""

    __tablename__ = "org_stats"
    grain: Mapped[str] = mapped_column(String(5), primary_key=True)
    period: Mapped[date] = mapped_column(Date, primary_key=True)  # the day, or the month's 1st
    level: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    as_of: Mapped[date] = mapped_column(Date)  # the last day counted (a month's: so far)
    members: Mapped[int] = mapped_column(Integer)
    branches: Mapped[int] = mapped_column(Integer)
    active: Mapped[int] = mapped_column(Integer)
    active_week: Mapped[int] = mapped_column(Integer)
    study_points: Mapped[int] = mapped_column(Integer)
    compliance_green: Mapped[int] = mapped_column(Integer)
    compliance_rows: Mapped[int] = mapped_column(Integer)
    wishes: Mapped[int] = mapped_column(Integer)
    donations: Mapped[int] = mapped_column(Integer)
    snapshots: Mapped[int] = mapped_column(Integer)


class OrgStatMeeting(Base):
    """Per meeting type: how many were completed in the period (督办达标's `held`, summed) and how
    many of its 督办达标 rows were green, of how many, for one org or 市州 and day or month."""

    __tablename__ = "org_stat_meetings"
    grain: Mapped[str] = mapped_column(String(5), primary_key=True)
    period: Mapped[date] = mapped_column(Date, primary_key=True)
    level: Mapped[str] = mapped_column(String(20), primary_key=True)
    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    type: Mapped[str] = mapped_column(String(20), primary_key=True)
    held: Mapped[int] = mapped_column(Integer)
    green: Mapped[int] = mapped_column(Integer)
    rows: Mapped[int] = mapped_column(Integer)


# 学标对标, 对标, 标准化专栏 (issue 18) ----------------------------------------------------------


class StandardSet(Base):
    """One field's branch-building standard as last loaded (its items: standard_items)."""

    __tablename__ = "standard_sets"
    field: Mapped[str] = mapped_column(String(20), primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
    version: Mapped[str] = mapped_column(String(40))
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    loaded_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))


class StandardItem(Base):
    """An item of a field's standard, keyed by (field, number): a new version updates the row
    of each number it still has, so the self-checks of that item stay; a number it no longer
    has is kept with `removed_at` (its checks stay too, out of every list and figure)."""

    __tablename__ = "standard_items"
    __table_args__ = (UniqueConstraint("field", "number", name="uq_standard_items_field_number"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    field: Mapped[str] = mapped_column(String(20))
    number: Mapped[str] = mapped_column(String(20))
    aspect: Mapped[str] = mapped_column(String(20))
    sort: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    removed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class StandardCheck(Base):
    """A branch's self-check of one item (对标): met / partly / not yet, a note, who and when."""

    __tablename__ = "standard_checks"
    __table_args__ = (Index("ix_standard_checks_item_mark", "item_id", "mark"),)
    branch_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"), primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("standard_items.id"), primary_key=True)
    mark: Mapped[str] = mapped_column(String(10))
    note: Mapped[str] = mapped_column(Text)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ColumnEntry(Base):
    """标准化专栏: an article or a standards item the province picked, in its order."""

    __tablename__ = "column_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sort: Mapped[int] = mapped_column(Integer)
    article_id: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), unique=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("standard_items.id"), unique=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime())
    added_by: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))


class ExchangePost(Base):
    """经验交流: a branch's write-up in the state server.domain.exchange's review has reached."""

    __tablename__ = "exchange_posts"
    __table_args__ = (
        Index("ix_exchange_posts_state_published", "state", "published_at"),
        Index("ix_exchange_posts_branch", "branch_id", "updated_at"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    branch_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"))
    author_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    title: Mapped[str] = mapped_column(String(100))
    body: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20))
    round: Mapped[int] = mapped_column(Integer, default=1)
    reason: Mapped[str | None] = mapped_column(String(500))  # of the last 退回
    # First 报审: from then on the direct upper org may read it (as a meeting's record).
    shared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ExchangeEvent(Base):
    """Every step of a post's review, by whom and when, in every round (note: a reason, or the
    text as it was submitted)."""

    __tablename__ = "exchange_events"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_posts.id", ondelete="CASCADE"), index=True
    )
    action: Mapped[str] = mapped_column(String(20))
    round: Mapped[int] = mapped_column(Integer)
    actor_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str | None] = mapped_column(Text)


class ExchangeAttachment(Base):
    """A file with a post, stored as a meeting's (contract.limits: 5 of 512 KiB at most)."""

    __tablename__ = "exchange_attachments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_posts.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ExchangeLike(Base):
    """One like per account and post (点赞 again is nothing; 取消 removes it)."""

    __tablename__ = "exchange_likes"
    post_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_posts.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ExchangeComment(Base):
    __tablename__ = "exchange_comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("exchange_posts.id", ondelete="CASCADE"), index=True
    )
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class SearchDocument(Base):
    """One document of the search (issue 18, server/domain/search.py): its kind and the id of
    the row it stands for, what a result shows (title, the first characters of its text), who
    may find it and from when, and its tokens. The full-text index over `tokens` is the
    database's own (migrations 0016, 0019): an FTS5 table kept by triggers on SQLite, a stored
    `tsv` column (to_tsvector('simple', tokens)) with a GIN index on PostgreSQL; neither is
    described here. (kind, id) names a kind's newest documents, which PostgreSQL searches first."""

    __tablename__ = "search_documents"
    __table_args__ = (
        UniqueConstraint("kind", "ref_id"),
        Index("ix_search_documents_kind_id", "kind", "id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    ref_id: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text)
    tokens: Mapped[str] = mapped_column(Text)
    # NULL: everyone, visitors too (the province's content); else readers whose org path holds it.
    scope_org_id: Mapped[int | None] = mapped_column(Integer)
    visible_from: Mapped[datetime] = mapped_column(UTCDateTime())
    # What the result opens besides ref_id (a video's course, shown as its group says).
    parent_id: Mapped[int | None] = mapped_column(Integer)
