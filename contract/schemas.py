"""The wire contract: request and response models of the HTTP API.

Shared by the server (FastAPI validates and documents with them) and by api_client (which parses
answers with them), so the two cannot drift apart. Pydantic only: no FastAPI, no SQLAlchemy.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    Strict,
    ValidationInfo,
    field_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

# -- what every request accepts ----------------------------------------------------------------

# No text on the wire may hold NUL (PostgreSQL refuses it in text and JSON) or a lone surrogate
# (JSON can spell one, "\ud800", and no database or UTF-8 answer can hold it). The schema's
# pattern says the first; the second no UTF-8 regex engine can name (schemathesis' drops the
# whole pattern), and UTF-8 itself cannot carry it.
TEXT_PATTERN = r"^[^\x00]*$"


def check_text(value: str) -> str:
    """The one rule of every text field: refused (`text_invalid`) when it holds NUL or a lone
    surrogate. Also for text that no model reads (a path's or a header's)."""
    if "\x00" in value or not value.isascii() and not _encodable(value):
        raise PydanticCustomError("text_invalid", "text holds NUL or a lone surrogate")
    return value


def _encodable(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


class _TextRule:
    """`check_text` as a validator, and its pattern in the schema (unless the field has its own,
    narrower one), so the API description says what the API refuses."""

    def __get_pydantic_core_schema__(
        self, source: type[Any], handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(check_text, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        out = handler(schema)
        out.setdefault("pattern", TEXT_PATTERN)
        return out


Text = Annotated[str, _TextRule()]


def _iso_only(value: object) -> object:
    if isinstance(value, str | datetime):
        return value
    raise PydanticCustomError("iso_time", "an ISO 8601 string")


# A time is an ISO 8601 string on the wire (`"at": 0` is not a time), with its offset.
Time = Annotated[AwareDatetime, Strict(False), BeforeValidator(_iso_only)]


# Dict keys arrive as JSON strings: "12" is the question 12.
IntKey = Annotated[int, Strict(False)]
# The largest integer every JSON reader keeps exact (a double's 53 bits).
JSON_INT_MAX = 2**53


class In(BaseModel):
    """A request body: unknown fields refused, and JSON types taken as they are (`true` is not
    1, "5" is not 5, 0 is not a time)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    @field_validator("*", mode="before")
    @classmethod
    def _integral_floats(cls, value: Any) -> Any:
        return _integers(value)


