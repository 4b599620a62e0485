"""在线用标: the six meeting workflows of SPEC §4 as data, and the one engine that runs them.

A meeting type is a row of MEETING_TYPES: its steps in order, whether it has a quorum, what
review its upper org does and the points it earns. An action (发通知, 反馈, 上传记录, 报审 …) is a
row of ACTIONS: the step it performs and who may perform it. `check` decides whether an action is
in order; `current_node` and `wait_reason` are what the 会议时间轴 shows. Nothing here touches the
database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from server import messages
from server.domain.clock import SHANGHAI
from server.domain.errors import conflict, forbidden, refused
from server.domain.points import PERIOD_NAMES, Period, period_bounds


class Step(StrEnum):
    CREATE = "create"
    NOTIFY = "notify"
    FEEDBACK = "feedback"
    RECORD = "record"
    SUMMARY = "summary"
    SUBMIT = "submit"  # 报审
    REVIEW = "review"  # 审核 by the upper org
    FILE = "file"  # 报备
    CONFIRM = "confirm"  # 党小组会: the branch admin confirms the record
    DONE = "done"


STEP_NAMES: dict[Step, str] = {
    Step.CREATE: "创建会议",
    Step.NOTIFY: "发通知",
    Step.FEEDBACK: "党员反馈",
    Step.RECORD: "上传会议记录",
    Step.SUMMARY: "提交总结",
    Step.SUBMIT: "提交报审",
    Step.REVIEW: "上级审核",
    Step.FILE: "提交报备",
    Step.CONFIRM: "确认记录",
    Step.DONE: "完成",
}


class Role(StrEnum):
    BRANCH = "branch"  # the admin account of the meeting's own branch
    UPPER = "upper"  # the admin account of the branch's direct upper org (党总支, else 党委)
    ATTENDEE = "attendee"  # a member the notice was sent to


@dataclass(frozen=True)
class MeetingType:
    code: str
    name: str
    points_code: str  # the org-life rule of server.domain.points
    steps: tuple[Step, ...]
    quorum: bool  # 开会比例: below it the meeting cannot be held
    review: str | None  # 审核 (approve or reject), 审阅 (read only) or none
    period: Period  # 督办达标: one completed meeting per period
    per_group: bool = False  # held by one 党小组; 督办达标 counts each group
    labels: dict[Step, str] = field(default_factory=dict)

    def step_name(self, step: Step) -> str:
        return self.labels.get(step, STEP_NAMES[step])

    def after(self, step: Step) -> Step:
        return self.steps[self.steps.index(step) + 1]


_REVIEWED = (
    Step.CREATE, Step.NOTIFY, Step.FEEDBACK, Step.RECORD, Step.SUBMIT, Step.REVIEW, Step.DONE
)  # fmt: skip

MEETING_TYPES: dict[str, MeetingType] = {
    t.code: t
    for t in (
        MeetingType("general", "支部党员大会", "meeting_general", _REVIEWED, True, "审核",
                    Period.QUARTER),
        MeetingType("committee", "支部委员会", "meeting_committee", _REVIEWED, True, "审核",
                    Period.MONTH),
        MeetingType("group", "党小组会", "meeting_group",
                    (Step.CREATE, Step.NOTIFY, Step.FEEDBACK, Step.RECORD, Step.CONFIRM,
                     Step.DONE),
                    False, None, Period.MONTH, per_group=True),
        MeetingType("lesson", "支部党课", "party_lesson",
                    (Step.CREATE, Step.NOTIFY, Step.FEEDBACK, Step.RECORD, Step.SUMMARY,
                     Step.FILE, Step.DONE),
                    False, "审阅", Period.QUARTER,
                    labels={Step.CREATE: "创建课程", Step.RECORD: "课程记录"}),
        MeetingType("theme_day", "主题党日活动", "theme_day",
                    (Step.CREATE, Step.NOTIFY, Step.FEEDBACK, Step.RECORD, Step.FILE, Step.DONE),
                    True, "审阅", Period.MONTH,
                    labels={Step.CREATE: "创建活动", Step.RECORD: "上传活动记录"}),
        # Named by the points table of the source but not described there: reviewed like the
        # 支部党员大会 (our decision, SPEC §4).
        MeetingType("life", "组织生活会和民主评议党员", "life_meeting", _REVIEWED, True, "审核",
                    Period.YEAR),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Action:
    code: str
    name: str
    step: Step
    role: Role


ACTIONS: dict[str, Action] = {
    a.code: a
    for a in (
        Action("notify", "发通知", Step.NOTIFY, Role.BRANCH),
        Action("feedback", "反馈", Step.FEEDBACK, Role.ATTENDEE),
        Action("record", "上传记录", Step.RECORD, Role.BRANCH),
        Action("summary", "提交总结", Step.SUMMARY, Role.BRANCH),
        Action("submit", "报审", Step.SUBMIT, Role.BRANCH),
        Action("approve", "审核通过", Step.REVIEW, Role.UPPER),
        Action("reject", "退回", Step.REVIEW, Role.UPPER),
        Action("file", "报备", Step.FILE, Role.BRANCH),
        Action("confirm", "确认记录", Step.CONFIRM, Role.BRANCH),
    )
}

DEFAULT_QUORUM_PCT = 50  # more than half of the notified answered 参加
OVERDUE_AFTER = timedelta(days=7)  # no record this long after the meeting time: 超期
ANSWERS = {"attend": "参加", "leave": "请假"}


def check_not_backfilled(starts_at: datetime, now: datetime) -> None:
    """SPEC §4 (no back-filling): a meeting cannot be entered after it was held; its time may
    not be earlier than the moment it is created, on the server's clock (422)."""
    if starts_at < now:
        raise refused("meeting_backfilled", messages.MEETING_BACKFILLED.format(now=local_text(now)))


