"""先锋模范: 心愿树, 微捐赠 and 随手拍 as state machines in data, and the one check that runs them.

Each activity is a `Flow`: its states and its transitions (who may take each, from which states,
to which, and the points rule it grants to whom). `check` decides every request; an admin never
approves or confirms what they posted or claimed themselves (SPEC §3, 刷分). Nothing here touches
the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from server import messages
from server.domain.errors import DomainError, conflict, forbidden, not_found


class Actor(StrEnum):
    POSTER = "poster"  # who posted the item
    CLAIMER = "claimer"  # who claimed the wish
    MEMBER = "member"  # a member (or the branch account) of the item's branch, not the poster
    ADMIN = "admin"  # the admin account of the item's branch


class Gets(StrEnum):
    """Who a transition's points go to."""

    POSTER = "poster"
    CLAIMER = "claimer"


@dataclass(frozen=True)
class Transition:
    code: str
    name: str
    sources: tuple[str, ...]
    target: str
    actor: Actor
    points: str | None = None  # the rule of server.domain.points granted on this transition
    gets: Gets | None = None
    needs_reason: bool = False


@dataclass(frozen=True)
class Flow:
    kind: str
    name: str
    states: dict[str, str]  # code → Chinese name
    transitions: dict[str, Transition]

    def state_name(self, state: str) -> str:
        return self.states[state]


def _flow(kind: str, name: str, states: dict[str, str], *ts: Transition) -> Flow:
    return Flow(kind, name, states, {t.code: t for t in ts})


_A, _P, _C, _M = Actor.ADMIN, Actor.POSTER, Actor.CLAIMER, Actor.MEMBER

FLOWS: dict[str, Flow] = {
    f.kind: f
    for f in (
        _flow(
            "wish", "心愿",
            {"open": "待认领", "claimed": "已认领", "fulfilled": "已完成待确认",
             "confirmed": "已确认", "withdrawn": "已撤回"},
            Transition("claim", "认领", ("open",), "claimed", _M),
            Transition("release", "放弃认领", ("claimed",), "open", _C),
            Transition("fulfil", "标记完成", ("claimed",), "fulfilled", _C),
            Transition("confirm", "确认完成", ("fulfilled",), "confirmed", _A, "wish_done",
                       Gets.CLAIMER),
            Transition("reopen", "退回未完成", ("fulfilled",), "claimed", _A, needs_reason=True),
            Transition("withdraw", "撤回", ("open",), "withdrawn", _P),
        ),
        _flow(
            "donation", "微捐赠",
            {"pending": "待审核", "approved": "已发布", "completed": "已完成待确认",
             "confirmed": "已确认", "rejected": "未通过", "withdrawn": "已撤回"},
            Transition("approve", "审核通过", ("pending",), "approved", _A, "donation_post",
                       Gets.POSTER),
            Transition("reject", "不通过", ("pending",), "rejected", _A, needs_reason=True),
            Transition("complete", "标记捐赠完成", ("approved",), "completed", _P),
            Transition("confirm", "确认完成", ("completed",), "confirmed", _A, "donation_done",
                       Gets.POSTER),
            Transition("withdraw", "撤回", ("pending",), "withdrawn", _P),
        ),
        _flow(
            "snapshot", "随手拍",
            {"pending": "待审核", "approved": "已发布", "rejected": "未通过",
             "withdrawn": "已撤回"},
            Transition("approve", "审核通过", ("pending",), "approved", _A, "snapshot",
                       Gets.POSTER),
            Transition("reject", "不通过", ("pending",), "rejected", _A, needs_reason=True),
            Transition("withdraw", "撤回", ("pending",), "withdrawn", _P),
        ),
    )
}  # fmt: skip


def payee(flow: Flow, state: str) -> Gets | None:
    """Whom the admin's answer waiting in this state pays (the claimer of a fulfilled wish, the
    poster of a donation or 随手拍); None when nothing waiting pays."""
    return next(
        (
            t.gets
            for t in flow.transitions.values()
            if t.actor == Actor.ADMIN and state in t.sources and t.points is not None
        ),
        None,
    )


FIRST_STATE = {"wish": "open", "donation": "pending", "snapshot": "pending"}
# Donations and 随手拍 in these states are shown to their whole branch (before: poster and admin).
PUBLISHED = ("approved", "completed", "confirmed")
# The admin's work: the transitions that wait for them, by kind and state.
QUEUE = {
    (f.kind, state): codes
    for f in FLOWS.values()
    for state in f.states
    if (codes := [t.code for t in f.transitions.values() if t.actor == Actor.ADMIN and state in t.sources])
}  # fmt: skip


@dataclass(frozen=True)
class Who:
    """The caller's standing on one item."""

    roles: frozenset[Actor]
    me: int
    poster: int
    claimer: int | None

    def gets(self, t: Transition) -> int | None:
        return {Gets.POSTER: self.poster, Gets.CLAIMER: self.claimer, None: None}[t.gets]


def check(flow: Flow, state: str, action: str, who: Who) -> Transition:
    """The transition `action` if the caller may take it now. An admin never approves or
    confirms what would earn themselves points (403): their own post, donation or claimed wish."""
    t = flow.transitions.get(action)
    if t is None:
        raise not_found(
            "vanguard_action_unknown",
            messages.VANGUARD_ACTION_UNKNOWN.format(kind=flow.name, action=action),
        )
    if t.actor not in who.roles:
        raise forbidden("vanguard_forbidden", messages.VANGUARD_ACTOR[t.actor.value])
    if t.actor == Actor.ADMIN and who.gets(t) == who.me:
        raise forbidden("self_approval", messages.VANGUARD_SELF_APPROVAL.format(kind=flow.name))
    if state not in t.sources:
        raise conflict(
            "vanguard_out_of_order",
            messages.VANGUARD_OUT_OF_ORDER.format(
                kind=flow.name, state=flow.state_name(state), action=t.name
            ),
        )
    return t


def available(flow: Flow, state: str, who: Who) -> list[str]:
    out = []
    for code in flow.transitions:
        try:
            check(flow, state, code, who)
        except DomainError:
            continue
        out.append(code)
    return out