def _integers(value: Any) -> Any:
    """5.0 is the integer 5 in JSON Schema (and in JavaScript); strict pydantic says it is not."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_integers(v) for v in value]
    if isinstance(value, dict):
        return {k: _integers(v) for k, v in value.items()}
    return value


class ErrorOut(BaseModel):
    code: str = Field(description="stable machine code, e.g. bad_credentials")
    message: str = Field(description="Chinese message for the user")


class HealthOut(BaseModel):
    status: str
    version: str
    database: str
    test_clock: bool


class LoginIn(In):
    # No control characters: they are never part of a username, and PostgreSQL refuses NUL.
    username: Text = Field(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$")
    password: Text = Field(min_length=1, max_length=256)


class PasswordChangeIn(In):
    old_password: Text = Field(min_length=1, max_length=256)
    new_password: Text = Field(min_length=1, max_length=256)


class PasswordChangeOut(BaseModel):
    """The password changed: every token of the account is revoked, and this terminal gets a
    new one in place of the one it used."""

    token: str
    expires_at: datetime
    revoked: int = Field(description="logins on other terminals that were ended")
    message: str


class OrgRef(BaseModel):
    id: int
    name: str
    kind: str
    kind_name: str


class AccountOut(BaseModel):
    id: int
    username: str
    display_name: str
    kind: str
    kind_name: str
    org: OrgRef | None
    org_path: list[OrgRef] = Field(description="from the province down to the account's own org")
    group: OrgRef | None = None
    position: str | None = Field(default=None, description="委员职位, if any")
    must_change_password: bool = Field(
        default=False,
        description="a one-time password: only 修改密码, logout and /me until changed",
    )


class LoginOut(BaseModel):
    token: str
    expires_at: datetime
    account: AccountOut
    earned: PointsEarned | None = Field(
        default=None, description="the first login of the day's point"
    )
    must_change_password: bool = Field(
        default=False, description="a one-time password: change it before anything else"
    )


class FeatureAccess(BaseModel):
    code: str
    name: str
    allowed: bool
    message: str | None = Field(default=None, description="why not, when not allowed")


class ShortcutOut(BaseModel):
    code: str
    name: str


class ShortcutsOut(BaseModel):
    items: list[ShortcutOut] = Field(description="the user's shortcuts, in order")
    available: list[ShortcutOut] = Field(description="every shortcut this account may add")
    max_items: int


class ShortcutsIn(In):
    codes: list[Text] = Field(max_length=100)


class OrgNode(BaseModel):
    id: int
    name: str
    kind: str
    kind_name: str
    members: int = Field(description="党员 directly in this org (a branch) or group")
    child_count: int = Field(
        0, description="orgs directly under it, also when `depth` left `children` out"
    )
    children: list[OrgNode] = []


class OrgFound(BaseModel):
    id: int
    name: str
    kind: str
    kind_name: str
    code: str | None
    path: str = Field(description="the orgs above it, from under the caller's own org down")


class OrgFindOut(BaseModel):
    query: str
    items: list[OrgFound]
    more: bool = Field(description="more orgs hold the query than `items` shows")


class PositionOut(BaseModel):
    code: str
    name: str


class ClockOut(BaseModel):
    now: datetime
    local_date: str


class ClockSetIn(In):
    now: Annotated[datetime, Strict(False), BeforeValidator(_iso_only)] = Field(
        description="ISO 8601 with offset, between 2000 and 2100"
    )


class ClockAdvanceIn(In):
    seconds: float = Field(ge=-10 * 365 * 86400, le=10 * 365 * 86400)


# -- points ------------------------------------------------------------------------------------


class PointsEarned(BaseModel):
    """What an action earned: shown to the user as a short notification."""

    code: str
    name: str
    points: int = Field(description="points added by this action (0 when capped or not an earner)")
    earned: int = Field(description="points of this rule in its current period, after the action")
    cap: int
    period: str
    reason: str | None = Field(default=None, description="not_earner, capped or duplicate")


class ActionOut(BaseModel):
    ok: bool = True
    message: str
    earned: PointsEarned | None = None


class RuleProgress(BaseModel):
    code: str
    name: str
    category: str
    category_name: str
    points: int
    cap: int
    period: str
    period_name: str
    earned: int
    left: int


class CategoryTotal(BaseModel):
    category: str
    name: str
    points: int


class PointsSummary(BaseModel):
    account: AccountOut
    today: str
    rules: list[RuleProgress] = Field(description="every rule, earned in its current period")
    year: int
    year_by_category: list[CategoryTotal]
    year_total: int


class LedgerItem(BaseModel):
    id: int
    code: str
    name: str
    category: str
    points: int
    day: str
    created_at: datetime
    source_type: str
    source_id: str


class LedgerPage(BaseModel):
    total: int
    page: int
    size: int
    items: list[LedgerItem]


# -- articles ----------------------------------------------------------------------------------


class ColumnOut(BaseModel):
    id: int
    name: str
    articles: int


class ArticleSummary(BaseModel):
    id: int
    column_id: int
    title: str
    source: str
    published_at: datetime


class ArticlePage(BaseModel):
    total: int
    page: int
    size: int
    items: list[ArticleSummary]


class CommentOut(BaseModel):
    id: int
    author: str
    body: str
    created_at: datetime
    mine: bool


class VideoOut(BaseModel):
    id: int
    title: str
    seconds: int = Field(description="length of the video")
    url: str
    study: bool = Field(description="a 学习中心 video: saved progress earns points")
    covered_seconds: float = Field(default=0, description="the caller's watched time, merged")
    position_seconds: float = Field(default=0, description="where the caller last stopped")


class MediaTicketOut(BaseModel):
    """播放链接: the server's video file for a player that gets no token (mpv)."""

    url: str = Field(description="the file's path on this server, with its one-video ticket")
    expires_at: datetime = Field(description="the link opens the file until then")


class ArticleDetail(ArticleSummary):
    body: str
    likes: int
    collects: int
    comments: list[CommentOut]
    liked: bool = False
    collected: bool = False
    read_done: bool = Field(default=False, description="an effective read already counted")
    videos: list[VideoOut] = Field(default_factory=list, description="they play but earn nothing")


class CommentIn(In):
    body: Text = Field(max_length=1000)


class ReadStarted(BaseModel):
    read_id: int
    started_at: datetime
    required_seconds: int


class ThirdPartyLink(BaseModel):
    code: str
    name: str
    url: str


class ThirdPartyVisit(ActionOut):
    url: str


# -- leaderboards ------------------------------------------------------------------------------


class BoardRow(BaseModel):
    rank: int
    subject_id: int
    name: str
    points: int
    is_me: bool


class BoardPage(BaseModel):
    board: str
    board_name: str
    period: str
    scope: OrgRef | None = Field(description="the org the board ranks within (None before any run)")
    as_of: str | None = Field(description="the day the board shows the end of; None before any run")
    total: int
    page: int
    size: int
    rows: list[BoardRow]
    me: BoardRow | None = Field(description="the caller's own row (or their branch's), on any page")


class BoardInfo(BaseModel):
    code: str
    name: str


LoginOut.model_rebuild()


# -- 学习中心 ----------------------------------------------------------------------------------