@dataclass(frozen=True)
class State:
    """What the engine needs to know about one meeting at one instant."""

    type: MeetingType
    stage: Step  # the first step not done by an action (FEEDBACK until the record is uploaded)
    starts_at: datetime
    notified: int
    attending: int
    answered: int
    quorum_pct: int | None
    now: datetime

    @property
    def quorum_met(self) -> bool:
        if not self.type.quorum:
            return True
        return self.attending * 100 > (self.quorum_pct or DEFAULT_QUORUM_PCT) * self.notified

    @property
    def started(self) -> bool:
        return self.now >= self.starts_at

    @property
    def overdue(self) -> bool:
        """No record 7 days after the meeting time (SPEC §4): the meeting is closed as 超期."""
        return self.stage in (Step.NOTIFY, Step.FEEDBACK) and (
            self.now >= self.starts_at + OVERDUE_AFTER
        )

    @property
    def feedback_passed(self) -> bool:
        """A quorum type moves past feedback at quorum; the others when the meeting time comes."""
        if self.stage != Step.FEEDBACK:
            return self.type.steps.index(self.stage) > self.type.steps.index(Step.FEEDBACK)
        return self.quorum_met if self.type.quorum else self.started


def current_node(s: State) -> Step:
    """The node of the timeline the meeting stands at."""
    if s.stage == Step.FEEDBACK and s.feedback_passed:
        return Step.RECORD
    return s.stage


PREVIOUS_PERIOD = {Period.MONTH: "上月", Period.QUARTER: "上季度", Period.YEAR: "上年度"}


def check(s: State, action: Action, role: Role | None, upper_name: str = "上级党组织") -> None:
    """Raise a DomainError unless `role` may do `action` on a meeting in state `s` now."""
    t = s.type
    if action.step not in t.steps:
        raise conflict(
            "meeting_step_absent",
            messages.MEETING_STEP_ABSENT.format(type=t.name, action=action.name),
        )
    if role != action.role:
        who = {
            Role.BRANCH: messages.MEETING_ONLY_BRANCH,
            Role.UPPER: messages.MEETING_ONLY_UPPER.format(upper=upper_name),
            Role.ATTENDEE: messages.MEETING_ONLY_ATTENDEE,
        }[action.role]
        raise forbidden("meeting_forbidden", who)
    if s.stage == Step.DONE:
        raise conflict("meeting_done", messages.MEETING_DONE)
    if s.overdue:
        raise conflict("meeting_overdue", messages.MEETING_OVERDUE)
    node = current_node(s)
    before_record = s.stage in (Step.NOTIFY, Step.FEEDBACK)
    if action.code == "notify":  # more attendees may be added until the record is up
        ok = before_record
    elif action.code == "feedback":  # answers may change until the record is up
        ok = s.stage == Step.FEEDBACK
    elif action.code == "record":
        # Editable from its node until the record leaves the branch (报审, 报备, 确认).
        ok = node == Step.RECORD or (not before_record and s.stage not in (Step.REVIEW,))
        if ok and node == Step.RECORD:
            if not s.quorum_met:
                raise conflict(
                    "meeting_quorum",
                    messages.MEETING_QUORUM.format(
                        attending=s.attending, notified=s.notified, pct=quorum_pct(s)
                    ),
                )
            if not s.started:
                raise conflict("meeting_not_started", messages.MEETING_NOT_STARTED)
    elif action.code == "summary":
        ok = node in (Step.SUMMARY, Step.FILE)
    else:
        ok = node == action.step
    if not ok:
        raise conflict(
            "meeting_out_of_order",
            messages.MEETING_OUT_OF_ORDER.format(node=t.step_name(node), action=action.name),
        )


