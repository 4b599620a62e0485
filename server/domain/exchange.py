"""经验交流: a branch's write-ups, reviewed by its direct upper org before the province reads them.

The review has the shape of a meeting's 审核 (server.domain.meetings): the branch submits (报审),
the direct upper org approves (审核通过) or sends it back with a reason (退回); the branch edits
and submits again, and every round stays in the history. The states and transitions are data;
`check` decides every request. Published posts are read by every account of the province, liked
(once per account) and commented on; nothing here earns points (they are not in SPEC §3's table).
Nothing here touches the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from server import messages
from server.domain.errors import DomainError, conflict, forbidden, not_found, refused


class Role(StrEnum):
    BRANCH = "branch"  # the admin account of the post's branch
    UPPER = "upper"  # the admin account of the branch's direct upper org (党总支, else 党委)
    READER = "reader"  # any other logged-in account of the province


STATES: dict[str, str] = {
    "draft": "草稿",
    "pending": "待审核",
    "rejected": "已退回",
    "published": "已发布",
    "withdrawn": "已撤回",
}
FIRST_STATE = "draft"
# Title, text and attachments change only here; a withdrawn post is the branch's to edit and
# submit again (撤回 is never the end of a write-up).
EDITABLE = ("draft", "rejected", "withdrawn")
PUBLISHED = "published"  # read, liked and commented on by the province
# The upper org sees a post once it was submitted (as a meeting's record after 报审).
SHARED = ("pending", "rejected", "published", "withdrawn")


@dataclass(frozen=True)
class Transition:
    code: str
    name: str
    sources: tuple[str, ...]
    target: str
    role: Role
    needs_reason: bool = False
    new_round: bool = False  # a rejection starts the next round of review


TRANSITIONS: dict[str, Transition] = {
    t.code: t
    for t in (
        Transition("submit", "报审", ("draft", "rejected", "withdrawn"), "pending", Role.BRANCH),
        Transition("approve", "审核通过", ("pending",), "published", Role.UPPER),
        Transition("reject", "退回", ("pending",), "rejected", Role.UPPER, needs_reason=True,
                   new_round=True),
        # A draft was never submitted and a returned post is back with the branch: nothing to
        # take back (each stays the branch's to edit).
        Transition("withdraw", "撤回", ("pending", "published"), "withdrawn", Role.BRANCH),
    )
}  # fmt: skip

# What else a caller may do to a post, and in which states (the answer's `actions` too).
EDIT = "edit"  # 修改 (and attach files): the branch, while editable
LIKE = "like"  # 点赞 / 取消点赞: anyone logged in, while published
COMMENT = "comment"  # 评论: anyone logged in, while published
OTHER_NAMES = {EDIT: "修改", LIKE: "点赞", COMMENT: "评论"}

TITLE_MAX = 100
BODY_MAX = 20_000
REASON_MAX = 500


def check(state: str, action: str, role: Role | None) -> Transition:
    """The transition `action` if a caller of `role` may take it on a post in `state` now."""
    t = TRANSITIONS.get(action)
    if t is None:
        raise not_found(
            "exchange_action_unknown", messages.EXCHANGE_ACTION_UNKNOWN.format(action=action)
        )
    if role != t.role:
        raise forbidden("exchange_forbidden", messages.EXCHANGE_ROLE[t.role.value])
    if state not in t.sources:
        raise conflict(
            "exchange_out_of_order",
            messages.EXCHANGE_OUT_OF_ORDER.format(state=STATES[state], action=t.name),
        )
    return t


def check_edit(state: str, role: Role | None) -> None:
    if role != Role.BRANCH:
        raise forbidden("exchange_forbidden", messages.EXCHANGE_ROLE[Role.BRANCH.value])
    if state not in EDITABLE:
        raise conflict(
            "exchange_not_editable", messages.EXCHANGE_NOT_EDITABLE.format(state=STATES[state])
        )


def check_reader(state: str) -> None:
    """Likes and comments only on a published post."""
    if state != PUBLISHED:
        raise conflict(
            "exchange_not_published", messages.EXCHANGE_NOT_PUBLISHED.format(state=STATES[state])
        )


def check_reason(t: Transition, reason: str | None) -> str | None:
    why = (reason or "").strip()
    if t.needs_reason and not why:
        raise refused("exchange_reason_required", messages.EXCHANGE_REASON_REQUIRED)
    return why or None


def check_text(title: str, body: str) -> tuple[str, str]:
    """A post needs a title and a text that are more than spaces (422)."""
    title, body = title.strip(), body.strip()
    if not title or not body:
        raise refused("exchange_empty", messages.EXCHANGE_EMPTY)
    return title, body


def available(state: str, role: Role | None) -> list[str]:
    """Every action this caller may take now, as the terminal shows its keys."""
    out: list[str] = []
    for code in TRANSITIONS:
        try:
            check(state, code, role)
        except DomainError:
            continue
        out.append(code)
    if role == Role.BRANCH and state in EDITABLE:
        out.insert(0, EDIT)
    if state == PUBLISHED and role is not None:
        out += [LIKE, COMMENT]
    return out