class CourseOut(BaseModel):
    id: int
    title: str
    summary: str
    videos: int
    seconds: int = Field(description="total length of its videos")
    enrolled: bool = False
    covered_seconds: float = Field(default=0, description="the caller's watched time, merged")
    can_enrol: bool = Field(
        default=False,
        description="the caller may join it (我的课程) and earns by watching; everyone else "
        "(visitors, 群众, the upper orgs' admins) watches, earning nothing",
    )


class CourseDetail(CourseOut):
    items: list[VideoOut]


class WatchOut(BaseModel):
    """A watch session: the player's handle for saving progress."""

    session_id: int
    video: VideoOut
    covered: list[tuple[float, float]] = Field(
        description="watched intervals [from, to) in seconds"
    )
    earns: bool = Field(description="saved progress of this video can earn points for the caller")
    seconds_per_point: int
    today_seconds: float = Field(description="credited watching today, all videos")
    today_points: int
    cap: int


class SegmentIn(In):
    from_s: float = Field(ge=0, le=86400, description="start position in the video, seconds")
    to_s: float = Field(ge=0, le=86400, description="end position in the video, seconds")
    elapsed_s: float | None = Field(
        default=None, ge=0, description="client monotonic seconds since the session opened"
    )


class ProgressIn(In):
    segments: list[SegmentIn] = Field(max_length=500)
    position_s: float | None = Field(default=None, ge=0, le=86400, description="where it stopped")


class ProgressOut(ActionOut):
    new_seconds: float = Field(description="seconds of this save not watched before")
    covered_seconds: float = Field(description="this video's watched time, merged")
    today_seconds: float
    today_points: int
    to_next_point_s: int = Field(description="new watching needed for the next point")


# -- 我的考试 ----------------------------------------------------------------------------------


class PaperOut(BaseModel):
    id: int
    title: str
    summary: str
    questions: int
    total: int = Field(description="full marks")
    attempts: int = Field(default=0, description="the caller's submitted attempts")
    best_score: int | None = None


class QuestionOut(BaseModel):
    id: int
    kind: str
    kind_name: str
    stem: str
    options: list[str]
    points: int


class AttemptOut(BaseModel):
    attempt_id: int
    paper: PaperOut
    questions: list[QuestionOut]


class AnswersIn(In):
    answers: dict[IntKey, list[int]] = Field(
        json_schema_extra={"propertyNames": {"pattern": "^[0-9]+$"}},
        description="question id → chosen option indexes (from 0); unanswered questions may be left out",
    )


class QuestionResult(QuestionOut):
    chosen: list[int]
    correct: list[int]
    right: bool


class ExamResult(ActionOut):
    attempt_id: int
    score: int
    total: int
    best_score: int
    questions: list[QuestionResult]


# -- 同步 ----------------------------------------------------------------------------------------


class MutationIn(In):
    """One action made on a terminal, queued in its outbox."""

    # id and kind are checked for NUL and lone surrogates with each action, not with the batch:
    # such an action is refused and uses up its number, so the actions queued after it still
    # apply. Their lengths are checked here, by hand: pydantic's own check cannot count a lone
    # surrogate.
    id: str = Field(
        description="client-made UUID", json_schema_extra={"minLength": 8, "maxLength": 40}
    )
    seq: int = Field(ge=1, le=JSON_INT_MAX, description="per client, only grows, no gaps")
    kind: str = Field(json_schema_extra={"maxLength": 30})
    at: Time = Field(description="client clock when the action was made")
    args: dict[str, Any] = Field(default_factory=dict)

    @field_validator("id", "kind")
    @classmethod
    def _length(cls, value: str, info: ValidationInfo) -> str:
        low, high = (8, 40) if info.field_name == "id" else (0, 30)
        if len(value) < low:
            raise PydanticCustomError("string_too_short", "too short")
        if len(value) > high:
            raise PydanticCustomError("string_too_long", "too long")
        return value


class PushIn(In):
    client_id: Text = Field(min_length=8, max_length=40)
    client_time: Time = Field(description="client clock at push time (skew correction)")
    mutations: list[MutationIn] = Field(max_length=1000)


class MutationResult(BaseModel):
    id: str
    seq: int
    status: str = Field(description="applied, duplicate or rejected")
    result: dict[str, Any] | None = Field(default=None, description="the action's own answer")
    code: str | None = None
    message: str | None = None


class PushOut(BaseModel):
    results: list[MutationResult]
    last_seq: int = Field(description="the last sequence number applied for this client")
    stopped: str | None = Field(default=None, description="gap or busy: retry the rest later")
    stopped_message: str | None = None
    version: int = Field(description="the account's newest sync version")
    server_time: datetime


class PulledItem(BaseModel):
    version: int
    client_id: str
    seq: int
    kind: str
    status: str
    result: dict[str, Any]


class PullOut(BaseModel):
    version: int
    items: list[PulledItem]