def quorum_pct(s: State) -> int:
    return s.quorum_pct or DEFAULT_QUORUM_PCT


def after_action(s: State, action: Action) -> Step:
    """The stored stage once `action` is done."""
    t = s.type
    if action.code in ("notify",):
        return Step.FEEDBACK
    if action.code == "feedback":
        return s.stage
    if action.code == "record":
        return t.after(Step.RECORD) if s.stage in (Step.NOTIFY, Step.FEEDBACK) else s.stage
    if action.code == "summary":
        return t.after(Step.SUMMARY) if s.stage == Step.SUMMARY else s.stage
    if action.code == "reject":
        return Step.SUBMIT
    return t.after(action.step)


def local_text(at: datetime) -> str:
    return at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def wait_reason(s: State, upper_name: str, rejected_reason: str | None = None) -> str | None:
    """Why the meeting waits at its current node, in Chinese; None when it is done."""
    node = current_node(s)
    if node == Step.DONE:
        return None
    if s.overdue:
        return messages.MEETING_WAIT_OVERDUE.format(
            deadline=local_text(s.starts_at + OVERDUE_AFTER)
        )
    t = s.type
    when = local_text(s.starts_at)
    if node == Step.NOTIFY:
        return messages.MEETING_WAIT_NOTIFY
    if node == Step.FEEDBACK:
        if t.quorum:
            return messages.MEETING_WAIT_QUORUM.format(
                attending=s.attending, notified=s.notified, pct=quorum_pct(s)
            )
        return messages.MEETING_WAIT_TIME.format(
            when=when, answered=s.answered, notified=s.notified
        )
    if node == Step.RECORD:
        if not s.started:
            return messages.MEETING_WAIT_HELD.format(when=when)
        return messages.MEETING_WAIT_RECORD.format(
            name=t.step_name(Step.RECORD), deadline=local_text(s.starts_at + OVERDUE_AFTER)
        )
    if node == Step.SUBMIT and rejected_reason:
        return messages.MEETING_WAIT_REJECTED.format(reason=rejected_reason)
    if node == Step.REVIEW:
        return messages.MEETING_WAIT_REVIEW.format(upper=upper_name)
    return messages.MEETING_WAIT_BRANCH.format(step=t.step_name(node))


# 督办达标 (SPEC §5) ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Periods:
    """The period of a requirement containing the as-of day, and the one before it."""

    start: date
    end: date  # first day after the current period
    previous_start: date


def periods(t: MeetingType, as_of: date) -> Periods:
    start, end = period_bounds(as_of, t.period)
    previous_start, _ = period_bounds(start - timedelta(days=1), t.period)
    return Periods(start, end, previous_start)


def standing(
    t: MeetingType, p: Periods, held: int, previous: int, overdue: int
) -> tuple[bool, str]:
    """Green or red, and why, for one branch (or group) on one requirement.

    Green: met in the current period, or still possible in it. Red: the period before ended
    without a completed meeting, or a meeting went overdue (SPEC §5). `held` counts meetings of
    the period completed by the end of the as-of day; `overdue` those of this or the previous
    period without a record 7 days after their time."""
    period = PERIOD_NAMES[t.period]
    if overdue:
        return False, messages.COMPLIANCE_OVERDUE.format(n=overdue)
    if not previous:
        reason = messages.COMPLIANCE_MISSED.format(previous=PREVIOUS_PERIOD[t.period], name=t.name)
        if held:  # still red: the miss stands until its period is the previous one no more
            reason += messages.COMPLIANCE_MISSED_NOW_MET.format(period=period, n=held)
        return False, reason
    if held:
        return True, messages.COMPLIANCE_MET.format(period=period, n=held)
    last = p.end - timedelta(days=1)
    return True, messages.COMPLIANCE_OPEN.format(period=period, last=last.isoformat())
