"""The meeting engine without a server: every action of every type at every stage of its happy
path — allowed only where SPEC §4 puts it — and the 督办达标 verdicts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from server.domain import meetings as wf
from server.domain.errors import DomainError, Kind
from server.domain.points import Period

T0 = datetime(2028, 3, 10, 1, 0, tzinfo=UTC)  # 09:00 in Shanghai

# SPEC §4, restated: what each type's admin does after the feedback, in order.
AFTER_FEEDBACK = {
    "general": ["record", "submit", "approve"],
    "committee": ["record", "submit", "approve"],
    "group": ["record", "confirm"],
    "lesson": ["record", "summary", "file"],
    "theme_day": ["record", "file"],
    "life": ["record", "submit", "approve"],
}
ROLE = {a.code: a.role for a in wf.ACTIONS.values()}


def state(t: wf.MeetingType, stage: wf.Step, **kw: object) -> wf.State:
    values = dict(
        type=t, stage=stage, starts_at=T0, notified=4, attending=3, answered=4, quorum_pct=None,
        now=T0 + timedelta(hours=2),
    )  # fmt: skip
    values.update(kw)
    return wf.State(**values)  # type: ignore[arg-type]


def allowed(s: wf.State) -> set[str]:
    out = set()
    for code, action in wf.ACTIONS.items():
        try:
            wf.check(s, action, action.role)
        except DomainError:
            continue
        out.add(code)
    return out


@pytest.mark.parametrize("code", list(wf.MEETING_TYPES))
def test_each_type_walks_its_steps_and_nothing_else(code: str) -> None:
    t = wf.MEETING_TYPES[code]
    s = state(t, wf.Step.NOTIFY)
    assert allowed(s) == {"notify"}
    s = state(t, wf.after_action(s, wf.ACTIONS["notify"]))
    assert allowed(s) >= {"notify", "feedback", "record"}  # quorum met, meeting held
    for action in AFTER_FEEDBACK[code]:
        assert action in allowed(s), (code, s.stage, action)
        s = state(t, wf.after_action(s, wf.ACTIONS[action]))
    assert s.stage == wf.Step.DONE and allowed(s) == set()
    # Every action the type does not have is refused as absent, whatever the stage.
    absent = {a for a, action in wf.ACTIONS.items() if action.step not in t.steps}
    for a in absent:
        with pytest.raises(DomainError) as refused:
            wf.check(state(t, wf.Step.FEEDBACK), wf.ACTIONS[a], ROLE[a])
        assert refused.value.code == "meeting_step_absent"


@pytest.mark.parametrize("code", list(wf.MEETING_TYPES))
def test_wrong_roles_are_403(code: str) -> None:
    t = wf.MEETING_TYPES[code]
    s = state(t, wf.Step.FEEDBACK)
    for a, action in wf.ACTIONS.items():
        if action.step not in t.steps:
            continue
        for role in set(wf.Role) - {action.role} | {None}:
            with pytest.raises(DomainError) as refused:
                wf.check(s, action, role)  # type: ignore[arg-type]
            assert refused.value.kind is Kind.FORBIDDEN, (a, role)


def test_quorum_is_more_than_the_share_and_configurable() -> None:
    t = wf.MEETING_TYPES["general"]
    assert not state(t, wf.Step.FEEDBACK, notified=4, attending=2).quorum_met  # half is not more
    assert state(t, wf.Step.FEEDBACK, notified=4, attending=3).quorum_met
    assert not state(t, wf.Step.FEEDBACK, notified=3, attending=2, quorum_pct=67).quorum_met
    assert state(t, wf.Step.FEEDBACK, notified=3, attending=3, quorum_pct=67).quorum_met
    assert not state(t, wf.Step.FEEDBACK, notified=0, attending=0).quorum_met
    # Below quorum the node stays at feedback and the record is refused.
    s = state(t, wf.Step.FEEDBACK, attending=1)
    assert wf.current_node(s) == wf.Step.FEEDBACK and "未达到开会比例" in wf.wait_reason(s, "x")


def test_without_quorum_the_time_moves_the_timeline() -> None:
    t = wf.MEETING_TYPES["lesson"]
    before = state(t, wf.Step.FEEDBACK, attending=4, answered=4, now=T0 - timedelta(minutes=1))
    assert wf.current_node(before) == wf.Step.FEEDBACK
    assert "未到" in wf.wait_reason(before, "x")
    assert wf.current_node(state(t, wf.Step.FEEDBACK, attending=0, answered=0, now=T0)) == (
        wf.Step.RECORD
    )


def test_overdue_closes_the_meeting_after_seven_days_without_a_record() -> None:
    t = wf.MEETING_TYPES["theme_day"]
    late = T0 + wf.OVERDUE_AFTER
    assert not state(t, wf.Step.FEEDBACK, now=late - timedelta(seconds=1)).overdue
    s = state(t, wf.Step.FEEDBACK, now=late)
    assert s.overdue and allowed(s) == set()
    # With the record up, the meeting is no longer at risk.
    assert not state(t, wf.Step.FILE, now=late + timedelta(days=30)).overdue


def test_a_rejection_goes_back_to_submission() -> None:
    t = wf.MEETING_TYPES["general"]
    s = state(t, wf.Step.REVIEW)
    assert wf.after_action(s, wf.ACTIONS["reject"]) == wf.Step.SUBMIT
    again = state(t, wf.Step.SUBMIT)
    assert allowed(again) == {"record", "submit"}
    assert "退回:缺少表决" in wf.wait_reason(again, "x", "缺少表决")


@pytest.mark.parametrize(
    ("held", "previous", "overdue", "green", "reason"),
    [
        (1, 1, 0, True, "本月已完成 1 次"),
        (0, 1, 0, True, "本月尚未完成,2028-03-31 前仍可完成"),
        (0, 0, 0, False, "上月未完成支部委员会"),
        (2, 0, 0, False, "上月未完成支部委员会(本月已完成 2 次)"),
        (1, 1, 1, False, "有 1 次会议超期未上传记录"),
    ],
)
def test_compliance_verdicts(
    held: int, previous: int, overdue: int, green: bool, reason: str
) -> None:
    t = wf.MEETING_TYPES["committee"]
    p = wf.periods(t, date(2028, 3, 15))
    assert (p.start, p.end, p.previous_start) == (
        date(2028, 3, 1),
        date(2028, 4, 1),
        date(2028, 2, 1),
    )
    assert wf.standing(t, p, held, previous, overdue) == (green, reason)


def test_requirement_periods_follow_the_caps() -> None:
    periods = {c: t.period for c, t in wf.MEETING_TYPES.items()}
    assert periods == {
        "general": Period.QUARTER, "committee": Period.MONTH, "group": Period.MONTH,
        "lesson": Period.QUARTER, "theme_day": Period.MONTH, "life": Period.YEAR,
    }  # fmt: skip
    p = wf.periods(wf.MEETING_TYPES["life"], date(2028, 1, 2))
    assert (p.start, p.previous_start) == (date(2028, 1, 1), date(2027, 1, 1))