class ExamPaperOut(BaseModel):
    """A paper with its questions (no answers): what a terminal keeps to answer offline."""

    paper: PaperOut
    questions: list[QuestionOut]


# 在线用标 ------------------------------------------------------------------------------------


class MeetingTypeOut(BaseModel):
    code: str
    name: str
    steps: list[str] = Field(description="the timeline's node names in order")
    quorum: bool
    review: str | None = Field(description="审核, 审阅 or null")
    per_group: bool


class MeetingIn(In):
    type: Text = Field(
        max_length=20, description="general, committee, group, lesson, theme_day, life"
    )
    title: Text = Field(min_length=1, max_length=100)
    starts_at: Time
    place: Text = Field(min_length=1, max_length=100)
    quorum_pct: int | None = Field(
        default=None,
        ge=1,
        le=99,
        description="开会比例: more than this % answered 参加 (default 50)",
    )
    group_id: int | None = Field(default=None, ge=1, le=2_147_483_647, description="党小组会 only")


class AttendeesIn(In):
    account_ids: list[int] = Field(max_length=2000)


class FeedbackIn(In):
    answer: Text = Field(pattern="^(attend|leave)$", description="attend (参加) or leave (请假)")
    reason: Text | None = Field(default=None, max_length=200)


class TextIn(In):
    text: Text = Field(max_length=50_000)


class ReasonIn(In):
    reason: Text = Field(max_length=500)


class AttachmentIn(In):
    name: Text = Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f/\\]+$")
    content_base64: Text


class AttachmentOut(BaseModel):
    id: int
    name: str
    size: int
    uploaded_at: datetime


class AttachmentContentOut(AttachmentOut):
    content_base64: str


class TimelineNode(BaseModel):
    step: str
    name: str
    status: str = Field(description="done, current or pending")
    at: datetime | None = None
    actor: str | None = None
    wait: str | None = Field(default=None, description="why the meeting waits here (current node)")


class MeetingEventOut(BaseModel):
    action: str
    name: str
    round: int
    actor: str
    at: datetime
    note: str | None = None


class AttendeeOut(BaseModel):
    account_id: int
    name: str
    group: str | None
    answer: str | None = Field(description="attend, leave or null (not answered)")
    reason: str | None
    answered_at: datetime | None


class MeetingRowOut(BaseModel):
    id: int
    type: str
    type_name: str
    title: str
    place: str
    starts_at: datetime
    branch: OrgRef
    branch_path: str = Field(
        default="", description="the branch under its upper org: 机关党委 › 第一党支部"
    )
    group: OrgRef | None
    node: str = Field(description="the current node's step code")
    node_name: str
    wait: str | None
    overdue: bool
    done: bool
    round: int
    notified: int
    attending: int
    leave: int
    my_answer: str | None = None
    my_reason: str | None = None
    actions: list[str] = Field(
        default_factory=list, description="the actions the caller may take now"
    )


class MeetingCandidate(BaseModel):
    account_id: int
    name: str
    group_id: int | None
    group: str | None
    notified: bool


class MeetingOut(MeetingRowOut):
    quorum_pct: int | None
    review: str | None
    upper: OrgRef | None
    record_text: str | None
    summary_text: str | None
    attachments: list[AttachmentOut]
    timeline: list[TimelineNode]
    history: list[MeetingEventOut]
    attendees: list[AttendeeOut]
    actions: list[str] = Field(description="the actions the caller may take now")
    action_names: dict[str, str] = Field(default_factory=dict, description="their Chinese names")


class MeetingActionOut(BaseModel):
    ok: bool = True
    message: str
    meeting: MeetingOut
    earned: list[str] = Field(default_factory=list, description="org-life points granted, in words")


class ComplianceItem(BaseModel):
    type: str
    type_name: str
    group: OrgRef | None
    period: str
    period_start: str
    held: int
    previous_held: int
    overdue: int
    green: bool
    reason: str


class ComplianceBranch(BaseModel):
    branch: OrgRef
    green: bool
    items: list[ComplianceItem]


class ComplianceOut(BaseModel):
    as_of: str | None = Field(description="the day the daily job last computed; null before it ran")
    message: str | None = None
    branches: list[ComplianceBranch]


# 先锋模范 -------------------------------------------------------------------------------------


class VanguardIn(In):
    title: Text = Field(min_length=1, max_length=100)
    body: Text = Field(min_length=1, max_length=2000)
    contact: Text | None = Field(default=None, max_length=100, description="wishes")
    branch_id: int | None = Field(
        default=None, ge=1, le=2_147_483_647, description="wishes of the public: the branch"
    )
    image_base64: Text | None = Field(default=None, description="随手拍: PNG, JPEG or GIF")


class VanguardReasonIn(In):
    reason: Text | None = Field(default=None, max_length=500)


class VanguardEventOut(BaseModel):
    action: str
    name: str
    actor: str
    at: datetime
    note: str | None = None


class VanguardItemOut(BaseModel):
    id: int
    kind: str
    kind_name: str
    branch: OrgRef
    title: str
    body: str
    contact: str | None = Field(description="wishes: only for the branch and the poster")
    image_type: str | None
    state: str
    state_name: str
    poster: str
    claimer: str | None
    payee: str | None = Field(
        default=None,
        description="whom the admin's answer waiting now would pay (a wish's claimer, a post's "
        "poster); None when nothing waiting pays",
    )
    mine: bool = Field(description="posted by the caller")
    claimed_by_me: bool
    reason: str | None
    created_at: datetime
    updated_at: datetime
    actions: list[str] = Field(description="the transitions the caller may take now")
    action_names: dict[str, str] = Field(default_factory=dict, description="their Chinese names")
    needs_reason: list[str] = Field(
        default_factory=list, description="those of `actions` that must carry a reason"
    )
    history: list[VanguardEventOut] = Field(default_factory=list)


class VanguardActionOut(BaseModel):
    ok: bool = True
    message: str
    item: VanguardItemOut
    earned: PointsEarned | None = None
    earned_by: str | None = Field(default=None, description="who `earned` went to, by name")


class VanguardImageOut(BaseModel):
    image_type: str
    content_base64: str


class ApprovalOut(BaseModel):
    at: datetime
    admin: str
    branch: str
    kind_name: str
    action: str
    title: str
    beneficiary: str
    rule: str
    points: int


class AdminDayOut(BaseModel):
    day: str
    admin: str
    branch: str
    approvals: int
    points: int


class CappedMemberOut(BaseModel):
    account_id: int
    name: str
    branch: str
    days: list[str] = Field(
        description="the days (in runs of min_days or more) with min_caps caps hit"
    )
    longest_run: int


class BackdatedPushOut(BaseModel):
    """A push of a terminal's queued actions whose points went to days before it arrived."""

    pushed_at: datetime
    account_id: int
    name: str
    branch: str
    days: list[str] = Field(description="the earlier days credited, YYYY-MM-DD")
    points: int


class AuditOut(BaseModel):
    since: str
    until: str
    per_admin_day: list[AdminDayOut]
    approvals: list[ApprovalOut]
    capped: list[CappedMemberOut]
    min_caps: int
    min_days: int
    backdated: list[BackdatedPushOut] = Field(default_factory=list)
    account_changes: list[AccountChangeOut] = Field(
        default_factory=list, description="账号变动 in the caller's subtree (issue 16)"
    )


class NoticeOut(BaseModel):
    id: int
    at: datetime
    text: str
    link: str | None
    read: bool


class NoticesOut(BaseModel):
    unread: int
    latest_id: int = Field(description="the newest notice's id (0 when none): poll with after=")
    items: list[NoticeOut]


class NoticesReadIn(In):
    up_to: int = Field(ge=0, le=JSON_INT_MAX, description="mark this id and every older one read")


# -- issue 16: 积分导出, a year's points by category for the annual appraisal --------------------


class ExportCategory(BaseModel):
    code: str
    name: str


class PointsExportRow(BaseModel):
    account_id: int
    username: str
    name: str
    kind: str
    kind_name: str
    branch_id: int
    branch_name: str
    branch_code: str | None
    branch_path: str = Field(description="the branch's orgs below the province, joined by ' / '")
    group: str | None = Field(description="党小组")
    org_life: int
    study: int
    vanguard: int
    total: int


class PointsExportPage(BaseModel):
    scope: OrgRef
    scope_code: str | None
    scope_path: str
    year: int
    first_day: str
    last_day: str = Field(description="Dec 31, or today (Beijing) for this year: the year so far")
    exported_at: datetime
    exported_on: str = Field(description="the export's Beijing day")
    categories: list[ExportCategory]
    rows: list[PointsExportRow]
    next_after_org: int | None = Field(description="ask again with these for the next page")
    next_after_account: int | None


# --- issue 16 — import of the org tree and accounts ---------------------------------------


class ImportFileIn(In):
    name: Text = Field(min_length=1, max_length=200, pattern=r"^[^\x00-\x1f/\\]+$")
    content_base64: Text


class ImportIn(In):
    files: list[ImportFileIn] = Field(min_length=1, max_length=10)
    dry_run: bool = False


class ImportCountsOut(BaseModel):
    created: int
    updated: int
    unchanged: int


class ImportProblemOut(BaseModel):
    sheet: str
    row: int
    column: str = Field(description="the column's letter; empty for the row as a whole")
    header: str
    reason: str
    text: str = Field(description="the whole message, in Chinese")


class ImportedPasswordOut(BaseModel):
    username: str
    display_name: str
    org_code: str | None
    password: str


class ImportChangeOut(BaseModel):
    """A field of an existing org or account the import replaces, or (kept) a platform edit
    (我的支部, 账号管理) that the file does not change and that the import keeps."""

    sheet: str
    row: int
    column: str = Field(description="the column's letter; empty if the file has no such column")
    header: str
    record: str = Field(description="the org's code or the account's username")
    field: str = Field(description="the field's name, e.g. 领域, 党小组")
    old: str = Field(description="the record's value now")
    new: str = Field(description="the file's value")
    kept: bool = Field(description="true: the record's value stays (an edit made on the platform)")
    replaces_edit: bool = Field(description="true: the file's value replaces a platform edit")
    reason: str = Field(description="what happens to the field, in Chinese")
    text: str = Field(description="the whole line (sheet, row, then reason), in Chinese")


class ImportOut(BaseModel):
    dry_run: bool
    applied: bool = Field(description="true when the rows were written (no bad row, not a dry run)")
    orgs: ImportCountsOut
    accounts: ImportCountsOut
    problems: list[ImportProblemOut] = Field(default_factory=list)
    changes: list[ImportChangeOut] = Field(
        default_factory=list,
        description="what the import does to existing records, field by field (the first 1,000)",
    )
    changes_total: int = Field(default=0, description="how many such fields in all")
    kept_total: int = Field(default=0, description="how many of them are platform edits kept")
    passwords: list[ImportedPasswordOut] = Field(
        default_factory=list, description="the new accounts' one-time passwords, given only once"
    )


# ---------------------------------------------------------------------------------------------
# issue 16 — accounts by level (账号管理), the audit's 账号变动, 我的支部


class ManagedAccountOut(BaseModel):
    id: int
    username: str
    display_name: str
    kind: str
    kind_name: str
    org: OrgRef
    group: OrgRef | None = None
    position_code: str | None = None
    position: str | None = None
    active: bool
    must_change_password: bool
    actions: list[str] = Field(description="what the caller may do to it now (disable, …)")


class ManagedAccountsOut(BaseModel):
    org: OrgRef
    items: list[ManagedAccountOut]
    may_add: list[PositionOut] = Field(
        description="the account kinds (code, name) the caller may add in this org"
    )
    groups: list[OrgRef] = Field(default_factory=list, description="the branch's 党小组")


class AccountCreateIn(In):
    username: Text = Field(min_length=1, max_length=64)
    display_name: Text = Field(min_length=1, max_length=64)
    kind: Text = Field(max_length=30)
    org_id: int = Field(ge=1, le=2_147_483_647)
    group_id: int | None = Field(default=None, ge=1, le=2_147_483_647)
    position_code: Text | None = Field(default=None, max_length=40)


class OneTimePasswordOut(BaseModel):
    account: ManagedAccountOut
    one_time_password: str = Field(description="shown once; the server keeps only its hash")
    message: str


class AccountActiveIn(In):
    active: bool


class AccountGroupIn(In):
    group_id: int | None = Field(ge=1, le=2_147_483_647)


class AccountPositionIn(In):
    position_code: Text | None = Field(max_length=40)


class AccountBranchIn(In):
    org_id: int = Field(ge=1, le=2_147_483_647)
    group_id: int | None = Field(default=None, ge=1, le=2_147_483_647)


class AccountChangeOut(BaseModel):
    at: datetime
    actor: str = Field(description="who (empty: the command line)")
    account: str = Field(description="which account (name and username)")
    org: str
    action: str
    detail: str


class BranchMemberOut(BaseModel):
    id: int
    display_name: str
    position: str | None = None


class BranchGroupOut(BaseModel):
    id: int
    name: str
    members: list[BranchMemberOut]


class BranchCommitteeOut(BaseModel):
    position_code: str
    position: str
    account_id: int
    display_name: str


class MeetingTallyOut(BaseModel):
    type: str
    name: str
    completed: int


class BranchProfileOut(BaseModel):
    id: int
    name: str
    code: str | None
    path: list[OrgRef]
    field: str | None
    field_name: str | None
    secretary: str | None = Field(description="书记's name, if set")
    committee: list[BranchCommitteeOut] = Field(description="委员 by position order")
    groups: list[BranchGroupOut]
    ungrouped: list[BranchMemberOut]
    member_count: int
    year: int
    org_life_points: int = Field(description="组织生活 points of the branch account this year")
    meetings: list[MeetingTallyOut] = Field(description="meetings completed this year, by type")
    may_edit: bool
    fields: list[PositionOut] = Field(description="the 领域 to choose from (code, name)")


class BranchFieldIn(In):
    field: Text = Field(max_length=20)


class GroupIn(In):
    name: Text = Field(min_length=1, max_length=100)


AuditOut.model_rebuild()
# 数据分析示图, 党建地图, 党建大屏 (issue 17) ------------------------------------------------------


class MetricOut(BaseModel):
    code: str
    name: str
    unit: str


Figures = dict[str, float | None]  # metric code → value (None: undefined, e.g. a share of none)


class StatPoint(BaseModel):
    period: str = Field(description="the day, or the month's first day (ISO)")
    values: Figures


class StatMeeting(BaseModel):
    type: str
    type_name: str
    held: int = Field(description="meetings completed in the type's current 督办达标 period")
    green: int = Field(description="督办达标 rows of the type that are green")
    rows: int


class StatOrg(BaseModel):
    org: OrgRef
    day: Figures = Field(description="the as-of day's figures")
    month: Figures = Field(description="the as-of month's figures so far")


class AnalyticsOut(BaseModel):
    """数据分析示图 of one org: its figures, its trends, the orgs directly under it."""

    as_of: str | None
    message: str | None = None
    org: OrgRef
    path: list[OrgRef]
    metrics: list[MetricOut]
    day: Figures
    month: Figures
    days: list[StatPoint] = Field(description="the last 30 days, oldest first")
    months: list[StatPoint] = Field(description="the last 12 months, oldest first")
    children: list[StatOrg]
    meetings: list[StatMeeting] = Field(description="per meeting type, as of the day")


class CityStat(BaseModel):
    city: str
    code: str
    day: Figures
    month: Figures


class MapOut(BaseModel):
    """党建地图: every 市州's figures."""

    as_of: str | None
    message: str | None = None
    metrics: list[MetricOut]
    cities: list[CityStat]


class MapCityOut(BaseModel):
    """One 市州 on 党建地图: its figures and those of its 党委."""

    as_of: str | None
    city: CityStat
    committees: list[StatOrg]


class BigScreenOut(BaseModel):
    """党建大屏: the province's key figures and trends, the 市州 ranked by 督办达标率."""

    as_of: str | None
    message: str | None = None
    metrics: list[MetricOut]
    day: Figures
    month: Figures
    days: list[StatPoint]
    months: list[StatPoint]
    cities: list[CityStat] = Field(description="ranked by 督办达标率, best first")
    meetings: list[StatMeeting]


# --- issue 16: publishing content (articles, courses, papers) ---------------------------------


class PublishArticleIn(In):
    text: Text = Field(max_length=200_000, description="the Markdown file with its header")
    draft: bool = False
    org_id: int | None = Field(None, ge=1, le=JSON_INT_MAX, description="owner (default: own org)")


class PublishCourseIn(In):
    toml: Text = Field(max_length=100_000, description="the course's TOML (videos by url)")
    draft: bool = False
    org_id: int | None = Field(None, ge=1, le=JSON_INT_MAX)


class PublishPaperIn(In):
    filename: Text = Field(min_length=1, max_length=200, description=".xlsx, .csv or .toml")
    content: Text = Field(max_length=900_000, description="the file: text, or base64 (xlsx)")
    base64: bool = False
    title: Text | None = Field(None, max_length=100)
    draft: bool = False
    org_id: int | None = Field(None, ge=1, le=JSON_INT_MAX)


class PublishedOut(BaseModel):
    kind: str  # article | course | paper
    id: int
    title: str
    state: str  # draft | published | scheduled (published, its time to come) | withdrawn
    state_name: str  # 草稿 | 已发布 | 定时 | 已撤回
    owner_org_id: int | None
    owner_name: str
    published_at: datetime | None
    message: str = ""


# 学标对标, 对标, 标准化专栏 (issue 18) ----------------------------------------------------------


class StandardFieldOut(BaseModel):
    field: str
    name: str
    title: str | None = Field(description="the standard's title; None: not loaded yet")
    version: str | None
    loaded_at: datetime | None
    items: int
    own: bool = Field(description="the caller's branch works in this field (listed first)")


class StandardsOut(BaseModel):
    fields: list[StandardFieldOut]
    branch: OrgRef | None = Field(description="the caller's own branch, if any")
    may_load: bool
    may_overview: bool
    may_curate: bool


class StandardCheckOut(BaseModel):
    mark: str
    mark_name: str
    sign: str
    note: str
    by: str
    at: datetime


class StandardItemOut(BaseModel):
    id: int
    number: str
    aspect: str
    aspect_name: str
    title: str
    text: str
    check: StandardCheckOut | None
    in_column: bool


class StandardAspectOut(BaseModel):
    code: str
    name: str
    items: list[StandardItemOut]
    met: int
    partly: int
    not_yet: int


class StandardDetailOut(BaseModel):
    field: str
    name: str
    title: str | None
    version: str | None
    loaded_at: datetime | None
    branch: OrgRef | None = Field(description="whose self-checks are shown, if any")
    may_check: bool = Field(description="the caller may write these self-checks")
    may_curate: bool
    aspects: list[StandardAspectOut]
    marks: list[PositionOut] = Field(description="the self-check's choices (code, name)")


class StandardCheckIn(In):
    mark: Text = Field(max_length=10, description="met | partly | not_yet")
    note: Text = Field("", max_length=500)


class StandardLoadIn(In):
    text: Text = Field(max_length=200_000, description="the standard's Markdown file")


class StandardLoadOut(BaseModel):
    field: str
    name: str
    title: str
    added: int
    changed: int
    removed: int
    message: str


class AspectShareOut(BaseModel):
    code: str
    name: str
    total: int = Field(description="(branch, item) pairs of the aspect in the subtree")
    met: int
    partly: int
    not_yet: int
    share_met: float | None = Field(description="met / total; None when there is nothing")


class WorstItemOut(BaseModel):
    id: int
    field: str
    field_name: str
    number: str
    title: str
    not_met: int = Field(description="branches that marked it 部分达标 or 未达标")
    not_yet: int
    partly: int


class BranchProgressOut(BaseModel):
    id: int
    name: str
    field: str | None
    field_name: str | None
    total: int
    checked: int
    met: int
    partly: int
    not_yet: int


class StandardsOverviewOut(BaseModel):
    org: OrgRef
    branches: int
    branches_checked: int
    aspects: list[AspectShareOut]
    worst: list[WorstItemOut]
    rows: list[BranchProgressOut] = Field(description="one page of branches, least met first")
    page: int
    pages: int


class StandardsColumnEntryOut(BaseModel):
    id: int
    kind: str = Field(description="article | item")
    article_id: int | None
    item_id: int | None
    title: str
    detail: str = Field(description="an article's source; an item's field and number")
    text: str = Field(description="an item's text (an article is opened by its id)")
    field: str | None = Field(None, description="an item's 领域 (学标对标 opens on it)")


class StandardsColumnOut(BaseModel):
    entries: list[StandardsColumnEntryOut]
    may_curate: bool


class StandardsColumnEntryIn(In):
    article_id: int | None = Field(None, ge=1, le=JSON_INT_MAX)
    item_id: int | None = Field(None, ge=1, le=JSON_INT_MAX)


class StandardsColumnMoveIn(In):
    position: int = Field(ge=1, le=1000, description="the entry's new place, from 1")


# 经验交流 (issue 18) ------------------------------------------------------------------------------


class ExchangeIn(In):
    title: Text = Field(min_length=1, max_length=100)
    body: Text = Field(min_length=1, max_length=20_000)


class ExchangeReasonIn(In):
    reason: Text = Field(max_length=500)


class ExchangeEventOut(BaseModel):
    action: str
    name: str
    round: int
    actor: str
    at: datetime
    note: str | None


class ExchangeCommentOut(BaseModel):
    id: int
    author: str
    body: str
    created_at: datetime


class ExchangeRowOut(BaseModel):
    id: int
    branch: OrgRef
    title: str
    state: str
    state_name: str
    round: int
    likes: int
    comments: int
    updated_at: datetime
    published_at: datetime | None


class ExchangeListOut(BaseModel):
    view: str = Field(description="published, mine (a branch admin's) or review (an upper org's)")
    views: list[str] = Field(description="the views this caller has")
    may_write: bool = Field(description="the caller may write a post (a branch admin)")
    posts: list[ExchangeRowOut]


class ExchangeOut(ExchangeRowOut):
    body: str
    upper: OrgRef | None
    reason: str | None = Field(description="the reason of the last 退回")
    liked: bool
    attachments: list[AttachmentOut]
    comment_list: list[ExchangeCommentOut]
    history: list[ExchangeEventOut]
    actions: list[str] = Field(description="what the caller may do now")
    action_names: dict[str, str]
    needs_reason: list[str]


class ExchangeActionOut(BaseModel):
    message: str
    post: ExchangeOut


# 党群服务 (issue 18) ------------------------------------------------------------------------------


class PartyServiceOut(BaseModel):
    code: str
    group: str
    name: str
    text: str
    address: str | None


class PartyServicesOut(BaseModel):
    entries: list[PartyServiceOut]


# -- 搜索 (issue 18) ----------------------------------------------------------------------------
class SearchHit(BaseModel):
    kind: str = Field(description="the kind's code, e.g. article")
    id: int = Field(description="the id of what it stands for (an article's, a video's …)")
    title: str
    snippet: str = Field(description="the text around the match")
    opens: str = Field(description="what the terminal opens: article, course, video, standard …")
    parent_id: int | None = Field(default=None, description="a video's course")
    section: str | None = Field(
        default=None, description="where on its screen it opens: a standards item's 领域 code"
    )


class SearchGroup(BaseModel):
    kind: str
    name: str = Field(description="the group's Chinese name, e.g. 党建资讯")
    count: int = Field(description="matches this reader may see, counted up to a cap")
    more: bool = Field(description="the cap was reached: there are more than `count`")
    items: list[SearchHit]


class SearchOut(BaseModel):
    query: str = Field(description="the query as searched (spaces trimmed)")
    groups: list[SearchGroup] = Field(description="one per kind asked for, in the table's order")
